// NAME=VALUE lines of PIN values (reader/client/pin_values), shared by `mynatool conformance` and
// `mynasim replay`: catalog names only, comments and blank lines skipped, errors name the line.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "reader/client/pin_values.hpp"

using mynasim::client::parse_pin_values;

TEST_CASE("PIN values: catalog names, comments and CRLF") {
  const auto values = parse_pin_values("# test card\r\nauth=1234\r\n\r\nsign=DEMOPASS1\n", "$P");
  REQUIRE(values.size() == 2);
  CHECK(values.at("auth") == "1234");
  CHECK(values.at("sign") == "DEMOPASS1");
}

TEST_CASE("PIN values: a bad line is named, its value never") {
  CHECK_THROWS_WITH(parse_pin_values("auth=1234\nsecret\n", "$P"),
                    "$P line 2: expected NAME=VALUE");
  CHECK_THROWS_WITH(
      parse_pin_values("pin=1234\n", "descriptor 3"),
      Catch::StartsWith("descriptor 3 line 1: unknown PIN \"pin\" (known: auth|sign|"));
}
