// t0_only_atr: the card's T=1 ATRs (jpki-card.md §6) as a T=0 card would give them.
#include <catch2/catch.hpp>

#include "reader/emulator/t0_atr.hpp"
#include "tests/unit/iso7816/test_support.hpp"

using namespace mynasim;
using iso7816::test::hex;

namespace {
Bytes t0(const std::string& atr) {
  std::string problem;
  Bytes out = emulator::t0_only_atr(hex(atr), problem);
  INFO(problem);
  CHECK(problem.empty());
  return out;
}
}  // namespace

TEST_CASE("t0_only_atr: the My Number card's ATRs lose their T=1 bytes, keep the rest") {
  // TB1 00 and TC1 FF kept; TD1 81, TD2 31, TA3 FE (IFSC), TB3 45 (BWI/CWI) and TCK gone.
  CHECK(t0("3B E0 00 FF 81 31 FE 45 14") == hex("3B 60 00 FF"));
  // TA1 13 kept, the 10 historical bytes kept.
  CHECK(t0("3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B") ==
        hex("3B 5A 13 FF 80 12 39 2F 31 C1 73 C6 01 C0"));
  // TA2 (specific mode, T=1) becomes specific mode T=0, so TD1 stays, naming T=0.
  CHECK(t0("3B F5 91 00 FF 91 81 71 FE 40 00 42 00 01 00 D1 D6") ==
        hex("3B F5 91 00 FF 10 80 42 00 01 00 D1"));
}

TEST_CASE("t0_only_atr: global T=15 bytes stay, with a TCK") {
  // TD1 80/81 (T=0/T=1, TD2 follows), TD2 1F (T=15, TA3 follows), TA3 03 (classes A and B).
  CHECK(t0("3B 80 80 1F 03 1C") == hex("3B 80 80 1F 03 1C"));
  CHECK(t0("3B 80 81 1F 03 1D") == hex("3B 80 80 1F 03 1C"));
}

TEST_CASE("t0_only_atr: what is not an ATR is said so") {
  std::string problem;
  CHECK(emulator::t0_only_atr(hex("3A 60"), problem).empty());
  CHECK(problem == "not an ATR (TS must be 3B or 3F)");
  CHECK(emulator::t0_only_atr(hex("3B E0 00 FF 81"), problem).empty());
  CHECK(problem == "the ATR ends inside its interface bytes");
  CHECK(emulator::t0_only_atr(hex("3B 65 00 FF 01"), problem).empty());
  CHECK(problem == "the ATR is shorter than its historical bytes");
}
