// SELECT by a prefix of a DF name, as myna-card's read-only probes (examples/fuzz_card.rs) found
// it on a real card (reference §9, rank 3): a prefix of any length from one byte, P2 = 00 with
// Le, and the next occurrence with P2 = 02. Each probe's exact APDUs, from a fresh power-on.
#include <catch2/catch.hpp>

#include <set>

#include "iso7816/apdu.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

// fuzz_card.rs select_prefix / enumerate_occurrences: 00 A4 04 P2 Lc prefix 00 (Le = 256).
std::string select_with_le(TestCard& t, ByteView prefix, std::uint8_t p2 = 0x00) {
  const iso7816::CommandApdu select{0x00, 0xA4, 0x04, p2, Bytes(prefix.begin(), prefix.end()),
                                    256,  true, false};
  return to_hex(t.transmit(iso7816::build_command(select).value()));
}

// Which application is current, told by EFs only it has (SELECT EF leaves the DF current).
std::string current_application(TestCard& t) {
  auto has = [&](std::string_view fid) {
    return t.tx("00 A4 02 0C 02 " + std::string(fid)) == "90 00";
  };
  if (has("00 1B")) return "jpki";
  if (has("00 19")) return "common";
  if (has("00 1C")) return "juki";
  if (has("00 07")) return "text";
  if (has("00 03")) return "surface";
  return "MF level";
}

}  // namespace

TEST_CASE("myna-card scan-aid-roots: of the 256 one-byte prefixes only A0 and D3 answer",
          "[select][prefix][clients]") {
  TestCard t;
  std::vector<std::string> found;
  for (int byte = 0; byte <= 0xFF; ++byte) {
    const Bytes prefix = {static_cast<std::uint8_t>(byte)};
    const std::string answer = select_with_le(t, prefix);
    if (answer == "90 00")
      found.push_back(to_hex(prefix));
    else
      REQUIRE(answer == "6A 82");
  }
  CHECK(found == std::vector<std::string>{"A0", "D3"});
  // D3 was the last to answer: the first DF in search order whose name starts with it.
  CHECK(current_application(t) == "jpki");
  CHECK(t.tx("00 A4 04 0C 01 A0") == "90 00");  // the ISD: back to the MF level
  CHECK(current_application(t) == "MF level");
  CHECK(t.sw("00 CA 00 F0 00") == "90 00");  // GET DATA answers at the MF level only
}

TEST_CASE("myna-card select-prefix D392: 9000 and no data; the JPKI DF is current",
          "[select][prefix][clients]") {
  TestCard t;
  CHECK(select_with_le(t, hex("D3 92")) == "90 00");
  CHECK(current_application(t) == "jpki");
  CHECK(t.tx("00 A4 04 0C 03 D3 92 10") == "90 00");  // the first card-info DF: 共通
  CHECK(current_application(t) == "common");
  CHECK(t.tx("00 A4 04 0C 02 D3 93") == "6A 82");  // no such name: the DF stays
  CHECK(current_application(t) == "common");
}

TEST_CASE("myna-card enumerate-occurrences D3: P2=00, then P2=02 until 6A82, finds the five",
          "[select][prefix][clients]") {
  TestCard t;
  std::vector<std::string> seen;
  std::string last;
  for (int occurrence = 0; occurrence < 32; ++occurrence) {
    last = select_with_le(t, hex("D3"), occurrence == 0 ? 0x00 : 0x02);
    if (last != "90 00") break;
    seen.push_back(current_application(t));
  }
  CHECK(last == "6A 82");
  CHECK(seen == std::vector<std::string>{"jpki", "common", "juki", "surface", "text"});
  CHECK(current_application(t) == "text");  // no next occurrence: nothing changed
}

TEST_CASE("next occurrence: from the MF level, skipping names that do not match, P2=0E too",
          "[select][prefix]") {
  TestCard t;
  CHECK(t.tx("00 A4 04 02 01 D3 00") == "90 00");  // after the ISD: the first D3 DF
  CHECK(current_application(t) == "jpki");
  CHECK(t.tx("00 A4 04 0E 09 D3 92 10 00 31 00 01 01 04") == "90 00");  // 住基, not 共通
  CHECK(current_application(t) == "juki");
  CHECK(t.tx("00 A4 04 0E 0A D3 92 10 00 31 00 01 01 04 08") == "90 00");
  CHECK(current_application(t) == "text");
  CHECK(t.tx("00 A4 04 0E 01 D3") == "6A 82");
  CHECK(t.tx("00 A4 04 02 01 A0") == "6A 82");  // the ISD comes first, never next
  CHECK(current_application(t) == "text");
  // A next occurrence is a SELECT of the DF: it clears the verified state.
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 A4 04 00 01 D3 00") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(t.tx("80 2A 00 80 03 01 02 03 00") == "69 82");
}

TEST_CASE("myna-card enumerate-aids D392 12: byte-by-byte prefixes end at exactly the five AIDs",
          "[select][prefix][clients]") {
  TestCard t;
  // fuzz_card.rs: breadth first from the root; every extension that answers 9000 is queued; a
  // prefix without one is a leaf; prefixes stop at 12 bytes.
  std::set<std::string> leaves;
  std::vector<Bytes> queue = {hex("D3 92")};
  std::size_t expanded = 0;
  REQUIRE(select_with_le(t, queue.front()) == "90 00");
  while (!queue.empty()) {
    const Bytes prefix = queue.front();
    queue.erase(queue.begin());
    REQUIRE(prefix.size() < 12);
    ++expanded;
    int children = 0;
    for (int byte = 0; byte <= 0xFF; ++byte) {
      Bytes candidate = prefix;
      candidate.push_back(static_cast<std::uint8_t>(byte));
      const std::string answer = select_with_le(t, candidate);
      if (answer == "90 00") {
        ++children;
        queue.push_back(candidate);
      } else {
        REQUIRE(answer == "6A 82");
      }
    }
    if (children == 0) leaves.insert(to_hex(prefix));
  }
  CHECK(leaves == std::set<std::string>{std::string(kJpkiAid), std::string(kTextAid),
                                        std::string(kSurfaceAid), std::string(kCommonAid),
                                        std::string(kJukiAid)});
  // The root, JPKI's 8 longer prefixes, and the card-info applications' 6 shared, 2 and 4.
  CHECK(expanded == 21);
}
