#include "reader/stack/pcscd_launcher.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace mynasim::reader::stack {
namespace {

#ifndef MYNASIM_PCSC_DRIVERS_DIR
#define MYNASIM_PCSC_DRIVERS_DIR "/usr/lib/pcsc/drivers"
#endif
constexpr const char* kDriversDir = MYNASIM_PCSC_DRIVERS_DIR;

// The only variables pcscd inherits (LISTEN_FDS and LISTEN_PID are set afresh below): the two
// that pcscd itself reads (its binary names no other), and TZ for the times in its log.
constexpr std::string_view kPcscdEnvironment[] = {"PCSCLITE_FILTER_IGNORE_READER_NAMES",
                                                  "PCSCLITE_FILTER_EXTEND_READER_NAMES", "TZ"};

bool is_dir(const char* path) {
  struct stat st {};
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool under(const std::string& path, const std::string& dir) {
  const auto p = std::filesystem::weakly_canonical(path).string();
  return p == dir || p.rfind(dir + "/", 0) == 0;
}

// Everything the child needs, prepared before fork(): after it only async-signal-safe calls.
struct ChildPlan {
  std::vector<std::string> argv_store, env_store;
  std::vector<char*> argv, envp;
  std::size_t listen_pid_index = 0;  // env_store entry to fill in with the child's pid
  std::string uid_map, gid_map;
  bool root = false;
  const char* run_mask = nullptr;  // /run/pcscd, or /run when that does not exist
  bool mask_drivers = false;
  int listen_fd = -1, log_fd = -1, null_fd = -1, status_fd = -1;
  pid_t parent = 0;
};

// The child's reports to the parent: "I<isolation>\n" or "E<error>\n", then EOF at exec.
void report(int fd, char kind, const char* text, int err = 0) {
  char line[512];
  std::size_t n = 0;
  line[n++] = kind;
  for (const char* p = text; *p && n < 400; ++p) line[n++] = *p;
  if (err) {
    const char* sep = ": ";
    for (const char* p = sep; *p; ++p) line[n++] = *p;
    for (const char* p = strerrordesc_np(err); p && *p && n < 500; ++p) line[n++] = *p;
  }
  line[n++] = '\n';
  (void)!write(fd, line, n);
}

bool write_file(const char* path, const std::string& text) {
  const int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok;
}

[[noreturn]] void fail(const ChildPlan& plan, const char* what, int err) {
  report(plan.status_fd, 'E', what, err);
  _exit(127);
}

// Returns how pcscd is isolated; exits the child on a failure that must stop the run.
const char* isolate(const ChildPlan& plan) {
  const char* isolation;
  if (plan.root) {
    if (unshare(CLONE_NEWNS) != 0)
      fail(plan,
           "cannot give pcscd a mount namespace of its own (as root, without one it would "
           "overwrite and delete the system pcscd's /run/pcscd/pcscd.pid)",
           errno);
    isolation = "mount namespace";
  } else if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0) {
    if (!write_file("/proc/self/setgroups", "deny") ||
        !write_file("/proc/self/uid_map", plan.uid_map) ||
        !write_file("/proc/self/gid_map", plan.gid_map))
      fail(plan, "cannot map the user into pcscd's user namespace", errno);
    isolation = "user and mount namespace";
  } else {
    // No namespace: pcscd cannot write the system's /run/pcscd as an ordinary user; it only
    // needs that directory to exist.
    if (!is_dir("/run/pcscd"))
      fail(plan,
           "user namespaces are not available to isolate pcscd, and /run/pcscd does not exist, "
           "so pcscd cannot start as an ordinary user (run as root, install pcscd, or allow "
           "unprivileged user namespaces)",
           errno);
    return "none (user namespaces unavailable; pcscd runs as this user next to the system's)";
  }
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    fail(plan, "cannot make pcscd's mounts private", errno);
  if (mount("tmpfs", plan.run_mask, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
    fail(plan, "cannot mount an empty tmpfs over /run for pcscd", errno);
  // No USB readers: with an empty drivers folder pcscd disables USB support.
  if (plan.mask_drivers)
    (void)mount("tmpfs", kDriversDir, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "mode=0755");
  return isolation;
}

// Writes the decimal pid at `out` (room reserved before fork) and terminates the string.
void put_pid(char* out, pid_t pid) {
  char buffer[16];
  int n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + pid % 10);
    pid /= 10;
  } while (pid > 0);
  while (n > 0) *out++ = buffer[--n];
  *out = '\0';
}

[[noreturn]] void run_child(ChildPlan& plan) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) signal(sig, SIG_DFL);
  setpgid(0, 0);

  const char* isolation = isolate(plan);
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != plan.parent) _exit(127);

  if (dup2(plan.null_fd, 0) < 0 || dup2(plan.log_fd, 1) < 0 || dup2(plan.log_fd, 2) < 0)
    fail(plan, "cannot redirect pcscd's output", errno);
  if (plan.listen_fd == 3) {
    fcntl(3, F_SETFD, 0);
  } else if (dup2(plan.listen_fd, 3) < 0) {
    fail(plan, "cannot hand pcscd its socket", errno);
  }
  char* listen_pid = plan.envp[plan.listen_pid_index];
  put_pid(listen_pid + std::strlen("LISTEN_PID="), getpid());

  report(plan.status_fd, 'I', isolation);
  execve(plan.argv[0], plan.argv.data(), plan.envp.data());
  fail(plan, "cannot run pcscd", errno);
}

int listen_at(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path)
    throw std::runtime_error("socket path " + path + " is too long");
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  struct stat st {};
  if (lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) unlink(path.c_str());
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      chmod(path.c_str(), 0666) != 0 || listen(fd, 64) != 0) {
    const int err = errno;
    close(fd);
    throw std::runtime_error("cannot listen on " + path + ": " + std::strerror(err));
  }
  return fd;
}

}  // namespace

std::string pcscd_binary() {
  if (const char* env = std::getenv("MYNASIM_PCSCD"); env && *env) return env;
  if (access("/usr/sbin/pcscd", X_OK) == 0) return "/usr/sbin/pcscd";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/pcscd";
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  throw std::runtime_error(
      "pcscd not found (install the Debian package pcscd, or set MYNASIM_PCSCD)");
}

std::string log_tail(const std::string& path, int lines) {
  std::ifstream in(path);
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(line);
    if (static_cast<int>(last.size()) > lines) last.pop_front();
  }
  std::string out;
  for (const auto& line : last) out += "  | " + line + "\n";
  return out;
}

PcscdProcess::PcscdProcess(const PcscdOptions& options) : options_(options) {
  ChildPlan plan;
  plan.root = geteuid() == 0;
  plan.uid_map = "0 " + std::to_string(geteuid()) + " 1\n";
  plan.gid_map = "0 " + std::to_string(getegid()) + " 1\n";
  plan.run_mask = is_dir("/run/pcscd") ? "/run/pcscd" : "/run";
  plan.mask_drivers = is_dir(kDriversDir) && !under(options.driver, kDriversDir);
  for (const auto& path : {options.config, options.socket, options.log})
    if (under(path, plan.run_mask))
      throw std::runtime_error(path + " is under " + plan.run_mask +
                               ", which pcscd gets an empty copy of; put the stack elsewhere");
  plan.parent = getpid();

  plan.argv_store = {pcscd_binary(), "--foreground", "--config", options.config};
  if (options.log_apdus) plan.argv_store.push_back("--apdu");
  // pcscd gets an allow-listed environment, never the user's: that holds the PIN variables of
  // --pin-env / --pins-env, which pcscd and the driver it loads have no business seeing (the
  // command of `mynasim exec` keeps the whole environment; pcscd is not that command).
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    const std::string_view name = entry.substr(0, entry.find('='));
    if (std::find(std::begin(kPcscdEnvironment), std::end(kPcscdEnvironment), name) !=
        std::end(kPcscdEnvironment))
      plan.env_store.emplace_back(entry);
  }
  plan.env_store.push_back("LISTEN_FDS=1");
  plan.env_store.push_back("LISTEN_PID=" + std::string(12, ' '));
  plan.listen_pid_index = plan.env_store.size() - 1;
  for (auto& s : plan.argv_store) plan.argv.push_back(s.data());
  plan.argv.push_back(nullptr);
  for (auto& s : plan.env_store) plan.envp.push_back(s.data());
  plan.envp.push_back(nullptr);

  plan.listen_fd = listen_at(options.socket);
  plan.log_fd = open(options.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  plan.null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  int status_pipe[2] = {-1, -1};
  const bool ready = plan.log_fd >= 0 && plan.null_fd >= 0 && pipe2(status_pipe, O_CLOEXEC) == 0;
  const int setup_errno = errno;
  if (ready) {
    plan.status_fd = status_pipe[1];
    pid_ = fork();
    if (pid_ == 0) run_child(plan);
  }
  const int fork_errno = errno;
  for (int fd : {plan.listen_fd, plan.log_fd, plan.null_fd, status_pipe[1]})
    if (fd >= 0) close(fd);
  if (!ready || pid_ < 0) {
    if (status_pipe[0] >= 0) close(status_pipe[0]);
    throw std::runtime_error(std::string("cannot start pcscd: ") +
                             std::strerror(ready ? fork_errno : setup_errno));
  }

  std::string reports;
  char buffer[512];
  for (ssize_t n; (n = read(status_pipe[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    reports.append(buffer, static_cast<std::size_t>(n));
  }
  close(status_pipe[0]);
  for (std::size_t at = 0; at < reports.size();) {
    const std::size_t end = reports.find('\n', at);
    const std::string line = reports.substr(at, end - at);
    if (!line.empty() && line[0] == 'I') isolation_ = line.substr(1);
    if (!line.empty() && line[0] == 'E') {
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
      unlink(options_.socket.c_str());
      throw std::runtime_error(line.substr(1));
    }
    if (end == std::string::npos) break;
    at = end + 1;
  }
}

PcscdProcess::~PcscdProcess() {
  stop();
}

bool PcscdProcess::exited() {
  if (pid_ < 0) return true;
  if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
    pid_ = -1;
    return true;
  }
  return false;
}

void PcscdProcess::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 400 && !exited(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  unlink(options_.socket.c_str());
}

}  // namespace mynasim::reader::stack
