#include "pki/in_memory_authority.hpp"

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

constexpr UnixTime kTenYears = 3653 * 86400;
constexpr std::string_view kOfficeCode = "999999";

}  // namespace

InMemoryAuthority::InMemoryAuthority(UnixTime now, Endpoints endpoints)
    : endpoints_(std::move(endpoints)),
      auth_key_(hostcrypto::generate_rsa_key()),
      sign_key_(hostcrypto::generate_rsa_key()),
      auth_ca_(make_ca_certificate(Hierarchy::kAuth, auth_key_.get(), {1, now, now + kTenYears})),
      sign_ca_(make_ca_certificate(Hierarchy::kSign, sign_key_.get(), {2, now, now + kTenYears})),
      auth_ca_der_(hostcrypto::der_of(auth_ca_.get())),
      sign_ca_der_(hostcrypto::der_of(sign_ca_.get())) {}

Signer InMemoryAuthority::signer(Hierarchy h) const {
  return h == Hierarchy::kAuth ? Signer{h, 1, auth_ca_.get(), auth_key_.get()}
                               : Signer{h, 1, sign_ca_.get(), sign_key_.get()};
}

Bytes InMemoryAuthority::issue_auth(ByteView spki, const Holder& holder, UnixTime now) {
  const std::uint64_t serial = next_serial_++;
  const Validity validity{serial, now, end_entity_not_after(holder.birth, now)};
  return hostcrypto::der_of(make_auth_certificate(signer(Hierarchy::kAuth), spki,
                                                  end_entity_cn(now, serial, kOfficeCode), validity,
                                                  endpoints_)
                                .get());
}

Bytes InMemoryAuthority::issue_sign(ByteView spki, const Holder& holder, UnixTime now) {
  const std::uint64_t serial = next_serial_++;
  const Validity validity{serial, now, end_entity_not_after(holder.birth, now)};
  return hostcrypto::der_of(make_signature_certificate(signer(Hierarchy::kSign), spki, holder,
                                                       end_entity_cn(now, serial, kOfficeCode),
                                                       validity, endpoints_)
                                .get());
}

}  // namespace mynasim::pki
