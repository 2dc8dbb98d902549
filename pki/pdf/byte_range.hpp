// The bytes a PDF signature covers (ISO 32000-1 12.8.1): /ByteRange [0 a b c] names every byte of
// the file but the /Contents hex string, delimiters included. The update is written once with two
// placeholders of fixed width — the ByteRange text and /Contents as zeros — which are then found in
// the new bytes, filled with the real offsets and, once the card has signed, the signature as hex,
// padded with zeros (jpki-local-signer's C6: zeros only). Pure functions, no PDF library.
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::pdf {

// Written as the /ByteRange value: room for four 10-digit offsets (files below 10 GB).
inline constexpr std::string_view kByteRangePlaceholder = "[0 ########## ########## ##########]";

// The /Contents value reserving `bytes` bytes: "<" + 2*bytes '0' + ">".
std::string contents_placeholder(std::size_t bytes);

struct Placeholders {
  std::size_t byte_range_at = 0;  // offset of the ByteRange placeholder's '['
  std::size_t contents_at = 0;    // offset of /Contents' '<'
  std::size_t contents_end = 0;   // offset just after its '>'
};

// Finds both placeholders in file[from..] (the update just written), each exactly once. Throws
// PkiError when one is missing or repeated (the PDF library wrote something else).
Placeholders find_placeholders(ByteView file, std::size_t from, std::size_t contents_bytes);

using ByteRange = std::array<std::size_t, 4>;  // offset, length, offset, length

// [0, contents_at, contents_end, size - contents_end].
ByteRange byte_range_of(const Placeholders& at, std::size_t file_size);

// Overwrites the placeholder with "[0 a b c]" padded with spaces to its width.
void write_byte_range(Bytes& file, const Placeholders& at, const ByteRange& range);

// SHA-256 over the two ranges.
Bytes digest_of_ranges(ByteView file, const ByteRange& range);

// Writes `signature` as uppercase hex at the start of /Contents, the rest left '0'. Throws
// ContentsTooSmall naming both sizes when it does not fit.
void write_contents(Bytes& file, const Placeholders& at, ByteView signature);

}  // namespace mynasim::pdf
