// pki/holder_attributes.hpp: the four basic attributes read back from a signature certificate
// the simulated J-LIS issued, exactly as written; nothing from a certificate without them or
// with one of them twice or in another string type.
#include "pki/holder_attributes.hpp"

#include <openssl/x509v3.h>

#include "hostcrypto/openssl_handles.hpp"
#include "pki/in_memory_authority.hpp"
#include "pki/profiles.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki {
namespace {

using test::kNow;

InMemoryAuthority& authority() {
  static InMemoryAuthority ca(kNow);
  return ca;
}

// A certificate with `names` as its subjectAltName (self-signed: only the parser reads it).
hostcrypto::X509Ptr with_alt_names(GENERAL_NAMES* names) {
  hostcrypto::X509Ptr cert(X509_new());
  REQUIRE(X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, names, 0, X509V3_ADD_APPEND) == 1);
  GENERAL_NAMES_free(names);
  return cert;
}

GENERAL_NAME* other_name(int arc, const std::string& value, int type = V_ASN1_UTF8STRING) {
  const std::string oid = std::string(kHolderAttributeArc) + std::to_string(arc);
  ASN1_STRING* text = ASN1_STRING_type_new(type);
  ASN1_STRING_set(text, value.data(), static_cast<int>(value.size()));
  ASN1_TYPE* any = ASN1_TYPE_new();
  ASN1_TYPE_set(any, type, text);
  GENERAL_NAME* gen = GENERAL_NAME_new();
  GENERAL_NAME_set0_othername(gen, OBJ_txt2obj(oid.c_str(), 1), any);
  return gen;
}

GENERAL_NAMES* four(int sex_type = V_ASN1_UTF8STRING) {
  GENERAL_NAMES* names = GENERAL_NAMES_new();
  sk_GENERAL_NAME_push(names, other_name(1, "山田\u3000太郎"));
  sk_GENERAL_NAME_push(names, other_name(4, "419910305"));
  sk_GENERAL_NAME_push(names, other_name(3, "1", sex_type));
  sk_GENERAL_NAME_push(names, other_name(5, "大阪府大阪市北区中之島１丁目３番２０号"));
  return names;
}

TEST_CASE("holder attributes: the signature certificate J-LIS issued, exactly as written") {
  const Holder holder = test::holder_from(test::adult_input());
  const Bytes der = authority().issue_sign(test::spki(0), holder, kNow);
  const auto attributes = holder_attributes(der);
  REQUIRE(attributes);
  CHECK(attributes->name == "個人番号\u3000花子");
  CHECK(attributes->sex == "2");
  CHECK(attributes->birth == "319800217");
  CHECK(attributes->address == "東京都千代田区霞が関２丁目１番２号");
}

TEST_CASE("holder attributes: none from a user-authentication certificate") {
  const Holder holder = test::holder_from(test::adult_input());
  CHECK_FALSE(holder_attributes(authority().issue_auth(test::spki(1), holder, kNow)));
  CHECK_FALSE(holder_attributes(Bytes{0x30, 0x03, 0x02, 0x01, 0x01}));  // not a certificate
}

TEST_CASE("holder attributes: all four as UTF8Strings, each once") {
  const auto ok = holder_attributes(with_alt_names(four()).get());
  REQUIRE(ok);
  CHECK(ok->name == "山田\u3000太郎");
  CHECK(ok->birth == "419910305");
  CHECK(ok->sex == "1");
  CHECK(ok->address == "大阪府大阪市北区中之島１丁目３番２０号");

  GENERAL_NAMES* twice = four();
  sk_GENERAL_NAME_push(twice, other_name(1, "別人\u3000次郎"));
  CHECK_FALSE(holder_attributes(with_alt_names(twice).get()));

  CHECK_FALSE(holder_attributes(with_alt_names(four(V_ASN1_PRINTABLESTRING)).get()));

  GENERAL_NAMES* three = GENERAL_NAMES_new();
  sk_GENERAL_NAME_push(three, other_name(1, "山田\u3000太郎"));
  sk_GENERAL_NAME_push(three, other_name(4, "419910305"));
  sk_GENERAL_NAME_push(three, other_name(3, "1"));
  CHECK_FALSE(holder_attributes(with_alt_names(three).get()));
}

TEST_CASE("holder attributes: the birth date field as an ISO 8601 date") {
  CHECK(iso_birth_date("319800217") == "1980-02-17");
  CHECK(iso_birth_date("520190501") == "2019-05-01");
  CHECK(iso_birth_date("019000101") == "1900-01-01");  // era unknown (0)
  CHECK_FALSE(iso_birth_date("619800217"));            // no era 6
  CHECK_FALSE(iso_birth_date("19800217"));             // no era digit
  CHECK_FALSE(iso_birth_date("3198002170"));
  CHECK_FALSE(iso_birth_date("31980-217"));
}

}  // namespace
}  // namespace mynasim::pki
