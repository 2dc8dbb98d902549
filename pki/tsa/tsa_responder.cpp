#include "pki/tsa/tsa_responder.hpp"

#include <openssl/err.h>
#include <openssl/ts.h>

#include <memory>
#include <mutex>
#include <string>

#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/cms/cms_handles.hpp"

namespace mynasim::pki::tsa {
namespace {

using RespCtxPtr = std::unique_ptr<TS_RESP_CTX, hostcrypto::OpenSslDeleter<TS_RESP_CTX_free>>;
using RespPtr = std::unique_ptr<TS_RESP, hostcrypto::OpenSslDeleter<TS_RESP_free>>;
using ObjectPtr = std::unique_ptr<ASN1_OBJECT, hostcrypto::OpenSslDeleter<ASN1_OBJECT_free>>;

struct CallbackData {
  const SerialSource* serials;
  UnixTime now;
};

ASN1_INTEGER* next_serial(TS_RESP_CTX* ctx, void* data) {
  try {
    const std::uint64_t serial = (*static_cast<CallbackData*>(data)->serials)();
    ASN1_INTEGER* integer = ASN1_INTEGER_new();
    if (integer && ASN1_INTEGER_set_uint64(integer, serial) == 1) return integer;
    ASN1_INTEGER_free(integer);
  } catch (const std::exception&) {
  }
  // As OpenSSL's own serial callback says it: the TSA cannot give what is needed now.
  TS_RESP_CTX_set_status_info(ctx, TS_STATUS_REJECTION, "Error during serial number generation.");
  TS_RESP_CTX_add_failure_info(ctx, TS_INFO_ADD_INFO_NOT_AVAILABLE);
  return nullptr;
}

int the_time(TS_RESP_CTX*, void* data, long* seconds, long* microseconds) {
  *seconds = static_cast<long>(static_cast<CallbackData*>(data)->now);
  *microseconds = 0;
  return 1;
}

}  // namespace

SerialSource registry_serials(Registry& registry) {
  auto mutex = std::make_shared<std::mutex>();
  return [&registry, mutex] {
    std::lock_guard lock(*mutex);
    auto tx = registry.transaction();
    const std::uint64_t serial = registry.allocate_timestamp_serial();
    tx.commit();
    return serial;
  };
}

Responder::Responder(const Identity& identity, SerialSource serials)
    : identity_(identity), serials_(std::move(serials)) {}

Bytes Responder::respond(ByteView request, UnixTime now) const {
  CallbackData data{&serials_, now};
  RespCtxPtr ctx(hostcrypto::check(TS_RESP_CTX_new(), "TS_RESP_CTX_new"));
  hostcrypto::check(TS_RESP_CTX_set_signer_cert(ctx.get(), identity_.tsa.certificate.get()),
                    "TS_RESP_CTX_set_signer_cert");
  hostcrypto::check(TS_RESP_CTX_set_signer_key(ctx.get(), identity_.tsa.key.get()),
                    "TS_RESP_CTX_set_signer_key");
  hostcrypto::check(TS_RESP_CTX_set_signer_digest(ctx.get(), EVP_sha256()),
                    "TS_RESP_CTX_set_signer_digest");
  hostcrypto::check(TS_RESP_CTX_set_ess_cert_id_digest(ctx.get(), EVP_sha256()),
                    "TS_RESP_CTX_set_ess_cert_id_digest");
  ObjectPtr policy(
      hostcrypto::check(OBJ_txt2obj(std::string(kPolicyOid).c_str(), 1), "OBJ_txt2obj"));
  hostcrypto::check(TS_RESP_CTX_set_def_policy(ctx.get(), policy.get()),
                    "TS_RESP_CTX_set_def_policy");
  for (const EVP_MD* md : {EVP_sha256(), EVP_sha384(), EVP_sha512()})
    hostcrypto::check(TS_RESP_CTX_add_md(ctx.get(), md), "TS_RESP_CTX_add_md");
  hostcrypto::check(TS_RESP_CTX_set_accuracy(ctx.get(), 1, 0, 0), "TS_RESP_CTX_set_accuracy");
  TS_RESP_CTX_add_flags(ctx.get(), TS_TSA_NAME);
  TS_RESP_CTX_set_serial_cb(ctx.get(), next_serial, &data);
  TS_RESP_CTX_set_time_cb(ctx.get(), the_time, &data);

  hostcrypto::BioPtr in(hostcrypto::check(
      BIO_new_mem_buf(request.data(), static_cast<int>(request.size())), "BIO_new_mem_buf"));
  // A request that is no TimeStampReq gets OpenSSL's own rejection (badDataFormat).
  RespPtr response(
      hostcrypto::check(TS_RESP_create_response(ctx.get(), in.get()), "TS_RESP_create_response"));
  ERR_clear_error();
  return cms::der_of(response.get(), i2d_TS_RESP, "i2d_TS_RESP");
}

}  // namespace mynasim::pki::tsa
