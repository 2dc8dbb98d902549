// Generation 1 of both JPKI hierarchies held in memory: no directory, no database, no OCSP.
// It issues with the same profiles as the real authority (profiles.hpp), so a test or a demo
// that needs a card with genuine-looking certificates does not need `mynaca init`.
#pragma once

#include <cstdint>

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"
#include "pki/holder.hpp"
#include "pki/profiles.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {

class InMemoryAuthority {
 public:
  // CA certificates valid for 10 years from `now`; Endpoints as given (the URLs end up in the
  // certificates; nothing answers there).
  explicit InMemoryAuthority(UnixTime now, Endpoints endpoints = {});

  const Bytes& auth_ca_der() const { return auth_ca_der_; }
  const Bytes& sign_ca_der() const { return sign_ca_der_; }
  Signer signer(Hierarchy h) const;

  // Certificates for a card's keys (SubjectPublicKeyInfo DER), issued at `now` with the
  // validity rule of end_entity_not_after(). Serials count up from 3 (1 and 2 are the CAs).
  Bytes issue_auth(ByteView spki, const Holder& holder, UnixTime now);
  Bytes issue_sign(ByteView spki, const Holder& holder, UnixTime now);

 private:
  Endpoints endpoints_;
  hostcrypto::EvpPkeyPtr auth_key_, sign_key_;
  hostcrypto::X509Ptr auth_ca_, sign_ca_;
  Bytes auth_ca_der_, sign_ca_der_;
  std::uint64_t next_serial_ = 3;
};

}  // namespace mynasim::pki
