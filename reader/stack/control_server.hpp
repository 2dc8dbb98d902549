// The control socket of a running stack (DIR/control.sock), through which `mynasim insert` and
// `mynasim remove` change cards. One request line per connection, one answer:
//   insert N [IMAGE]  ->  "ok ..." once pcscd reports the card present, or "error <why>"
//   remove N          ->  "ok ..." once pcscd reports the reader empty
//   status            ->  "ok" and one line per reader: "N in|out NAME"
// and any verb the program adds (ExtraVerbs: `mynasim`'s "fault", docs/faults.md).
// N counts readers from 0, as pcscd's names do ("... 00 00", "... 01 00").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "reader/link/stop_signal.hpp"
#include "reader/stack/private_stack.hpp"

namespace mynasim::reader::stack {

// Loads the card for "insert N IMAGE"; null with `error` set when it cannot.
using CardLoader = std::function<std::unique_ptr<CardEndpoint>(
    std::size_t reader, const std::string& image, std::string& error)>;
// More requests, by their first word: the handler gets the rest of the line and returns the
// whole answer ("ok ..." or "error ..."). It runs on the server's thread.
using ExtraVerbs = std::map<std::string, std::function<std::string(const std::string& rest)>>;

class ControlServer {
 public:
  // Listens at `path` (mode 0600) and serves on a thread of its own.
  ControlServer(std::string path, PrivateStack& stack, CardLoader loader, ExtraVerbs extra = {});
  ~ControlServer();  // stops serving, removes the socket
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

 private:
  void serve();
  std::string handle(const std::string& request);

  std::string path_;
  PrivateStack& stack_;
  CardLoader loader_;
  ExtraVerbs extra_;
  int listen_fd_ = -1;
  StopSignal stop_;
  std::thread thread_;
};

// Sends one request to the stack in `dir`; returns the answer without the "ok "/"error " prefix
// and sets ok. Throws std::runtime_error when no stack answers there.
std::string control_request(const std::string& dir, const std::string& request, bool& ok);

}  // namespace mynasim::reader::stack
