#include "pki/card_info/cv_certificate.hpp"

#include <algorithm>
#include <cstring>

#include "iso7816/ber_tlv.hpp"

namespace mynasim::pki::card_info {
namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Reads the `90`/`91` objects of a card public key.
std::optional<RsaPublicNumbers> parse_card_public_key(ByteView bytes) {
  iso7816::BerReader reader(bytes);
  RsaPublicNumbers out;
  iso7816::BerTlv tlv;
  while (reader.next(tlv)) {
    if (tlv.tag == 0x90) out.exponent.assign(tlv.value.begin(), tlv.value.end());
    if (tlv.tag == 0x91) out.modulus.assign(tlv.value.begin(), tlv.value.end());
  }
  if (reader.error() != iso7816::BerError::kNone || out.exponent.empty() || out.modulus.empty())
    return std::nullopt;
  return out;
}

}  // namespace

KeyId make_key_id(std::string_view number, std::string_view group) {
  if (number.size() != 7 || group.size() != 3 || !all_digits(number) || !all_digits(group))
    throw PkiError("key id: 7 digits and 3 digits are needed, got \"" + std::string(number) +
                   "\" / \"" + std::string(group) + "\"");
  KeyId id{};
  std::memcpy(id.data(), number.data(), 7);
  id[7] = 0x08;
  id[8] = 0x05;
  std::memcpy(id.data() + 9, group.data(), 3);
  return id;
}

std::string key_id_text(const KeyId& id) {
  return std::string(reinterpret_cast<const char*>(id.data()), 7) + "/" +
         std::string(reinterpret_cast<const char*>(id.data() + 9), 3);
}

Bytes make_cv_certificate(const KeyId& issuer, const KeyId& subject,
                          const RsaPublicNumbers& subject_key, EVP_PKEY* issuer_key) {
  Bytes body(issuer.begin(), issuer.end());
  append(body, subject);
  append(body, encode_card_public_key(subject_key));
  if (body.size() != kCvBodySize)
    throw PkiError("CV certificate: the certified key must be RSA-2048 with exponent 65537");
  Bytes inner;
  iso7816::write_ber_tlv(inner, 0x5F4E, body);
  iso7816::write_ber_tlv(inner, 0x5F37, sign_sha256(issuer_key, body));
  Bytes out;
  iso7816::write_ber_tlv(out, 0x7F21, inner);
  return out;
}

std::optional<CvCertificate> parse_cv_certificate(ByteView bytes) {
  const iso7816::BerRead outer = iso7816::read_ber_tlv(bytes);
  if (!outer.ok() || outer.tlv.tag != 0x7F21 || outer.tlv.total_size() != bytes.size())
    return std::nullopt;
  iso7816::BerReader reader(outer.tlv.value);
  const auto body = reader.find(0x5F4E);
  const auto signature = reader.find(0x5F37);
  if (!body || !signature || body->value.size() != kCvBodySize) return std::nullopt;
  CvCertificate out;
  std::copy_n(body->value.begin(), 16, out.issuer.begin());
  std::copy_n(body->value.begin() + 16, 16, out.subject.begin());
  const auto key = parse_card_public_key(body->value.subspan(32));
  if (!key) return std::nullopt;
  out.key = *key;
  out.body.assign(body->value.begin(), body->value.end());
  out.signature.assign(signature->value.begin(), signature->value.end());
  return out;
}

bool verify_cv_certificate(const CvCertificate& certificate, EVP_PKEY* issuer_public_key) {
  return verify_sha256(issuer_public_key, certificate.body, certificate.signature);
}

}  // namespace mynasim::pki::card_info
