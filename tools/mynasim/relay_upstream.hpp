// The upstream side of `mynasim relay`, in a process of its own. libpcsclite reads
// PCSCLITE_CSOCK_NAME once per process and keeps it (reference/pcsc-stack.md: "One process cannot
// switch between stacks"), and the relay needs two pcscds: the upstream one, where the real card
// is, and its private stack, which it must ask whether its virtual card is in. So the relay forks
// this process before anything touches PC/SC or sets the variable: it keeps the caller's
// environment (the system pcscd, or the PCSCLITE_CSOCK_NAME the relay was started with), holds
// the UpstreamCard and writes the trace; the relay's own process runs the private stack.
//
// Between them, two socket pairs with the reader protocol's 4-byte frames (reader/PROTOCOL.md):
//  - the link: the relay's virtual card (ForwardedCard) sends the driver's requests, which this
//    process answers with reader/link's serve_driver, as any card behind our driver does;
//  - the events, one way: "ready" once the card is there and the trace started, then "removed"
//    and "inserted" as the upstream reader reports them.
#pragma once

#include <sys/types.h>

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::tools {

struct RelayOptions {
  std::string reader;           // upstream reader: its name or a unique prefix
  std::string trace;            // trace file; empty: none
  bool record_secrets = false;  // PINs in clear in the trace
  bool json = false;            // the environment as one JSON object
};

class RelayUpstream {
 public:
  enum class EventKind { kReady, kRemoved, kInserted, kGone };
  struct Event {
    EventKind kind = EventKind::kGone;
    std::string reader;  // kReady: the upstream reader's full name
    Bytes atr;           // kReady, kInserted
  };

  // Forks the upstream process. Call before any PC/SC call, thread or PCSCLITE_CSOCK_NAME change
  // in this process. It reports a bad --reader or --trace itself (on stderr) and exits 1.
  explicit RelayUpstream(const RelayOptions& options);
  ~RelayUpstream();  // stop(), then the sockets are closed
  RelayUpstream(const RelayUpstream&) = delete;
  RelayUpstream& operator=(const RelayUpstream&) = delete;

  int link_fd() const { return link_fd_; }    // for ForwardedCard
  int event_fd() const { return event_fd_; }  // readable when next_event() will not block
  // The next event; kGone once the process has ended (exit_status() then says how).
  Event next_event();
  // Ends the process (SIGTERM) and reaps it. Idempotent.
  void stop();
  // The process's exit status once reaped (by kGone or stop()); 1 if it was killed.
  int exit_status();

 private:
  pid_t pid_ = -1;
  int link_fd_ = -1;
  int event_fd_ = -1;
  int status_ = -1;
};

}  // namespace mynasim::tools
