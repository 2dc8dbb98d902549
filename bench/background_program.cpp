#include "bench/background_program.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace mynasim::bench {

BackgroundProgram::BackgroundProgram(const std::vector<std::string>& argv, const std::string& ready,
                                     const std::string& log) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork");
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(err, STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& word : argv) args.push_back(const_cast<char*>(word.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  out_ = fdopen(out[0], "r");
  char line[4096];
  while (std::fgets(line, sizeof line, out_))
    if (std::string(line).find(ready) != std::string::npos) {
      ready_line_ = line;
      return;
    }
  stop();
  throw std::runtime_error(argv[0] + " " + (argv.size() > 1 ? argv[1] : "") +
                           " did not start (see " + log + ")");
}

BackgroundProgram::~BackgroundProgram() {
  stop();
}

std::string BackgroundProgram::stop() {
  std::string rest;
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, out_)) > 0;)
      rest.append(buffer, n);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  if (out_) std::fclose(out_);
  out_ = nullptr;
  return rest;
}

long vm_hwm_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("no free port on 127.0.0.1");
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace mynasim::bench
