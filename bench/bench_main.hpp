// The tail every benchmark's main() shares: parse the command line (usage errors exit 2, --help
// exits 0), run, and turn an exception into a one-line message naming the benchmark and exit 1.
#pragma once

#include <exception>
#include <iostream>
#include <string_view>

#include <CLI/CLI.hpp>

namespace mynasim::bench {

template <typename Run>
int bench_main(CLI::App& app, std::string_view name, int argc, char** argv, Run&& run) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    return run();
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace mynasim::bench
