// What the benches that drive the project's programs share: a scratch directory for their files
// and stacks, removed however the run ends, and running a command line that must succeed.
#pragma once

#include <string>

namespace mynasim::bench {

// `base`/mynasim-bench-XXXXXX, where `base` is the --dir option, else $TMPDIR, else /var/tmp.
// Throws std::runtime_error naming `base` when it cannot be made; removed with all it holds when
// this object goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& base_option);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs `command` through /bin/sh; throws std::runtime_error quoting it when it does not exit 0.
void shell(const std::string& command);

}  // namespace mynasim::bench
