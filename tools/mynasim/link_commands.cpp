#include "tools/mynasim/link_commands.hpp"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "reader/emulator/simulated_card.hpp"
#include "reader/link/card_link.hpp"
#include "tools/mynasim/atr_choice.hpp"
#include "tools/mynasim/card_chain.hpp"
#include "tools/mynasim/stack_faults.hpp"

namespace mynasim::tools {
namespace {

reader::StopSignal* active_stop = nullptr;

extern "C" void on_stop_signal(int) {
  if (active_stop) active_stop->stop();  // an eventfd write: async-signal-safe
}

// The card with its ATR choice behind the chain the options ask for: link -> FaultyCard ->
// (TimedCard) -> (T0Card) -> card, as in a private stack. Null after printing why (status in
// `status`: 2 for bad usage or a bad faults file, 1 otherwise).
std::unique_ptr<reader::CardEndpoint> load_card(const char* command, const LinkOptions& options,
                                                std::unique_ptr<StackFaults>& faults, int& status) {
  const auto fail = [&](int code, const std::string& problem) {
    std::fprintf(stderr, "mynasim %s: %s\n", command, problem.c_str());
    status = code;
    return nullptr;
  };
  Bytes atr;
  if (const std::string problem = parse_atr_choice(options.atr, atr); !problem.empty())
    return fail(2, problem);
  CardChain chain;
  const std::vector<std::string> atrs = {options.atr.empty() ? "contact" : options.atr};
  if (const std::string problem = read_card_chain(options.protocol, options.timing, atrs, chain);
      !problem.empty())
    return fail(2, problem);
  try {
    faults = std::make_unique<StackFaults>(options.faults, options.fault_log, command);
  } catch (const reader::faults::PlanError& e) {
    return fail(2, e.what());
  } catch (const std::exception& e) {
    return fail(1, e.what());
  }
  std::string error;
  auto card = emulator::SimulatedCard::load(options.card, error);
  if (!card) return fail(1, error);
  card->set_atr(atr);
  try {
    return faults->wrap(decorate(std::move(card), chain), 0);
  } catch (const reader::faults::PlanError& e) {  // field_loss without the contactless ATR
    return fail(2, e.what());
  }
}

// ^C, SIGTERM and SIGHUP take the card out: they stop the serving loop.
void stop_on_signals(reader::StopSignal& stop) {
  active_stop = &stop;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &action, nullptr);
}

int finish(const char* command, const reader::LinkOutcome& end) {
  active_stop = nullptr;
  switch (end.kind) {
    case reader::LinkOutcome::Kind::kStopped:
      std::fprintf(stderr, "mynasim %s: card removed\n", command);
      return 0;
    case reader::LinkOutcome::Kind::kPeerClosed:
      std::fprintf(stderr, "mynasim %s: the reader went away (%s)\n", command, end.message.c_str());
      return 0;
    default:
      std::fprintf(stderr, "mynasim %s: %s\n", command, end.message.c_str());
      return 1;
  }
}

}  // namespace

int run_vpcd(const LinkOptions& options) {
  int status = 0;
  std::unique_ptr<StackFaults> faults;
  auto card = load_card("vpcd", options, faults, status);
  if (!card) return status;
  reader::StopSignal stop;
  stop_on_signals(stop);
  std::string error;
  reader::Connection connection = reader::connect_tcp(options.host, options.port, error);
  if (!connection) {
    std::fprintf(stderr, "mynasim vpcd: %s\n", error.c_str());
    return 1;
  }
  std::fprintf(stderr, "mynasim vpcd: card %s inserted; ^C removes it\n", options.card.c_str());
  const reader::LinkOutcome end = reader::serve_vpcd(
      connection.fd(), *card, stop,
      [](const std::string& note) { std::fprintf(stderr, "mynasim vpcd: %s\n", note.c_str()); });
  connection = reader::Connection();
  card->power_off();
  return finish("vpcd", end);
}

int run_attach(const LinkOptions& options) {
  int status = 0;
  std::unique_ptr<StackFaults> faults;
  auto card = load_card("attach", options, faults, status);
  if (!card) return status;
  reader::StopSignal stop;
  stop_on_signals(stop);
  // The system pcscd comes and goes (Debian's runs with --auto-exit and is started again by the
  // next client): the card waits for the reader, and goes back in whenever it returns.
  if (access(options.socket.c_str(), F_OK) != 0)
    std::fprintf(stderr,
                 "mynasim attach: waiting for the reader at %s (pcscd with the mynasim reader: "
                 "see mynasim install-reader)\n",
                 options.socket.c_str());
  for (bool waiting_noted = false;;) {
    std::string error;
    reader::Connection connection =
        reader::connect_unix(options.socket, 24 * 3600 * 1000, stop, error);
    if (!connection)
      return finish("attach", {stop.stopped() ? reader::LinkOutcome::Kind::kStopped
                                              : reader::LinkOutcome::Kind::kFailed,
                               error});
    if (auto refusal = reader::greet_driver(connection.fd())) return finish("attach", *refusal);
    std::fprintf(stderr, "mynasim attach: card %s inserted into the reader at %s; ^C removes it\n",
                 options.card.c_str(), options.socket.c_str());
    const reader::LinkOutcome end = reader::serve_driver(connection.fd(), *card, stop);
    connection = reader::Connection();
    card->power_off();
    if (end.kind == reader::LinkOutcome::Kind::kCardLeft && end.reinsert_ms >= 0) {
      // A fault took the card out for a while: back in after reinsert_ms unless ^C comes first.
      std::fprintf(stderr, "mynasim attach: %s\n", end.message.c_str());
      pollfd stopped{stop.fd(), POLLIN, 0};
      if (poll(&stopped, 1, end.reinsert_ms) > 0)
        return finish("attach", {reader::LinkOutcome::Kind::kStopped, {}});
      continue;
    }
    if (end.kind != reader::LinkOutcome::Kind::kPeerClosed) return finish("attach", end);
    if (!waiting_noted)
      std::fprintf(stderr, "mynasim attach: the reader went away; waiting for it to return\n");
    waiting_noted = true;
  }
}

}  // namespace mynasim::tools
