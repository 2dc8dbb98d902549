// READ BINARY and the JPKI files (reference §2.1, §3).
#include <catch2/catch.hpp>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {
std::string ok(ByteView data) {
  return to_hex(data) + " 90 00";
}
}  // namespace

TEST_CASE("EF 0008 says both certificates are present: 8F 8F 00", "[read]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 08") == "90 00");
  CHECK(t.tx("00 B0 00 00 00") == "8F 8F 00 90 00");
}

TEST_CASE("EF 0006 is a 160-byte CK_TOKEN_INFO labelled JPKIAPICCTOKEN2", "[read]") {
  TestCard t;
  t.select_jpki();
  const Bytes info = t.read_ef(0x0006);
  REQUIRE(info.size() == 160);
  CHECK(std::string(info.begin(), info.begin() + 32) == "JPKIAPICCTOKEN2                 ");
  CHECK(std::string(info.begin() + 64, info.begin() + 80) == "E16R01NJ        ");
  CHECK(to_hex(ByteView(info).subspan(96, 4)) == "00 00 04 0D");               // flags
  CHECK(to_hex(ByteView(info).subspan(116, 8)) == "00 00 00 10 00 00 00 06");  // max/min PIN
  CHECK(std::string(info.begin() + 140, info.begin() + 144) == "0301");
}

TEST_CASE("the certificates read back exactly as issued", "[read]") {
  TestCard t;
  const auto& certs = issued_card().certificates;
  t.select_jpki();
  CHECK(t.read_ef(0x000A) == certs.auth);
  CHECK(t.read_ef(0x000B) == certs.auth_ca);
  CHECK(t.read_ef(0x0002) == certs.sign_ca);
  CHECK(t.verify_sign() == "90 00");
  CHECK(t.read_ef(0x0001) == certs.sign);
}

TEST_CASE("the signature certificate needs the signature password: 6982", "[read][access]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == "69 82");
  CHECK(t.verify_auth() == "90 00");  // the other PIN does not open it
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == "69 82");
  CHECK(t.verify_sign() == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == ok(ByteView(issued_card().certificates.sign).first(4)));
}

TEST_CASE("PIN and key EFs cannot be read: 6981", "[read][access]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  for (auto fid : {"00 17", "00 18", "00 1A", "00 1B"}) {
    INFO(fid);
    CHECK(t.tx(std::string("00 A4 02 0C 02 ") + fid) == "90 00");
    CHECK(t.tx("00 B0 00 00 00") == "69 81");
  }
}

TEST_CASE("READ BINARY offsets: 15-bit offset, short read at the end, 6B00 past it", "[read]") {
  TestCard t;
  const Bytes& cert = issued_card().certificates.auth;
  REQUIRE(cert.size() > 300);
  REQUIRE(cert.size() < 0x7FFF);
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  // Le=00 means 256 bytes.
  CHECK(t.tx("00 B0 00 00 00") == ok(ByteView(cert).first(256)));
  CHECK(t.tx("00 B0 00 01 02") == ok(ByteView(cert).subspan(1, 2)));
  // The last 3 bytes, asked for 16: a short read with 9000.
  const std::size_t at = cert.size() - 3;
  Bytes tail_read = {0x00, 0xB0, static_cast<std::uint8_t>(at >> 8), static_cast<std::uint8_t>(at),
                     0x10};
  CHECK(to_hex(t.transmit(tail_read)) == ok(ByteView(cert).last(3)));
  // Exactly at the end and beyond: 6B00.
  const std::size_t end = cert.size();
  Bytes at_end = {0x00, 0xB0, static_cast<std::uint8_t>(end >> 8), static_cast<std::uint8_t>(end),
                  0x01};
  CHECK(to_hex(t.transmit(at_end)) == "6B 00");
  CHECK(t.tx("00 B0 7F FF 01") == "6B 00");
}

TEST_CASE("READ BINARY by short EF identifier selects the EF", "[read]") {
  TestCard t;
  const Bytes& cert = issued_card().certificates.auth;
  t.select_jpki();
  // P1 = 80 | 0A, P2 = offset 4.
  CHECK(t.tx("00 B0 8A 04 08") == ok(ByteView(cert).subspan(4, 8)));
  // The EF is now current: an offset read continues on it.
  CHECK(t.tx("00 B0 00 00 04") == ok(ByteView(cert).first(4)));
  CHECK(t.tx("00 B0 88 00 00") == "8F 8F 00 90 00");
  CHECK(t.tx("00 B0 8C 00 00") == "6A 82");  // no EF 000C
  CHECK(t.tx("00 B0 A8 00 00") == "6A 86");  // bits 7-6 of P1 must be 0 in the SFI form
  CHECK(t.tx("00 B0 80 00 00") == "6A 86");  // SFI 0 is not an SFI
  CHECK(t.tx("00 B0 81 00 00") == "69 82");  // the signature certificate, not verified
}

TEST_CASE("READ BINARY with an extended Le returns up to the whole file", "[read]") {
  TestCard t;
  const Bytes& cert = issued_card().certificates.auth;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 B0 00 00 00 00 00") == ok(cert));
}

TEST_CASE("READ BINARY without Le or with data answers 6700", "[read]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 B0 00 00") == "67 00");
  CHECK(t.tx("00 B0 00 00 01 00") == "67 00");
  CHECK(t.tx("00 B0 00 00 01 00 00") == "67 00");
}

TEST_CASE("READ RECORD on a transparent EF answers 6981", "[read]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 B2 01 04 00") == "69 81");
  CHECK(t.tx("00 B2 01 0C 00") == "69 81");  // SFI 1: the signature certificate is transparent
}

TEST_CASE("GET CHALLENGE returns Le random bytes", "[challenge]") {
  TestCard t;
  const Bytes eight = t.transmit(hex("00 84 00 00 08"));
  REQUIRE(eight.size() == 10);
  CHECK(to_hex(ByteView(eight).last(2)) == "90 00");
  const Bytes again = t.transmit(hex("00 84 00 00 08"));
  CHECK(eight != again);
  CHECK(t.transmit(hex("00 84 00 00 00")).size() == 258);  // Le=00: 256
  CHECK(t.tx("00 84 00 00 00 00 10") == "69 85");          // extended Le
  CHECK(t.tx("00 84 00 00") == "67 00");
  CHECK(t.tx("00 84 00 00 01 00 08") == "67 00");
  CHECK(t.tx("00 84 01 00 08") == "6A 86");
}

TEST_CASE("an answer into a kept buffer is the answer transmit returns and nothing more",
          "[read][transmit]") {
  TestCard a;  // answers through transmit(command)
  TestCard b;  // the same card answering into one buffer
  Bytes response = hex("DE AD BE EF");
  const char* commands[] = {
      "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01",  // SELECT the JPKI AP: 90 00
      "00 A4 02 0C 02 00 0A", "00 B0 00 00 00",        // a certificate's first 256 bytes
      "00 B0 00 00 04",                                // 4 bytes into the longer buffer
      "00 B0",                                         // malformed: 67 00
      "00 A4 02 0C 02 00 18", "00 20 00 80",           // the auth PIN's tries: 63 Cx
  };
  for (const char* command : commands) {
    b.card().transmit(hex(command), response);
    CHECK(response == a.transmit(hex(command)));
  }
  CHECK(to_hex(response).substr(0, 4) == "63 C");
  b.card().power_off();
  b.card().transmit(hex("00 B0 00 00 04"), response);
  CHECK(response.empty());  // an unpowered card is mute
}
