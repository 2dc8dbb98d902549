// A server program run in the background for a benchmark (mynaca ocsp serve, mynaportal serve,
// the hostile.py siege): started with its stdout on a pipe, waited for until it prints the line
// that says it is ready, stopped with SIGTERM (and waited for) when this object goes.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

namespace mynasim::bench {

class BackgroundProgram {
 public:
  // argv[0] is the program's path; stderr goes to `log`. Reads stdout until a line contains
  // `ready` and keeps that line (ready_line()); throws if the program ends first.
  BackgroundProgram(const std::vector<std::string>& argv, const std::string& ready,
                    const std::string& log);
  ~BackgroundProgram();
  BackgroundProgram(const BackgroundProgram&) = delete;
  BackgroundProgram& operator=(const BackgroundProgram&) = delete;

  const std::string& ready_line() const { return ready_line_; }
  pid_t pid() const { return pid_; }
  // SIGTERM, wait for the end; returns what it printed after the ready line. Idempotent.
  std::string stop();

 private:
  pid_t pid_ = -1;
  std::FILE* out_ = nullptr;
  std::string ready_line_;
};

// A port on 127.0.0.1 free a moment ago (bound to 0 and closed): for a server whose URL must be
// known before it starts (mynaca ocsp serve, named in the certificates mynaca issues).
int free_port();

// Peak resident set (VmHWM) of a process, in KiB; 0 if unknown.
long vm_hwm_kib(pid_t pid);

}  // namespace mynasim::bench
