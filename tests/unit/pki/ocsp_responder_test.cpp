#include "pki/ocsp_responder.hpp"
#include "authority_fixture.hpp"
#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/in_memory_authority.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

using test::kDay;
using test::kNow;

struct Fixture : test::AuthorityFixture {
  Fixture() : AuthorityFixture(kNow - kDay) {}
  CardCertificates card = issue();
  OcspResponder responder{authority, {1800}};

  X509* ca(Hierarchy h) { return authority.generation(h, 1).certificate.get(); }
};

struct Answer {
  int response_status = -1;
  hostcrypto::OcspBasicPtr basic;
};

Answer ask(Fixture& f, OCSP_REQUEST* request) {
  const Bytes der = f.responder.respond(hostcrypto::der_of(request), kNow + 60);
  const unsigned char* p = der.data();
  hostcrypto::OcspResponsePtr response(
      d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(response);
  return {OCSP_response_status(response.get()),
          hostcrypto::OcspBasicPtr(OCSP_response_get1_basic(response.get()))};
}

OCSP_CERTID* id_for(const Bytes& cert_der, X509* issuer, const EVP_MD* md = EVP_sha1()) {
  hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(cert_der);
  return OCSP_cert_to_id(md, cert.get(), issuer);
}

int status_of(OCSP_BASICRESP* basic, OCSP_CERTID* id, int* reason = nullptr) {
  int status = -1, r = -1;
  ASN1_GENERALIZEDTIME *revoked = nullptr, *this_update = nullptr, *next_update = nullptr;
  REQUIRE(OCSP_resp_find_status(basic, id, &status, &r, &revoked, &this_update, &next_update) == 1);
  CHECK(unix_time_of(this_update) == kNow + 60);
  CHECK(unix_time_of(next_update) == kNow + 60 + 1800);
  if (reason) *reason = r;
  return status;
}

TEST_CASE("OCSP responder: good, nonce echoed, signed by the delegated responder") {
  Fixture f;
  hostcrypto::OcspRequestPtr request(OCSP_REQUEST_new());
  OCSP_CERTID* id = id_for(f.card.auth.der, f.ca(Hierarchy::kAuth));
  OCSP_request_add0_id(request.get(), id);
  OCSP_request_add1_nonce(request.get(), nullptr, -1);
  Answer a = ask(f, request.get());
  REQUIRE(a.response_status == OCSP_RESPONSE_STATUS_SUCCESSFUL);
  CHECK(status_of(a.basic.get(), id) == V_OCSP_CERTSTATUS_GOOD);
  CHECK(OCSP_check_nonce(request.get(), a.basic.get()) == 1);
  const Generation& g = f.authority.generation(Hierarchy::kAuth, 1);
  X509* signer = nullptr;
  REQUIRE(OCSP_resp_get0_signer(a.basic.get(), &signer, nullptr) == 1);
  CHECK(X509_cmp(signer, g.responder.get()) == 0);
  hostcrypto::X509StackPtr none(sk_X509_new_null());
  CHECK(OCSP_basic_verify(a.basic.get(), none.get(), nullptr, OCSP_NOVERIFY | OCSP_NOCHECKS) == 1);
}

TEST_CASE("OCSP responder: revoked and held carry time and reason; SHA-256 CertIDs work") {
  Fixture f;
  f.authority.revoke(f.card.sign->serial, *parse_revocation_reason("deceased"), kNow + 5);
  f.authority.hold(f.card.auth.serial, kNow + 6);
  hostcrypto::OcspRequestPtr request(OCSP_REQUEST_new());
  OCSP_CERTID* sign_id = id_for(f.card.sign->der, f.ca(Hierarchy::kSign), EVP_sha256());
  OCSP_request_add0_id(request.get(), sign_id);
  Answer a = ask(f, request.get());
  int reason = -2;
  CHECK(status_of(a.basic.get(), sign_id, &reason) == V_OCSP_CERTSTATUS_REVOKED);
  CHECK(reason == 5);
  hostcrypto::OcspRequestPtr held(OCSP_REQUEST_new());
  OCSP_CERTID* auth_id = id_for(f.card.auth.der, f.ca(Hierarchy::kAuth));
  OCSP_request_add0_id(held.get(), auth_id);
  Answer b = ask(f, held.get());
  CHECK(status_of(b.basic.get(), auth_id, &reason) == V_OCSP_CERTSTATUS_REVOKED);
  CHECK(reason == OCSP_REVOKED_STATUS_CERTIFICATEHOLD);
}

TEST_CASE("OCSP responder: unknown serials, another CA's CertID in the same request") {
  Fixture f;
  hostcrypto::OcspRequestPtr request(OCSP_REQUEST_new());
  hostcrypto::Asn1IntegerPtr never(ASN1_INTEGER_new());
  ASN1_INTEGER_set(never.get(), 4242);
  X509* auth_ca = f.ca(Hierarchy::kAuth);
  OCSP_CERTID* unknown = OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(auth_ca),
                                          X509_get0_pubkey_bitstr(auth_ca), never.get());
  // The signature certificate's serial asked of the authentication CA: not its certificate.
  hostcrypto::Asn1IntegerPtr sign_serial(ASN1_INTEGER_new());
  ASN1_INTEGER_set_uint64(sign_serial.get(), f.card.sign->serial);
  OCSP_CERTID* crossed = OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(auth_ca),
                                          X509_get0_pubkey_bitstr(auth_ca), sign_serial.get());
  OCSP_CERTID* other_ca = id_for(f.card.sign->der, f.ca(Hierarchy::kSign));
  OCSP_request_add0_id(request.get(), unknown);
  OCSP_request_add0_id(request.get(), crossed);
  OCSP_request_add0_id(request.get(), other_ca);
  Answer a = ask(f, request.get());
  REQUIRE(a.response_status == OCSP_RESPONSE_STATUS_SUCCESSFUL);
  CHECK(status_of(a.basic.get(), unknown) == V_OCSP_CERTSTATUS_UNKNOWN);
  CHECK(status_of(a.basic.get(), crossed) == V_OCSP_CERTSTATUS_UNKNOWN);
  CHECK(status_of(a.basic.get(), other_ca) == V_OCSP_CERTSTATUS_UNKNOWN);
}

TEST_CASE("OCSP responder: malformed and unauthorized requests") {
  Fixture f;
  const auto status = [&](const Bytes& der) {
    const Bytes answer = f.responder.respond(der, kNow);
    const unsigned char* p = answer.data();
    hostcrypto::OcspResponsePtr response(
        d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(answer.size())));
    REQUIRE(response);
    CHECK_FALSE(OCSP_response_get1_basic(response.get()));
    return OCSP_response_status(response.get());
  };
  CHECK(status({0x30, 0x03, 0x02, 0x01, 0x00}) == OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
  CHECK(status({}) == OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
  hostcrypto::OcspRequestPtr empty(OCSP_REQUEST_new());
  CHECK(status(hostcrypto::der_of(empty.get())) == OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
  InMemoryAuthority other(kNow - kDay);
  const Bytes foreign_cert =
      other.issue_auth(test::spki(2), test::holder_from(test::adult_input()), kNow);
  hostcrypto::X509Ptr foreign_ca = hostcrypto::x509_from_der(other.auth_ca_der());
  hostcrypto::OcspRequestPtr foreign(OCSP_REQUEST_new());
  OCSP_request_add0_id(foreign.get(), id_for(foreign_cert, foreign_ca.get()));
  CHECK(status(hostcrypto::der_of(foreign.get())) == OCSP_RESPONSE_STATUS_UNAUTHORIZED);
}

}  // namespace
}  // namespace mynasim::pki
