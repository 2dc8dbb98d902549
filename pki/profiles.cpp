#include "pki/profiles.hpp"

#include <cstdio>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/pki_error.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

hostcrypto::X509Ptr new_certificate(const Validity& v, X509_NAME* subject, X509_NAME* issuer,
                                    EVP_PKEY* subject_key) {
  hostcrypto::X509Ptr cert(hostcrypto::check(X509_new(), "X509_new"));
  hostcrypto::check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");
  hostcrypto::check(ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), v.serial), "serial");
  hostcrypto::check(X509_set_subject_name(cert.get(), subject), "subject");
  hostcrypto::check(X509_set_issuer_name(cert.get(), issuer), "issuer");
  hostcrypto::check(X509_set_pubkey(cert.get(), subject_key), "public key");
  hostcrypto::check(X509_set1_notBefore(cert.get(), asn1_time(v.not_before).get()), "notBefore");
  hostcrypto::check(X509_set1_notAfter(cert.get(), asn1_time(v.not_after).get()), "notAfter");
  return cert;
}

// An extension from OpenSSL's configuration syntax, with `issuer` as the AKI source.
void add_conf(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  hostcrypto::X509ExtensionPtr ext(
      hostcrypto::check(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()), OBJ_nid2sn(nid)));
  hostcrypto::check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

GENERAL_NAME* dirname_general_name(hostcrypto::X509NamePtr name) {
  GENERAL_NAME* gen = hostcrypto::check(GENERAL_NAME_new(), "GENERAL_NAME_new");
  GENERAL_NAME_set0_value(gen, GEN_DIRNAME, name.release());
  return gen;
}

// SAN or IAN holding the single DirName C=JP, O=公的個人認証サービス.
void add_service_dirname(X509* cert, int nid) {
  hostcrypto::GeneralNamesPtr names(hostcrypto::check(GENERAL_NAMES_new(), "GENERAL_NAMES_new"));
  hostcrypto::check(sk_GENERAL_NAME_push(names.get(), dirname_general_name(service_dirname())),
                    "sk_GENERAL_NAME_push");
  hostcrypto::check(X509_add1_ext_i2d(cert, nid, names.get(), 0, X509V3_ADD_APPEND),
                    OBJ_nid2sn(nid));
}

GENERAL_NAME* holder_attribute(int arc, std::string_view value) {
  const std::string oid = std::string(kHolderAttributeArc) + std::to_string(arc);
  ASN1_OBJECT* type = hostcrypto::check(OBJ_txt2obj(oid.c_str(), 1), "OBJ_txt2obj");
  ASN1_UTF8STRING* text = hostcrypto::check(ASN1_UTF8STRING_new(), "ASN1_UTF8STRING_new");
  hostcrypto::check(ASN1_STRING_set(text, value.data(), static_cast<int>(value.size())),
                    "ASN1_STRING_set");
  ASN1_TYPE* any = hostcrypto::check(ASN1_TYPE_new(), "ASN1_TYPE_new");
  ASN1_TYPE_set(any, V_ASN1_UTF8STRING, text);
  GENERAL_NAME* gen = hostcrypto::check(GENERAL_NAME_new(), "GENERAL_NAME_new");
  hostcrypto::check(GENERAL_NAME_set0_othername(gen, type, any), "GENERAL_NAME_set0_othername");
  return gen;
}

void add_holder_alt_names(X509* cert, const Holder& holder) {
  hostcrypto::GeneralNamesPtr names(hostcrypto::check(GENERAL_NAMES_new(), "GENERAL_NAMES_new"));
  // The real card's order: .1 name, .4 birth, .3 sex, .5 address, .2 and .6 substitutes.
  const std::pair<int, std::string> entries[] = {
      {1, holder.name},
      {4, certificate_birth_field(holder.birth)},
      {3, certificate_sex_field(holder.sex)},
      {5, holder.address},
      {2, substitute_positions(holder.name)},
      {6, substitute_positions(holder.address)},
  };
  for (const auto& [arc, value] : entries)
    hostcrypto::check(sk_GENERAL_NAME_push(names.get(), holder_attribute(arc, value)), "sk_push");
  hostcrypto::check(
      X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_APPEND),
      "subjectAltName");
}

// certificatePolicies with one policy OID and no qualifiers. Built directly: OpenSSL's
// configuration syntax for this extension needs a configuration database.
void add_policy(X509* cert, std::string_view oid) {
  using Policies =
      std::unique_ptr<CERTIFICATEPOLICIES, hostcrypto::OpenSslDeleter<CERTIFICATEPOLICIES_free>>;
  Policies policies(hostcrypto::check(sk_POLICYINFO_new_null(), "sk_POLICYINFO_new_null"));
  POLICYINFO* info = hostcrypto::check(POLICYINFO_new(), "POLICYINFO_new");
  if (sk_POLICYINFO_push(policies.get(), info) <= 0) {
    POLICYINFO_free(info);
    hostcrypto::throw_openssl("sk_POLICYINFO_push");
  }
  info->policyid = hostcrypto::check(OBJ_txt2obj(std::string(oid).c_str(), 1), "policy OID");
  hostcrypto::check(
      X509_add1_ext_i2d(cert, NID_certificate_policies, policies.get(), 0, X509V3_ADD_APPEND),
      "certificatePolicies");
}

void add_ca_extensions(X509* cert, X509* issuer) {
  add_conf(cert, issuer, NID_basic_constraints, "critical,CA:TRUE");
  add_conf(cert, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_conf(cert, issuer, NID_subject_key_identifier, "hash");
  add_conf(cert, issuer, NID_authority_key_identifier, "keyid:always");
  add_service_dirname(cert, NID_subject_alt_name);
}

void add_end_entity_common(X509* cert, const Signer& ca, const Endpoints& endpoints) {
  add_conf(cert, ca.certificate, NID_subject_key_identifier, "hash");
  add_conf(cert, ca.certificate, NID_authority_key_identifier, "keyid:always");
  add_service_dirname(cert, NID_issuer_alt_name);
  add_conf(cert, ca.certificate, NID_crl_distribution_points,
           "URI:" + endpoints.crl_url(ca.hierarchy, ca.generation));
  add_conf(cert, ca.certificate, NID_info_access, "OCSP;URI:" + endpoints.ocsp_url());
}

hostcrypto::X509Ptr sign(hostcrypto::X509Ptr cert, EVP_PKEY* key) {
  hostcrypto::check(X509_sign(cert.get(), key, EVP_sha256()), "X509_sign");
  return cert;
}

void require_hierarchy(const Signer& ca, Hierarchy expected) {
  if (ca.hierarchy != expected)
    throw PkiError("a " + std::string(hierarchy_unit(expected)) +
                   " certificate must be issued by that hierarchy's CA");
}

}  // namespace

std::string generation_label(Hierarchy h, int generation) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s-g%02d", std::string(hierarchy_tag(h)).c_str(),
                generation);
  return buffer;
}

std::string Endpoints::crl_url(Hierarchy h, int generation) const {
  return base_url + "/crl/" + generation_label(h, generation) + ".crl";
}

hostcrypto::X509Ptr make_ca_certificate(Hierarchy h, EVP_PKEY* key, const Validity& validity) {
  hostcrypto::X509NamePtr name = ca_name(h);
  hostcrypto::X509Ptr cert = new_certificate(validity, name.get(), name.get(), key);
  add_ca_extensions(cert.get(), cert.get());
  return sign(std::move(cert), key);
}

hostcrypto::X509Ptr make_link_certificate(Hierarchy h, EVP_PKEY* subject_key, const Signer& issuer,
                                          const Validity& validity) {
  require_hierarchy(issuer, h);
  hostcrypto::X509NamePtr name = ca_name(h);
  hostcrypto::X509Ptr cert = new_certificate(validity, name.get(), name.get(), subject_key);
  add_ca_extensions(cert.get(), issuer.certificate);
  return sign(std::move(cert), issuer.key);
}

hostcrypto::X509Ptr make_responder_certificate(EVP_PKEY* responder_key, const Signer& ca,
                                               const Validity& validity) {
  hostcrypto::X509NamePtr subject = responder_name(ca.hierarchy, ca.generation);
  hostcrypto::X509Ptr cert = new_certificate(validity, subject.get(),
                                             X509_get_subject_name(ca.certificate), responder_key);
  add_conf(cert.get(), ca.certificate, NID_key_usage, "critical,digitalSignature");
  add_conf(cert.get(), ca.certificate, NID_ext_key_usage, "OCSPSigning");
  add_conf(cert.get(), ca.certificate, NID_id_pkix_OCSP_noCheck, "ignored");
  add_conf(cert.get(), ca.certificate, NID_subject_key_identifier, "hash");
  add_conf(cert.get(), ca.certificate, NID_authority_key_identifier, "keyid:always");
  return sign(std::move(cert), ca.key);
}

hostcrypto::X509Ptr make_signature_certificate(const Signer& ca, ByteView spki,
                                               const Holder& holder, std::string_view cn,
                                               const Validity& validity,
                                               const Endpoints& endpoints) {
  require_hierarchy(ca, Hierarchy::kSign);
  hostcrypto::EvpPkeyPtr key = hostcrypto::public_key_from_spki(spki, "signature key");
  hostcrypto::X509NamePtr subject = signature_subject(holder.prefecture, holder.municipality, cn);
  hostcrypto::X509Ptr cert =
      new_certificate(validity, subject.get(), X509_get_subject_name(ca.certificate), key.get());
  add_holder_alt_names(cert.get(), holder);
  add_conf(cert.get(), ca.certificate, NID_key_usage, "critical,digitalSignature,nonRepudiation");
  add_policy(cert.get(), kSignPolicyOid);
  add_end_entity_common(cert.get(), ca, endpoints);
  return sign(std::move(cert), ca.key);
}

hostcrypto::X509Ptr make_auth_certificate(const Signer& ca, ByteView spki, std::string_view cn,
                                          const Validity& validity, const Endpoints& endpoints) {
  require_hierarchy(ca, Hierarchy::kAuth);
  hostcrypto::EvpPkeyPtr key = hostcrypto::public_key_from_spki(spki, "authentication key");
  hostcrypto::X509NamePtr subject = auth_subject(cn);
  hostcrypto::X509Ptr cert =
      new_certificate(validity, subject.get(), X509_get_subject_name(ca.certificate), key.get());
  add_conf(cert.get(), ca.certificate, NID_key_usage, "critical,digitalSignature");
  add_policy(cert.get(), kAuthPolicyOid);
  add_end_entity_common(cert.get(), ca, endpoints);
  return sign(std::move(cert), ca.key);
}

}  // namespace mynasim::pki
