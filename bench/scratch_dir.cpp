#include "bench/scratch_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace mynasim::bench {

ScratchDir::ScratchDir(const std::string& base_option) {
  const char* tmpdir = std::getenv("TMPDIR");
  const std::string base = !base_option.empty() ? base_option : tmpdir ? tmpdir : "/var/tmp";
  path_ = base + "/mynasim-bench-XXXXXX";
  if (!mkdtemp(path_.data())) throw std::runtime_error("cannot make a directory under " + base);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;  // a destructor reports nothing; what is left is in the system's tmp
  std::filesystem::remove_all(path_, ignored);
}

void shell(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("`" + command + "` failed");
}

}  // namespace mynasim::bench
