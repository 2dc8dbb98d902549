#include "hostcrypto/digest_info.hpp"

#include "hostcrypto/sha256.hpp"
#include "iso7816/ber_tlv.hpp"

namespace mynasim::hostcrypto {
namespace {

// The DER OBJECT IDENTIFIERs of the SHA-2 hashes (NIST 2.16.840.1.101.3.4.2.x) and their sizes.
struct Sha2 {
  std::string_view name;
  std::uint8_t arc;
  std::size_t size;
};
constexpr Sha2 kSha2[] = {{"sha256", 0x01, 32}, {"sha384", 0x02, 48}, {"sha512", 0x03, 64}};

Bytes digest_info_with(std::uint8_t arc, ByteView digest) {
  // AlgorithmIdentifier { OID, NULL }: parameters present and NULL, as RFC 8017 §9.2 note 1 says.
  const std::uint8_t algorithm[] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
                                    0x03, 0x04, 0x02, arc,  0x05, 0x00};
  Bytes body;
  iso7816::write_ber_tlv(body, 0x30, algorithm);
  iso7816::write_ber_tlv(body, 0x04, digest);
  Bytes out;
  iso7816::write_ber_tlv(out, 0x30, body);
  return out;
}

}  // namespace

Bytes sha256_digest_info(ByteView digest) {
  return digest_info_with(kSha2[0].arc, digest);
}

Bytes sha256_digest_info_of(ByteView data) {
  return sha256_digest_info(sha256(data));
}

std::optional<Bytes> digest_info(std::string_view hash_name, ByteView hash) {
  for (const Sha2& sha : kSha2)
    if (sha.name == hash_name && sha.size == hash.size()) return digest_info_with(sha.arc, hash);
  return std::nullopt;
}

}  // namespace mynasim::hostcrypto
