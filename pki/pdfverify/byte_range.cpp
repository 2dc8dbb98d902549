#include "pki/pdfverify/byte_range.hpp"

#include <algorithm>
#include <string>

namespace mynasim::pki::pdfverify {
namespace {

bool is_hex(std::uint8_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string span(std::int64_t from, std::int64_t to) {
  return "bytes " + std::to_string(from) + ".." + std::to_string(to);
}

}  // namespace

std::vector<Finding> check_byte_range(const std::vector<std::int64_t>& values, ByteView file,
                                      std::int64_t contents_at, ByteRange& range) {
  std::vector<Finding> out;
  if (values.size() != 4 ||
      std::any_of(values.begin(), values.end(), [](std::int64_t v) { return v < 0; })) {
    out.push_back({Status::kByteRangeMalformed, "/ByteRange is not four non-negative integers"});
    return out;
  }
  const auto size = static_cast<std::int64_t>(file.size());
  range = {values[0], values[1], values[2], values[3]};
  // Compared as differences so that huge values cannot overflow.
  if (range.first_start > size || range.first_length > size - range.first_start ||
      range.second_start > size || range.second_length > size - range.second_start) {
    out.push_back({Status::kByteRangePastEof,
                   "/ByteRange [" + std::to_string(values[0]) + " " + std::to_string(values[1]) +
                       " " + std::to_string(values[2]) + " " + std::to_string(values[3]) +
                       "] reaches past the end of the file (" + std::to_string(size) + " bytes)"});
    return out;
  }
  const std::int64_t hole = range.first_start + range.first_length;
  if (hole > range.second_start) {
    out.push_back({Status::kByteRangeOverlap,
                   "the second range starts at " + std::to_string(range.second_start) +
                       ", inside the first (which ends at " + std::to_string(hole) + ")"});
    return out;
  }
  if (range.first_start != 0)
    out.push_back({Status::kByteRangeGap, span(0, range.first_start) + " are not signed"});
  const auto at = [&file](std::int64_t i) { return file[static_cast<std::size_t>(i)]; };
  const bool hex_string =
      range.second_start - hole >= 2 && at(hole) == '<' && at(range.second_start - 1) == '>' &&
      std::all_of(file.begin() + hole + 1, file.begin() + range.second_start - 1, is_hex);
  if (!hex_string || hole != contents_at)
    out.push_back({Status::kByteRangeGap, span(hole, range.second_start) +
                                              " are left out and are not this signature's "
                                              "/Contents hex string"});
  return out;
}

Bytes signed_bytes(ByteView file, const ByteRange& range) {
  Bytes out;
  out.reserve(static_cast<std::size_t>(range.first_length + range.second_length));
  out.insert(out.end(), file.begin() + range.first_start,
             file.begin() + range.first_start + range.first_length);
  out.insert(out.end(), file.begin() + range.second_start, file.begin() + range.end());
  return out;
}

std::optional<std::size_t> der_length(ByteView contents) {
  if (contents.size() < 2) return std::nullopt;
  const std::size_t first = contents[1];
  if (first < 0x80)
    return first + 2 <= contents.size() ? std::optional<std::size_t>(first + 2) : std::nullopt;
  const std::size_t octets = first & 0x7F;
  if (octets == 0 || octets > 4 || contents.size() < 2 + octets)
    return std::nullopt;  // indefinite or huge
  std::size_t length = 0;
  for (std::size_t i = 0; i < octets; ++i) length = (length << 8) | contents[2 + i];
  const std::size_t total = 2 + octets + length;
  if (total > contents.size()) return std::nullopt;
  return total;
}

}  // namespace mynasim::pki::pdfverify
