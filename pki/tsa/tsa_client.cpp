#include "pki/tsa/tsa_client.hpp"

#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ts.h>

#include <memory>

#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/cms/cms_handles.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki::tsa {
namespace {

using ReqPtr = std::unique_ptr<TS_REQ, hostcrypto::OpenSslDeleter<TS_REQ_free>>;
using RespPtr = std::unique_ptr<TS_RESP, hostcrypto::OpenSslDeleter<TS_RESP_free>>;
using ImprintPtr = std::unique_ptr<TS_MSG_IMPRINT, hostcrypto::OpenSslDeleter<TS_MSG_IMPRINT_free>>;
using AlgorPtr = std::unique_ptr<X509_ALGOR, hostcrypto::OpenSslDeleter<X509_ALGOR_free>>;

std::string status_text(TS_RESP* response) {
  const STACK_OF(ASN1_UTF8STRING)* text =
      TS_STATUS_INFO_get0_text(TS_RESP_get_status_info(response));
  std::string out;
  for (int i = 0; text && i < sk_ASN1_UTF8STRING_num(text); ++i) {
    const ASN1_UTF8STRING* line = sk_ASN1_UTF8STRING_value(text, i);
    out += (out.empty() ? "" : " ") + std::string(reinterpret_cast<const char*>(line->data),
                                                  static_cast<std::size_t>(line->length));
  }
  return out.empty() ? "no reason given" : out;
}

}  // namespace

Query make_query(ByteView data) {
  Query query;
  query.imprint = hostcrypto::sha256(data);
  hostcrypto::check(RAND_bytes(reinterpret_cast<unsigned char*>(&query.nonce), sizeof query.nonce),
                    "RAND_bytes");
  query.nonce &= 0x7fffffffffffffffULL;  // a positive INTEGER of at most 8 bytes
  ReqPtr req(hostcrypto::check(TS_REQ_new(), "TS_REQ_new"));
  hostcrypto::check(TS_REQ_set_version(req.get(), 1), "TS_REQ_set_version");
  ImprintPtr imprint(hostcrypto::check(TS_MSG_IMPRINT_new(), "TS_MSG_IMPRINT_new"));
  AlgorPtr algorithm(hostcrypto::check(X509_ALGOR_new(), "X509_ALGOR_new"));
  X509_ALGOR_set_md(algorithm.get(), EVP_sha256());
  hostcrypto::check(TS_MSG_IMPRINT_set_algo(imprint.get(), algorithm.get()),
                    "TS_MSG_IMPRINT_set_algo");
  hostcrypto::check(TS_MSG_IMPRINT_set_msg(imprint.get(), query.imprint.data(),
                                           static_cast<int>(query.imprint.size())),
                    "TS_MSG_IMPRINT_set_msg");
  hostcrypto::check(TS_REQ_set_msg_imprint(req.get(), imprint.get()), "TS_REQ_set_msg_imprint");
  hostcrypto::Asn1IntegerPtr nonce(hostcrypto::check(ASN1_INTEGER_new(), "ASN1_INTEGER_new"));
  hostcrypto::check(ASN1_INTEGER_set_uint64(nonce.get(), query.nonce), "ASN1_INTEGER_set_uint64");
  hostcrypto::check(TS_REQ_set_nonce(req.get(), nonce.get()), "TS_REQ_set_nonce");
  hostcrypto::check(TS_REQ_set_cert_req(req.get(), 1), "TS_REQ_set_cert_req");
  query.der = cms::der_of(req.get(), i2d_TS_REQ, "i2d_TS_REQ");
  return query;
}

Bytes token_of(ByteView response, const Query& query) {
  const unsigned char* p = response.data();
  RespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(response.size())));
  if (!resp) throw PkiError("the TSA's answer is not a TimeStampResp");
  const long status =
      ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp.get())));
  if (status != TS_STATUS_GRANTED && status != TS_STATUS_GRANTED_WITH_MODS)
    throw PkiError("the TSA refused: " + status_text(resp.get()));
  TS_TST_INFO* info = TS_RESP_get_tst_info(resp.get());
  PKCS7* token = TS_RESP_get_token(resp.get());
  if (!info || !token) throw PkiError("the TSA granted but sent no token");
  std::uint64_t nonce = 0;
  const ASN1_INTEGER* echoed = TS_TST_INFO_get_nonce(info);
  if (!echoed || ASN1_INTEGER_get_uint64(&nonce, echoed) != 1 || nonce != query.nonce)
    throw PkiError("the TSA's token does not echo the nonce (an answer to another request)");
  const ASN1_OCTET_STRING* imprint = TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info));
  if (Bytes(imprint->data, imprint->data + imprint->length) != query.imprint)
    throw PkiError("the TSA's token stamps other bytes than those sent");
  STACK_OF(X509)* signers = PKCS7_get0_signers(token, nullptr, 0);  // a new stack, shared certs
  const bool has_signer = signers && sk_X509_num(signers) > 0;
  sk_X509_free(signers);
  ERR_clear_error();
  if (!has_signer) throw PkiError("the TSA's token carries no TSA certificate");
  return cms::der_of(token, i2d_PKCS7, "i2d_PKCS7");
}

}  // namespace mynasim::pki::tsa
