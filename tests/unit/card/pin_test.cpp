// PIN objects: retry query, counting down, blocking, restoring, format rules, CHANGE REFERENCE
// DATA and the security state (reference §3, §4; choices in card/runtime/profile.hpp).
#include <catch2/catch.hpp>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

TEST_CASE("the retry query reports 3 and 5 tries and never consumes one", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  for (int i = 0; i < 5; ++i) CHECK(t.tx("00 20 00 80") == "63 C3");
  CHECK(t.tx("00 A4 02 0C 02 00 1B") == "90 00");
  for (int i = 0; i < 5; ++i) CHECK(t.tx("00 20 00 80") == "63 C5");
}

TEST_CASE("an empty VERIFY with Le is case 2 and answers 6700", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80 00") == "67 00");
  CHECK(t.tx(verify_apdu("1234") + " 00") == "67 00");  // case 4: also refused, nothing spent
  CHECK(t.tx("00 20 00 80") == "63 C3");
}

TEST_CASE("wrong user-authentication PINs count down to 63C0, then 6984 even for the right one",
          "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth("0000") == "63 C2");
  CHECK(t.tx("00 20 00 80") == "63 C2");
  CHECK(t.tx(verify_apdu("1111")) == "63 C1");
  CHECK(t.tx(verify_apdu("2222")) == "63 C0");
  CHECK(t.tx("00 20 00 80") == "63 C0");
  CHECK(t.tx(verify_apdu("1234")) == "69 84");
  CHECK(t.tx(verify_apdu("0000")) == "69 84");
  CHECK(t.tx("00 20 00 80") == "63 C0");
  // Blocked for good: not even a reload or reset gives a try back.
  t.reload();
  t.select_jpki();
  CHECK(t.verify_auth() == "69 84");
  // Signing with a blocked PIN's key stays impossible.
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(t.tx("80 2A 00 80 03 01 02 03 00") == "69 82");
}

TEST_CASE("the signature password blocks after 5 wrong tries", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_sign("WRONG1") == "63 C4");
  CHECK(t.tx(verify_apdu("WRONG2")) == "63 C3");
  CHECK(t.tx(verify_apdu("WRONG3")) == "63 C2");
  CHECK(t.tx(verify_apdu("WRONG4")) == "63 C1");
  CHECK(t.tx(verify_apdu("WRONG5")) == "63 C0");
  CHECK(t.tx(verify_apdu("SIGNPASS1")) == "69 84");
}

TEST_CASE("the right PIN restores the counter", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth("9999") == "63 C2");
  CHECK(t.tx(verify_apdu("9998")) == "63 C1");
  CHECK(t.tx(verify_apdu("1234")) == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
  t.card().reset();
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
}

// The real-card trace of OpenSC PR 959 (reference, top): right VERIFY 9000, then the empty VERIFY
// 63C3, never 9000. OpenSC's driver fails on anything but 63Cx, and pkcs11-tool --test --login
// then loses every session. The query must not log the key out either.
TEST_CASE("after a right VERIFY the empty VERIFY still answers 63Cx, and the key stays verified",
          "[pin][security]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
  CHECK(t.tx("00 20 00 80") == "63 C3");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  const Bytes signed_response = t.transmit(hex("80 2A 00 80 03 01 02 03 00"));
  CHECK(signed_response.size() == 258);  // the 256-byte signature and 90 00
  CHECK(t.sw("80 2A 00 80 03 01 02 03 00") == "90 00");
  CHECK(t.verify_sign() == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C5");
}

TEST_CASE("counters survive a reload of the card image", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_sign("NOTIT1") == "63 C4");
  t.reload();
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 1B") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C4");
}

TEST_CASE("a lowercase signature password is a wrong password and costs a try", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_sign("signpass1") == "63 C4");
  CHECK(t.tx(verify_apdu("SIGNPASS1")) == "90 00");
}

TEST_CASE("a value of the wrong length answers 6700 and costs nothing (profile choice)", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth("123") == "67 00");
  CHECK(t.tx(verify_apdu("12345")) == "67 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
  CHECK(t.tx(verify_apdu("12a4")) == "63 C2");  // right length, not digits: compared, wrong
  CHECK(t.verify_sign("ABCDE") == "67 00");
  CHECK(t.tx(verify_apdu("ABCDEFGHIJKLMNOPQ")) == "67 00");  // 17 characters
  CHECK(t.tx("00 20 00 80") == "63 C5");
}

TEST_CASE("VERIFY addresses the key by P2 = 80 + SFI too", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 20 00 98") == "63 C3");  // 0018
  CHECK(t.tx("00 20 00 9B") == "63 C5");  // 001B
  CHECK(t.tx("00 20 00 98 04 31 32 33 34") == "90 00");
  CHECK(t.tx("00 20 00 8A") == "6A 88");  // 000A is not a key reference
  CHECK(t.tx("00 20 00 8C") == "6A 88");  // no such EF
  CHECK(t.tx("00 20 00 00") == "6A 86");
  CHECK(t.tx("00 20 01 80") == "6A 86");
}

TEST_CASE("VERIFY with no current EF answers 6986; on a non-PIN EF 6A88", "[pin]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 20 00 80") == "69 86");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 20 00 80") == "6A 88");
}

TEST_CASE("verified state is cleared by reset, power cycle and SELECT of the DF",
          "[pin][security]") {
  TestCard t;
  auto sign_sw = [&] {
    CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
    Bytes response = t.transmit(hex("80 2A 00 80 03 01 02 03 00"));
    return to_hex(ByteView(response).last(2));
  };
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(sign_sw() == "90 00");
  t.select_jpki();  // SELECT of the DF again
  CHECK(sign_sw() == "69 82");
  CHECK(t.verify_auth() == "90 00");
  t.card().reset();
  t.select_jpki();
  CHECK(sign_sw() == "69 82");
  CHECK(t.verify_auth() == "90 00");
  t.card().power_off();
  CHECK(t.transmit(hex("00 A4 02 0C 02 00 17")).empty());  // unpowered: mute
  t.card().power_on();
  t.select_jpki();
  CHECK(sign_sw() == "69 82");
}

TEST_CASE("a wrong VERIFY drops the key's verified state", "[pin][security]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx(verify_apdu("0000")) == "63 C2");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(t.tx("80 2A 00 80 03 01 02 03 00") == "69 82");
}

TEST_CASE("CHANGE REFERENCE DATA without a prior VERIFY answers 6982", "[pin][change]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 24 01 80 04 35 36 37 38") == "69 82");
  CHECK(t.tx("00 20 00 80") == "63 C3");
}

TEST_CASE("after CHANGE REFERENCE DATA the old PIN fails and the new one works", "[pin][change]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 24 01 80 04 35 36 37 38") == "90 00");
  t.reload();
  t.select_jpki();
  CHECK(t.verify_auth("1234") == "63 C2");
  CHECK(t.tx(verify_apdu("5678")) == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
}

TEST_CASE("CHANGE REFERENCE DATA refuses a badly formed new value and changes nothing",
          "[pin][change]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 24 01 80 03 31 32 33") == "6A 80");
  CHECK(t.tx("00 24 01 80 04 31 32 33 41") == "6A 80");
  CHECK(t.verify_sign() == "90 00");
  CHECK(t.tx(std::string("00 24 01 80 06 ") + to_hex(hex("6E 65 77 70 77 31"))) ==
        "6A 80");                                              // lowercase
  CHECK(t.tx("00 24 01 80 06 4E 45 57 50 57 31") == "90 00");  // NEWPW1
  CHECK(t.tx("00 24 01 80") == "67 00");
  CHECK(t.tx("00 24 00 80 04 31 32 33 34") == "6A 86");
  t.card().reset();
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");  // unchanged
  CHECK(t.verify_sign("NEWPW1") == "90 00");
}

TEST_CASE("CHANGE REFERENCE DATA on a blocked key answers 6984", "[pin][change]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth("0000") == "63 C2");
  CHECK(t.tx(verify_apdu("0000")) == "63 C1");
  CHECK(t.tx(verify_apdu("0000")) == "63 C0");
  CHECK(t.tx("00 24 01 80 04 35 36 37 38") == "69 84");
}
