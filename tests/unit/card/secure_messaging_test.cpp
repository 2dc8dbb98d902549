// Secure messaging on the text application, byte for byte (myna-card src/sm.rs, measured on a
// card, reference §9): SET SESSION KEY, the counter rules, the data objects, the status words and
// what they do, and the session cleared like a security status.
#include <catch2/catch.hpp>

#include "sm_session.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

Bytes my_number_file() {
  Bytes file{0xFF, 0x10, 0x0C};
  append(file, Bytes(kCollationA.begin(), kCollationA.end()));
  file.push_back(0xFF);
  file.push_back(0xFF);
  return file;
}

std::string set_session_key(TestCard& t, ByteView data) {
  return to_hex(
      t.transmit(iso7816::build_command(
                     iso7816::make_command(0x80, 0xAE, 0x00, 0x00, Bytes(data.begin(), data.end())))
                     .value()));
}

Bytes delivery(ByteView message) {
  return client::rsa_oaep_sha256_encrypt(sm_card_key(), message);
}

}  // namespace

TEST_CASE(
    "SM cipher: IV = AES(key, N), CBC with 80 00 padding (vectors from Python's cryptography)",
    "[sm]") {
  const client::SmCipher cipher(sm_test_seed());
  CHECK(to_hex(cipher.iv(1)) == "73 46 13 95 95 C0 B4 1E 49 7B BD E3 65 F4 2D 0A");
  CHECK(to_hex(cipher.iv(2)) == "49 D6 87 53 99 9B A6 8C E3 89 7A 68 60 81 B0 9D");
  CHECK(to_hex(cipher.wrap(1, Bytes{'2', '4', '6', '8'})) ==
        "86 11 01 57 51 BC 89 F5 18 89 8D F8 9C 5E E4 D5 6D 24 B9");
  CHECK(to_hex(cipher.wrap(2, Bytes{0x00, 0x01})) ==
        "86 11 01 46 D4 CA AC 31 3B 21 DA 35 E3 FE 7C 43 5C 31 50");
  // A whole block grows by a whole block of padding.
  CHECK(to_hex(cipher.wrap(3, Bytes(16, 0x00))) ==
        "86 21 01 2E 6D 45 05 83 80 E7 D3 1F B8 5D F7 76 D3 E7 F1 81 5B B9 10 63 5F 9A F3 00 5C "
        "E1 F8 CD EA 24 7D");
  CHECK(cipher.unwrap(3, cipher.wrap(3, Bytes(16, 0x00))) == Bytes(16, 0x00));
  CHECK_THROWS(cipher.unwrap(4, cipher.wrap(3, Bytes{0x00, 0x01})));
}

TEST_CASE("SET SESSION KEY: the text PIN in the clear first; only A0 { 80 20 seed } opens",
          "[sm][card-info][text]") {
  TestCard t;
  Bytes right{0xA0, 0x22, 0x80, 0x20};
  append(right, sm_test_seed());
  t.select_df(kTextAid);
  CHECK(set_session_key(t, delivery(right)) == "69 82");
  REQUIRE(t.verify_key(0x0014, kCollationA) == "90 00");
  CHECK(set_session_key(t, delivery(right)) == "69 82");  // 照合番号A does not open it
  REQUIRE(t.verify_key(0x0011, kTextPin) == "90 00");

  // The forms with a CCS key, alone or beside the encryption key: 6A80.
  Bytes ccs{0xA0, 0x22, 0x81, 0x20};
  append(ccs, sm_test_seed());
  CHECK(set_session_key(t, delivery(ccs)) == "6A 80");
  Bytes both{0xA0, 0x44, 0x80, 0x20};
  append(both, sm_test_seed());
  append(both, Bytes{0x81, 0x20});
  append(both, sm_test_seed());
  CHECK(set_session_key(t, delivery(both)) == "6A 80");
  // A short seed, a trailing byte, another outer tag: 6A80.
  CHECK(set_session_key(t, delivery(ByteView(right).first(35))) == "6A 80");
  Bytes longer = right;
  longer.push_back(0x00);
  CHECK(set_session_key(t, delivery(longer)) == "6A 80");
  Bytes other = right;
  other[0] = 0xA1;
  CHECK(set_session_key(t, delivery(other)) == "6A 80");
  // Not OAEP under this key: below the modulus 6A80, at or above it 6F00 (myna-card text.rs).
  CHECK(set_session_key(t, Bytes(256, 0x01)) == "6A 80");
  CHECK(set_session_key(t, Bytes(256, 0xFF)) == "6F 00");
  CHECK(set_session_key(t, ByteView(delivery(right)).first(255)) == "6A 80");
  // None of those opened anything: SM answers as with no session.
  CHECK(t.tx("08 A4 02 0C 02 00 01") == "68 82");

  CHECK(set_session_key(t, delivery(right)) == "90 00");
  SmSession sm(t);  // and again, from the start: a new delivery replaces the session
  CHECK(sm.select(0x0001) == "90 00");
}

TEST_CASE("SET SESSION KEY keeps the other applications' answers", "[sm]") {
  TestCard t;
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");  // MF level
  t.select_jpki();
  REQUIRE(t.verify_auth() == "90 00");
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");
  t.select_df(kSurfaceAid);
  CHECK(t.tx("80 AE 00 00 02 00 00") == "66 F1");
  t.select_df(kCommonAid);
  CHECK(t.tx("80 AE 00 00 02 00 00") == "66 F1");
  t.select_df(kJukiAid);
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");
}

TEST_CASE("SM: VERIFY 照合番号A, SELECT and READ BINARY of the My Number, exact bytes",
          "[sm][card-info][text]") {
  TestCard t;
  SmSession sm(t);
  CHECK(sm.verify(0x94, kCollationA) == "90 00");  // N = 1, 0014 by its short EF identifier
  CHECK(sm.select(0x0001) == "90 00");             // N = 2
  const Bytes file = my_number_file();
  // N = 3: 96 03 00 00 00 asks for the whole file, filler included, in one 86 object.
  CHECK(sm.read(0, 0) == sm.encrypted(3, file));
  CHECK(sm.read(0, 0) == "86 21 01" + sm.encrypted(4, file).substr(8));
  // An exact length, an offset; past the end the plain read's answers, in the clear.
  CHECK(sm.read(3, 12) == sm.encrypted(5, ByteView(file).subspan(3, 12)));
  CHECK(sm.read(17, 0) == "6B 00");
  CHECK(sm.read(0, 0) == sm.encrypted(7, file));  // the refused read still took N = 6

  // The attributes: a long response object (86 81 xx / 86 82 xx xx), the same bytes as plain.
  const Bytes attributes = t.read_ef(0x0002);  // plain commands do not move N
  CHECK(sm.select(0x0002) == "90 00");
  CHECK(sm.read(0, 0) == sm.encrypted(9, attributes));
}

TEST_CASE("SM: a command the application refuses still advances N; plain ones do not",
          "[sm][card-info][text]") {
  TestCard t;
  SmSession sm(t);
  CHECK(sm.verify(0x94, "537686677189") == "63 C9");  // wrong 照合番号A: a try spent, N = 1
  CHECK(sm.verify(0x92, "1234") == "69 84");          // 0012, blocked from issuance: N = 2
  CHECK(sm.select(0x0099) == "6A 82");                // no such EF: N = 3
  CHECK(sm.select(0x0001) == "90 00");                // N = 4
  CHECK(sm.verify(0x80, "1234") == "6A 88");          // the current EF is no key: N = 5
  // Plain commands between: N stays at 6.
  CHECK(t.tx("00 A4 02 0C 02 00 14") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C9");
  CHECK(sm.verify(0x94, kCollationA) == "90 00");  // N = 6; the right value restores the tries
  CHECK(t.tx("00 A4 02 0C 02 00 15") == "90 00");
  // An empty value under SM is the empty VERIFY: tries left, nothing spent.
  CHECK(sm.verify(0x95, "") == "63 CA");  // N = 7
  CHECK(sm.select(0x0001) == "90 00");    // N = 8
  CHECK(sm.read(0, 17) == sm.encrypted(9, my_number_file()));
  CHECK(sm.verify(0x95, kCollationB) == "90 00");  // 照合番号B: N = 10
  CHECK(t.tx("00 A4 02 0C 02 00 15") == "90 00");
  CHECK(t.tx("00 20 00 80 0E " + to_hex(Bytes(kCollationB.begin(), kCollationB.end()))) ==
        "90 00");  // the same value in the clear: the key took it
}

TEST_CASE("SM: a wrong counter answers 6988 and destroys the session; then 69FC",
          "[sm][card-info][text]") {
  TestCard t;
  SmSession sm(t);
  CHECK(sm.select(0x0001) == "90 00");
  // N is 2; a SELECT under N = 3 does not strip its padding.
  CHECK(to_hex(t.transmit(sm.command(0xA4, 0x02, 0x0C, Bytes{0x00, 0x01}, 3))) == "69 88");
  // Every later SM command, right counter or not, SELECT included: 69FC.
  CHECK(to_hex(t.transmit(sm.command(0xA4, 0x02, 0x0C, Bytes{0x00, 0x01}, 2))) == "69 FC");
  CHECK(to_hex(t.transmit(sm.command(0x20, 0x00, 0x94, Bytes{'1'}, 3))) == "69 FC");
  CHECK(t.tx("08 B0 00 00 05 96 03 00 00 00 00") == "69 FC");
  CHECK(t.tx("0C B0 00 00 05 96 03 00 00 00 00") == "69 FC");
  CHECK(t.tx("08 2A 00 80 01 00 00") == "69 FC");
  // Plain commands are untouched: the PIN is still verified.
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  CHECK(t.tx("00 B0 00 00 11") == to_hex(my_number_file()) + " 90 00");
  // A new SET SESSION KEY opens a new session at N = 1.
  SmSession again(t);
  CHECK(again.select(0x0001) == "90 00");
}

TEST_CASE("SM: exactly one object of the command's own tag, indicator 01, whole blocks",
          "[sm][card-info][text]") {
  const Bytes fid{0x00, 0x01};
  auto fresh = [](TestCard& t) { return SmSession(t); };
  {
    TestCard t;
    SmSession sm = fresh(t);
    // Long-form length is taken: 86 81 11 01 ...
    Bytes object = sm.cipher.wrap(1, fid);
    object.insert(object.begin() + 1, 0x81);
    CHECK(t.tx("08 A4 02 0C 14 " + to_hex(object)) == "90 00");
  }
  const auto refused = [&](const std::string& apdu_before_data, auto make_data) {
    TestCard t;
    SmSession sm = fresh(t);
    const Bytes data = make_data(sm);
    INFO(apdu_before_data << " " << to_hex(data));
    Bytes command;
    REQUIRE(from_hex(apdu_before_data, command));
    command.push_back(static_cast<std::uint8_t>(data.size()));
    append(command, data);
    CHECK(to_hex(t.transmit(command)) == "69 88");
    CHECK(sm.select(0x0001) == "69 FC");
  };
  refused("08 A4 02 0C", [&](SmSession& sm) {  // 96 on SELECT
    Bytes o = sm.cipher.wrap(1, fid);
    o[0] = 0x96;
    return o;
  });
  refused("08 A4 02 0C", [&](SmSession& sm) {  // a second copy of the right object
    Bytes o = sm.cipher.wrap(1, fid);
    append(o, sm.cipher.wrap(1, fid));
    return o;
  });
  refused("08 A4 02 0C", [&](SmSession& sm) {  // indicator 02
    Bytes o = sm.cipher.wrap(1, fid);
    o[2] = 0x02;
    return o;
  });
  refused("08 20 00 94", [&](SmSession& sm) {  // a cryptogram that is not whole blocks
    Bytes o = sm.cipher.wrap(1, Bytes(kCollationA.begin(), kCollationA.end()));
    o.pop_back();
    o[1] = static_cast<std::uint8_t>(o.size() - 2);
    return o;
  });
  refused("08 20 00 94", [&](SmSession&) { return Bytes{0x86, 0x01, 0x01}; });    // no cryptogram
  refused("08 B0 00 00", [&](SmSession& sm) { return sm.cipher.wrap(1, fid); });  // 86 on READ
  refused("08 B0 00 00", [&](SmSession&) { return Bytes{0x96, 0x02, 0x00, 0x11}; });
  refused("08 B0 00 00", [&](SmSession&) {  // a second 96
    return Bytes{0x96, 0x03, 0x00, 0x00, 0x11, 0x96, 0x03, 0x00, 0x00, 0x11};
  });
}

TEST_CASE("SM: CLA 0C (integrity, no CCS key) answers 6987 and ends the session", "[sm]") {
  TestCard t;
  SmSession sm(t);
  Bytes command = sm.command(0xA4, 0x02, 0x0C, Bytes{0x00, 0x01}, 1);
  command[0] = 0x0C;
  CHECK(to_hex(t.transmit(command)) == "69 87");
  CHECK(sm.select(0x0001) == "69 FC");
}

TEST_CASE("SM: the session is cleared like a security status", "[sm][card-info][text]") {
  SECTION("SELECT of the application again") {
    TestCard t;
    SmSession sm(t);
    t.select_df(kTextAid);
    CHECK(sm.select(0x0001) == "68 82");  // no session: the card's fixed answers
    CHECK(t.tx("08 B0 00 00 05 96 03 00 00 00 00") == "69 FC");
  }
  SECTION("SELECT of the application under SM") {
    TestCard t;
    SmSession sm(t);
    CHECK(to_hex(t.transmit(sm.command(0xA4, 0x04, 0x0C, hex(kTextAid), 1))) == "90 00");
    CHECK(to_hex(t.transmit(sm.command(0xA4, 0x02, 0x0C, Bytes{0x00, 0x01}, 2))) == "68 82");
  }
  SECTION("reset") {
    TestCard t;
    SmSession sm(t);
    t.card().reset();
    t.select_df(kTextAid);
    REQUIRE(t.verify_key(0x0011, kTextPin) == "90 00");
    CHECK(sm.select(0x0001) == "68 82");
  }
  SECTION("power off and on") {
    TestCard t;
    SmSession sm(t);
    t.card().power_off();
    t.card().power_on();
    t.select_df(kTextAid);
    REQUIRE(t.verify_key(0x0011, kTextPin) == "90 00");
    CHECK(sm.verify(0x94, kCollationA) == "69 FC");
  }
}

TEST_CASE("SM: what leaves the session and its counter as they were", "[sm][card-info][text]") {
  TestCard t;
  SmSession sm(t);
  // Other instructions as CLA 08, and the proprietary SM classes: the fixed answers, N kept.
  CHECK(t.tx("08 2A 00 00 01 00 00") == "68 82");
  CHECK(t.tx("08 84 00 00 08") == "68 82");
  CHECK(t.tx("88 B0 00 00 05 96 03 00 00 00 00") == "69 FC");
  CHECK(t.tx("8C A4 02 0C 02 00 01") == "68 82");
  // A refused SET SESSION KEY keeps the open session.
  CHECK(set_session_key(t, Bytes(256, 0x01)) == "6A 80");
  CHECK(set_session_key(t, Bytes(256, 0xFF)) == "6F 00");
  // A wrong plain VERIFY of the PIN ends the PIN's verified state, not the session.
  CHECK(t.tx("00 A4 02 0C 02 00 11") == "90 00");
  CHECK(t.tx("00 20 00 80 04 30 30 30 30") == "63 C2");
  CHECK(sm.select(0x0001) == "90 00");  // N = 1 still
  CHECK(sm.read(0, 0) == "69 82");      // N = 2: the file needs the PIN again, in the clear
  REQUIRE(t.verify_key(0x0011, kTextPin) == "90 00");
  CHECK(sm.select(0x0001) == "90 00");  // N = 3
  CHECK(sm.read(0, 0) == sm.encrypted(4, my_number_file()));
}

TEST_CASE("SM: a command with no data object at all answers 6988", "[sm]") {
  TestCard t;
  SmSession sm(t);
  CHECK(t.tx("08 A4 02 0C") == "69 88");
  CHECK(sm.select(0x0001) == "69 FC");
}
