// Starts a private pcscd: `pcscd -f -c DIR/reader.conf`, handed a listening socket at
// DIR/pcscd.comm through the systemd socket-activation protocol (LISTEN_FDS=1, LISTEN_PID, fd 3),
// because pcscd 1.9.9 ignores PCSCLITE_CSOCK_NAME itself. Clients find it through that variable.
//
// Isolation (reference/pcsc-stack.md §3): pcscd still mkdirs /run/pcscd and writes, then deletes,
// /run/pcscd/pcscd.pid, and scans USB readers. So the child enters a mount namespace of its own
// (as root: unshare(CLONE_NEWNS); otherwise a user namespace too, mapping the user to root in it)
// and mounts an empty tmpfs over /run/pcscd (or over /run when /run/pcscd does not exist) and over
// /usr/lib/pcsc/drivers. The system pcscd's files are never touched. Without a namespace (user
// namespaces disabled) an ordinary user still runs, since pcscd can neither write the system's
// pid file nor open USB devices; root refuses to run without one.
//
// pcscd runs in its own process group (a ^C at the terminal is for the COMMAND, not for it) and
// gets SIGTERM when mynasim dies (PR_SET_PDEATHSIG).
#pragma once

#include <sys/types.h>

#include <string>

namespace mynasim::reader::stack {

struct PcscdOptions {
  std::string config;      // reader.conf
  std::string socket;      // where clients connect
  std::string log;         // pcscd's stdout and stderr
  std::string driver;      // the driver's path, so that masking the drivers folder spares it
  bool log_apdus = false;  // pcscd -a (slow: diagnostics only)
};

class PcscdProcess {
 public:
  // Throws std::runtime_error (the message says what failed, with pcscd's last log lines when it
  // got that far).
  explicit PcscdProcess(const PcscdOptions& options);
  ~PcscdProcess();  // stop()
  PcscdProcess(const PcscdProcess&) = delete;
  PcscdProcess& operator=(const PcscdProcess&) = delete;

  pid_t pid() const { return pid_; }
  // How pcscd was isolated, for the user ("mount namespace", "user and mount namespace", "none").
  const std::string& isolation() const { return isolation_; }
  // True once pcscd has exited (reaps it).
  bool exited();
  // SIGTERM, wait up to 2 s, then SIGKILL. Removes the socket file (pcscd leaves it behind).
  void stop();

 private:
  PcscdOptions options_;
  pid_t pid_ = -1;
  std::string isolation_;
};

// The last `lines` lines of a log file, for error messages.
std::string log_tail(const std::string& path, int lines = 15);

// The pcscd binary: $MYNASIM_PCSCD, /usr/sbin/pcscd, or "pcscd" from PATH.
std::string pcscd_binary();

}  // namespace mynasim::reader::stack
