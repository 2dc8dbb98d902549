// APDU traces name the command and never show a PIN.
#include <catch2/catch.hpp>

#include "iso7816/trace.hpp"
#include "tests/unit/iso7816/test_support.hpp"

using namespace mynasim;
using namespace mynasim::iso7816;
using mynasim::iso7816::test::hex;

TEST_CASE("trace: VERIFY and CHANGE REFERENCE DATA show ** for every PIN byte", "[trace]") {
  CHECK(describe_command(hex("00 20 00 80 04 31 32 33 34")) == "VERIFY 00 20 00 80 04 ** ** ** **");
  CHECK(describe_command(hex("00 24 01 80 06 41 42 43 44 45 46")) ==
        "CHANGE REFERENCE DATA 00 24 01 80 06 ** ** ** ** ** **");
  CHECK(describe_command(hex("00 20 00 80 00 00 04 31 32 33 34")) ==
        "VERIFY 00 20 00 80 00 00 04 ** ** ** **");
  CHECK(describe_command(hex("00 2C 00 80 04 31 32 33 34 00")) ==
        "RESET RETRY COUNTER 00 2C 00 80 04 ** ** ** ** 00");
  // The empty VERIFY carries no secret.
  CHECK(describe_command(hex("00 20 00 80")) == "VERIFY 00 20 00 80");
}

TEST_CASE("trace: a malformed VERIFY is shown masked too, never in clear", "[trace]") {
  // Lc says 5 but 4 bytes follow: not parseable, so the data bytes cannot be located exactly.
  const std::string line = describe_command(hex("00 20 00 80 05 31 32 33 34"));
  CHECK(line.find("31 32 33 34") == std::string::npos);
}

TEST_CASE("trace: names and responses", "[trace]") {
  CHECK(describe_command(hex("00 A4 04 0C 02 D3 92")) == "SELECT 00 A4 04 0C 02 D3 92");
  CHECK(describe_command(hex("00 D6 00 10 02 00 D6")) == "UPDATE BINARY 00 D6 00 10 02 00 D6");
  CHECK(describe_command(hex("80 2A 00 80 01 00 00")) ==
        "COMPUTE DIGITAL SIGNATURE 80 2A 00 80 01 00 00");
  CHECK(describe_command(hex("00 FE 00 00")) == "UNKNOWN 00 FE 00 00");
  // Secure messaging: the key delivery is named; CLA 08 keeps the name, a VERIFY stays masked.
  CHECK(describe_command(hex("80 AE 00 00 02 AA BB")) == "SET SESSION KEY 80 AE 00 00 02 AA BB");
  CHECK(describe_command(hex("08 A4 02 0C 03 86 01 01")) == "SELECT 08 A4 02 0C 03 86 01 01");
  CHECK(describe_command(hex("08 20 00 94 03 86 01 01")) == "VERIFY 08 20 00 94 03 ** ** **");
  CHECK(describe_response(hex("69 87")) == "69 87 (SM DATA OBJECTS MISSING)");
  CHECK(describe_command(hex("00 A4")) == "(malformed, 2 bytes) 00 A4");
  CHECK(describe_response(hex("90 00")) == "90 00 (SUCCESS)");
  CHECK(describe_response(hex("01 02 03 63 C2")) == "3 bytes, 63 C2 (TRIES LEFT)");
  CHECK(describe_response(hex("90")) == "(no status word)");
}

TEST_CASE("trace: secret_span locates the secret every trace hides", "[trace]") {
  auto span = [](std::string_view text) {
    const SecretSpan s = secret_span(hex(text));
    return std::to_string(s.begin) + ".." + std::to_string(s.end) +
           (s.malformed ? " malformed" : "");
  };
  CHECK(span("00 20 00 80 04 31 32 33 34") == "5..9");
  CHECK(span("00 2C 00 80 04 31 32 33 34 00") == "5..9");         // Le stays outside
  CHECK(span("00 20 00 80 00 00 04 31 32 33 34") == "7..11");     // extended Lc
  CHECK(span("80 32 00 80 02 AA BB") == "5..7");                  // CHANGE KEY
  CHECK(span("00 20 00 80 05 31 32 33 34") == "4..9 malformed");  // Lc 5, 4 bytes
  CHECK(secret_span(hex("00 20 00 80")).empty());                 // empty VERIFY
  CHECK(secret_span(hex("00 A4 04 0C 02 D3 92")).empty());
  CHECK(secret_span(hex("00 20")).empty());
}
