#include "tools/mynasim/control_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

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
    if (ok)
      std::printf("%s\n", answer.c_str());
    else
      std::fprintf(stderr, "mynasim %s: %s\n", command, answer.c_str());
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

}  // namespace mynasim::tools
