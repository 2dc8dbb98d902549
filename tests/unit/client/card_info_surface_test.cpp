// The surface application's files parsed from hand-built bytes, and the issuer signatures over
// them checked (and refused when a byte changes).

#include <catch2/catch.hpp>

#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/sha256.hpp"
#include "reader/client/card_info_verify.hpp"
#include "reader/client/surface_records.hpp"
#include "tests/unit/client/card_info_builders.hpp"

using namespace mynasim;
using namespace mynasim::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using client::CheckStatus;
using client::RecordError;

namespace {

// The card face as the issuer makes it: the signature over the three groups' SHA-256.
std::vector<Bytes> face_fields(EVP_PKEY* issuer) {
  const Bytes key = key_field(card_key(test_key()));
  std::vector<Bytes> f = {tlv(0xDF22, "19800217"),
                          tlv(0xDF23, "1"),
                          tlv(0xDF24, key),
                          tlv(0xDF25, png_header(256, 64)),
                          tlv(0xDF26, png_header(512, 96)),
                          tlv(0xDF27, jp2_header(300, 400))};
  Bytes digests;
  append(digests, hostcrypto::sha256(concat({f[0], f[1], f[2]})));
  append(digests, hostcrypto::sha256(concat({f[3], f[4]})));
  append(digests, hostcrypto::sha256(f[5]));
  f.push_back(tlv(0xDF28, sign_payload(issuer, hostcrypto::sha256_digest_info(digests))));
  f.push_back(tlv(0xDF29, "20350217"));
  f.push_back(tlv(0xDF2A, png_header(48, 16)));
  return f;
}

hostcrypto::CvCertificate ap_certificate() {
  return hostcrypto::parse_cv_certificate(
      cv_certificate(test_key(1), key_id("6000023", "001"), test_key(1), key_id("6131010", "001")),
      "cv");
}

}  // namespace

TEST_CASE("surface: the card face, its offsets and its signature", "[client][card-info]") {
  const Bytes file = with_offset_table(0xFF20, 0xDF21, face_fields(test_key(1)));
  const auto face = client::parse_card_face(file);
  CHECK(face.birth_date.compact() == "19800217");
  CHECK(face.sex == client::Sex::kMale);
  CHECK(face.public_key == card_key(test_key()));
  CHECK(face.name_image == png_header(256, 64));
  CHECK(face.address_image == png_header(512, 96));
  CHECK(face.photo == jp2_header(300, 400));
  CHECK(face.expiry.iso() == "2035-02-17");
  CHECK(face.security_code_image == png_header(48, 16));
  const auto check = client::check_card_face(face, ap_certificate());
  CHECK(check.status == CheckStatus::kOk);
  CHECK(check.name == "card-face");

  // The expiry is not covered by the signature; the photo is.
  auto fields = face_fields(test_key(1));
  fields[7] = tlv(0xDF29, "20400217");
  CHECK(client::check_card_face(client::parse_card_face(with_offset_table(0xFF20, 0xDF21, fields)),
                                ap_certificate())
            .status == CheckStatus::kOk);
  fields = face_fields(test_key(1));
  fields[5] = tlv(0xDF27, jp2_header(300, 401));
  const auto tampered = client::check_card_face(
      client::parse_card_face(with_offset_table(0xFF20, 0xDF21, fields)), ap_certificate());
  CHECK(tampered.status == CheckStatus::kFailed);
  CHECK(tampered.detail == "the signature opens but signs other data than this record");
  // Signed by another key than the certified one.
  const auto other = client::check_card_face(
      client::parse_card_face(with_offset_table(0xFF20, 0xDF21, face_fields(test_key(0)))),
      ap_certificate());
  CHECK(other.status == CheckStatus::kFailed);
  CHECK(other.detail == "the signature does not open under the key (not PKCS#1 v1.5 by this key)");
}

TEST_CASE("surface: malformed card faces are named precisely", "[client][card-info]") {
  auto fields = face_fields(test_key(1));
  fields[5] = tlv(0xDF27, png_header(1, 1));
  CHECK_THAT(error_of([&] { client::parse_card_face(with_offset_table(0xFF20, 0xDF21, fields)); }),
             Equals("surface EF 0002 (card face), DF27 (photo): not a JPEG 2000 (JP2) image"));
  fields = face_fields(test_key(1));
  fields[6] = tlv(0xDF28, Bytes(255));
  CHECK_THAT(
      error_of([&] { client::parse_card_face(with_offset_table(0xFF20, 0xDF21, fields)); }),
      Equals("surface EF 0002 (card face), DF28: an RSA-2048 signature is 256 bytes, got 255"));
  fields = face_fields(test_key(1));
  fields.pop_back();
  CHECK_THAT(error_of([&] { client::parse_card_face(with_offset_table(0xFF20, 0xDF21, fields)); }),
             Equals("surface EF 0002 (card face): no field DF2A"));
  Bytes file = with_offset_table(0xFF20, 0xDF21, face_fields(test_key(1)));
  // FF 20 82 LL LL, DF 21 12, then 9 offsets: corrupt the fifth (DF26's).
  file[8 + 2 * 4 + 1] ^= 0x01;
  CHECK_THAT(error_of([&] { client::parse_card_face(file); }), Contains("offset 4 of DF21 says"));
}

TEST_CASE("surface: age record and rendered My Number", "[client][card-info]") {
  const Bytes key = key_field(card_key(test_key()));
  const Bytes age_fields = concat({tlv(0xDF11, "19800217"), tlv(0xDF12, key)});
  const Bytes age =
      tlv(0xFF10, concat({age_fields, tlv(0xDF13, sign_sha256(test_key(1), age_fields))}));
  const auto record = client::parse_age_record(age);
  CHECK(record.birth_date.iso() == "1980-02-17");
  CHECK(record.signed_data == age_fields);
  CHECK(client::check_age_record(record, ap_certificate()).status == CheckStatus::kOk);

  const Bytes number_fields = concat({tlv(0xDF41, png_header(72, 12)), tlv(0xDF42, key)});
  Bytes number =
      tlv(0xFF40, concat({number_fields, tlv(0xDF43, sign_sha256(test_key(1), number_fields))}));
  const auto rendered = client::parse_rendered_my_number(number);
  CHECK(rendered.image == png_header(72, 12));
  CHECK(client::check_rendered_my_number(rendered, ap_certificate()).status == CheckStatus::kOk);
  number[20] ^= 0x01;  // inside the PNG's IHDR: a different image
  CHECK(client::check_rendered_my_number(client::parse_rendered_my_number(number), ap_certificate())
            .status == CheckStatus::kFailed);
}

TEST_CASE("surface: basic data signed the way the simulated issuer signs it",
          "[client][card-info]") {
  const auto cert = ap_certificate();
  const Bytes fields =
      concat({tlv(0xDF31, Bytes{0x06, 0x03, 0x0E, 0x01}), tlv(0xDF32, key_id("9000024", "001")),
              tlv(0xDF33, Bytes{0x01}), tlv(0xDF34, "13101")});
  const Bytes df35 = concat({Bytes(cert.subject_key_id.begin(), cert.subject_key_id.end()),
                             sign_sha256(test_key(1), fields)});
  auto data = client::parse_surface_basic_data(tlv(0xFF30, concat({fields, tlv(0xDF35, df35)})));
  CHECK(data.signed_data == fields);
  auto check = client::check_surface_basic_data(data, cert);
  CHECK(check.status == CheckStatus::kOk);
  data.opaque[0] ^= 0x01;
  check = client::check_surface_basic_data(data, cert);
  CHECK(check.status == CheckStatus::kFailed);
  CHECK(check.detail == "DF35 does not start with the key id of the CV certificate's subject");
}

TEST_CASE("surface: basic data", "[client][card-info]") {
  const Bytes df35 = concat({key_id("6000024", "001"), Bytes(256, 0xA5)});
  const Bytes file =
      tlv(0xFF30,
          concat({tlv(0xDF31, Bytes{0x06, 0x03, 0x0E, 0x01}), tlv(0xDF32, key_id("6000024", "001")),
                  tlv(0xDF33, Bytes{0x01}), tlv(0xDF34, "13101"), tlv(0xDF35, df35)}));
  const auto data = client::parse_surface_basic_data(file);
  CHECK(data.identification == Bytes{0x06, 0x03, 0x0E, 0x01});
  CHECK(data.version == 1);
  CHECK(data.municipality_code == "13101");
  CHECK(data.opaque == df35);
  const Bytes bad =
      tlv(0xFF30,
          concat({tlv(0xDF31, Bytes{0x06, 0x03, 0x0E, 0x01}), tlv(0xDF32, key_id("6000024", "001")),
                  tlv(0xDF33, Bytes{0x01}), tlv(0xDF34, "1310"), tlv(0xDF35, df35)}));
  CHECK_THAT(error_of([&] { client::parse_surface_basic_data(bad); }),
             Equals("surface EF 0003 (basic data), DF34: the municipality code is 5 digits, got 4 "
                    "bytes"));
}
