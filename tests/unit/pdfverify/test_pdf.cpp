#include "test_pdf.hpp"

#include <cstdio>
#include <stdexcept>

namespace mynasim::pdftest {
namespace {

std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : " ") + i;
  return "[" + out + "]";
}

std::string ten_digits(std::int64_t v) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%010lld", static_cast<long long>(v));
  return buffer;
}

}  // namespace

std::string as_string(ByteView bytes) {
  return std::string(bytes.begin(), bytes.end());
}

std::string stream(const std::string& data, const std::string& dict_entries) {
  return "<< /Length " + std::to_string(data.size()) + dict_entries + " >>\nstream\n" + data +
         "\nendstream";
}

TestPdf::TestPdf() {
  const std::string head = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  bytes_.assign(head.begin(), head.end());
  last_xref_ = 0;
  update({{1, catalog()},
          {2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
          {3, page()},
          {4, stream("BT /F1 12 Tf 20 150 Td (pay 100 yen) Tj ET")},
          {5,
           "<< /FT /Tx /T (amount) /V (100) /Type /Annot /Subtype /Widget "
           "/Rect [20 100 120 120] /P 3 0 R >>"}});
}

std::string TestPdf::catalog() const {
  return "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields " + list(fields) +
         " /SigFlags 3 >> " + dss_ + ">>";
}

std::string TestPdf::page() const {
  return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
         "/Resources << >> /Annots " +
         list(annots) + " >>";
}

void TestPdf::update(const Objects& objects) {
  std::string out;
  std::map<int, std::size_t> offsets;
  for (const auto& [number, body] : objects) {
    if (!bytes_.empty() && bytes_.back() != '\n') out += "\n";
    offsets[number] = bytes_.size() + out.size();
    out += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
    if (number >= size_) size_ = number + 1;
  }
  const std::size_t xref = bytes_.size() + out.size();
  out += "xref\n";
  if (last_xref_ == 0) out += "0 1\n0000000000 65535 f\r\n";
  for (const auto& [number, offset] : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", offset);
    out += std::to_string(number) + " 1\n" + line;
  }
  out += "trailer\n<< /Size " + std::to_string(size_) + " /Root 1 0 R" +
         (last_xref_ ? " /Prev " + std::to_string(last_xref_) : std::string()) +
         " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  bytes_.insert(bytes_.end(), out.begin(), out.end());
  last_xref_ = xref;
}

std::size_t TestPdf::sign(const std::string& name, const std::function<Bytes(ByteView)>& sign,
                          bool timestamp, std::size_t room) {
  const std::size_t start = bytes_.size();
  const int value = size_, field = size_ + 1;
  const std::string kind = timestamp ? "/Type /DocTimeStamp /SubFilter /ETSI.RFC3161"
                                     : "/Type /Sig /SubFilter /ETSI.CAdES.detached "
                                       "/M (D:20260101000000Z) /Name (test signer)";
  const std::string placeholder =
      "[" + ten_digits(0) + " " + ten_digits(0) + " " + ten_digits(0) + " " + ten_digits(0) + "]";
  annots.push_back(std::to_string(field) + " 0 R");
  fields.push_back(std::to_string(field) + " 0 R");
  update({{1, catalog()},
          {3, page()},
          {value, "<< " + kind + " /Filter /Adobe.PPKLite /ByteRange " + placeholder +
                      " /Contents <" + std::string(room * 2, '0') + "> >>"},
          {field, "<< /FT /Sig /T (" + name + ") /V " + std::to_string(value) +
                      " 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R >>"}});
  const std::string text = as_string(bytes_);
  byte_range_at_ = text.find("/ByteRange [", start) + 12;
  const std::size_t hole = text.find("/Contents <", byte_range_at_) + 10;
  const std::size_t after = hole + room * 2 + 2;
  set_byte_range(0, static_cast<std::int64_t>(hole), static_cast<std::int64_t>(after),
                 static_cast<std::int64_t>(bytes_.size() - after));
  Bytes signed_part(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(hole));
  signed_part.insert(signed_part.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(after),
                     bytes_.end());
  const Bytes cms = sign(signed_part);
  if (cms.size() > room) throw std::runtime_error("the test's /Contents room is too small");
  const std::string hex = to_hex(cms, '\0');
  std::copy(hex.begin(), hex.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(hole + 1));
  return start;
}

void TestPdf::set_byte_range(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  const std::string numbers =
      ten_digits(a) + " " + ten_digits(b) + " " + ten_digits(c) + " " + ten_digits(d);
  std::copy(numbers.begin(), numbers.end(),
            bytes_.begin() + static_cast<std::ptrdiff_t>(byte_range_at_));
}

void TestPdf::add_dss(const std::vector<Bytes>& certificates, const std::vector<Bytes>& ocsp,
                      const std::vector<Bytes>& crls) {
  Objects objects;
  int next = size_ + 1;
  const int dss = size_;
  const auto add = [&](const std::vector<Bytes>& items) {
    std::vector<std::string> refs;
    for (const Bytes& item : items) {
      objects[next] = stream(as_string(item));
      refs.push_back(std::to_string(next++) + " 0 R");
    }
    return list(refs);
  };
  const std::string body =
      "<< /Certs " + add(certificates) + " /OCSPs " + add(ocsp) + " /CRLs " + add(crls) + " >>";
  objects[dss] = body;
  dss_ = "/DSS " + std::to_string(dss) + " 0 R ";
  objects[1] = catalog();
  update(objects);
}

}  // namespace mynasim::pdftest
