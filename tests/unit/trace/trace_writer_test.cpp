// The trace writer (docs/trace-format.md): exact lines, secrets masked as XX unless recorded,
// one complete line per write, and pcsc-lite's error names.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "reader/pcsc/pcsc_error.hpp"
#include "reader/trace/trace_writer.hpp"

using namespace mynasim;
using namespace mynasim::reader::trace;

namespace {

Bytes hex(std::string_view text) {
  Bytes out;
  REQUIRE(from_hex(text, out));
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A file name in a fresh directory, removed with it.
struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/mynasim-trace-test.XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

const Bytes kAtr = {0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14};

}  // namespace

TEST_CASE("trace: the header line", "[trace]") {
  Header header{"ACS ACR39U 00 00", kAtr, "2026-12-02T03:04:05Z", Secrets::kMasked,
                "mynasim relay 0.1.0"};
  CHECK(header_line(header) ==
        R"({"format":"mynasim-trace","version":1,"reader":"ACS ACR39U 00 00",)"
        R"("atr":"3BE000FF8131FE4514","recorded":"2026-12-02T03:04:05Z","secrets":"masked",)"
        R"("source":"mynasim relay 0.1.0"})");
  header.secrets = Secrets::kRecorded;
  CHECK(header_line(header).find(R"("secrets":"recorded")") != std::string::npos);
}

TEST_CASE("trace: exchange lines: command, response without SW, sw, ms", "[trace]") {
  CHECK(
      exchange_line(0.012345, hex("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"), hex("90 00"),
                    0.42, Secrets::kMasked) ==
      R"({"t":0.012345,"command":"00A4040C0AD392F000260100000001","response":"","sw":"9000","ms":0.42})");
  CHECK(
      exchange_line(1.5, hex("00 B0 00 00 04"), hex("30 82 05 1A 90 00"), 1.25, Secrets::kMasked) ==
      R"({"t":1.5,"command":"00B0000004","response":"3082051A","sw":"9000","ms":1.25})");
  // t and ms are rounded to the microsecond.
  CHECK(
      exchange_line(2.0000004, hex("00 84 00 00 08"), hex("6D 00"), 0.0123456, Secrets::kMasked) ==
      R"({"t":2.0,"command":"0084000008","response":"","sw":"6D00","ms":0.012})");
}

TEST_CASE("trace: secret data is XX per byte unless recorded; Lc and Le stay", "[trace]") {
  const Bytes verify = hex("00 20 00 80 04 31 32 33 34");
  CHECK(command_hex(verify, Secrets::kMasked) == "0020008004XXXXXXXX");
  CHECK(command_hex(verify, Secrets::kRecorded) == "002000800431323334");
  CHECK(command_hex(hex("00 24 01 80 06 41 42 43 44 45 46"), Secrets::kMasked) ==
        "0024018006XXXXXXXXXXXX");
  CHECK(command_hex(hex("00 2C 00 80 04 31 32 33 34 00"), Secrets::kMasked) ==
        "002C008004XXXXXXXX00");
  CHECK(command_hex(hex("80 32 00 80 02 AA BB"), Secrets::kMasked) == "8032008002XXXX");
  CHECK(command_hex(hex("00 20 00 80 00 00 04 31 32 33 34"), Secrets::kMasked) ==
        "00200080000004XXXXXXXX");
  // The empty VERIFY (retry query) carries nothing to hide.
  CHECK(command_hex(hex("00 20 00 80"), Secrets::kMasked) == "00200080");
  // A VERIFY that does not parse: everything after the header is hidden.
  CHECK(command_hex(hex("00 20 00 80 05 31 32 33 34"), Secrets::kMasked) == "00200080XXXXXXXXXX");
  // Other commands are never masked.
  CHECK(command_hex(hex("80 2A 00 80 02 31 32 00"), Secrets::kMasked) ==
        "802A0080023132"
        "00");
  CHECK(exchange_line(3, verify, hex("63 C2"), 5, Secrets::kMasked) ==
        R"({"t":3.0,"command":"0020008004XXXXXXXX","response":"","sw":"63C2","ms":5.0})");
}

TEST_CASE("trace: errors and events", "[trace]") {
  CHECK(error_line(4.25, hex("00 B0 00 00 00"), "SCARD_W_REMOVED_CARD", 0.5, Secrets::kMasked) ==
        R"({"t":4.25,"command":"00B0000000","error":"SCARD_W_REMOVED_CARD","ms":0.5})");
  CHECK(error_line(1, hex("00 20 00 80 04 31 32 33 34"), "SCARD_E_NO_SMARTCARD", 0,
                   Secrets::kMasked) ==
        R"({"t":1.0,"command":"0020008004XXXXXXXX","error":"SCARD_E_NO_SMARTCARD","ms":0.0})");
  // A response without a status word still makes a valid line.
  CHECK(exchange_line(1, hex("00 B0 00 00 00"), hex("90"), 1, Secrets::kMasked) ==
        R"({"t":1.0,"command":"00B0000000","error":"NO_STATUS_WORD","ms":1.0})");
  CHECK(event_line(1.5, CardEvent::kRemoved, {}) == R"({"t":1.5,"event":"removed"})");
  CHECK(event_line(2.5, CardEvent::kInserted, kAtr) ==
        R"({"t":2.5,"event":"inserted","atr":"3BE000FF8131FE4514"})");
  CHECK(event_line(3, CardEvent::kReset, kAtr) ==
        R"({"t":3.0,"event":"reset","atr":"3BE000FF8131FE4514"})");
  CHECK(event_line(4, CardEvent::kPowerOff, {}) == R"({"t":4.0,"event":"power_off"})");
}

TEST_CASE("trace: pcsc-lite's names for its return codes", "[trace]") {
  CHECK(mynasim::pcsc::error_name(0x80100069L) == "SCARD_W_REMOVED_CARD");
  CHECK(mynasim::pcsc::error_name(0x8010000CL) == "SCARD_E_NO_SMARTCARD");
  CHECK(mynasim::pcsc::error_name(0x8010001DL) == "SCARD_E_NO_SERVICE");
  CHECK(mynasim::pcsc::error_name(0x801000FFL) == "0x801000FF");
}

TEST_CASE("trace: the writer's file, line by line, masked", "[trace]") {
  TempDir dir;
  const std::string path = dir.path + "/t.jsonl";
  {
    TraceWriter writer(path);
    CHECK(read_file(path).empty());  // nothing before start()
    writer.start({"Reader 00 00", kAtr, "2026-12-02T03:04:05Z", Secrets::kMasked, "test"});
    writer.exchange(0.25, hex("00 20 00 80 04 31 32 33 34"), hex("90 00"), 1.5);
    // Each line is in the file as soon as it is made (a killed relay leaves a valid prefix).
    CHECK(
        read_file(path) ==
        R"({"format":"mynasim-trace","version":1,"reader":"Reader 00 00","atr":"3BE000FF8131FE4514","recorded":"2026-12-02T03:04:05Z","secrets":"masked","source":"test"})"
        "\n"
        R"({"t":0.25,"command":"0020008004XXXXXXXX","response":"","sw":"9000","ms":1.5})"
        "\n");
    writer.error(0.5, hex("00 B0 00 00 00"), "SCARD_W_REMOVED_CARD", 0.125);
    writer.event(CardEvent::kRemoved);
    CHECK(writer.exchanges() == 2);
    CHECK(writer.now() >= 0);
  }
  const std::string text = read_file(path);
  CHECK(text.find("31323334") == std::string::npos);
  CHECK(text.find(R"(,"event":"removed"})"
                  "\n") != std::string::npos);
  std::size_t lines = 0;
  for (char c : text) lines += c == '\n';
  CHECK(lines == 4);
}

TEST_CASE("trace: --record-secrets writes the data as sent", "[trace]") {
  TempDir dir;
  const std::string path = dir.path + "/t.jsonl";
  TraceWriter writer(path);
  writer.start({"R", kAtr, "", Secrets::kRecorded, "test"});
  writer.exchange(0, hex("00 20 00 80 04 31 32 33 34"), hex("90 00"), 1);
  const std::string text = read_file(path);
  CHECK(text.find(R"("secrets":"recorded")") != std::string::npos);
  CHECK(text.find(R"("command":"002000800431323334")") != std::string::npos);
  // recorded left empty: filled with the current UTC time.
  CHECK(text.find(R"("recorded":"20)") != std::string::npos);
}

TEST_CASE("trace: a path that cannot be written is named", "[trace]") {
  try {
    TraceWriter writer("/nonexistent-dir/t.jsonl");
    FAIL("no error");
  } catch (const TraceError& e) {
    CHECK(std::string(e.what()) ==
          "cannot write the trace /nonexistent-dir/t.jsonl: No such file or directory");
  }
}
