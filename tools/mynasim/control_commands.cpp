#include "tools/mynasim/control_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "reader/faults/fault_plan.hpp"
#include "reader/stack/control_server.hpp"

namespace mynasim::tools {
namespace {

int request(const char* command, const ControlOptions& options, const std::string& line) {
  std::string dir = options.dir;
  if (dir.empty())
    if (const char* env = std::getenv("MYNASIM_STACK")) dir = env;
  if (dir.empty()) {
    std::fprintf(stderr,
                 "mynasim %s: which stack? Give --dir DIR or set MYNASIM_STACK (mynasim run "
                 "prints it)\n",
                 command);
    return 2;
  }
  try {
    bool ok = false;
    const std::string answer = reader::stack::control_request(dir, line, ok);
    if (!ok)
      std::fprintf(stderr, "mynasim %s: %s\n", command, answer.c_str());
    else if (!answer.empty())  // `fault list` of no faults says nothing
      std::printf("%s\n", answer.c_str());
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mynasim %s: %s\n", command, e.what());
    return 1;
  }
}

}  // namespace

int run_insert(const ControlOptions& options) {
  std::string line = "insert " + std::to_string(options.reader);
  // The stack runs elsewhere (another directory, perhaps): it gets an absolute path.
  if (!options.card.empty()) line += " " + std::filesystem::absolute(options.card).string();
  return request("insert", options, line);
}

int run_remove(const ControlOptions& options) {
  return request("remove", options, "remove " + std::to_string(options.reader));
}

int run_status(const ControlOptions& options) {
  return request("status", options, "status");
}

int run_fault_add(const ControlOptions& options) {
  if (options.fault.empty() == options.fault_file.empty()) {
    std::fprintf(stderr, "mynasim fault add: give one fault as JSON or --file FILE\n");
    return 2;
  }
  std::vector<reader::faults::Rule> rules;
  std::vector<std::string> warnings;
  try {
    if (!options.fault.empty()) {
      rules.push_back(reader::faults::parse_rule(options.fault, "the fault given", warnings));
    } else {
      const reader::faults::Plan plan = reader::faults::load_plan(options.fault_file, warnings);
      if (plan.seed != 0)
        warnings.push_back("warning: " + options.fault_file +
                           ": seed: not used; faults added to a running stack draw from the "
                           "stack's seed (docs/faults.md)");
      rules = plan.rules;
    }
  } catch (const reader::faults::PlanError& e) {
    std::fprintf(stderr, "mynasim fault add: %s\n", e.what());
    return 2;
  }
  for (const auto& warning : warnings)
    std::fprintf(stderr, "mynasim fault add: %s\n", warning.c_str());
  for (const auto& rule : rules) {
    const std::string line = "fault add " + std::to_string(options.reader) + " " + rule.source;
    if (const int status = request("fault add", options, line); status != 0) return status;
  }
  return 0;
}

// "fault list" / "fault clear": every reader's, or with --reader N, reader N's.
int run_fault_list(const ControlOptions& options) {
  return request("fault list", options,
                 "fault list" + (options.reader_given ? " " + std::to_string(options.reader) : ""));
}

int run_fault_clear(const ControlOptions& options) {
  return request(
      "fault clear", options,
      "fault clear" + (options.reader_given ? " " + std::to_string(options.reader) : ""));
}

}  // namespace mynasim::tools
