// The /ByteRange of a signature dictionary against the file: pure arithmetic on offsets, no PDF
// parsing (the caller gives where the dictionary's /Contents string starts). ISO 32000-1 12.8.1:
// the signed bytes are the whole revision except the /Contents hex string, so [0, a) and
// [b, b + c) with [a, b) exactly "<hex...>".
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/pdfverify/status.hpp"

namespace mynasim::pki::pdfverify {

struct ByteRange {
  std::int64_t first_start = 0, first_length = 0, second_start = 0, second_length = 0;
  std::int64_t end() const {
    return second_start + second_length;
  }  // where the signed revision ends
};

// Findings for `values` (the /ByteRange array as read) in `file`: byte-range-malformed (not four
// non-negative integers), byte-range-past-eof, byte-range-overlap, byte-range-gap (the ranges do
// not start at 0, or what they leave out is not exactly the hex string that starts at
// `contents_at`; -1: the string is at no offset of the file, e.g. in an object stream). Empty,
// and `range` set, when the ranges cover the file up to range.end() but for /Contents.
std::vector<Finding> check_byte_range(const std::vector<std::int64_t>& values, ByteView file,
                                      std::int64_t contents_at, ByteRange& range);

// The signed bytes: both ranges, concatenated. `range` must have passed check_byte_range.
Bytes signed_bytes(ByteView file, const ByteRange& range);

// The length of the DER TLV at the start of `contents` (the CMS in a zero-padded /Contents), or
// nullopt when it is no definite-length TLV that fits.
std::optional<std::size_t> der_length(ByteView contents);

}  // namespace mynasim::pki::pdfverify
