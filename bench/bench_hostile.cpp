// bench_hostile: what a slowloris costs a real user of mynaportal (bench/README.md), as JSON on
// stdout. The portal and the OCSP responder are the programs themselves (`mynaportal serve`,
// `mynaca ocsp serve`), as deployed; the attack is tests/integration/hostile/hostile.py's
// `siege` (200 idle TLS connections and 50 that trickle header lines, spread over 127.0.0.2-11
// so that the per-address limit of 32 is not what saves the server, each reopened as soon as the
// server ends it). Timed, in alternating phases without and with the siege: a page load (a fresh
// TLS connection, GET /login) and a card login (a fresh connection, then everything `mynatool
// login` does through the simulated card in a private pcscd). The phases without the attack are
// the floor. Never run by ctest.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <thread>

#include "bench/background_program.hpp"
#include "bench/bench_main.hpp"
#include "bench/portal_login.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"
#include "reader/client/channel.hpp"
#include "reader/emulator/driver_path.hpp"
#include "reader/emulator/simulated_card.hpp"
#include "reader/pcsc/context.hpp"
#include "reader/stack/private_stack.hpp"
#include "reader/stack/stack_dir.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kPin = "1234";

struct Options {
  bool quick = false;
  int rounds = 2;             // phases without and with the attack, in turn
  double phase_seconds = 15;  // longer than the 10 s header deadline: the siege's reconnects
  int page_loads = 60;        // per phase
  int card_logins = 30;       // per phase
  int idle = 200;
  int trickle = 50;
  std::string sources = "127.0.0.2-127.0.0.11";
};

void shell(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("`" + command + "` failed");
}

// Samples of one phase: successes are timed; a failure (refused, or no answer within the
// client's 10 s timeouts) is counted, since under attack it is the finding.
struct Samples {
  std::vector<std::uint64_t> ns;
  int failed = 0;
  std::string last_error;
};

struct Phase {
  Samples page, login;
};

class Bench {
 public:
  Bench(int port, std::string ca, std::string origin, client::JpkiClient& card)
      : port_(port), ca_(std::move(ca)), origin_(std::move(origin)), card_(card) {}

  // page loads and card logins in turn, spread over `seconds`.
  void phase(Phase& into, int pages, int logins, double seconds) {
    const int steps = std::max(pages, logins);
    const auto start = Clock::now();
    for (int i = 0; i < steps; ++i) {
      if (i < pages) time_one(into.page, [&] { page_load(); });
      if (i < logins) time_one(into.login, [&] { card_login_fresh(); });
      const auto due = start + std::chrono::duration<double>(seconds * (i + 1) / steps);
      std::this_thread::sleep_until(due);
    }
  }

 private:
  template <typename Fn>
  void time_one(Samples& samples, Fn&& fn) {
    const auto t0 = Clock::now();
    try {
      fn();
      samples.ns.push_back(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count()));
    } catch (const std::exception& e) {
      ++samples.failed;
      samples.last_error = e.what();
    }
  }
  void page_load() {
    auto http = portal_client(port_, ca_, 10);
    auto page = http->Get("/login");
    if (!page) throw std::runtime_error("GET /login: " + httplib::to_string(page.error()));
    if (page->status != 200)
      throw std::runtime_error("GET /login: " + std::to_string(page->status));
  }
  void card_login_fresh() {
    auto http = portal_client(port_, ca_, 10);
    card_login(card_, *http, origin_, kPin);
  }

  int port_;
  std::string ca_, origin_;
  client::JpkiClient& card_;
};

json entry(const Samples& s, const std::string& what, const Samples* floor) {
  const Summary summary = summarize(s.ns);
  json e = to_json(summary);
  e["what"] = what;
  e["failed"] = s.failed;
  if (s.failed) e["last_error"] = s.last_error;
  if (floor) {
    const Summary f = summarize(floor->ns);
    e["ratio"] = ratio(summary, f);
    e["p99_ratio"] =
        f.p99_ns ? std::round(static_cast<double>(summary.p99_ns) / f.p99_ns * 1000) / 1000 : 0;
  }
  return e;
}

int run(Options options) {
  if (options.quick) {
    options.rounds = 1;
    options.phase_seconds = 12;
    options.page_loads = 20;
    options.card_logins = 10;
  }
  json report = start_report("bench_hostile", options.quick);
  reader::stack::StackDir work;  // forks its janitor: before any thread
  const std::string ca = work.file("ca"), image = work.file("card.img");
  const std::string mynaca = std::string(MYNACA_PATH) + " --dir '" + ca + "'";
  const int ocsp_port = free_port();
  progress("authority, card, OCSP responder and portal in " + work.path());
  ::setenv("BENCH_PIN", kPin, 1);
  ::setenv("BENCH_SIGN_PASSWORD", "BENCHPASS1", 1);
  shell(mynaca + " init --base-url http://127.0.0.1:" + std::to_string(ocsp_port) + " > /dev/null");
  shell(mynaca + " issue --name '性能　測定' --address '東京都千代田区霞が関２丁目１番２号' " +
        "--birth 1980-02-17 --sex 1 --out '" + image + "' --pin-env BENCH_PIN " +
        "--sign-password-env BENCH_SIGN_PASSWORD > /dev/null");
  shell(mynaca + " crl > /dev/null");
  ::unsetenv("BENCH_PIN");
  ::unsetenv("BENCH_SIGN_PASSWORD");
  BackgroundProgram ocsp(
      {MYNACA_PATH, "--dir", ca, "ocsp", "serve", "--port", std::to_string(ocsp_port)}, "listening",
      work.file("ocsp.log"));
  BackgroundProgram portal({MYNAPORTAL_PATH, "serve", "--ca", ca, "--data", work.file("portal"),
                            "--listen", "127.0.0.1:0", "--json"},
                           "listening", work.file("portal.log"));
  const json listening = json::parse(portal.ready_line());
  const std::string origin = listening["listening"];
  const std::string tls_ca = listening["tls_ca"];
  const int port = std::stoi(origin.substr(origin.rfind(':') + 1));

  std::string error;
  auto simulated = emulator::SimulatedCard::load(image, error);
  if (!simulated) throw std::runtime_error(error);
  reader::stack::StackConfig stack_config;
  stack_config.driver = emulator::find_driver();
  std::vector<std::unique_ptr<reader::CardEndpoint>> cards;
  cards.push_back(std::move(simulated));
  reader::stack::PrivateStack stack(stack_config, std::move(cards));
  stack.insert(0);

  Phase calm, siege;
  json sieges = json::array();
  const long hwm_start = vm_hwm_kib(portal.pid());
  {
    pcsc::Context context;
    auto connection = context.connect(stack.reader_name(0));
    client::PcscChannel channel(*connection);
    client::JpkiClient jpki(channel);
    Bench bench(port, tls_ca, origin, jpki);
    Phase warmup;
    bench.phase(warmup, 3, 3, 0);  // TLS session setup, OCSP answer cached, pcscd warm
    if (!warmup.login.ns.size()) throw std::runtime_error("no login: " + warmup.login.last_error);
    for (int round = 0; round < options.rounds; ++round) {
      progress("round " + std::to_string(round + 1) + ": no attack");
      bench.phase(calm, options.page_loads, options.card_logins, options.phase_seconds);
      progress("round " + std::to_string(round + 1) + ": siege");
      BackgroundProgram attack({"python3", "-B", HOSTILE_PY, "--cafile", tls_ca, "siege", "--url",
                                origin, "--idle", std::to_string(options.idle), "--trickle",
                                std::to_string(options.trickle), "--sources", options.sources},
                               "siege ready", work.file("siege.log"));
      bench.phase(siege, options.page_loads, options.card_logins, options.phase_seconds);
      const std::string summary = attack.stop();
      sieges.push_back(json::parse(summary, nullptr, false));
    }
  }
  stack.stop();

  report["attack"] = {{"idle", options.idle},       {"trickle", options.trickle},
                      {"sources", options.sources}, {"phase_seconds", options.phase_seconds},
                      {"rounds", options.rounds},   {"siege", sieges}};
  report["server"] = {{"portal_vm_hwm_kib_start", hwm_start},
                      {"portal_vm_hwm_kib_end", vm_hwm_kib(portal.pid())},
                      {"ocsp_vm_hwm_kib_end", vm_hwm_kib(ocsp.pid())}};
  const std::string page = "a fresh TLS connection to the portal, GET /login (200)";
  const std::string login =
      "a fresh TLS connection, GET /api/challenge, the card's certificate, PIN status, VERIFY "
      "and signature through pcscd, POST /api/login, GET /api/mypage";
  report["operations"] = {
      {"page_load", entry(calm.page, page, nullptr)},
      {"page_load_under_attack", entry(siege.page, page + ", during the siege", &calm.page)},
      {"card_login", entry(calm.login, login, nullptr)},
      {"card_login_under_attack", entry(siege.login, login + ", during the siege", &calm.login)}};
  report["operations"]["page_load_under_attack"]["floor"] = "page_load";
  report["operations"]["card_login_under_attack"]["floor"] = "card_login";
  print_report(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"mynaportal under a slowloris: page loads and card logins with and without (JSON)"};
  app.add_flag("--quick", options.quick, "one round of 12 s phases, fewer samples: a smoke run");
  app.add_option("--rounds", options.rounds, "phases without and with the attack, in turn")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  app.add_option("--phase-seconds", options.phase_seconds, "length of each phase")
      ->check(CLI::Range(1.0, 600.0))
      ->capture_default_str();
  app.add_option("--page-loads", options.page_loads, "page loads per phase")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--card-logins", options.card_logins, "card logins per phase")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--idle", options.idle, "idle TLS connections in the siege")
      ->check(CLI::Range(0, 2000))
      ->capture_default_str();
  app.add_option("--trickle", options.trickle, "trickling connections in the siege")
      ->check(CLI::Range(0, 2000))
      ->capture_default_str();
  app.add_option("--sources", options.sources, "the siege's source addresses (A-B or A,B,...)")
      ->capture_default_str();
  return mynasim::bench::bench_main(app, "bench_hostile", argc, argv, [&] { return run(options); });
}
