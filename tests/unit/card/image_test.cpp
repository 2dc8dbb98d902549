// Loading card images: a bad file is refused with a message that says what is wrong, and never
// half-loaded (DESIGN "The card"; card/store/object_store.hpp).
#include <catch2/catch.hpp>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

std::string load_error(Bytes image,
                       const card::CardProfile& profile = card::my_number_card_profile()) {
  card::store::MemoryStorage storage(std::move(image));
  card::SeededRandom random(1);
  FixedClock clock;
  card::Env env{random, clock, storage};
  auto loaded = card::Card::load(env, profile);
  CHECK(loaded.card == nullptr);
  return loaded.error;
}

}  // namespace

TEST_CASE("a foreign file is refused as not a card image", "[image]") {
  const Bytes png = hex("89 50 4E 47 0D 0A 1A 0A 00 00 00 0D 49 48 44 52");
  CHECK_THAT(load_error(png), Catch::Contains("not a mynasim card image"));
}

TEST_CASE("a truncated image is refused as truncated", "[image]") {
  Bytes image = issued_card().image;
  image.resize(image.size() / 2);
  CHECK_THAT(load_error(image), Catch::Contains("truncated"));
  image.resize(5);
  CHECK_THAT(load_error(image), Catch::Contains("truncated"));
}

TEST_CASE("a corrupted image is refused as corrupted", "[image]") {
  Bytes image = issued_card().image;
  image[image.size() / 2] ^= 0x01;
  CHECK_THAT(load_error(image), Catch::Contains("corrupted"));
}

TEST_CASE("an image of another profile is refused by name", "[image]") {
  CHECK_THAT(load_error(issued_card().image, card::android_token_profile()),
             Catch::Contains("written for card profile 'mynumber-card', not 'jpki-token/android'"));
}

TEST_CASE("personalization refuses bad holder data and bad PINs without naming the PIN",
          "[image][personalize]") {
  card::store::MemoryStorage storage;
  card::SeededRandom random(1);
  FixedClock clock;
  card::Env env{random, clock, storage};
  const auto& profile = card::my_number_card_profile();
  card::Credentials bad_pin = test_credentials();
  bad_pin.auth_pin = "98765";
  auto result = card::begin_personalization(env, profile, test_holder(), bad_pin, nullptr);
  CHECK_FALSE(result.ok);
  CHECK(result.error == "user-authentication PIN must be 4 digits");
  card::Credentials bad_password = test_credentials();
  bad_password.sign_password = "lower12";
  result = card::begin_personalization(env, profile, test_holder(), bad_password, nullptr);
  CHECK(result.error == "signature password must be 6 to 16 characters of A-Z and 0-9");
  CHECK(result.error.find("lower12") == std::string::npos);
  card::HolderRecord holder = test_holder();
  holder.birth_date = "1980-02-17";
  result = card::begin_personalization(env, profile, holder, test_credentials(), nullptr);
  CHECK(result.error == "birth date must be YYYYMMDD (8 digits)");
  holder = test_holder();
  holder.my_number = "12345";
  result = card::begin_personalization(env, profile, holder, test_credentials(), nullptr);
  CHECK(result.error == "My Number must be 12 digits");
  Bytes nothing;
  CHECK(storage.read_all(nothing).error == card::store::StoreError::kNotFound);  // nothing written
}

TEST_CASE("certificates for another key are refused and nothing is written",
          "[image][personalize]") {
  card::store::MemoryStorage storage(issued_card().image);
  card::SeededRandom random(1);
  FixedClock clock;
  card::Env env{random, clock, storage};
  card::JpkiCertificates swapped = issued_card().certificates;
  std::swap(swapped.auth, swapped.sign);
  auto result = card::install_certificates(env, card::my_number_card_profile(), swapped);
  CHECK_FALSE(result.ok);
  CHECK(result.error ==
        "the user-authentication certificate is not for this card's authentication key");
  Bytes image;
  REQUIRE(storage.read_all(image).ok());
  CHECK(image == issued_card().image);
}
