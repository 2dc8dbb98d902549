#include "bench/background_stack.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace mynasim::bench {

BackgroundStack::BackgroundStack(const std::vector<std::string>& argv,
                                 const std::string& upstream_socket, const std::string& log) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    const int err =
        ::open(log.empty() ? "/dev/null" : log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(err, STDERR_FILENO);
    if (!upstream_socket.empty()) setenv("PCSCLITE_CSOCK_NAME", upstream_socket.c_str(), 1);
    std::vector<char*> args;
    for (const auto& word : argv) args.push_back(const_cast<char*>(word.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  lines_ = fdopen(out[0], "r");
  char line[4096];
  while ((socket.empty() || dir.empty()) && std::fgets(line, sizeof line, lines_)) {
    const std::string text = line;
    auto value = [&](const std::string& key) {
      return text.substr(key.size() + 1, text.find(';') - key.size() - 1);
    };
    if (text.starts_with("PCSCLITE_CSOCK_NAME=")) socket = value("PCSCLITE_CSOCK_NAME");
    if (text.starts_with("MYNASIM_STACK=")) dir = value("MYNASIM_STACK");
  }
  if (socket.empty() || dir.empty()) {
    stop();
    throw std::runtime_error(argv[0] + " " + (argv.size() > 1 ? argv[1] : "") + " did not start" +
                             (log.empty() ? "" : " (see " + log + ")"));
  }
}

BackgroundStack::~BackgroundStack() {
  stop();
}

void BackgroundStack::stop() {
  if (pid > 0) {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    pid = -1;
  }
  if (lines_) std::fclose(lines_);  // open until now: the program may still write to it
  lines_ = nullptr;
}

}  // namespace mynasim::bench
