// Every access rule of the card-info applications as a matrix: each credential opens exactly the
// files it should; everything else answers 6982 (the profile's unverified_access_sw); SELECT of
// another DF closes everything (reference §2.2, §2.3; myna-card text.rs, surface.rs).
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

struct Credential {
  std::string name;
  std::uint16_t key = 0;  // 0: nothing presented
  std::string_view value;
};

// SELECT EF + a one-byte READ BINARY: the status word says whether the file is open.
std::string read_sw(TestCard& t, std::uint16_t fid) {
  Bytes select = hex("00 A4 02 0C 02");
  append_u16(select, fid);
  REQUIRE(to_hex(t.transmit(select)) == "90 00");
  const Bytes response = t.transmit(hex("00 B0 00 00 01"));
  return to_hex(ByteView(response).last(2));
}

void check_matrix(std::string_view aid, const std::vector<std::uint16_t>& files,
                  const std::vector<std::pair<Credential, std::set<std::uint16_t>>>& matrix) {
  for (const auto& [credential, opens] : matrix) {
    TestCard t;
    t.select_df(aid);
    if (credential.key) REQUIRE(t.verify_key(credential.key, credential.value) == "90 00");
    for (auto fid : files) {
      INFO(credential.name << " EF " << fid);
      CHECK(read_sw(t, fid) == (opens.count(fid) ? "90 00" : "69 82"));
    }
  }
}

}  // namespace

TEST_CASE("text AP: the PIN opens all, 照合番号A the My Number, 照合番号B the attributes",
          "[card-info][text][access]") {
  check_matrix(kTextAid, {1, 2, 3, 4, 5, 6, 7, 8},
               {{{"nothing", 0, ""}, {4, 5}},
                {{"PIN 0011", 0x0011, kTextPin}, {1, 2, 3, 4, 5, 6, 7, 8}},
                {{"照合番号A 0014", 0x0014, kCollationA}, {1, 3, 4, 5, 6, 7, 8}},
                {{"照合番号B 0015", 0x0015, kCollationB}, {2, 3, 4, 5, 6, 7, 8}}});
}

TEST_CASE("surface AP: 生年月日 opens the age record, A the face and My Number image, B the face",
          "[card-info][surface][access]") {
  check_matrix(kSurfaceAid, {1, 2, 3, 4, 5, 6},
               {{{"nothing", 0, ""}, {3, 4}},
                {{"生年月日 0011", 0x0011, kBirthDateKey}, {1, 3, 4}},
                {{"照合番号B 0012", 0x0012, kCollationB}, {2, 3, 4, 6}},
                {{"照合番号A 0013", 0x0013, kCollationA}, {2, 3, 4, 5, 6}}});
}

TEST_CASE("共通 and 住基 record EFs are free; their PIN opens nothing more",
          "[card-info][common][access]") {
  TestCard t;
  t.select_df(kCommonAid);
  CHECK(t.sw("00 B2 01 0C 00") == "90 00");
  CHECK(t.sw("00 B2 01 14 00") == "90 00");
  t.select_df(kJukiAid);
  CHECK(t.sw("00 B2 01 14 00") == "90 00");
  CHECK(t.sw("00 B2 01 0C 00") == "6A 82");  // 住基 has no EF 0001
}

TEST_CASE("a credential of one DF opens nothing after SELECT of another DF",
          "[card-info][access][security]") {
  TestCard t;
  t.select_df(kTextAid);
  REQUIRE(t.verify_key(0x0011, kTextPin) == "90 00");
  CHECK(read_sw(t, 0x0001) == "90 00");
  t.select_df(kSurfaceAid);
  CHECK(read_sw(t, 0x0002) == "69 82");  // surface 0013 is another key with the same value
  t.select_df(kTextAid);
  CHECK(read_sw(t, 0x0001) == "69 82");
  CHECK(read_sw(t, 0x0002) == "69 82");

  REQUIRE(t.verify_key(0x0014, kCollationA) == "90 00");
  CHECK(read_sw(t, 0x0001) == "90 00");
  t.select_df(kTextAid);  // re-SELECT of the same DF closes too
  CHECK(read_sw(t, 0x0001) == "69 82");

  t.select_df(kSurfaceAid);
  REQUIRE(t.verify_key(0x0013, kCollationA) == "90 00");
  CHECK(read_sw(t, 0x0005) == "90 00");
  t.select_df(kIsdAid);
  t.select_df(kSurfaceAid);
  CHECK(read_sw(t, 0x0005) == "69 82");
}

TEST_CASE("a wrong VERIFY closes what its key had opened", "[card-info][access][security]") {
  TestCard t;
  t.select_df(kTextAid);
  REQUIRE(t.verify_key(0x0015, kCollationB) == "90 00");
  CHECK(read_sw(t, 0x0002) == "90 00");
  CHECK(t.verify_key(0x0015, "55021720359999") == "63 C9");
  CHECK(read_sw(t, 0x0002) == "69 82");
}
