// READ RECORD on a record EF, with a small profile of its own: the runtime is generic. The 共通
// and 住基 APs' record EFs on the real profile are in common_ap_test.cpp.
#include <catch2/catch.hpp>

#include "card/runtime/object_ids.hpp"
#include "card/store/object_store.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

const card::CardProfile& record_profile() {
  static const card::CardProfile kProfile = [] {
    card::CardProfile p;
    p.name = "test/records";
    p.atr = hex("3B 80 80 01 01");
    p.isd_aid = hex("A0 00 00 01 51 00 00");
    p.dfs = {card::DfSpec{9,
                          "records",
                          hex("D3 92 10 00 31 00 01 01 01 00"),
                          {{0x0001, card::EfType::kRecord, "free records", {}, {}, {}},
                           {0x0002,
                            card::EfType::kRecord,
                            "protected records",
                            card::AccessRule::pin(0x001C),
                            {},
                            {}},
                           {0x001C,
                            card::EfType::kPin,
                            "PIN",
                            card::AccessRule::never(),
                            {},
                            card::PinSpec{card::PinCharset::kDigits, 4, 4, 3}}}}};
    return p;
  }();
  return kProfile;
}

Bytes record_image() {
  card::store::MemoryStorage storage;
  card::store::ObjectStore store(storage);
  card::SeededRandom random(3);
  std::map<card::store::ObjectId, Bytes> objects;
  const std::string name(record_profile().name);
  objects[card::object_id(card::ObjectKind::kMeta, 0, card::kMetaProfileName)] =
      Bytes(name.begin(), name.end());
  // Stored form: a length byte before each record. Record 1: simple-TLV 01 03 'A' 'B' 'C';
  // record 2: 02 01 'Z'.
  objects[card::object_id(card::ObjectKind::kEfContent, 9, 0x0001)] =
      hex("05 01 03 41 42 43 03 02 01 5A");
  objects[card::object_id(card::ObjectKind::kEfContent, 9, 0x0002)] = hex("02 AA BB");
  REQUIRE(store.format(objects).ok());
  Bytes image;
  REQUIRE(storage.read_all(image).ok());
  return image;
}

}  // namespace

TEST_CASE("READ RECORD by number in the current EF and by SFI", "[read][record]") {
  TestCard t(record_image(), record_profile());
  CHECK(t.tx("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 01 00") == "90 00");
  CHECK(t.tx("00 B2 01 0C 00") == "01 03 41 42 43 90 00");  // SFI 1, as myna reads 共通 EF 0001
  CHECK(t.tx("00 B2 02 04 00") == "02 01 5A 90 00");        // the EF is now current
  CHECK(t.tx("00 B2 01 04 02") == "01 03 90 00");           // Le shorter than the record
  CHECK(t.tx("00 B2 03 04 00") == "6A 83");                 // no third record
  CHECK(t.tx("00 B2 00 04 00") == "6A 86");                 // record 0
  CHECK(t.tx("00 B2 01 05 00") == "6A 86");                 // P2 b3-b1 other than 100
  CHECK(t.tx("00 B2 01 04") == "67 00");                    // no Le
  CHECK(t.tx("00 B0 00 00 00") == "69 81");                 // READ BINARY on a record EF
}

TEST_CASE("READ RECORD follows the EF's access rule", "[read][record][access]") {
  TestCard t(record_image(), record_profile());
  CHECK(t.tx("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 01 00") == "90 00");
  CHECK(t.tx("00 B2 01 14 00") == "69 82");  // SFI 2, PIN not verified
  CHECK(t.tx("00 A4 02 0C 02 00 1C") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C0");  // this image never set the PIN: no tries at all
}

TEST_CASE("READ RECORD with no current EF answers 6986", "[read][record]") {
  TestCard t(record_image(), record_profile());
  CHECK(t.tx("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 01 00") == "90 00");
  CHECK(t.tx("00 B2 01 04 00") == "69 86");
}
