// PDFs for the verifier's tests, written byte by byte so that each attack is exactly the bytes
// it names (a ByteRange with a gap, an update that changes a form value...): a one-page PDF with
// a text field 'amount' (value 100), and incremental updates on it (ISO 32000-1 7.5.6) — a
// signature or document timestamp, a DSS, or any objects. Test data, not a PDF writer.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::pdftest {

// Object number -> its body ("<< ... >>" or a stream), as bytes in a string.
using Objects = std::map<int, std::string>;

class TestPdf {
 public:
  TestPdf();  // objects 1 catalog, 2 pages, 3 page, 4 content, 5 the text field

  const Bytes& bytes() const { return bytes_; }
  Bytes& bytes() { return bytes_; }
  int next_object() const { return size_; }

  // Appends an update with these objects: classic xref, trailer with /Prev, startxref, %%EOF.
  void update(const Objects& objects);
  // The catalog and page as they are now (the catalog with the DSS, once there is one).
  std::string catalog() const;
  std::string page() const;

  // An update adding a signature field `name` whose /Contents is `sign(signed bytes)` (a CMS, or
  // a timestamp token when `timestamp`), placed as a signer does: ByteRange written with fixed
  // width, /Contents zero-padded to `room` bytes. Returns the offset of the update.
  std::size_t sign(const std::string& name, const std::function<Bytes(ByteView)>& sign,
                   bool timestamp = false, std::size_t room = 8192);
  // An update adding a DSS with these certificates, OCSP responses and CRLs (DER).
  void add_dss(const std::vector<Bytes>& certificates, const std::vector<Bytes>& ocsp,
               const std::vector<Bytes>& crls);

  // The /ByteRange of the last signature: where its four numbers start, and their values.
  std::size_t byte_range_at() const { return byte_range_at_; }
  void set_byte_range(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d);

  std::vector<std::string> annots{"5 0 R"}, fields{"5 0 R"};

 private:
  Bytes bytes_;
  int size_ = 6;
  std::size_t last_xref_ = 0;
  std::size_t byte_range_at_ = 0;
  std::string dss_;  // "/DSS n 0 R " once add_dss ran
};

std::string stream(const std::string& data, const std::string& dict_entries = "");
std::string as_string(ByteView bytes);

}  // namespace mynasim::pdftest
