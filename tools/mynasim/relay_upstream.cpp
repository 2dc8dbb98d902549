#include "tools/mynasim/relay_upstream.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <thread>

#include "reader/link/card_link.hpp"
#include "reader/link/wire.hpp"
#include "reader/pcsc/context.hpp"
#include "reader/trace/trace_writer.hpp"
#include "tools/mynasim/signals.hpp"
#include "tools/mynasim/upstream_card.hpp"

namespace mynasim::tools {
namespace {

using namespace std::chrono_literals;
namespace wire = reader::wire;
using reader::trace::CardEvent;
using reader::trace::TraceWriter;

// Event frames: one byte saying which, the ATR's length and the ATR, then the reader's name.
constexpr std::uint8_t kReady = 'R';
constexpr std::uint8_t kRemoved = 'O';
constexpr std::uint8_t kInserted = 'I';

wire::FrameChannel channel(int fd) {
  return wire::FrameChannel(fd, 4, wire::kMaxPayload);
}

void send_event(int fd, std::uint8_t kind, ByteView atr = {}, const std::string& reader = {}) {
  Bytes frame = {kind, static_cast<std::uint8_t>(atr.size())};
  append(frame, atr);
  frame.insert(frame.end(), reader.begin(), reader.end());
  channel(fd).write(frame);  // the relay gone: nothing to tell, and this process ends soon
}

// Follows the upstream reader on a context of its own (libpcsclite wants one per thread) and
// says when the card goes or comes. Ends the process when pcscd or the reader goes away.
[[noreturn]] void watch(const std::string& reader, UpstreamCard& card, TraceWriter* trace,
                        int event_fd) {
  try {
    pcsc::Context context;
    bool present = true;
    for (;;) {
      const bool now = context.wait_for_change(reader, present, 1000ms);
      if (now == present) {
        std::this_thread::sleep_for(10ms);  // never spin, whatever pcscd reports
        continue;
      }
      present = now;
      if (!present) {
        card.removed();
        if (trace) trace->event(CardEvent::kRemoved);
        send_event(event_fd, kRemoved);
        continue;
      }
      Bytes atr;
      for (const auto& state : context.reader_states())
        if (state.name == reader) atr = state.atr;
      card.inserted(atr);
      if (trace) trace->event(CardEvent::kInserted, atr);
      send_event(event_fd, kInserted, atr);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mynasim relay: watching '%s': %s\n", reader.c_str(), e.what());
    _exit(1);
  }
}

// Ends the process itself: the watching thread uses what lives here until then.
[[noreturn]] void serve(const RelayOptions& options, int link_fd, int event_fd) {
  pcsc::Context context;
  const std::string reader = context.choose_reader(options.reader);
  std::unique_ptr<TraceWriter> trace;
  if (!options.trace.empty()) trace = std::make_unique<TraceWriter>(options.trace);
  if (!context.wait_for_card(reader, 0ms)) {
    std::fprintf(stderr, "mynasim relay: waiting for a card in '%s'\n", reader.c_str());
    while (!context.wait_for_card(reader, 60s)) {
    }
  }
  UpstreamCard card(context, reader, trace.get());
  const Bytes atr = card.atr();
  if (trace)
    trace->start({reader, atr, "",
                  options.record_secrets ? reader::trace::Secrets::kRecorded
                                         : reader::trace::Secrets::kMasked,
                  std::string("mynasim relay ") + MYNASIM_VERSION});
  send_event(event_fd, kReady, atr, reader);
  std::thread([&] { watch(reader, card, trace.get(), event_fd); }).detach();

  reader::StopSignal never;  // the relay ends this process by hanging up (or SIGTERM)
  try {
    const reader::LinkOutcome end = reader::serve_driver(link_fd, card, never);
    if (end.kind == reader::LinkOutcome::Kind::kPeerClosed) _exit(0);
    std::fprintf(stderr, "mynasim relay: the link to the virtual reader failed: %s\n",
                 end.message.c_str());
  } catch (const std::exception& e) {  // a trace that can no longer be written
    // Here, not in the caller: unwinding would destroy the card under the watching thread.
    std::fprintf(stderr, "mynasim relay: %s\n", e.what());
  }
  _exit(1);
}

[[noreturn]] void upstream_main(const RelayOptions& options, int link_fd, int event_fd) {
  // ^C at the terminal is for the relay, which then ends this process in order.
  reset_signals_for_child();
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  try {
    serve(options, link_fd, event_fd);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mynasim relay: %s\n", e.what());
  }
  _exit(1);
}

}  // namespace

RelayUpstream::RelayUpstream(const RelayOptions& options) {
  int link[2], events[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, link) != 0) {
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  }
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, events) != 0) {
    const int err = errno;
    close(link[0]);
    close(link[1]);
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(err));
  }
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    close(link[0]);  // else the relay's end would stay open here and hide its hang-up
    close(events[0]);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    upstream_main(options, link[1], events[1]);
  }
  const int err = errno;
  close(link[1]);
  close(events[1]);
  link_fd_ = link[0];
  event_fd_ = events[0];
  if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(err));
}

RelayUpstream::~RelayUpstream() {
  stop();
  close(link_fd_);
  close(event_fd_);
}

RelayUpstream::Event RelayUpstream::next_event() {
  Bytes frame;
  if (channel(event_fd_).read(frame, -1) != wire::Io::kOk || frame.size() < 2 ||
      frame.size() < 2u + frame[1]) {
    stop();
    return {};
  }
  Event event;
  event.atr.assign(frame.begin() + 2, frame.begin() + 2 + frame[1]);
  event.reader.assign(frame.begin() + 2 + frame[1], frame.end());
  switch (frame[0]) {
    case kReady:
      event.kind = EventKind::kReady;
      break;
    case kRemoved:
      event.kind = EventKind::kRemoved;
      break;
    case kInserted:
      event.kind = EventKind::kInserted;
      break;
    default:
      stop();
      return {};
  }
  return event;
}

void RelayUpstream::stop() {
  if (pid_ <= 0 || status_ >= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int RelayUpstream::exit_status() {
  return status_ < 0 ? 1 : status_;
}

}  // namespace mynasim::tools
