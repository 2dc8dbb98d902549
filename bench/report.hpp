// What every benchmark prints around its figures (bench/README.md, "Report"): one JSON document
// on stdout with the benchmark's name, the schema, whether it was a quick run and a machine block,
// and a progress line per step on stderr when that is a terminal.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace mynasim::bench {

// The version of the document's layout; bump it when a key changes meaning or type.
inline constexpr int kReportSchema = 2;

// "<program>: <line>" on stderr, only on a terminal (CI and redirected runs stay quiet).
void progress(std::string_view line);

// {"benchmark", "schema", "quick", "machine": {cpu_model, cpus, build_type, date, loadavg_start}};
// the benchmark adds its own keys.
nlohmann::json start_report(std::string_view benchmark, bool quick);

// Closes the machine block (loadavg_end) and writes the document on stdout.
void print_report(nlohmann::json& report);

}  // namespace mynasim::bench
