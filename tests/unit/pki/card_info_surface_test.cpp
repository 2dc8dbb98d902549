// 券面事項確認AP files: layouts of reference §2.3, the card face's offset table and three-digest
// signature, the images decoded with libpng and OpenJPEG to the profile's sizes.

#include "card_info_fixture.hpp"
#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/card_info/card_face_profile.hpp"

namespace mynasim::pki::card_info::test {
namespace {

TEST_CASE("surface 0001: FF 10 82 02 1E age record signed by the EF 0004 key", "[unit]") {
  const Bytes& file = issued().file(kSurfaceDf, 1);
  REQUIRE(file.size() == 547);
  CHECK(to_hex(Bytes(file.begin(), file.begin() + 16)) ==
        "FF 10 82 02 1E DF 11 08 31 39 39 30 30 34 30 31");
  CHECK(child(file, 0xDF12).value == hostcrypto::encode_card_public_key(issued().keys.surface_ap));
  CHECK(hostcrypto::verify_sha256(issued().signer_public().get(),
                                  concat_objects(file, {0xDF11, 0xDF12}),
                                  child(file, 0xDF13).value));
}

TEST_CASE("surface 0002: offsets point at DF22-DF2A in order", "[unit]") {
  const Bytes& file = issued().file(kSurfaceDf, 2);
  const auto objects = children(file);
  REQUIRE(objects.size() == 10);
  CHECK(objects[0].first == 0xDF21);
  const Bytes& table = objects[0].second.value;
  REQUIRE(table.size() == 18);
  CHECK(to_hex(Bytes(file.begin(), file.begin() + 2)) == "FF 20");
  for (std::size_t i = 1; i < objects.size(); ++i) {
    CHECK(objects[i].first == 0xDF21 + i);
    CHECK(read_u16(table, 2 * (i - 1)) == objects[i].second.offset);
  }
  CHECK(child(file, 0xDF22).value == ascii_bytes("19900401"));
  CHECK(child(file, 0xDF23).value == ascii_bytes("1"));
  CHECK(child(file, 0xDF24).value == hostcrypto::encode_card_public_key(issued().keys.surface_ap));
  CHECK(child(file, 0xDF29).value == ascii_bytes("20310401"));
}

TEST_CASE("surface 0002: DF28 is PKCS#1 v1.5 over a DigestInfo of three SHA-256", "[unit]") {
  const Bytes& file = issued().file(kSurfaceDf, 2);
  Bytes digests = hostcrypto::sha256(concat_objects(file, {0xDF22, 0xDF23, 0xDF24}));
  append(digests, hostcrypto::sha256(concat_objects(file, {0xDF25, 0xDF26})));
  append(digests, hostcrypto::sha256(concat_objects(file, {0xDF27})));
  Bytes digest_info = {0x30, 0x71, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                       0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x60};
  append(digest_info, digests);
  const Bytes signature = child(file, 0xDF28).value;
  REQUIRE(signature.size() == 256);
  CHECK(hostcrypto::verify_digest_info(issued().signer_public().get(), digest_info, signature));
  // Expiry and security code are outside the signature: the three digests do not cover them.
  digest_info.back() ^= 1;
  CHECK_FALSE(
      hostcrypto::verify_digest_info(issued().signer_public().get(), digest_info, signature));
}

TEST_CASE("surface 0002 images decode to the profile's sizes", "[unit]") {
  const Bytes& file = issued().file(kSurfaceDf, 2);
  for (auto [tag, size] :
       {std::pair{0xDF25u, kNameImage}, {0xDF26u, kAddressImage}, {0xDF2Au, kSecurityCodeImage}}) {
    const DecodedImage png = decode_png(child(file, tag).value);
    INFO("tag " << std::hex << tag);
    CHECK(png.width == size.width);
    CHECK(png.height == size.height);
    CHECK(png.bit_depth == 1);
    CHECK(png.colour_type == 0);  // greyscale
  }
  const DecodedImage photo = decode_jp2(child(file, 0xDF27).value);
  CHECK(photo.width == kPhoto.width);
  CHECK(photo.height == kPhoto.height);
  CHECK(photo.components == 1);
  CHECK(photo.bit_depth == 8);
}

TEST_CASE("surface 0003 basic data: municipality, DF35 = signer id + signature", "[unit]") {
  const Bytes& file = issued().file(kSurfaceDf, 3);
  CHECK(to_hex(Bytes(file.begin(), file.begin() + 9)) == "FF 30 82 01 3B DF 31 04 06");
  CHECK(child(file, 0xDF33).value == Bytes{0x00});
  CHECK(child(file, 0xDF34).value == ascii_bytes("13101"));
  const Bytes df35 = child(file, 0xDF35).value;
  REQUIRE(df35.size() == 272);
  const hostcrypto::KeyId& signer = issued().authority.signer().key_id;
  CHECK(Bytes(df35.begin(), df35.begin() + 16) == Bytes(signer.begin(), signer.end()));
  CHECK(hostcrypto::verify_sha256(issued().signer_public().get(),
                                  concat_objects(file, {0xDF31, 0xDF32, 0xDF33, 0xDF34}),
                                  Bytes(df35.begin() + 16, df35.end())));
}

TEST_CASE("surface 0005: the rendered My Number, 72x12, signed with the key", "[unit]") {
  const Bytes& file = issued().file(kSurfaceDf, 5);
  const DecodedImage png = decode_png(child(file, 0xDF41).value);
  CHECK(png.width == kMyNumberImage.width);
  CHECK(png.height == kMyNumberImage.height);
  CHECK(png.bit_depth == 1);
  CHECK(child(file, 0xDF42).value == hostcrypto::encode_card_public_key(issued().keys.surface_ap));
  CHECK(hostcrypto::verify_sha256(issued().signer_public().get(),
                                  concat_objects(file, {0xDF41, 0xDF42}),
                                  child(file, 0xDF43).value));
  CHECK(issued().file(kSurfaceDf, 6) == Bytes(16, 0xFF));
}

}  // namespace
}  // namespace mynasim::pki::card_info::test
