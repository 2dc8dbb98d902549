#include "bench/report.hpp"

#include <unistd.h>

#include <cerrno>  // program_invocation_short_name (GNU)
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>

#ifndef MYNASIM_BUILD_TYPE
#define MYNASIM_BUILD_TYPE "unknown"
#endif

namespace mynasim::bench {
namespace {

// The 1-, 5- and 15-minute load averages (null when unknown): how noisy the shared machine was.
nlohmann::json load_average() {
  double load[3] = {0, 0, 0};
  if (::getloadavg(load, 3) != 3) return nullptr;
  const auto centi = [](double x) { return std::round(x * 100) / 100; };  // as /proc/loadavg
  return {centi(load[0]), centi(load[1]), centi(load[2])};
}

// /proc/cpuinfo's first "model name" (x86) or "Model" (ARM boards); null when it has neither.
nlohmann::json cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    if (key == "model name" || key == "Model") {
      const auto start = line.find_first_not_of(' ', colon + 1);
      return start == std::string::npos ? "" : line.substr(start);
    }
  }
  return nullptr;
}

// UTC, to the second, ISO 8601: when the run started.
std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  char text[32];
  if (!::gmtime_r(&now, &utc) || std::strftime(text, sizeof text, "%FT%TZ", &utc) == 0) return "";
  return text;
}

}  // namespace

void progress(std::string_view line) {
  if (::isatty(STDERR_FILENO))
    std::cerr << program_invocation_short_name << ": " << line << std::endl;
}

nlohmann::json start_report(std::string_view benchmark, bool quick) {
  return {{"benchmark", benchmark},
          {"schema", kReportSchema},
          {"quick", quick},
          {"machine",
           {{"cpu_model", cpu_model()},
            {"cpus", ::sysconf(_SC_NPROCESSORS_ONLN)},
            {"build_type", MYNASIM_BUILD_TYPE},
            {"date", utc_now()},
            {"loadavg_start", load_average()}}}};
}

void print_report(nlohmann::json& report) {
  report["machine"]["loadavg_end"] = load_average();
  std::cout << report.dump(2) << std::endl;
}

}  // namespace mynasim::bench
