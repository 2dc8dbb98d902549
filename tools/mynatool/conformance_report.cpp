// The suite's reports: a table for the terminal (one row per scenario: the status words expected
// and seen, in order), JUnit XML (one testcase per scenario, its checks in system-out) and JSON
// (every check).
#include <nlohmann/json.hpp>

#include <cstdio>

#include "tools/common/cli/escape.hpp"
#include "tools/mynatool/conformance.hpp"

namespace mynasim::tools::conformance {
namespace {

const char* outcome_name(ScenarioResult::Outcome outcome) {
  switch (outcome) {
    case ScenarioResult::Outcome::kPassed:
      return "pass";
    case ScenarioResult::Outcome::kFailed:
      return "FAIL";
    case ScenarioResult::Outcome::kSkipped:
      return "skip";
  }
  return "?";
}

std::string joined(const ScenarioResult& r, bool expected) {
  std::string out;
  for (const auto& check : r.checks) {
    if (!out.empty()) out += ' ';
    out += expected ? check.expected : check.seen;
  }
  return out;
}

std::size_t count(const std::vector<ScenarioResult>& results, ScenarioResult::Outcome outcome) {
  std::size_t n = 0;
  for (const auto& r : results) n += r.outcome == outcome;
  return n;
}

}  // namespace

const char* power_name(Power power) {
  switch (power) {
    case Power::kReadOnly:
      return "read-only";
    case Power::kBounded:
      return "destructive (no counter below 2)";
    case Power::kSimulator:
      return "simulator";
  }
  return "?";
}

std::string table(const std::vector<ScenarioResult>& results) {
  std::string out;
  char line[1024];
  std::snprintf(line, sizeof line, "%-14s %-60s %-4s %s\n", "PIN", "scenario", "", "status words");
  out += line;
  for (const auto& r : results) {
    std::snprintf(line, sizeof line, "%-14s %-60s %-4s ", r.pin.c_str(), r.name.c_str(),
                  outcome_name(r.outcome));
    out += line;
    if (r.outcome == ScenarioResult::Outcome::kSkipped) {
      out += "(" + r.message + ")\n";
      continue;
    }
    out += "expected " + joined(r, true) + "\n";
    out += std::string(81, ' ') + "seen     " + joined(r, false) + "\n";
    if (r.outcome == ScenarioResult::Outcome::kFailed)
      out += std::string(81, ' ') + r.message + "\n";
  }
  std::snprintf(line, sizeof line, "%zu passed, %zu failed, %zu skipped\n",
                count(results, ScenarioResult::Outcome::kPassed),
                count(results, ScenarioResult::Outcome::kFailed),
                count(results, ScenarioResult::Outcome::kSkipped));
  out += line;
  return out;
}

std::string junit_xml(const std::vector<ScenarioResult>& results, const std::string& reader) {
  double total = 0;
  for (const auto& r : results) total += r.seconds;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites>\n<testsuite name=\"mynatool conformance\" tests=\"" +
         std::to_string(results.size()) + "\" failures=\"" +
         std::to_string(count(results, ScenarioResult::Outcome::kFailed)) + "\" skipped=\"" +
         std::to_string(count(results, ScenarioResult::Outcome::kSkipped)) + "\" time=\"" +
         std::to_string(total) + "\" hostname=\"" + cli::markup_escape(reader) + "\">\n";
  for (const auto& r : results) {
    out += "  <testcase classname=\"conformance." + cli::markup_escape(r.pin) + "\" name=\"" +
           cli::markup_escape(r.name) + "\" time=\"" + std::to_string(r.seconds) + "\">\n";
    if (r.outcome == ScenarioResult::Outcome::kSkipped)
      out += "    <skipped message=\"" + cli::markup_escape(r.message) + "\"/>\n";
    if (r.outcome == ScenarioResult::Outcome::kFailed)
      out += "    <failure message=\"" + cli::markup_escape(r.message) + "\"/>\n";
    if (!r.checks.empty()) {
      out += "    <system-out>";
      for (const auto& c : r.checks)
        out += cli::markup_escape(c.step + ": expected " + c.expected + ", seen " + c.seen +
                                  (c.pass ? "" : " (FAIL)")) +
               "\n";
      out += "</system-out>\n";
    }
    out += "  </testcase>\n";
  }
  out += "</testsuite>\n</testsuites>\n";
  return out;
}

std::string json_report(const std::vector<ScenarioResult>& results, const std::string& reader,
                        Power power) {
  nlohmann::json scenarios = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : r.checks)
      checks.push_back(
          {{"step", c.step}, {"expected", c.expected}, {"seen", c.seen}, {"pass", c.pass}});
    scenarios.push_back({{"pin", r.pin},
                         {"scenario", r.name},
                         {"outcome", r.outcome == ScenarioResult::Outcome::kPassed   ? "passed"
                                     : r.outcome == ScenarioResult::Outcome::kFailed ? "failed"
                                                                                     : "skipped"},
                         {"message", r.message},
                         {"seconds", r.seconds},
                         {"checks", checks}});
  }
  return nlohmann::json{{"reader", reader},
                        {"mode", power_name(power)},
                        {"passed", count(results, ScenarioResult::Outcome::kPassed)},
                        {"failed", count(results, ScenarioResult::Outcome::kFailed)},
                        {"skipped", count(results, ScenarioResult::Outcome::kSkipped)},
                        {"scenarios", scenarios}}
             .dump(2) +
         "\n";
}

}  // namespace mynasim::tools::conformance
