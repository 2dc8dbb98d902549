#include "reader/stack/stack_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace mynasim::reader::stack {
namespace {

std::runtime_error failure(const std::string& what, const std::string& path, int err) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(err));
}

}  // namespace

StackDir::StackDir(const std::string& wanted) {
  if (wanted.empty()) {
    char pattern[] = "/tmp/mynasim.XXXXXX";
    if (!mkdtemp(pattern)) throw failure("cannot create", "/tmp/mynasim.XXXXXX", errno);
    path_ = pattern;
    temporary_ = created_ = true;
    start_janitor();
  } else {
    path_ = std::filesystem::absolute(wanted).lexically_normal().string();
    while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
    if (mkdir(path_.c_str(), 0700) == 0) {
      created_ = true;
    } else if (errno != EEXIST) {
      throw failure("cannot create the stack directory", path_, errno);
    } else {
      struct stat st {};
      if (stat(path_.c_str(), &st) != 0) throw failure("cannot use", path_, errno);
      if (!S_ISDIR(st.st_mode)) throw std::runtime_error(path_ + " is not a directory");
      if (st.st_uid != geteuid())
        throw std::runtime_error(path_ + " belongs to another user; use a directory of your own");
    }
  }
  if (path_.size() + 1 + kLongestName >= sizeof(sockaddr_un{}.sun_path))
    throw std::runtime_error("stack directory " + path_ +
                             " is too long for a Unix socket path (107 bytes in all); use a "
                             "shorter one");
}

std::string StackDir::file(const std::string& name) {
  std::string full = path_ + "/" + name;
  files_.push_back(full);
  return full;
}

StackDir::~StackDir() {
  for (const auto& f : files_) unlink(f.c_str());
  if (created_) {
    std::error_code ignored;
    if (temporary_)
      std::filesystem::remove_all(path_, ignored);
    else
      std::filesystem::remove(path_, ignored);  // only if we left it empty
  }
  if (janitor_ > 0) {
    close(janitor_pipe_);  // the janitor wakes, finds nothing left, exits
    waitpid(janitor_, nullptr, 0);
  }
}

void StackDir::start_janitor() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;  // no janitor: only a SIGKILL would leak the dir
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    // The janitor: no signal from the terminal stops it; the pipe closing (our parent exited, in
    // any way) makes it remove the directory. Only async-signal-safe calls until _exit, apart from
    // the removal itself, which runs in this single-threaded child.
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    close_range(0, fds[0] - 1, 0);  // hold nothing of the parent's (a harness waits for EOF)
    close_range(fds[0] + 1, ~0u, 0);
    char byte;
    while (read(fds[0], &byte, 1) < 0 && errno == EINTR) {
    }
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    _exit(0);
  }
  close(fds[0]);
  janitor_pipe_ = fds[1];
  janitor_ = pid;
}

}  // namespace mynasim::reader::stack
