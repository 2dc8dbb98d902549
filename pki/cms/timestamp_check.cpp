// The imprint first (a token over other bytes says nothing about this signature), then the TSA's
// certificate through pki/verify (chain to the TSA's CA and the timeStamping purpose at genTime),
// then the token's signature with OpenSSL's TS verifier (which also checks the token's
// ESSCertID against the TSA certificate).

#include <openssl/err.h>

#include <ctime>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "pki/cms/cms_handles.hpp"
#include "pki/cms/timestamp_check.hpp"

namespace mynasim::pki::cms::detail {
namespace {

void add(Result& result, Status status, std::string detail) {
  result.findings.push_back({status, std::move(detail)});
}

}  // namespace

void check_timestamp(ByteView token, ByteView signature_value, const Options& options,
                     Result& result) {
  const unsigned char* p = token.data();
  Pkcs7Ptr pkcs7(d2i_PKCS7(nullptr, &p, static_cast<long>(token.size())));
  TstInfoPtr info(pkcs7 ? PKCS7_to_TS_TST_INFO(pkcs7.get()) : nullptr);
  ERR_clear_error();
  if (!info) return add(result, Status::kTimestampMalformed, "the timestamp is no TimeStampToken");

  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(info.get());
  const EVP_MD* md = EVP_get_digestbyobj(TS_MSG_IMPRINT_get_algo(imprint)->algorithm);
  const ASN1_OCTET_STRING* stamped = TS_MSG_IMPRINT_get_msg(imprint);
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int hash_length = 0;
  if (!md || EVP_Digest(signature_value.data(), signature_value.size(), hash, &hash_length, md,
                        nullptr) != 1) {
    ERR_clear_error();
    return add(result, Status::kTimestampMalformed, "the timestamp's hash algorithm is unknown");
  }
  if (Bytes(stamped->data, stamped->data + stamped->length) != Bytes(hash, hash + hash_length))
    return add(result, Status::kTimestampImprintMismatch,
               "the timestamp stamps other bytes than this signature value");

  const auto gen_time = TS_TST_INFO_get_time(info.get());
  std::tm tm{};
  if (!gen_time || ASN1_TIME_to_tm(gen_time, &tm) != 1)
    return add(result, Status::kTimestampMalformed, "the timestamp's genTime is no valid time");
  const UnixTime stamped_at = unix_time_of(gen_time);

  STACK_OF(X509)* signers = PKCS7_get0_signers(pkcs7.get(), nullptr, 0);
  X509* tsa = signers && sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : nullptr;
  const Bytes tsa_der = tsa ? hostcrypto::der_of(tsa) : Bytes{};
  sk_X509_free(signers);
  ERR_clear_error();
  if (tsa_der.empty())
    return add(result, Status::kTimestampCertificateMissing,
               "the timestamp carries no TSA certificate");
  verify::Options tsa_options;
  tsa_options.purpose = verify::Purpose::kTimestamping;
  tsa_options.at = stamped_at;
  result.tsa = verify::validate(tsa_der, options.tsa_anchors, tsa_options);
  if (!result.tsa->ok()) return;

  // The token's signature, against the anchors the chain was found with.
  hostcrypto::X509StorePtr store(hostcrypto::check(X509_STORE_new(), "X509_STORE_new"));
  for (const Bytes& root : options.tsa_anchors.roots)
    if (hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(root))
      X509_STORE_add_cert(store.get(), cert.get());
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), static_cast<time_t>(stamped_at));
  VerifyCtxPtr ctx(hostcrypto::check(TS_VERIFY_CTX_new(), "TS_VERIFY_CTX_new"));
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_SIGNATURE | TS_VFY_VERSION);
  TS_VERIFY_CTX_set_store(ctx.get(), store.release());  // the context owns it now
  if (TS_RESP_verify_token(ctx.get(), pkcs7.get()) != 1) {
    ERR_clear_error();
    return add(result, Status::kTimestampBadSignature, "the timestamp's signature does not verify");
  }
  result.timestamp_time = stamped_at;
}

}  // namespace mynasim::pki::cms::detail
