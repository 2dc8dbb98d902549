// The directory one private stack lives in: pcscd's socket, reader.conf, the card sockets, the
// control socket and pcscd's log. Short on purpose (sun_path holds 107 bytes).
//
// A temporary directory (/tmp/mynasim.XXXXXX) is removed with everything in it at the end, also
// when mynasim is killed with SIGKILL: a janitor process forked at creation waits on a pipe and
// removes it when the pipe closes. A directory the user named is kept; only the files the stack
// made are removed from it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mynasim::reader::stack {

class StackDir {
 public:
  // Creates /tmp/mynasim.XXXXXX (mode 0700), or uses `wanted` (created 0700 if missing; an
  // existing one must be a directory we own). Throws std::runtime_error naming the problem.
  // Forks the janitor: construct it before starting any thread.
  explicit StackDir(const std::string& wanted = {});
  ~StackDir();  // removes what it made
  StackDir(const StackDir&) = delete;
  StackDir& operator=(const StackDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the directory, remembered for removal at the end.
  std::string file(const std::string& name);
  bool temporary() const { return temporary_; }

  // Longest file name the stack uses, to check sun_path early.
  static constexpr std::size_t kLongestName = sizeof("control.sock") - 1;

 private:
  void start_janitor();

  std::string path_;
  bool temporary_ = false;
  bool created_ = false;  // we made the directory, so we remove it
  std::vector<std::string> files_;
  int janitor_pipe_ = -1;
  pid_t janitor_ = -1;
};

}  // namespace mynasim::reader::stack
