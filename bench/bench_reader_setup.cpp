#include "bench/bench_reader_setup.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/floors.hpp"

extern char** environ;

#ifndef MYNASIM_TOOL_PATH
#error "MYNASIM_TOOL_PATH (the mynasim program) must be set by CMake"
#endif

namespace mynasim::bench {

void issue_test_card_image(const std::string& image) {
  const std::string tool = MYNASIM_TOOL_PATH;
  if (::access(tool.c_str(), X_OK) != 0)
    throw std::runtime_error(tool + " is missing: build the target mynasim first");
  std::vector<std::string> words = {tool, "issue-test-card", "--out", image};
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  // Its "issued ..." line goes to our stderr: stdout is the JSON.
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, tool.c_str(), &actions, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot run " + tool + ": " + std::strerror(error));
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(tool + " issue-test-card --out " + image +
                             " failed (its message is above)");
}

void exchange(pcsc::CardConnection& card, ByteView command, std::size_t length, const char* what) {
  const Bytes response = card.transmit_raw(command);
  if (response.size() != length || response[length - 2] != 0x90 || response[length - 1] != 0x00)
    throw std::runtime_error(std::string(what) + " on '" + card.reader() + "' answered " +
                             std::to_string(response.size()) + " bytes, not " +
                             std::to_string(length) + " ending in 9000");
}

EchoCard::EchoCard(Bytes atr) : atr_(std::move(atr)), answer_(256) {
  for (std::size_t i = 0; i < answer_.size(); ++i) answer_[i] = static_cast<std::uint8_t>(i);
}

Bytes EchoCard::transmit(ByteView command) {
  return echo_dispatch(command, answer_);
}

}  // namespace mynasim::bench
