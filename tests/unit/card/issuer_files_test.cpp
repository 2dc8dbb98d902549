// The issuer's real card-info files (pki/card_info, as mynaca writes them) on the card: every one
// is a file or data object of the profile, and the card hands each back, byte for byte, to the
// credential that opens it.
#include <catch2/catch.hpp>

#include "card/store/memory_storage.hpp"
#include "issuer_files.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

// The credential that opens a file (0 = free), as the profile says.
std::uint16_t opener(std::uint8_t df_id, std::uint16_t fid) {
  if (df_id == 2) return fid == 0x0002 ? 0x0015 : (fid == 0x0004 || fid == 0x0005) ? 0 : 0x0011;
  if (df_id == 3) return fid == 0x0001 ? 0x0011 : (fid == 0x0003 || fid == 0x0004) ? 0 : 0x0013;
  return 0;
}

std::string_view value_of(std::uint8_t df_id, std::uint16_t key) {
  if (df_id == 2) return key == 0x0011 ? kTextPin : kCollationB;
  return key == 0x0011 ? kBirthDateKey : kCollationA;
}

}  // namespace

TEST_CASE("the issuer's files install, and the card hands each back to its credential",
          "[card-info][personalize][issuer]") {
  const auto& files = issuer_files();
  std::vector<card::EfContent> contents;
  for (const auto& file : files) contents.push_back({file.df_id, file.fid, file.content});
  card::store::MemoryStorage storage(issued_card().image);
  card::SeededRandom random(5);
  FixedClock clock;
  card::Env env{random, clock, storage};
  const auto installed = card::install_certificates(env, card::my_number_card_profile(),
                                                    issued_card().certificates, contents);
  INFO(installed.error);
  REQUIRE(installed.ok);
  Bytes image;
  REQUIRE(storage.read_all(image).ok());

  const std::vector<std::string_view> aids = {"", "", kTextAid, kSurfaceAid, kCommonAid, kJukiAid};
  std::size_t checked = 0;
  for (const auto& file : files) {
    INFO("application " << int(file.df_id) << " EF/tag " << file.fid);
    TestCard t(image);
    if (file.df_id == 0) {  // a GET DATA object at the MF level, extended Le for any size
      Bytes command = {0x00,
                       0xCA,
                       static_cast<std::uint8_t>(file.fid >> 8),
                       static_cast<std::uint8_t>(file.fid),
                       0x00,
                       0x00,
                       0x00};
      Bytes expected = file.content;
      expected.push_back(0x90);
      expected.push_back(0x00);
      CHECK(t.transmit(command) == expected);
      ++checked;
      continue;
    }
    t.select_df(aids.at(file.df_id));
    if (file.df_id >= 4) {  // a record EF: stored form is length byte + record
      Bytes select = hex("00 A4 02 0C 02");
      append_u16(select, file.fid);
      REQUIRE(to_hex(t.transmit(select)) == "90 00");
      const std::size_t length = file.content.at(0);
      Bytes expected(file.content.begin() + 1, file.content.begin() + 1 + length);
      expected.push_back(0x90);
      expected.push_back(0x00);
      CHECK(t.transmit(hex("00 B2 01 04 00")) == expected);
      ++checked;
      continue;
    }
    if (const std::uint16_t key = opener(file.df_id, file.fid))
      REQUIRE(t.verify_key(key, value_of(file.df_id, key)) == "90 00");
    CHECK(t.read_ef(file.fid) == file.content);
    ++checked;
  }
  CHECK(checked == files.size());
  CHECK(checked >= 20);
}
