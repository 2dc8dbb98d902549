// bench_browser_login: how long a holder waits for an in-browser login (bench/README.md): from the
// click on "log in with this computer's card reader" to my page, through chromium (headless=new),
// the extension, `mynatool native-host`, the pinentry stand-in, the simulated card in a private
// pcscd and mynaportal; against `mynatool login` (the CLI login, the floor) on the same portal
// and card in the same run. The world and the browser are bench/browser_login.sh's and
// bench/browser_login.mjs's; this program runs them and summarises their samples.
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "bench/bench_main.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"

namespace {

using mynasim::bench::Summary;
using nlohmann::json;

std::string run_harness(int logins) {
  const std::string command = std::string("bash '") + MYNASIM_SOURCE_DIR +
                              "/bench/browser_login.sh' '" + MYNACA_PATH + "' '" + MYNASIM_PATH +
                              "' '" + MYNATOOL_PATH + "' '" + MYNAPORTAL_PATH + "' " +
                              std::to_string(logins);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) throw std::runtime_error("cannot run bench/browser_login.sh");
  std::string out;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe.get()))
    out.append(buffer, n);
  if (::pclose(pipe.release()) != 0)
    throw std::runtime_error("bench/browser_login.sh failed (its messages are above)");
  const auto line = out.rfind("{\"browser_ns\"");
  if (line == std::string::npos)
    throw std::runtime_error("bench/browser_login.sh printed no samples");
  return out.substr(line);
}

Summary summary_of(const json& samples) {
  return mynasim::bench::summarize(samples.get<std::vector<std::uint64_t>>());
}

int run(bool quick, int logins) {
  if (quick) logins = 3;
  json report = mynasim::bench::start_report("bench_browser_login", quick);
  mynasim::bench::progress("logging in " + std::to_string(logins) + " times each way");
  const json samples = json::parse(run_harness(logins));
  const Summary browser = summary_of(samples["browser_ns"]);
  const Summary cli = summary_of(samples["cli_ns"]);
  json in_browser = mynasim::bench::to_json(browser);
  in_browser["floor"] = "cli_login";
  in_browser["ratio_to_floor"] = mynasim::bench::ratio(browser, cli);
  report["logins"] = logins;
  // The page API's part of the browser login: the extension, the native host (started by the
  // browser), pinentry and the card; the rest is the page's requests and navigation.
  json page_api = mynasim::bench::to_json(summary_of(samples["sign_ns"]));
  page_api["floor"] = "cli_login";
  page_api["ratio_to_floor"] = mynasim::bench::ratio(summary_of(samples["sign_ns"]), cli);
  report["operations"] = {{"browser_login", in_browser},
                          {"page_api_authenticate", page_api},
                          {"cli_login", mynasim::bench::to_json(cli)}};
  mynasim::bench::print_report(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int logins = 30;
  CLI::App app{
      "In-browser login (extension + native host + simulated card) against the CLI login (JSON)"};
  app.add_flag("--quick", quick, "3 logins each way, a smoke run");
  app.add_option("--logins", logins, "logins each way (default 30)")->check(CLI::Range(1, 1000));
  return mynasim::bench::bench_main(app, "bench_browser_login", argc, argv,
                                    [&] { return run(quick, logins); });
}
