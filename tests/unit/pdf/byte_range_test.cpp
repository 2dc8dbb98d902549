// pki/pdf/byte_range: the placeholders found in an update, the ByteRange written over its
// placeholder at the same width, the digest of exactly the two ranges, and /Contents filled with
// the signature's hex and zeros — or refused, untouched, when the signature does not fit.
#include <catch2/catch.hpp>

#include <string>

#include "hostcrypto/sha256.hpp"
#include "pki/pdf/byte_range.hpp"
#include "pki/pdf/pdf_error.hpp"

using namespace mynasim;
using namespace mynasim::pdf;

namespace {

Bytes bytes_of(const std::string& text) {
  return Bytes(text.begin(), text.end());
}
std::string text_of(const Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// A file: 10 bytes of "earlier revision", then an update holding both placeholders.
const std::string kEarlier = "%PDF-1.5\n%";
std::string update(std::size_t contents_bytes) {
  return "9 0 obj<</ByteRange" + std::string(kByteRangePlaceholder) + "/Contents" +
         contents_placeholder(contents_bytes) + ">>\nendobj\n%%EOF\n";
}

}  // namespace

TEST_CASE("contents_placeholder reserves two hex digits a byte between < and >") {
  CHECK(contents_placeholder(3) == "<000000>");
  CHECK(contents_placeholder(0) == "<>");
}

TEST_CASE("find_placeholders finds both in the update and computes the ByteRange") {
  const Bytes file = bytes_of(kEarlier + update(4));
  const Placeholders at = find_placeholders(file, kEarlier.size(), 4);
  CHECK(at.byte_range_at == kEarlier.size() + 19);  // after "9 0 obj<</ByteRange"
  const std::size_t contents = kEarlier.size() + 19 + kByteRangePlaceholder.size() + 9;
  CHECK(at.contents_at == contents);
  CHECK(at.contents_end == contents + 10);  // "<" + 8 digits + ">"
  CHECK(file[at.contents_at] == '<');
  CHECK(file[at.contents_end - 1] == '>');
  const ByteRange range = byte_range_of(at, file.size());
  CHECK(range == ByteRange{0, contents, contents + 10, file.size() - contents - 10});
}

TEST_CASE("find_placeholders refuses a missing or repeated placeholder") {
  const std::string one = update(4);
  // Only in the earlier revision: the update is searched, not the whole file.
  CHECK_THROWS_WITH(find_placeholders(bytes_of(one + "%%EOF\n"), one.size(), 4),
                    "the signature update holds no /ByteRange placeholder");
  CHECK_THROWS_WITH(find_placeholders(bytes_of(kEarlier + one + one), kEarlier.size(), 4),
                    "the signature update holds the /ByteRange placeholder twice");
  // A /Contents of another size is not ours.
  CHECK_THROWS_WITH(find_placeholders(bytes_of(kEarlier + one), kEarlier.size(), 5),
                    "the signature update holds no /Contents placeholder");
}

TEST_CASE("write_byte_range keeps the placeholder's width, padding with spaces") {
  Bytes file = bytes_of(kEarlier + update(4));
  const std::size_t size = file.size();
  const Placeholders at = find_placeholders(file, kEarlier.size(), 4);
  write_byte_range(file, at, byte_range_of(at, file.size()));
  CHECK(file.size() == size);
  const std::string value = text_of(file).substr(at.byte_range_at, kByteRangePlaceholder.size());
  CHECK(value == "[0 74 84 16                        ]");  // 10 + 19 + 36 + 9; 100 - 84
}

TEST_CASE("digest_of_ranges hashes exactly the bytes outside /Contents") {
  Bytes file = bytes_of(kEarlier + update(4));
  const Placeholders at = find_placeholders(file, kEarlier.size(), 4);
  const ByteRange range = byte_range_of(at, file.size());
  write_byte_range(file, at, range);
  const std::string text = text_of(file);
  const std::string covered = text.substr(0, at.contents_at) + text.substr(at.contents_end);
  CHECK(digest_of_ranges(file, range) == hostcrypto::sha256(std::string_view(covered)));
  // A change inside /Contents does not change it; one outside does.
  file[at.contents_at + 1] = 'F';
  CHECK(digest_of_ranges(file, range) == hostcrypto::sha256(std::string_view(covered)));
  file[0] = '!';
  CHECK(digest_of_ranges(file, range) != hostcrypto::sha256(std::string_view(covered)));
  CHECK_THROWS_WITH(digest_of_ranges(file, ByteRange{0, 10, 20, file.size()}),
                    "the /ByteRange lies outside the file");
}

TEST_CASE("write_contents writes upper-case hex and leaves zeros after it") {
  Bytes file = bytes_of(kEarlier + update(4));
  const Placeholders at = find_placeholders(file, kEarlier.size(), 4);
  write_contents(file, at, Bytes{0xAB, 0x0C});
  CHECK(text_of(file).substr(at.contents_at, 10) == "<AB0C0000>");
  write_contents(file, at, Bytes{1, 2, 3, 4});  // exactly the room
  CHECK(text_of(file).substr(at.contents_at, 10) == "<01020304>");
}

TEST_CASE("write_contents refuses a signature larger than /Contents and changes nothing") {
  Bytes file = bytes_of(kEarlier + update(4));
  const Bytes before = file;
  const Placeholders at = find_placeholders(file, kEarlier.size(), 4);
  CHECK_THROWS_AS(write_contents(file, at, Bytes(5, 0xFF)), ContentsTooSmall);
  CHECK_THROWS_WITH(write_contents(file, at, Bytes(5, 0xFF)),
                    "the signature (5 bytes) does not fit /Contents (4 bytes reserved); nothing "
                    "was written");
  CHECK(file == before);
}
