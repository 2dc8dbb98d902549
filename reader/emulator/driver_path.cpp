#include "reader/emulator/driver_path.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace mynasim::emulator {

std::string find_driver() {
  namespace fs = std::filesystem;
  constexpr const char* kName = "libifd-mynasim.so";
  if (const char* env = std::getenv("MYNASIM_IFD"); env && *env) {
    if (access(env, R_OK) != 0)
      throw std::runtime_error(std::string("MYNASIM_IFD=") + env + ": no readable file there");
    return fs::absolute(env).string();
  }
  std::vector<fs::path> candidates;
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    candidates.push_back(exe.parent_path() / kName);
    candidates.push_back(exe.parent_path().parent_path() / "lib" / "mynasim" / kName);
  }
#ifdef MYNASIM_IFD_BUILD_PATH
  candidates.emplace_back(MYNASIM_IFD_BUILD_PATH);
#endif
  std::string looked;
  for (const auto& candidate : candidates) {
    if (access(candidate.c_str(), R_OK) == 0) return candidate.string();
    looked += " " + candidate.string();
  }
  throw std::runtime_error("the reader driver " + std::string(kName) + " was not found (looked at" +
                           looked + "; set MYNASIM_IFD)");
}

}  // namespace mynasim::emulator
