// bench_conformance: the whole `mynatool conformance` suite against the simulator (every
// scenario of every PIN, with mynasim restarted and killed through the harness), timed from
// process start to exit, in rounds; the floor is the same number of bare round trips (an empty
// VERIFY) through the same pcscd and the same mynasim process, measured in the same run. Target:
// the suite in under 10 s. JSON on stdout (bench/README.md). Never run by ctest.
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "bench/background_stack.hpp"
#include "bench/bench_main.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"
#include "reader/pcsc/context.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;

constexpr double kTargetSeconds = 10;
const char* const kValues =
    "auth=1234\nsign=DEMOPASS1\ntext=1234\ncommon=1234\njuki=1234\ntext-a=621498320257\n"
    "surface-a=621498320257\ntext-b=02040120352285\nsurface-b=02040120352285\n"
    "surface-birth=020401\n";

struct Options {
  std::string dir;
  std::string mynasim = MYNASIM_TOOL_PATH;
  std::string mynatool = MYNATOOL_PATH;
  std::string harness = SIM_CONTROL_PATH;
  int rounds = 3;
  bool quick = false;
};

// Runs a program to its end; `input` goes to its descriptor 3. Throws unless it exits 0.
void run(const std::vector<std::string>& argv, const std::string& input = {}) {
  int fds[2] = {-1, -1};
  if (!input.empty() && pipe(fds) != 0) throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    if (fds[0] >= 0) {
      dup2(fds[0], 3);
      close(fds[1]);
    }
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  if (fds[0] >= 0) {
    close(fds[0]);
    (void)!write(fds[1], input.data(), input.size());
    close(fds[1]);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(argv[0] + " " + (argv.size() > 1 ? argv[1] : "") + " failed (status " +
                             std::to_string(status) + ")");
}

int run_bench(const Options& o) {
  char pattern[] = "/mynasim-bench-XXXXXX";
  std::string base =
      o.dir.empty() ? (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/var/tmp") : o.dir;
  std::string work = base + pattern;
  if (!mkdtemp(work.data())) throw std::runtime_error("cannot make a directory under " + base);
  struct Cleanup {
    std::string dir;
    std::string attach_pid;
    ~Cleanup() {
      std::ifstream in(attach_pid);
      long pid = 0;
      if (in >> pid && pid > 0) kill(static_cast<pid_t>(pid), SIGKILL);
      std::filesystem::remove_all(dir);
    }
  } cleanup{work, work + "/attach.pid"};
  json out = start_report("bench_conformance", o.quick);

  progress("issuing a test card");
  const std::string card = work + "/card.img";
  run({o.mynasim, "issue-test-card", "--out", card, "--certs-dir", work + "/certs"});
  std::filesystem::copy_file(card, work + "/placeholder.img");
  BackgroundStack stack({o.mynasim, "run", "--card", work + "/placeholder.img"});
  setenv("PCSCLITE_CSOCK_NAME", stack.socket.c_str(), 1);
  run({o.mynasim, "remove", "--dir", stack.dir});
  setenv("SIM_DIR", work.c_str(), 1);
  setenv("SIM_MYNASIM", o.mynasim.c_str(), 1);
  setenv("SIM_CARD", card.c_str(), 1);
  setenv("SIM_SOCKET", (stack.dir + "/card0.sock").c_str(), 1);
  run({"/bin/bash", o.harness, "start"});

  const std::vector<std::string> suite = {o.mynatool,
                                          "conformance",
                                          "--office-key",
                                          work + "/certs/office-key.pem",
                                          "--simulator-control",
                                          o.harness,
                                          "--pins-fd",
                                          "3",
                                          "--report",
                                          work + "/report.json"};
  std::vector<std::uint64_t> suite_ns;
  const int rounds = o.quick ? 1 : o.rounds;
  for (int round = 0; round < rounds; ++round) {
    progress("round " + std::to_string(round + 1) + ": the suite");
    suite_ns.push_back(time_ns([&] { run(suite, kValues); }));
  }
  json report;
  std::ifstream(work + "/report.json") >> report;
  std::size_t checks = 0;
  json per_scenario = json::object();
  for (const auto& s : report["scenarios"]) {
    checks += s["checks"].size();
    const std::string name = s["scenario"];
    per_scenario[name] = per_scenario.value(name, 0.0) + s["seconds"].get<double>();
  }

  // The floor: one bare round trip (empty VERIFY of EF 0018) through the same stack, as many
  // times as the suite checked status words.
  progress("floor: empty VERIFY round trips");
  pcsc::Context context;
  auto connection = context.connect(context.choose_reader(""));
  connection->transmit(iso7816::make_command(
      0x00, 0xA4, 0x04, 0x0C, {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01}));
  connection->transmit(iso7816::make_command(0x00, 0xA4, 0x02, 0x0C, {0x00, 0x18}));
  const Summary trip = measure(20, o.quick ? 200 : 1000, [&] {
    connection->transmit(iso7816::make_command(0x00, 0x20, 0x00, 0x80));
  });

  const Summary measured = summarize(suite_ns);
  Summary floor = trip;
  for (auto* v : {&floor.min_ns, &floor.median_ns, &floor.p99_ns, &floor.max_ns}) *v *= checks;
  floor.n = trip.n;
  json suite_json = to_json(measured);
  suite_json["what"] =
      "mynatool conformance, simulator mode with restart/kill harness, process start to exit";
  suite_json["scenarios"] = report["scenarios"].size();
  suite_json["passed"] = report["passed"];
  suite_json["checks"] = checks;
  suite_json["seconds_median"] = static_cast<double>(measured.median_ns) / 1e9;
  suite_json["target_seconds"] = kTargetSeconds;
  suite_json["within_target"] = static_cast<double>(measured.max_ns) / 1e9 < kTargetSeconds;
  suite_json["seconds_by_scenario"] = per_scenario;
  suite_json["floor"] = "apdu_round_trips";
  suite_json["ratio"] = ratio(measured, floor);
  json trip_json = to_json(trip);
  trip_json["what"] = "one empty VERIFY through pcscd and the same mynasim attach process";
  json floor_json = to_json(floor);
  floor_json["what"] = "checks x empty-VERIFY round trip (min, median, p99, max scaled)";
  out["operations"] = {{"apdu_round_trip", trip_json},
                       {"apdu_round_trips", floor_json},
                       {"conformance_suite", suite_json}};
  print_report(out);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_conformance: the conformance suite against the simulator, timed"};
  Options o;
  app.add_option("--dir", o.dir, "where the card and the stack go (default $TMPDIR, /var/tmp)");
  app.add_option("--rounds", o.rounds, "whole-suite runs")->capture_default_str();
  app.add_flag("--quick", o.quick, "one round, fewer floor samples");
  app.add_option("--mynasim", o.mynasim, "the mynasim program")->capture_default_str();
  app.add_option("--mynatool", o.mynatool, "the mynatool program")->capture_default_str();
  app.add_option("--harness", o.harness, "sim_control.sh")->capture_default_str();
  return bench_main(app, "bench_conformance", argc, argv, [&] { return run_bench(o); });
}
