// What the municipal office may write is profile data (CardProfile::office), not code: the JPKI
// files of both profiles, each naming an EF of the right kind in the JPKI DF. The commands that
// use it are tested byte for byte in office_commands_test.cpp.
#include <catch2/catch.hpp>

#include "card/apps/card_profiles.hpp"
#include "card/apps/jpki/jpki_ap.hpp"

using namespace mynasim;
using namespace mynasim::card;

TEST_CASE("the office writes JPKI's certificate EFs, EF 0008 in step, the serial of EF 0006",
          "[office][profile]") {
  for (const CardProfile* profile : {&my_number_card_profile(), &android_token_profile()}) {
    INFO(profile->name);
    const OfficeSpec& office = profile->office;
    CHECK(office.df_id == jpki::kDfId);
    CHECK(office.presence_ef == 0x0008);
    CHECK(office.presence_of == std::array<std::uint16_t, 2>{0x0001, 0x000A});
    CHECK(office.serial_ef == 0x0006);
    REQUIRE(office.find_certificate(0x0001));
    CHECK(office.find_certificate(0x0001)->key == 0x001A);
    REQUIRE(office.find_certificate(0x000A));
    CHECK(office.find_certificate(0x000A)->key == 0x0017);
    REQUIRE(office.find_certificate(0x0002));
    CHECK(office.find_certificate(0x0002)->key == 0);
    REQUIRE(office.find_certificate(0x000B));
    CHECK(office.find_certificate(0x000B)->key == 0);
    CHECK_FALSE(office.find_certificate(0x0006));
    CHECK_FALSE(office.find_certificate(0x0008));
    CHECK_FALSE(office.find_certificate(0));  // an unused slot is not a certificate

    // Every file it names is a file of that DF, of the kind its use needs.
    const DfSpec* df = profile->find_df(office.df_id);
    REQUIRE(df);
    for (const OfficeCertificate& certificate : office.certificates) {
      const EfSpec* ef = df->find_ef(certificate.fid);
      REQUIRE(ef);
      CHECK(ef->type == EfType::kTransparent);
      if (certificate.key != 0) {
        REQUIRE(df->find_ef(certificate.key));
        CHECK(df->find_ef(certificate.key)->type == EfType::kPrivateKey);
      }
    }
    for (std::uint16_t fid : {office.presence_ef, office.serial_ef}) {
      REQUIRE(df->find_ef(fid));
      CHECK(df->find_ef(fid)->type == EfType::kTransparent);
    }
  }
}
