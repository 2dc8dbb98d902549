// The mynasim trace format (JSON Lines) as `mynasim replay` reads it: entries, masked secrets,
// and one precise message per kind of bad input (file:line: problem).
#include <catch2/catch.hpp>

#include "reader/trace/trace_reader.hpp"

using namespace mynasim;
using namespace mynasim::reader::trace;

namespace {

const std::string kHeader =
    R"({"format":"mynasim-trace","version":1,"reader":"R","atr":"3BE000FF8131FE4514",)"
    R"("recorded":"2026-12-02T03:04:05Z","secrets":"masked","source":"test"})"
    "\n";

std::string error_of(const std::string& text, const std::string& file = "t.jsonl") {
  try {
    parse_trace(text, file);
  } catch (const TraceFormatError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a trace: header, exchanges, a masked VERIFY, events and a failed transmit") {
  const std::string text =
      kHeader +
      R"({"t":0.01,"command":"00A4040C0AD392F000260100000001","response":"","sw":"9000","ms":0.4})"
      "\n"
      R"({"t":0.02,"command":"0020008004XXXXXXXX","response":"","sw":"9000","ms":0.4})"
      "\n"
      R"({"t":0.03,"command":"00B0000004","response":"30820458","sw":"9000","ms":0.4,"x":1})"
      "\n"
      R"({"t":1.5,"event":"reset","atr":"3BE000FF8131FE4514"})"
      "\n"
      R"({"t":2,"command":"00B0000004","error":"SCARD_W_REMOVED_CARD"})"
      "\n";
  const Trace trace = parse_trace(text, "t.jsonl");
  CHECK(trace.format == "mynasim-trace");
  CHECK(trace.header.reader == "R");
  CHECK(trace.header.atr == Bytes{0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14});
  CHECK(trace.header.secrets_masked);
  REQUIRE(trace.entries.size() == 5);
  CHECK(trace.entries[0].line == 2);
  CHECK(trace.entries[0].apdu.ins == 0xA4);
  CHECK(trace.entries[0].apdu.data.size() == 10);
  CHECK(trace.entries[1].command == Bytes{0x00, 0x20, 0x00, 0x80, 0x04, 0, 0, 0, 0});
  CHECK(trace.entries[1].masked == std::vector<std::size_t>{5, 6, 7, 8});
  CHECK(trace.entries[2].response == Bytes{0x30, 0x82, 0x04, 0x58});
  CHECK(trace.entries[2].sw == 0x9000);
  CHECK(trace.entries[2].apdu.ne == 4);
  CHECK(trace.entries[3].kind == EntryKind::kEvent);
  CHECK(trace.entries[3].event == CardEvent::kReset);
  CHECK(trace.entries[3].t == 1.5);
  CHECK(trace.entries[4].kind == EntryKind::kTransmitError);
  CHECK(trace.entries[4].error == "SCARD_W_REMOVED_CARD");
}

TEST_CASE("bad input is named by file, line and problem") {
  const std::string ok = R"({"command":"00B0000004","response":"","sw":"9000"})";
  CHECK(error_of("hello\n", "notes.txt") ==
        "notes.txt:1: neither a mynasim trace (JSON Lines with a \"mynasim-trace\" header) nor a "
        "pcsc-spy log");
  CHECK(error_of(ok + "\n") ==
        "t.jsonl:1: missing header: the first line must be "
        "{\"format\":\"mynasim-trace\",\"version\":1,...}");
  CHECK(error_of("") ==
        "t.jsonl:1: neither a mynasim trace (JSON Lines with a \"mynasim-trace\" "
        "header) nor a pcsc-spy log");
  CHECK(error_of(R"({"format":"mynasim-trace","version":2})"
                 "\n") == "t.jsonl:1: header: version 2 is not supported (only 1)");
  CHECK(error_of(kHeader + ok + "\n" + R"({"t":0.1,"command":"00A4)") ==
        "t.jsonl:3: truncated line: the JSON object ends early");
  CHECK(error_of(kHeader + ok + "\n" + R"({"t":0.1,"command":"00A4"],)" + "\n")
            .starts_with("t.jsonl:3: not JSON: "));
  CHECK(error_of(kHeader + R"({"command":"00G0000004","response":"","sw":"9000"})") ==
        "t.jsonl:2: \"command\" is not hex: 'G' at character 3");
  CHECK(error_of(kHeader + R"({"command":"00B0000004","response":"304","sw":"9000"})") ==
        "t.jsonl:2: \"response\" is not hex: odd number of digits (3)");
  CHECK(error_of(kHeader + R"({"command":"00B0000004","response":"","sw":"900"})") ==
        "t.jsonl:2: \"sw\" is not 4 hex digits");
  CHECK(error_of(kHeader + R"({"command":"00B0000004","response":""})") ==
        "t.jsonl:2: \"sw\" is missing");
  CHECK(error_of(kHeader + R"({"command":"00A4040C05D392","response":"","sw":"9000"})") ==
        "t.jsonl:2: \"command\" does not parse as an APDU: short Lc announces more data bytes "
        "than the APDU carries");
  CHECK(error_of(kHeader + R"({"command":"00B0XX0004","response":"","sw":"9000"})") ==
        "t.jsonl:2: \"command\" has masked bytes (XX) outside the data field of a command that "
        "carries a secret");
  CHECK(error_of(kHeader + R"({"event":"wiggle"})") ==
        "t.jsonl:2: unknown event \"wiggle\" (reset, power_off, removed, inserted)");
  CHECK(error_of(kHeader + "\n" + ok + "\n") == "t.jsonl:2: blank line");
  CHECK(error_of(kHeader + "[1,2]\n") == "t.jsonl:2: not a JSON object");
  CHECK(error_of(kHeader + R"({"t":1})" + "\n") == "t.jsonl:2: neither \"command\" nor \"event\"");
  CHECK(error_of(kHeader + R"({"t":"x","command":"00B0000004","response":"","sw":"9000"})") ==
        "t.jsonl:2: \"t\" is not a number");
  // Found by fuzz_trace_reader: nlohmann refuses a number too large with another exception.
  CHECK(error_of(kHeader + R"({"t":1E99999,"command":"00B0000004","response":"","sw":"9000"})")
            .starts_with("t.jsonl:2: not JSON: number overflow"));
}

TEST_CASE("a file that cannot be read is named") {
  try {
    read_trace_file("/nonexistent/trace.jsonl");
    FAIL("no error");
  } catch (const TraceFormatError& e) {
    CHECK(std::string(e.what()) ==
          "/nonexistent/trace.jsonl: cannot open: No such file or directory");
  }
}
