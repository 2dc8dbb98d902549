#include "pki/pdf/byte_range.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "hostcrypto/errors.hpp"
#include "pki/pdf/pdf_error.hpp"

namespace mynasim::pdf {
namespace {

// The one occurrence of `needle` in haystack[from..]; PkiError naming `what` otherwise.
std::size_t find_once(ByteView haystack, std::size_t from, std::string_view needle,
                      const char* what) {
  const auto begin = haystack.begin() + static_cast<std::ptrdiff_t>(from);
  const auto match = [&](auto start) {
    return std::search(start, haystack.end(), needle.begin(), needle.end(),
                       [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); });
  };
  const auto first = match(begin);
  if (first == haystack.end())
    throw pki::PkiError(std::string("the signature update holds no ") + what + " placeholder");
  if (match(first + 1) != haystack.end())
    throw pki::PkiError(std::string("the signature update holds the ") + what +
                        " placeholder twice");
  return static_cast<std::size_t>(first - haystack.begin());
}

}  // namespace

std::string contents_placeholder(std::size_t bytes) {
  return "<" + std::string(2 * bytes, '0') + ">";
}

Placeholders find_placeholders(ByteView file, std::size_t from, std::size_t contents_bytes) {
  if (from > file.size()) throw pki::PkiError("the signature update starts past the file's end");
  Placeholders at;
  at.byte_range_at = find_once(file, from, kByteRangePlaceholder, "/ByteRange");
  const std::string contents = contents_placeholder(contents_bytes);
  at.contents_at = find_once(file, from, contents, "/Contents");
  at.contents_end = at.contents_at + contents.size();
  return at;
}

ByteRange byte_range_of(const Placeholders& at, std::size_t file_size) {
  return {0, at.contents_at, at.contents_end, file_size - at.contents_end};
}

void write_byte_range(Bytes& file, const Placeholders& at, const ByteRange& range) {
  char text[96];
  const int length =
      std::snprintf(text, sizeof text, "[0 %zu %zu %zu", range[1], range[2], range[3]);
  const std::size_t width = kByteRangePlaceholder.size();
  if (length < 0 || static_cast<std::size_t>(length) + 1 > width)
    throw pki::PkiError("the file is too large for the /ByteRange placeholder (10 GB)");
  std::string value(text, static_cast<std::size_t>(length));
  value.append(width - value.size() - 1, ' ');
  value.push_back(']');
  std::copy(value.begin(), value.end(),
            file.begin() + static_cast<std::ptrdiff_t>(at.byte_range_at));
}

Bytes digest_of_ranges(ByteView file, const ByteRange& range) {
  if (range[0] + range[1] > file.size() || range[2] + range[3] > file.size())
    throw pki::PkiError("the /ByteRange lies outside the file");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  hostcrypto::check(ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1 &&
                        EVP_DigestUpdate(ctx.get(), file.data() + range[0], range[1]) == 1 &&
                        EVP_DigestUpdate(ctx.get(), file.data() + range[2], range[3]) == 1,
                    "SHA-256 of the byte range");
  Bytes digest(EVP_MAX_MD_SIZE);
  unsigned length = 0;
  hostcrypto::check(EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) == 1,
                    "SHA-256 of the byte range");
  digest.resize(length);
  return digest;
}

void write_contents(Bytes& file, const Placeholders& at, ByteView signature) {
  const std::size_t room = (at.contents_end - at.contents_at - 2) / 2;
  if (signature.size() > room)
    throw ContentsTooSmall("the signature (" + std::to_string(signature.size()) +
                           " bytes) does not fit /Contents (" + std::to_string(room) +
                           " bytes reserved); nothing was written");
  const std::string hex = to_hex(signature, '\0');
  std::copy(hex.begin(), hex.end(), file.begin() + static_cast<std::ptrdiff_t>(at.contents_at + 1));
}

}  // namespace mynasim::pdf
