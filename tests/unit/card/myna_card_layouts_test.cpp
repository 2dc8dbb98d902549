// OUR issued card-info files, parsed and verified by myna-card's rules (src/ap/text.rs,
// src/ap/surface.rs, src/ap/common.rs, src/data.rs, tests/text_records.rs,
// tests/fixtures/README.md: layouts read off a JPKI test card, rank 3). The rules are written
// again here from myna-card, not taken from our own client, so a layout the issuer drifts from
// fails even when our client drifts with it.

#include <catch2/catch.hpp>

#include <map>

#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "iso7816/ber_tlv.hpp"
#include "issuer_files.hpp"
#include "pki/card_info/card_face_profile.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;
namespace ci = pki::card_info;

namespace {

ByteView ascii(std::string_view s) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

iso7816::BerTlv ber(ByteView data) {
  const iso7816::BerRead read = iso7816::read_ber_tlv(data);
  REQUIRE(read.ok());
  return read.tlv;
}

// myna-card's TlvFields (data.rs): the objects inside the outer `tag`, stopping at a 00 or FF
// filler byte. With `offsets`, that object is a table of big-endian u16 offsets, counted from the
// first byte of the file, to every other object, and it must agree with where they start.
class Fields {
 public:
  Fields(ByteView file, std::uint32_t tag, std::uint32_t offsets = 0) {
    const iso7816::BerTlv outer = ber(file);
    REQUIRE(outer.tag == tag);
    std::size_t position = outer.header_size;
    ByteView rest = outer.value;
    ByteView table;
    std::vector<std::size_t> starts;
    while (!rest.empty() && rest[0] != 0x00 && rest[0] != 0xFF) {
      const iso7816::BerTlv item = ber(rest);
      if (offsets != 0 && item.tag == offsets) {
        table = item.value;
      } else {
        order_.push_back(item.tag);
        items_[item.tag] = {item.value, rest.first(item.total_size())};
        starts.push_back(position);
      }
      position += item.total_size();
      rest = rest.subspan(item.total_size());
    }
    if (offsets == 0) return;
    REQUIRE(table.size() == 2 * starts.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      INFO("offset " << i);
      CHECK(read_u16(table, 2 * i) == starts[i]);
    }
  }

  ByteView get(std::uint32_t tag) const {
    const auto found = items_.find(tag);
    REQUIRE(found != items_.end());
    return found->second.value;
  }
  // The objects before `tag`, as written: what these files' signatures cover.
  Bytes before(std::uint32_t tag) const {
    Bytes out;
    for (std::uint32_t t : order_) {
      if (t == tag) return out;
      append(out, items_.at(t).raw);
    }
    FAIL("no object " << tag);
    return out;
  }
  Bytes of(std::initializer_list<std::uint32_t> tags) const {
    Bytes out;
    for (std::uint32_t t : tags) append(out, items_.at(t).raw);
    return out;
  }
  const std::vector<std::uint32_t>& tags() const { return order_; }

 private:
  struct Item {
    ByteView value, raw;
  };
  std::map<std::uint32_t, Item> items_;
  std::vector<std::uint32_t> order_;
};

// data.rs KeyId: "6000024" 08 05 "001" + 4 padding bytes: digits where the digits go.
bool is_key_id(ByteView id) {
  if (id.size() != 16) return false;
  auto digits = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i)
      if (id[i] < '0' || id[i] > '9') return false;
    return true;
  };
  return digits(0, 7) && digits(9, 12);
}

// data.rs RsaPublicKey: `90` exponent, `91` modulus.
hostcrypto::EvpPkeyPtr public_key(ByteView encoded) {
  hostcrypto::RsaPublicKey numbers;
  iso7816::BerReader reader(encoded);
  iso7816::BerTlv item;
  while (reader.next(item)) {
    if (item.tag == 0x90) numbers.exponent.assign(item.value.begin(), item.value.end());
    if (item.tag == 0x91) numbers.modulus.assign(item.value.begin(), item.value.end());
  }
  REQUIRE(numbers.exponent == Bytes{0x01, 0x00, 0x01});
  REQUIRE(numbers.modulus.size() == 256);
  return hostcrypto::evp_public_key(numbers);
}

Bytes modulus_of(ByteView encoded) {
  iso7816::BerReader reader(encoded);
  auto found = reader.find(0x91);
  REQUIRE(found);
  return Bytes(found->value.begin(), found->value.end());
}

// data.rs CardVerifiableCertificate: with or without its 7F21 template; body 5F4E of 297 bytes
// (issuer key id, subject key id, a 265-byte key), signature 5F37 over the body's value.
struct CvCertificate {
  ByteView issuer, subject, key, body, signature;
};
CvCertificate cv_certificate(ByteView data) {
  ByteView contents = data;
  if (data.size() >= 2 && data[0] == 0x7F && data[1] == 0x21) contents = ber(data).value;
  iso7816::BerReader reader(contents);
  auto body = reader.find(0x5F4E);
  auto signature = reader.find(0x5F37);
  REQUIRE(body);
  REQUIRE(signature);
  REQUIRE(body->value.size() == 297);
  CHECK(signature->value.size() == 256);
  const ByteView b = body->value;
  CHECK(is_key_id(b.first(16)));
  CHECK(is_key_id(b.subspan(16, 16)));
  return {b.first(16), b.subspan(16, 16), b.subspan(32), b, signature->value};
}

bool verifies(ByteView key_encoding, ByteView signed_bytes, ByteView signature) {
  return hostcrypto::verify_sha256(public_key(key_encoding).get(), signed_bytes, signature);
}

bool is_date(ByteView value) {
  if (value.size() != 8) return false;
  for (std::uint8_t c : value)
    if (c < '0' || c > '9') return false;
  return true;
}

const Bytes& text(std::uint16_t fid) {
  return issuer_file(ci::kTextDf, fid);
}
const Bytes& surface(std::uint16_t fid) {
  return issuer_file(ci::kSurfaceDf, fid);
}
// The key EF 0004 certifies: the issuer key that signs the 券面 records.
ByteView issuer_key(std::uint8_t df) {
  return cv_certificate(issuer_file(df, 0x0004)).key;
}

}  // namespace

TEST_CASE("myna-card: text 0001 is 17 bytes, an FF10 object of 15 and two filler bytes",
          "[card-info][myna-card][layout]") {
  const Bytes& file = text(0x0001);
  REQUIRE(file.size() == 17);
  const iso7816::BerTlv object = ber(file);
  CHECK(object.tag == 0xFF10);
  CHECK(object.total_size() == 15);
  CHECK(Bytes(object.value.begin(), object.value.end()) ==
        Bytes(kCollationA.begin(), kCollationA.end()));
  CHECK(to_hex(ByteView(file).last(2)) == "FF FF");
}

TEST_CASE("myna-card: text 0003 digests cover 0001 with its filler and 0002 without DF21",
          "[card-info][myna-card][layout]") {
  const Bytes& file = text(0x0003);
  CHECK(file.size() == 336);
  CHECK(to_hex(ByteView(file).first(5)) == "FF 30 82 01 4B");
  const Fields integrity(file, 0xFF30);
  CHECK(integrity.tags() == std::vector<std::uint32_t>{0xDF31, 0xDF32, 0xDF33});
  const Bytes my_number_digest(integrity.get(0xDF31).begin(), integrity.get(0xDF31).end());
  const Bytes attributes_digest(integrity.get(0xDF32).begin(), integrity.get(0xDF32).end());
  // DF31: SHA-256 of the My Number file as stored, filler included; not of the 15-byte object.
  const Bytes& physical = text(0x0001);
  CHECK(my_number_digest == hostcrypto::sha256(physical));
  CHECK(my_number_digest != hostcrypto::sha256(ByteView(physical).first(15)));
  Bytes changed_filler = physical;
  changed_filler[16] ^= 0x01;
  CHECK(my_number_digest != hostcrypto::sha256(changed_filler));
  // DF32: SHA-256 of FF20's value after the DF21 offset table; neither the file nor file[3..].
  const Bytes& attributes = text(0x0002);
  const iso7816::BerTlv outer = ber(attributes);
  const iso7816::BerTlv table = ber(outer.value);
  REQUIRE(table.tag == 0xDF21);
  CHECK(attributes_digest == hostcrypto::sha256(outer.value.subspan(table.total_size())));
  CHECK(attributes_digest != hostcrypto::sha256(attributes));
  CHECK(attributes_digest != hostcrypto::sha256(ByteView(attributes).subspan(3)));
  // DF33: sha256WithRSA over the DF31 and DF32 objects, by the key EF 0004 certifies.
  CHECK(integrity.get(0xDF33).size() == 256);
  CHECK(verifies(issuer_key(ci::kTextDf), integrity.before(0xDF33), integrity.get(0xDF33)));
  Bytes tampered = integrity.before(0xDF33);
  tampered[5] ^= 0x01;
  CHECK_FALSE(verifies(issuer_key(ci::kTextDf), tampered, integrity.get(0xDF33)));
}

TEST_CASE("myna-card: text 0002 is FF20 with a DF21 table that agrees with DF22..DF25",
          "[card-info][myna-card][layout]") {
  const Fields attributes(text(0x0002), 0xFF20, 0xDF21);
  CHECK(attributes.tags() == std::vector<std::uint32_t>{0xDF22, 0xDF23, 0xDF24, 0xDF25});
  const std::string name(attributes.get(0xDF22).begin(), attributes.get(0xDF22).end());
  CHECK(name.find("\u3000") != std::string::npos);  // family U+3000 given
  CHECK(to_hex(attributes.get(0xDF24)) == to_hex(ascii("19800217")));
  CHECK(attributes.get(0xDF25).size() == 1);
}

TEST_CASE("myna-card: both 0004 are 7F21 CV certificates by the CV root, key ids shaped",
          "[card-info][myna-card][layout]") {
  for (std::uint8_t df : {ci::kTextDf, ci::kSurfaceDf}) {
    INFO("application " << int(df));
    const Bytes& file = issuer_file(df, 0x0004);
    CHECK(file.size() == 568);
    CHECK(to_hex(ByteView(file).first(9)) == "7F 21 82 02 33 5F 4E 82 01");
    const CvCertificate cert = cv_certificate(file);
    const auto& root = test_cv_authority();
    CHECK(Bytes(cert.issuer.begin(), cert.issuer.end()) ==
          Bytes(root.root_key_id().begin(), root.root_key_id().end()));
    CHECK(hostcrypto::verify_sha256(root.root_public_key(), cert.body, cert.signature));
  }
}

TEST_CASE("myna-card: text 0005 is FF40: 01 03 0E 01, a key id other than 0004's, 32 + 96 FF",
          "[card-info][myna-card][layout]") {
  const Fields basic(text(0x0005), 0xFF40);
  CHECK(basic.tags() == std::vector<std::uint32_t>{0xDF41, 0xDF42, 0xDF43});
  CHECK(to_hex(basic.get(0xDF41)) == "01 03 0E 01");
  CHECK(is_key_id(basic.get(0xDF42)));
  CHECK(to_hex(basic.get(0xDF42).first(7)).substr(3) == to_hex(ascii("000034")));  // "x000034"
  CHECK(to_hex(basic.get(0xDF42)) != to_hex(cv_certificate(text(0x0004)).subject));
  const ByteView trailing = basic.get(0xDF43);
  REQUIRE(trailing.size() == 128);
  CHECK(to_hex(trailing.subspan(32)) == to_hex(Bytes(96, 0xFF)));
  CHECK(to_hex(trailing.first(32)).find("FF FF FF FF") == std::string::npos);
}

TEST_CASE("myna-card: text 0006 is A1 {90 91}; 0007 is FF50, DF51 the key of 0013, DF52 by 0004",
          "[card-info][myna-card][layout]") {
  const iso7816::BerTlv session = ber(text(0x0006));
  CHECK(session.tag == 0xA1);
  const Bytes session_modulus = modulus_of(session.value);
  CHECK(public_key(session.value) != nullptr);
  const Fields signed_key(text(0x0007), 0xFF50);
  CHECK(signed_key.tags() == std::vector<std::uint32_t>{0xDF51, 0xDF52});
  const ByteView key = signed_key.get(0xDF51);
  CHECK(key.size() == 265);
  CHECK(modulus_of(key) == issued_card().keys.text_ap.modulus);  // the card's own 0013
  CHECK(verifies(issuer_key(ci::kTextDf), signed_key.before(0xDF52), signed_key.get(0xDF52)));
  // Three different keys: session, the AP's signing key, the issuer's.
  CHECK(session_modulus != modulus_of(key));
  CHECK(session_modulus != modulus_of(issuer_key(ci::kTextDf)));
}

TEST_CASE("myna-card: text 0008 and surface 0006 are sixteen FF",
          "[card-info][myna-card][layout]") {
  CHECK(text(0x0008) == Bytes(16, 0xFF));
  CHECK(surface(0x0006) == Bytes(16, 0xFF));
}

TEST_CASE("myna-card: surface 0001 is FF10 82 02 1E: date, the card key, a signature over both",
          "[card-info][myna-card][layout]") {
  const Bytes& file = surface(0x0001);
  CHECK(to_hex(ByteView(file).first(5)) == "FF 10 82 02 1E");
  const Fields age(file, 0xFF10);
  CHECK(age.tags() == std::vector<std::uint32_t>{0xDF11, 0xDF12, 0xDF13});
  CHECK(to_hex(age.get(0xDF11)) == to_hex(ascii("19800217")));
  CHECK(modulus_of(age.get(0xDF12)) == issued_card().keys.surface_ap.modulus);
  CHECK(verifies(issuer_key(ci::kSurfaceDf), age.before(0xDF13), age.get(0xDF13)));
  // tests/signatures.rs: the card key the record carries is not the key that signed it.
  CHECK(modulus_of(age.get(0xDF12)) != modulus_of(issuer_key(ci::kSurfaceDf)));
  CHECK_FALSE(verifies(age.get(0xDF12), age.before(0xDF13), age.get(0xDF13)));
}

TEST_CASE("myna-card: surface 0002 card face: DF21 table, one DigestInfo of three SHA-256",
          "[card-info][myna-card][layout]") {
  const Fields face(surface(0x0002), 0xFF20, 0xDF21);
  CHECK(face.tags() == std::vector<std::uint32_t>{0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27,
                                                  0xDF28, 0xDF29, 0xDF2A});
  CHECK(is_date(face.get(0xDF22)));
  CHECK(face.get(0xDF23).size() == 1);
  CHECK(modulus_of(face.get(0xDF24)) == issued_card().keys.surface_ap.modulus);
  const std::string png = "89 50 4E 47 0D 0A 1A 0A";
  CHECK(to_hex(face.get(0xDF25).first(8)) == png);                         // name
  CHECK(to_hex(face.get(0xDF26).first(8)) == png);                         // address
  CHECK(to_hex(face.get(0xDF27).subspan(4, 4)) == to_hex(ascii("jP  ")));  // JPEG 2000 (JP2)
  CHECK(to_hex(face.get(0xDF29)) == to_hex(ascii("20350217")));  // expiry, after the signature
  CHECK(to_hex(face.get(0xDF2A).first(8)) == png);               // security code
  // DF28: PKCS#1 v1.5 over DigestInfo(SHA-256 || SHA-256 || SHA-256) of DF22-24, DF25-26, DF27.
  Bytes digests = hostcrypto::sha256(face.of({0xDF22, 0xDF23, 0xDF24}));
  append(digests, hostcrypto::sha256(face.of({0xDF25, 0xDF26})));
  append(digests, hostcrypto::sha256(face.of({0xDF27})));
  Bytes digest_info = hex("30 71 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 60");
  append(digest_info, digests);
  const auto key = public_key(issuer_key(ci::kSurfaceDf));
  CHECK(hostcrypto::verify_digest_info(key.get(), digest_info, face.get(0xDF28)));
  digest_info.back() ^= 0x01;
  CHECK_FALSE(hostcrypto::verify_digest_info(key.get(), digest_info, face.get(0xDF28)));
}

TEST_CASE("myna-card: surface 0003 is FF30: 06 03 0E 01, key id, version, municipality, DF35",
          "[card-info][myna-card][layout]") {
  const Fields basic(surface(0x0003), 0xFF30);
  CHECK(basic.tags() == std::vector<std::uint32_t>{0xDF31, 0xDF32, 0xDF33, 0xDF34, 0xDF35});
  CHECK(to_hex(basic.get(0xDF31)) == "06 03 0E 01");
  CHECK(is_key_id(basic.get(0xDF32)));
  CHECK(to_hex(basic.get(0xDF32).first(7)).substr(3) == to_hex(ascii("000024")));  // "x000024"
  CHECK(to_hex(basic.get(0xDF33)) == "00");  // the test card's version (tests/signatures.rs)
  CHECK(to_hex(basic.get(0xDF34)) == to_hex(ascii("13101")));
  const ByteView df35 = basic.get(0xDF35);
  REQUIRE(df35.size() == 16 + 256);
  CHECK(is_key_id(df35.first(16)));
}

TEST_CASE("myna-card: surface 0005 is FF40: PNG, the card key, a signature over both",
          "[card-info][myna-card][layout]") {
  const Fields image(surface(0x0005), 0xFF40);
  CHECK(image.tags() == std::vector<std::uint32_t>{0xDF41, 0xDF42, 0xDF43});
  CHECK(to_hex(image.get(0xDF41).first(8)) == "89 50 4E 47 0D 0A 1A 0A");
  CHECK(modulus_of(image.get(0xDF42)) == issued_card().keys.surface_ap.modulus);
  CHECK(verifies(issuer_key(ci::kSurfaceDf), image.before(0xDF43), image.get(0xDF43)));
}

TEST_CASE("myna-card: 共通 0001 record 1 is 01 1C: serial 15, municipality 5, expiry YYYYMMDD",
          "[card-info][myna-card][layout]") {
  const Bytes& stored = issuer_file(ci::kCommonDf, 0x0001);  // length byte + record
  REQUIRE(stored.size() >= 31);
  REQUIRE(stored[0] == 30);
  const ByteView record = ByteView(stored).subspan(1, 30);
  CHECK(to_hex(record.first(2)) == "01 1C");
  const ByteView digits = record.subspan(2);
  for (std::uint8_t c : digits) CHECK((c >= '0' && c <= '9'));
  CHECK(to_hex(digits.subspan(15, 5)) == to_hex(ascii("13101")));  // = surface 0003 DF34
  CHECK(to_hex(digits.subspan(20)) == to_hex(ascii("20350217")));  // = surface 0002 DF29
}

TEST_CASE("myna-card: GET DATA 00F8 and 7F21 answer the template's contents; the chain links",
          "[card-info][myna-card][layout][mf]") {
  // tests/fixtures/README.md: "the contents of the 7F21 template without the template itself".
  const Bytes& upper = issuer_file(0, 0x00F8);
  const Bytes& lower = issuer_file(0, 0x7F21);
  CHECK(to_hex(ByteView(upper).first(2)) == "5F 4E");
  CHECK(to_hex(ByteView(lower).first(2)) == "5F 4E");
  const CvCertificate first = cv_certificate(upper);
  const CvCertificate second = cv_certificate(lower);
  const auto& root = test_cv_authority();
  // mf.rs certificate_chain: the first by a CA key from outside the card, each next one by the
  // key the one above certifies.
  CHECK(hostcrypto::verify_sha256(root.root_public_key(), first.body, first.signature));
  CHECK(to_hex(second.issuer) == to_hex(first.subject));
  CHECK(verifies(first.key, second.body, second.signature));
  CHECK(modulus_of(second.key) == issued_card().keys.common_ap.modulus);
}
