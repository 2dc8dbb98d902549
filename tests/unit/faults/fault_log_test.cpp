// The fault log's records: exact, and never the command's data (VERIFY carries a PIN).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "reader/faults/fault_log.hpp"

using namespace mynasim;
using namespace mynasim::reader::faults;

TEST_CASE("a record names the command by header and Lc, never its data") {
  Firing firing;
  firing.rule = 2;
  firing.match = 2;
  firing.action.kind = ActionKind::kSw;
  firing.action.sw = 0x6581;
  const Bytes verify = {0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34};
  const std::string line = FaultLog::format("2026-12-02T11:00:00.000Z", 0, firing, verify, true);
  CHECK(line ==
        R"({"time":"2026-12-02T11:00:00.000Z","reader":0,"rule":2,"action":"sw","sw":"6581",)"
        R"("command":{"cla":"00","ins":"20","p1":"00","p2":"80","lc":4},"match":2})");
  CHECK(line.find("31") == std::string::npos);
}

TEST_CASE("records of each action carry its parameters") {
  Firing firing;
  firing.name = "pull it";
  firing.action.kind = ActionKind::kRemove;
  firing.action.when = When::kAfter;
  const Bytes read = {0x00, 0xB0, 0x00, 0x00, 0x10};
  CHECK(FaultLog::format("T", 1, firing, read, false) ==
        R"({"time":"T","reader":1,"rule":0,"name":"pull it","action":"remove","when":"after",)"
        R"("reinsert_ms":null,"command":{"cla":"00","ins":"B0","p1":"00","p2":"00","lc":0},)"
        R"("match":0,"acted":false})");
  firing.name.clear();
  firing.action.kind = ActionKind::kPowerLoss;
  firing.action.step = 3;
  firing.action.reinsert_ms = 500;
  CHECK(FaultLog::format("T", 0, firing, read, true) ==
        R"({"time":"T","reader":0,"rule":0,"action":"power_loss","step":3,"reinsert_ms":500,)"
        R"("command":{"cla":"00","ins":"B0","p1":"00","p2":"00","lc":0},"match":0})");
  firing.action.kind = ActionKind::kDelay;
  firing.action.delay_ms = 40;
  const Bytes malformed = {0x00, 0x20, 0x00, 0x80, 0x09, 0x31};
  CHECK(FaultLog::format("T", 0, firing, malformed, true) ==
        R"({"time":"T","reader":0,"rule":0,"action":"delay","ms":40.0,)"
        R"("command":{"cla":"00","ins":"20","p1":"00","p2":"80","lc":null},"match":0})");
}

TEST_CASE("a log file is created with mode 0600 and gets one line per record") {
  char dir[] = "/tmp/fault-log-test.XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string path = std::string(dir) + "/faults.jsonl";
  {
    FaultLog log(path);
    Firing firing;
    firing.action.kind = ActionKind::kMute;
    log.record(0, firing, Bytes{0x00, 0xA4, 0x04, 0x0C}, true);
    log.record(0, firing, Bytes{0x00, 0xA4, 0x04, 0x0C}, true);
  }
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream in(path);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    CHECK(line.find(R"("action":"mute")") != std::string::npos);
  }
  CHECK(lines == 2);
  unlink(path.c_str());
  rmdir(dir);
  CHECK_THROWS_WITH(
      FaultLog(std::string(dir) + "/x"),
      "cannot write the fault log " + std::string(dir) + "/x: No such file or directory");
}

TEST_CASE("a log on a device writes there and leaves the device's mode alone") {
  struct stat before {};
  REQUIRE(stat("/dev/null", &before) == 0);
  {
    FaultLog log("/dev/null");
    Firing firing;
    log.record(0, firing, Bytes{0x00, 0xA4, 0x04, 0x0C}, true);
  }
  struct stat after {};
  REQUIRE(stat("/dev/null", &after) == 0);
  if (after.st_mode != before.st_mode) chmod("/dev/null", before.st_mode & 07777);  // repair
  CHECK((after.st_mode & 07777) == (before.st_mode & 07777));
}

TEST_CASE("a log file that existed with a looser mode becomes 0600") {
  char dir[] = "/tmp/fault-log-test.XXXXXX";
  REQUIRE(mkdtemp(dir));
  const std::string path = std::string(dir) + "/faults.jsonl";
  std::ofstream(path) << "old\n";
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  { FaultLog log(path); }
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(st.st_size == 0);  // emptied
  unlink(path.c_str());
  rmdir(dir);
}
