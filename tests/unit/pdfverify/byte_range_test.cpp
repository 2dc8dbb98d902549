// pki/pdfverify's pure checks: a /ByteRange against the file's bytes, the DER length inside a
// zero-padded /Contents, and the revision chain found from the end of a file.
#include <catch2/catch.hpp>

#include <map>

#include "pki/pdfverify/byte_range.hpp"
#include "pki/pdfverify/revisions.hpp"

namespace mynasim::pki::pdfverify {
namespace {

using Codes = std::vector<std::string>;

Bytes bytes(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

Codes codes(const std::vector<Finding>& findings) {
  Codes out;
  for (const auto& f : findings) out.emplace_back(to_string(f.status));
  return out;
}

// "signed-part" then the /Contents string at 11..17, then "tail": 22 bytes.
const Bytes kFile = bytes("0123456789A<00ff>tail!");

Codes check(std::vector<std::int64_t> values, std::int64_t contents_at = 11) {
  ByteRange range;
  return codes(check_byte_range(values, kFile, contents_at, range));
}

TEST_CASE("a ByteRange that leaves out exactly the /Contents string passes") {
  ByteRange range;
  CHECK(check_byte_range({0, 11, 17, 5}, kFile, 11, range).empty());
  CHECK(range.end() == 22);
  CHECK(signed_bytes(kFile, range) == bytes("0123456789Atail!"));
  CHECK(check({0, 11, 17, 3}) == Codes{});  // a shorter revision: the rest is the caller's
}

TEST_CASE("each ByteRange defect has its code") {
  CHECK(check({0, 11, 17}) == Codes{"byte-range-malformed"});
  CHECK(check({0, 11, -1, 5}) == Codes{"byte-range-malformed"});
  CHECK(check({0, 11, 17, 6}) == Codes{"byte-range-past-eof"});
  CHECK(check({0, 23, 17, 5}) == Codes{"byte-range-past-eof"});
  CHECK(check({0, 11, 17, INT64_MAX}) == Codes{"byte-range-past-eof"});  // no overflow
  CHECK(check({0, 12, 11, 11}) == Codes{"byte-range-overlap"});
  CHECK(check({0, 10, 17, 5}) == Codes{"byte-range-gap"});      // "A" left out too
  CHECK(check({0, 11, 18, 4}) == Codes{"byte-range-gap"});      // "t" left out too
  CHECK(check({1, 10, 17, 5}) == Codes{"byte-range-gap"});      // the first byte not signed
  CHECK(check({0, 11, 17, 5}, 30) == Codes{"byte-range-gap"});  // another string's place
  CHECK(check({0, 11, 11, 11}) == Codes{"byte-range-gap"});     // nothing left out at all
}

TEST_CASE("the CMS's DER length inside a zero-padded /Contents") {
  CHECK(der_length(Bytes{0x30, 0x03, 1, 2, 3, 0, 0}) == 5u);
  CHECK(der_length(Bytes{0x30, 0x82, 0x01, 0x00}) == std::nullopt);  // longer than what is there
  Bytes long_form{0x30, 0x81, 0x80};
  long_form.resize(3 + 0x80 + 10);
  CHECK(der_length(long_form) == 3u + 0x80);
  CHECK(der_length(Bytes{0x30, 0x80, 0, 0}) == std::nullopt);  // indefinite length
  CHECK(der_length(Bytes{0x30}) == std::nullopt);
}

TEST_CASE("revisions are found from the end through /Prev") {
  // Three "startxref N %%EOF" marks; the last trailer names the first, skipping the middle one
  // (an %%EOF that only looks like a revision end).
  const Bytes file = bytes(
      "%PDF-1.7\nstartxref\n5\n%%EOF\nxx startxref 6\n%%EOF\r\n"
      "stream startxref 40\n%%EOF\n");
  const auto marks = eof_marks(file);
  REQUIRE(marks.size() == 3);
  CHECK(marks[0].startxref == 5);
  CHECK(marks[0].eof_end == 26);
  CHECK(marks[0].end == 27);
  CHECK(marks[1].end == marks[1].eof_end + 2);  // CR LF
  std::map<std::size_t, std::optional<std::int64_t>> prev = {{marks[2].end, 5},
                                                             {marks[0].end, std::nullopt}};
  const Revisions r = find_revisions(file, [&](std::size_t end) { return prev.at(end); });
  CHECK(r.problem.empty());
  REQUIRE(r.chain.size() == 2);
  CHECK(r.chain[0].end == marks[0].end);
  CHECK(r.index_ending_at(marks[0].eof_end) == 0u);
  CHECK(r.index_ending_at(marks[1].end) == std::nullopt);
  CHECK(r.index_ending_at(file.size()) == 1u);
  CHECK(r.trailing == 0);
}

TEST_CASE("a /Prev that no revision ends with, trailing bytes, no mark at all") {
  const Bytes file = bytes("%PDF-1.7\nstartxref 5\n%%EOF\nstartxref 30\n%%EOF\ngarbage\n");
  const Revisions broken = find_revisions(file, [](std::size_t) { return std::int64_t{7}; });
  CHECK(broken.chain.empty());
  CHECK(broken.problem ==
        "the trailer before offset 46 names /Prev 7, which no earlier revision "
        "ends with");
  const Revisions r = find_revisions(file, [](std::size_t end) -> std::optional<std::int64_t> {
    if (end > 30) return 5;
    return std::nullopt;
  });
  CHECK(r.chain.size() == 2);
  CHECK(r.trailing == 7);
  CHECK(find_revisions(bytes("%PDF-1.7\n"), [](std::size_t) -> std::optional<std::int64_t> {
          return std::nullopt;
        }).problem == "no \"startxref ... %%EOF\" ends the file");
}

}  // namespace
}  // namespace mynasim::pki::pdfverify
