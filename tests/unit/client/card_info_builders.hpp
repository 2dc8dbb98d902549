// Hand-built card-info files for the parser and verifier tests: TLVs, files with a DF21 offset
// table laid out as the card lays them, a fixed RSA test key and signatures made with OpenSSL.
#pragma once

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <string>

#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "iso7816/ber_tlv.hpp"
#include "iso7816/bytes.hpp"
#include "reader/client/card_info_fields.hpp"
#include "reader/client/card_info_verify.hpp"

namespace mynasim::testing {

inline Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

// Not inlined: GCC 12 -O2 sees a false -Wstringop-overflow when it inlines this into callers
// that pass a braced Bytes literal.
[[gnu::noinline]] inline Bytes tlv(std::uint32_t tag, ByteView value) {
  Bytes out;
  iso7816::write_ber_tlv(out, tag, value);
  return out;
}
inline Bytes tlv(std::uint32_t tag, std::string_view text) {
  return tlv(tag, bytes_of(text));
}

[[gnu::noinline]] inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) append(out, p);
  return out;
}

// outer_tag { table_tag offsets..., fields... } with each offset counted from the file's first
// byte, as the card writes DF21.
inline Bytes with_offset_table(std::uint32_t outer_tag, std::uint32_t table_tag,
                               const std::vector<Bytes>& fields) {
  const Bytes blank_table = tlv(table_tag, Bytes(2 * fields.size()));
  std::size_t body = blank_table.size();
  for (const auto& f : fields) body += f.size();
  const std::size_t outer_header = tlv(outer_tag, Bytes(body)).size() - body;
  Bytes offsets;
  std::size_t at = outer_header + blank_table.size();
  for (const auto& f : fields) {
    append_u16(offsets, static_cast<std::uint16_t>(at));
    at += f.size();
  }
  Bytes value = tlv(table_tag, offsets);
  for (const auto& f : fields) append(value, f);
  return tlv(outer_tag, value);
}

// One 2048-bit key for every test in the program (generation is slow).
inline EVP_PKEY* test_key(int which = 0) {
  static EVP_PKEY* keys[2] = {EVP_RSA_gen(2048), EVP_RSA_gen(2048)};
  return keys[which];
}

inline hostcrypto::RsaPublicKey card_key(EVP_PKEY* key) {
  return hostcrypto::rsa_public_key_of(key);
}

// The card's 90/91 encoding of a key.
inline Bytes key_field(const hostcrypto::RsaPublicKey& key) {
  return concat({tlv(0x90, key.exponent), tlv(0x91, key.modulus)});
}

// PKCS#1 v1.5 over a DigestInfo as given (what the issuer does).
inline Bytes sign_payload(EVP_PKEY* key, ByteView payload) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
  EVP_PKEY_sign_init(ctx);
  EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
  std::size_t size = 0;
  EVP_PKEY_sign(ctx, nullptr, &size, payload.data(), payload.size());
  Bytes out(size);
  EVP_PKEY_sign(ctx, out.data(), &size, payload.data(), payload.size());
  EVP_PKEY_CTX_free(ctx);
  out.resize(size);
  return out;
}

inline Bytes sign_sha256(EVP_PKEY* key, ByteView data) {
  return sign_payload(key, hostcrypto::sha256_digest_info(hostcrypto::sha256(data)));
}

[[gnu::noinline]] inline Bytes key_id(std::string_view number, std::string_view group) {
  Bytes out = bytes_of(number);
  out.push_back(0x08);
  out.push_back(0x05);
  append(out, bytes_of(group));
  out.resize(16, 0x00);
  return out;
}

// A CV certificate for `subject` signed by `issuer` (7F21 { 5F4E body, 5F37 sig }).
inline Bytes cv_certificate(EVP_PKEY* issuer, ByteView issuer_id, EVP_PKEY* subject,
                            ByteView subject_id) {
  Bytes body;
  append(body, issuer_id);
  append(body, subject_id);
  append(body, key_field(card_key(subject)));
  return tlv(0x7F21, concat({tlv(0x5F4E, body), tlv(0x5F37, sign_sha256(issuer, body))}));
}

// A PNG / JP2 header just long enough for format detection and image_size.
[[gnu::noinline]] inline Bytes png_header(std::uint32_t width, std::uint32_t height) {
  Bytes out = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  for (auto v : {width, height})
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<std::uint8_t>(v >> shift));
  append(out, Bytes{1, 0, 0, 0, 0});
  return out;
}
[[gnu::noinline]] inline Bytes jp2_header(std::uint32_t width, std::uint32_t height) {
  Bytes out = {0,   0,   0,   12,  'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A, 0,   0,   0,   20,
               'f', 't', 'y', 'p', 'j', 'p', '2', ' ', 0,    0,    0,    0,    'j', 'p', '2', ' ',
               0,   0,   0,   30,  'j', 'p', '2', 'h', 0,    0,    0,    22,   'i', 'h', 'd', 'r'};
  for (auto v : {height, width})
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<std::uint8_t>(v >> shift));
  append(out, Bytes{0, 1, 7, 7, 0, 0});
  return out;
}

// The message of the RecordError `parse` throws, or "no error".
inline std::string error_of(auto&& parse) {
  try {
    parse();
  } catch (const client::RecordError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace mynasim::testing
