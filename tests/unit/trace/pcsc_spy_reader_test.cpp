// pcsc-spy logs as traces: the raw FIFO form and the decoded text (with colours, thread numbers),
// as pcsc-lite 1.9.9's pcsc-spy writes them (captured from opensc-tool -n, shortened).
#include <catch2/catch.hpp>

#include "reader/trace/pcsc_spy_reader.hpp"

using namespace mynasim;
using namespace mynasim::reader::trace;

namespace {

const char* kRaw =
    "7F61@>|1796177788|297566|SCardEstablishContext\n"
    "7F61@0x00000000\n"
    "7F61@0x50E60B93\n"
    "7F61@<|1796177788|299114|SCardEstablishContext|Command successful.|0x00000000\n"
    "7F61@>|1796177788|324818|SCardTransmit\n"
    "7F61@0x236116FE\n"
    "7F61@0x00000002\n"
    "7F61@0x00000010\n"
    "7F61@0x0000000C\n"
    "7F61@00 A4 04 00 07 62 76 01 FF 00 00 00 \n"
    "7F61@0x00000001\n"
    "7F61@0x00000010\n"
    "7F61@0x00000002\n"
    "7F61@6A 82 \n"
    "7F61@<|1796177788|329342|SCardTransmit|Command successful.|0x00000000\n"
    "7F61@>|1796177789|329342|SCardReconnect\n"
    "7F61@0x236116FE\n"
    "7F61@0x00000002\n"
    "7F61@0x00000003\n"
    "7F61@0x00000002\n"
    "7F61@0x00000002\n"
    "7F61@<|1796177789|339342|SCardReconnect|Command successful.|0x00000000\n"
    "7F61@>|1796177790|0|SCardTransmit\n"
    "7F61@0x236116FE\n"
    "7F61@0x00000002\n"
    "7F61@0x00000010\n"
    "7F61@0x00000005\n"
    "7F61@00 B0 00 00 04 \n"
    "7F61@0x00000002\n"
    "7F61@0x00000010\n"
    "7F61@0x00000000\n"
    "7F61@NULL\n"
    "7F61@<|1796177790|10|SCardTransmit|Card was removed.|0x80100069\n";

// The same exchanges as `pcsc-spy -n` prints them (a 20-byte command spans two dump lines).
const char* kDecoded =
    "SCardTransmit\n"
    " i hCard: 0x236116FE\n"
    " i pioSendPci.dwProtocol: 0x00000002\n"
    " i pioSendPci.cbPciLength: 0x00000010\n"
    " i bSendLength 0x00000014 (20)\n"
    " i bSendBuffer\n"
    " i  0000 00 A4 04 0C 0F D2 33 00 00 00 45 73 74 45 49 44  ...\n"
    " i  0010 20 76 33 35                                       v35\n"
    " o pioRecvPci.dwProtocol: 0x00000001\n"
    " o pioRecvPci.cbPciLength: 0x00000010\n"
    " o bRecvLength 0x00000002 (2)\n"
    " o bRecvBuffer\n"
    " o  0000 6A 82                                           j.\n"
    " => Command successful. (SCARD_S_SUCCESS [0x00000000])  [0.004524]\n"
    "SCardDisconnect\n"
    " i hCard: 0x236116FE\n"
    " i dwDisposition: SCARD_RESET_CARD (0x00000001)\n"
    " => Command successful. (SCARD_S_SUCCESS [0x00000000])  [0.000078]\n"
    "\n"
    "Thread 1/1\n"
    "Results sorted by total execution time\n"
    "0.004949 sec (  2 calls)  6.21% SCardDisconnect\n";

std::string error_of(const std::string& text) {
  try {
    parse_pcsc_spy(text, "spy.log");
  } catch (const TraceFormatError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("pcsc-spy raw log: transmits, an unpowering reconnect, a failed transmit") {
  REQUIRE(looks_like_pcsc_spy(kRaw));
  const Trace trace = parse_trace(kRaw, "raw.log");
  CHECK(trace.format == "pcsc-spy");
  REQUIRE(trace.entries.size() == 3);
  CHECK(trace.entries[0].line == 5);
  CHECK(trace.entries[0].command ==
        Bytes{0x00, 0xA4, 0x04, 0x00, 0x07, 0x62, 0x76, 0x01, 0xFF, 0x00, 0x00, 0x00});
  CHECK(trace.entries[0].sw == 0x6A82);
  CHECK(trace.entries[0].response.empty());
  CHECK(trace.entries[0].t == Approx(0.027252).margin(1e-6));
  CHECK(trace.entries[1].kind == EntryKind::kEvent);
  CHECK(trace.entries[1].event == CardEvent::kPowerOff);
  CHECK(trace.entries[2].kind == EntryKind::kTransmitError);
  CHECK(trace.entries[2].error == "SCARD_W_REMOVED_CARD");
}

TEST_CASE("pcsc-spy decoded output, plain, coloured and with thread numbers") {
  std::string coloured = kDecoded;
  coloured.replace(0, 13, "\x1b[34mSCardTransmit\x1b[0m");
  std::string threads;
  for (std::size_t start = 0; start < std::string(kDecoded).size();) {
    const std::string all = kDecoded;
    const std::size_t end = all.find('\n', start);
    const std::string line = all.substr(start, end - start);
    threads += (line.empty() || line.starts_with("Thread") || line.starts_with("Results") ||
                        line.starts_with("0.0")
                    ? ""
                    : " (t0) ") +
               line + "\n";
    start = end + 1;
  }
  for (const std::string& text : {std::string(kDecoded), coloured, threads}) {
    REQUIRE(looks_like_pcsc_spy(text));
    const Trace trace = parse_trace(text, "decoded.log");
    REQUIRE(trace.entries.size() == 2);
    CHECK(trace.entries[0].line == 1);
    CHECK(trace.entries[0].command.size() == 20);
    CHECK(trace.entries[0].command.back() == 0x35);
    CHECK(trace.entries[0].sw == 0x6A82);
    CHECK(trace.entries[1].kind == EntryKind::kEvent);
    CHECK(trace.entries[1].event == CardEvent::kReset);
    CHECK(trace.entries[1].line == 15);
  }
}

TEST_CASE("a bad pcsc-spy log is named by file, line and problem") {
  const std::string raw = kRaw;
  // Cut inside the second transmit: its result line is missing.
  CHECK(error_of(raw.substr(0, raw.find("7F61@<|1796177790"))) ==
        "spy.log:23: SCardTransmit without its result line (truncated log?)");
  std::string bad_hex = raw;
  bad_hex.replace(bad_hex.find("00 A4 04 00 07"), 2, "0G");
  CHECK(error_of(bad_hex) ==
        "spy.log:10: bSendBuffer is not hex: \"0G A4 04 00 07 62 76 01 FF 00 00 00 \"");
  std::string short_apdu = raw;
  short_apdu.replace(short_apdu.find("7F61@0x00000005"), 15, "7F61@0x00000002");
  short_apdu.replace(short_apdu.find("00 B0 00 00 04 "), 15, "00 B0 ");
  CHECK(error_of(short_apdu) ==
        "spy.log:23: SCardTransmit: bSendBuffer does not parse as an APDU: fewer than the 4 "
        "header bytes CLA INS P1 P2");
  // Found by fuzz_trace_reader: a call line whose time is not a number.
  std::string bad_time = raw;
  bad_time.replace(bad_time.find("|324818|"), 8, "||");
  CHECK(error_of(bad_time) == "spy.log:5: raw pcsc-spy call line is not >|sec|usec|name");
  const std::string decoded = kDecoded;
  CHECK(error_of(decoded.substr(0, decoded.find(" i  0010"))) ==
        "spy.log:7: hex dump ends early (truncated log?)");
}
