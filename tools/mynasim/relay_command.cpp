#include "tools/mynasim/relay_command.hpp"

#include <poll.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "reader/emulator/driver_path.hpp"
#include "reader/stack/private_stack.hpp"
#include "tools/mynasim/forwarded_card.hpp"
#include "tools/mynasim/signals.hpp"

namespace mynasim::tools {
namespace {

using Event = RelayUpstream::Event;
using EventKind = RelayUpstream::EventKind;

// Waits for a signal or an event from the upstream process. Returns the signal (0 for an event).
int wait(SignalWaiter& signals, RelayUpstream& upstream) {
  for (;;) {
    pollfd fds[2] = {{signals.fd(), POLLIN, 0}, {upstream.event_fd(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("poll failed");
    }
    if (fds[0].revents & POLLIN) return signals.wait();
    if (fds[1].revents) return 0;
  }
}

void print_environment(const RelayOptions& options, reader::stack::PrivateStack& stack,
                       const Event& ready) {
  if (options.json) {
    const nlohmann::ordered_json out = {
        {"PCSCLITE_CSOCK_NAME", stack.socket()},
        {"MYNASIM_STACK", stack.dir()},
        {"reader", stack.reader_name(0)},
        {"upstream_reader", ready.reader},
        {"atr", to_hex(ready.atr, '\0')},
        {"trace", options.trace.empty() ? nlohmann::ordered_json(nullptr)
                                        : nlohmann::ordered_json(options.trace)},
        {"secrets", options.record_secrets ? "recorded" : "masked"}};
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("PCSCLITE_CSOCK_NAME=%s; export PCSCLITE_CSOCK_NAME;\n", stack.socket().c_str());
    std::printf("MYNASIM_STACK=%s; export MYNASIM_STACK;\n", stack.dir().c_str());
  }
  std::fflush(stdout);
}

int relay(const RelayOptions& options) {
  SignalWaiter signals;  // before the upstream process and any thread
  RelayUpstream upstream(options);
  Event ready;
  while (ready.kind != EventKind::kReady) {
    if (const int sig = wait(signals, upstream); sig != 0) {
      if (sig == SIGCHLD) continue;
      return 0;  // stopped while waiting for a card
    }
    ready = upstream.next_event();
    if (ready.kind == EventKind::kGone) return upstream.exit_status();  // it said why
  }

  reader::stack::StackConfig config;
  config.driver = emulator::find_driver();
  std::vector<std::unique_ptr<reader::CardEndpoint>> cards;
  cards.push_back(std::make_unique<ForwardedCard>(upstream.link_fd()));
  reader::stack::PrivateStack stack(config, std::move(cards));
  stack.insert(0);
  std::fprintf(stderr,
               "mynasim relay: the card in '%s' (ATR %s) is in '%s' of a private pcscd at %s "
               "(isolation: %s)\n",
               ready.reader.c_str(), to_hex(ready.atr).c_str(), stack.reader_name(0).c_str(),
               stack.socket().c_str(), stack.isolation().c_str());
  if (!options.trace.empty())
    std::fprintf(stderr, "  trace: %s (%s)\n", options.trace.c_str(),
                 options.record_secrets ? "secrets RECORDED: PINs in clear" : "secrets masked");
  std::fprintf(stderr, "Use it from another shell with the lines below; ^C stops.\n");
  print_environment(options, stack, ready);

  for (;;) {
    const int sig = wait(signals, upstream);
    if (sig == SIGCHLD) {
      if (!stack.pcscd_running()) {
        std::fprintf(stderr, "mynasim relay: pcscd exited; stopping\n");
        return 1;
      }
      continue;
    }
    if (sig != 0) break;
    const Event event = upstream.next_event();
    switch (event.kind) {
      case EventKind::kRemoved:
        std::fprintf(stderr, "mynasim relay: the card left '%s'\n", ready.reader.c_str());
        stack.remove(0);
        break;
      case EventKind::kInserted:
        std::fprintf(stderr, "mynasim relay: a card came into '%s' (ATR %s)\n",
                     ready.reader.c_str(), to_hex(event.atr).c_str());
        stack.insert(0);
        break;
      case EventKind::kReady:
        break;
      case EventKind::kGone:
        std::fprintf(stderr, "mynasim relay: the upstream side stopped; stopping\n");
        return 1;
    }
  }
  // The upstream process goes first, so that the virtual card's leaving is not in the trace.
  upstream.stop();
  stack.stop();
  std::fprintf(stderr, "mynasim relay: stopped\n");
  return 0;
}

}  // namespace

int run_relay(const RelayOptions& options) {
  try {
    return relay(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mynasim relay: %s\n", e.what());
    return 1;
  }
}

}  // namespace mynasim::tools
