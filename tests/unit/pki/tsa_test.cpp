// The timestamp authority (pki/tsa): what a token holds (nonce echoed, policy, serial, time,
// accuracy, the TSA certificate's critical timeStamping EKU), that OpenSSL's own verifier
// accepts it against DIR/tsa/ca.pem, serials that survive reopening the authority, and the TSA
// error responses for garbage, a refused hash, another policy and a failed serial counter.
#include <openssl/ts.h>

#include "authority_fixture.hpp"
#include "pki/tsa/tsa_responder.hpp"

namespace mynasim::pki::tsa {
namespace {

using test::kNow;

using ReqPtr = std::unique_ptr<TS_REQ, hostcrypto::OpenSslDeleter<TS_REQ_free>>;
using RespPtr = std::unique_ptr<TS_RESP, hostcrypto::OpenSslDeleter<TS_RESP_free>>;
using VerifyCtxPtr = std::unique_ptr<TS_VERIFY_CTX, hostcrypto::OpenSslDeleter<TS_VERIFY_CTX_free>>;

const Bytes kImprint(32, 0xA5);  // a SHA-256 value

Bytes request(const EVP_MD* md, ByteView imprint, std::uint64_t nonce,
              const char* policy = nullptr) {
  ReqPtr req(TS_REQ_new());
  TS_REQ_set_version(req.get(), 1);
  TS_MSG_IMPRINT* mi = TS_MSG_IMPRINT_new();
  X509_ALGOR* algo = X509_ALGOR_new();
  X509_ALGOR_set_md(algo, md);
  TS_MSG_IMPRINT_set_algo(mi, algo);
  X509_ALGOR_free(algo);
  TS_MSG_IMPRINT_set_msg(mi, const_cast<unsigned char*>(imprint.data()),
                         static_cast<int>(imprint.size()));
  TS_REQ_set_msg_imprint(req.get(), mi);
  TS_MSG_IMPRINT_free(mi);
  ASN1_INTEGER* n = ASN1_INTEGER_new();
  ASN1_INTEGER_set_uint64(n, nonce);
  TS_REQ_set_nonce(req.get(), n);
  ASN1_INTEGER_free(n);
  if (policy) {
    ASN1_OBJECT* obj = OBJ_txt2obj(policy, 1);
    TS_REQ_set_policy_id(req.get(), obj);
    ASN1_OBJECT_free(obj);
  }
  TS_REQ_set_cert_req(req.get(), 1);
  unsigned char* der = nullptr;
  const int len = i2d_TS_REQ(req.get(), &der);
  REQUIRE(len > 0);
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

RespPtr parse(const Bytes& der) {
  const unsigned char* p = der.data();
  RespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(resp);
  return resp;
}

long status_of(TS_RESP* resp) {
  return ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp)));
}

bool fail_bit(TS_RESP* resp, int bit) {
  const ASN1_BIT_STRING* info = TS_STATUS_INFO_get0_failure_info(TS_RESP_get_status_info(resp));
  return info && ASN1_BIT_STRING_get_bit(info, bit);
}

std::uint64_t serial_of(TS_RESP* resp) {
  std::uint64_t serial = 0;
  REQUIRE(ASN1_INTEGER_get_uint64(&serial, TS_TST_INFO_get_serial(TS_RESP_get_tst_info(resp))));
  return serial;
}

struct TsaFixture : test::AuthorityFixture {
  Identity identity = open_or_make(authority.dir(), kNow);
  Responder responder{identity, registry_serials(authority.registry())};
};

TEST_CASE_METHOD(TsaFixture,
                 "a token echoes the nonce and carries the policy, serial, time and accuracy") {
  const RespPtr resp =
      parse(responder.respond(request(EVP_sha256(), kImprint, 0x1122334455667788), kNow));
  REQUIRE(status_of(resp.get()) == TS_STATUS_GRANTED);
  TS_TST_INFO* info = TS_RESP_get_tst_info(resp.get());
  std::uint64_t nonce = 0;
  REQUIRE(ASN1_INTEGER_get_uint64(&nonce, TS_TST_INFO_get_nonce(info)));
  CHECK(nonce == 0x1122334455667788);
  char policy[128];
  OBJ_obj2txt(policy, sizeof policy, TS_TST_INFO_get_policy_id(info), 1);
  CHECK(std::string(policy) == kPolicyOid);
  CHECK(serial_of(resp.get()) == 1);
  CHECK(unix_time_of(TS_TST_INFO_get_time(info)) == kNow);
  CHECK(ASN1_INTEGER_get(TS_ACCURACY_get_seconds(TS_TST_INFO_get_accuracy(info))) == 1);
  CHECK(TS_TST_INFO_get_ordering(info) == 0);
  const ASN1_OCTET_STRING* imprint = TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info));
  CHECK(Bytes(imprint->data, imprint->data + imprint->length) == kImprint);
}

TEST_CASE_METHOD(
    TsaFixture, "the TSA certificate has only timeStamping, critical; OpenSSL verifies the token") {
  X509* tsa = identity.tsa.certificate.get();
  const int at = X509_get_ext_by_NID(tsa, NID_ext_key_usage, -1);
  REQUIRE(at >= 0);
  CHECK(X509_EXTENSION_get_critical(X509_get_ext(tsa, at)) == 1);
  CHECK(X509_get_extended_key_usage(tsa) == XKU_TIMESTAMP);
  CHECK(X509_check_issued(identity.ca.certificate.get(), tsa) == X509_V_OK);

  const RespPtr resp = parse(responder.respond(request(EVP_sha256(), kImprint, 7), kNow));
  VerifyCtxPtr ctx(TS_VERIFY_CTX_new());
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, identity.ca.certificate.get());
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), kNow);
  TS_VERIFY_CTX_set_store(ctx.get(), store);
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_IMPRINT);
  unsigned char* copy =
      static_cast<unsigned char*>(OPENSSL_memdup(kImprint.data(), kImprint.size()));
  TS_VERIFY_CTX_set_imprint(ctx.get(), copy, static_cast<long>(kImprint.size()));
  CHECK(TS_RESP_verify_response(ctx.get(), resp.get()) == 1);
}

TEST_CASE("timestamp serials are unique across a restart of the authority") {
  test::TempDir dir;
  Authority::init(dir / "ca", kNow, InitOptions{});
  std::vector<std::uint64_t> serials;
  for (int run = 0; run < 3; ++run) {  // each run: the authority and TSA opened anew
    Authority authority = Authority::open(dir / "ca");
    const Identity identity = open_or_make(authority.dir(), kNow);
    const Responder responder(identity, registry_serials(authority.registry()));
    for (int i = 0; i < 2; ++i)
      serials.push_back(
          serial_of(parse(responder.respond(request(EVP_sha256(), kImprint, 1), kNow)).get()));
  }
  CHECK(serials == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6});
  // The TSA is made once: the second opening loads the same certificate.
  const Identity first = open_or_make(dir / "ca", kNow), again = open_or_make(dir / "ca", kNow + 9);
  CHECK(X509_cmp(first.tsa.certificate.get(), again.tsa.certificate.get()) == 0);
}

TEST_CASE_METHOD(TsaFixture, "refusals are TSA error responses with their failInfo") {
  SECTION("garbage") {
    const RespPtr resp = parse(responder.respond(Bytes{0x30, 0x03, 0x02, 0x01}, kNow));
    CHECK(status_of(resp.get()) == TS_STATUS_REJECTION);
    CHECK(fail_bit(resp.get(), TS_INFO_BAD_DATA_FORMAT));
    CHECK(TS_RESP_get_tst_info(resp.get()) == nullptr);
  }
  SECTION("SHA-1") {
    const RespPtr resp = parse(responder.respond(request(EVP_sha1(), Bytes(20, 1), 1), kNow));
    CHECK(status_of(resp.get()) == TS_STATUS_REJECTION);
    CHECK(fail_bit(resp.get(), TS_INFO_BAD_ALG));
  }
  SECTION("another policy") {
    const RespPtr resp =
        parse(responder.respond(request(EVP_sha256(), kImprint, 1, "1.2.3.4"), kNow));
    CHECK(status_of(resp.get()) == TS_STATUS_REJECTION);
    CHECK(fail_bit(resp.get(), TS_INFO_UNACCEPTED_POLICY));
  }
  SECTION("the serial counter fails: nothing is signed") {
    const Responder broken(identity,
                           []() -> std::uint64_t { throw std::runtime_error("disk full"); });
    const RespPtr resp = parse(broken.respond(request(EVP_sha256(), kImprint, 1), kNow));
    CHECK(status_of(resp.get()) == TS_STATUS_REJECTION);
    CHECK(fail_bit(resp.get(), TS_INFO_ADD_INFO_NOT_AVAILABLE));
    CHECK(TS_RESP_get_tst_info(resp.get()) == nullptr);
  }
}

}  // namespace
}  // namespace mynasim::pki::tsa
