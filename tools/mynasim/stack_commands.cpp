#include "tools/mynasim/stack_commands.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <stdexcept>

#include "reader/emulator/driver_path.hpp"
#include "reader/emulator/simulated_card.hpp"
#include "reader/stack/control_server.hpp"
#include "reader/stack/private_stack.hpp"
#include "tools/mynasim/atr_choice.hpp"
#include "tools/mynasim/card_chain.hpp"
#include "tools/mynasim/signals.hpp"

namespace mynasim::tools {
namespace {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

CardChain card_chain(const StackOptions& options) {
  CardChain chain;
  const std::string problem =
      read_card_chain(options.protocol, options.timing, options.atrs, chain);
  if (!problem.empty()) throw UsageError(problem);
  return chain;
}

std::vector<std::unique_ptr<reader::CardEndpoint>> load_cards(const StackOptions& options,
                                                              const CardChain& chain) {
  if (options.cards.empty()) throw UsageError("give at least one --card IMAGE");
  if (options.atrs.size() > 1 && options.atrs.size() != options.cards.size())
    throw UsageError("give --atr once (for every card) or once per --card, not " +
                     std::to_string(options.atrs.size()) + " times for " +
                     std::to_string(options.cards.size()) + " cards");
  std::vector<Bytes> atrs;
  for (const auto& text : options.atrs) {
    Bytes atr;
    if (const std::string problem = parse_atr_choice(text, atr); !problem.empty())
      throw UsageError(problem);
    atrs.push_back(atr);
  }
  std::vector<std::unique_ptr<reader::CardEndpoint>> cards;
  std::set<std::pair<dev_t, ino_t>> seen;
  for (std::size_t i = 0; i < options.cards.size(); ++i) {
    const std::string& image = options.cards[i];
    struct stat st {};
    if (stat(image.c_str(), &st) == 0 && !seen.insert({st.st_dev, st.st_ino}).second)
      throw UsageError("the card image " + image +
                       " is given twice; one card cannot sit in two readers");
    std::string error;
    auto card = emulator::SimulatedCard::load(image, error);
    if (!card) throw std::runtime_error(error);
    if (!atrs.empty()) card->set_atr(atrs.size() == 1 ? atrs[0] : atrs[i]);
    cards.push_back(decorate(std::move(card), chain));
  }
  return cards;
}

std::unique_ptr<reader::stack::PrivateStack> start_stack(const StackOptions& options,
                                                         const CardChain& chain) {
  reader::stack::StackConfig config;
  config.dir = options.dir;
  config.driver = emulator::find_driver();
  config.log_apdus = options.log_apdus;
  auto stack = std::make_unique<reader::stack::PrivateStack>(config, load_cards(options, chain));
  for (std::size_t i = 0; i < stack->size(); ++i) stack->insert(i);
  return stack;
}

// Runs `body` with the usual error handling: usage errors exit 2, others 1.
template <typename Body>
int guarded(const char* command, Body body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "mynasim %s: %s\n", command, e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mynasim %s: %s\n", command, e.what());
    return 1;
  }
}

pid_t spawn(const std::vector<std::string>& command) {
  std::vector<char*> argv;
  for (const auto& word : command) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    reset_signals_for_child();
    execvp(argv[0], argv.data());
    std::fprintf(stderr, "mynasim exec: cannot run %s: %s\n", argv[0], std::strerror(errno));
    _exit(127);
  }
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  return pid;
}

int exit_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace

int run_exec(const StackOptions& options) {
  return guarded("exec", [&] {
    if (options.command.empty()) throw UsageError("give the command to run after --");
    const CardChain chain = card_chain(options);  // bad options before anything starts
    SignalWaiter signals;                         // before any thread or child
    auto stack = start_stack(options, chain);
    const pid_t child = spawn(options.command);
    bool warned = false;
    int status = 0;
    for (;;) {
      const int sig = signals.wait();
      if (sig == SIGCHLD) {
        if (waitpid(child, &status, WNOHANG) == child) break;
        if (!warned && !stack->pcscd_running()) {
          std::fprintf(stderr, "mynasim exec: pcscd exited while the command was running\n");
          warned = true;
        }
      } else if (sig == SIGTERM || sig == SIGHUP) {
        kill(child, sig);  // ^C and ^\ reach the command from the terminal already
      }
    }
    stack->stop();  // cards out and durable, pcscd gone, directory removed
    return exit_status(status);
  });
}

int run_stack(const StackOptions& options) {
  return guarded("run", [&] {
    const CardChain chain = card_chain(options);
    SignalWaiter signals;
    auto stack = start_stack(options, chain);
    // A card inserted later (mynasim insert --card) gets the same protocol and timing.
    reader::stack::ControlServer control(
        stack->dir() + "/control.sock", *stack,
        [&chain](const std::string& image,
                 std::string& error) -> std::unique_ptr<reader::CardEndpoint> {
          auto card = emulator::SimulatedCard::load(image, error);
          if (!card) return nullptr;
          return decorate(std::move(card), chain);
        });
    std::fprintf(stderr, "mynasim run: a private pcscd serves %s (isolation: %s)\n",
                 stack->socket().c_str(), stack->isolation().c_str());
    for (std::size_t i = 0; i < stack->size(); ++i)
      std::fprintf(stderr, "  reader %zu: '%s' <- %s\n", i, stack->reader_name(i).c_str(),
                   options.cards[i].c_str());
    std::fprintf(stderr,
                 "Use it from another shell with the lines below; mynasim insert/remove change "
                 "cards; ^C stops.\n");
    std::printf("PCSCLITE_CSOCK_NAME=%s; export PCSCLITE_CSOCK_NAME;\n", stack->socket().c_str());
    std::printf("MYNASIM_STACK=%s; export MYNASIM_STACK;\n", stack->dir().c_str());
    std::fflush(stdout);
    for (;;) {
      const int sig = signals.wait();
      if (sig == SIGCHLD && !stack->pcscd_running()) {
        std::fprintf(stderr, "mynasim run: pcscd exited; stopping\n");
        return 1;
      }
      if (sig != SIGCHLD) break;
    }
    std::fprintf(stderr, "mynasim run: stopping (cards powered off and saved)\n");
    return 0;
  });
}

}  // namespace mynasim::tools
