// A private PC/SC stack: its own directory, a pcscd of its own with one mynasim reader per card
// (our driver, DEVICENAME unix:DIR/cardN.sock), and the cards behind those readers, each on a
// link thread. Programs reach it with PCSCLITE_CSOCK_NAME=socket(). Several stacks run side by
// side without sharing anything but the pcscd binary.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "reader/link/card_endpoint.hpp"
#include "reader/link/link_thread.hpp"
#include "reader/stack/pcsc_resetter.hpp"
#include "reader/stack/pcscd_launcher.hpp"
#include "reader/stack/stack_dir.hpp"

namespace mynasim::pcsc {
class Context;
}

namespace mynasim::reader::stack {

struct StackConfig {
  std::string dir;     // empty: a temporary /tmp/mynasim.XXXXXX, removed at the end
  std::string driver;  // libifd-mynasim.so
  std::string reader_name = "Mynasim Virtual Reader";
  bool log_apdus = false;                    // pcscd -a, into DIR/pcscd.log
  std::chrono::milliseconds timeout{10000};  // for pcscd to start and to see a card come or go
};

class PrivateStack {
 public:
  // Makes the directory, writes reader.conf, starts pcscd, and sets PCSCLITE_CSOCK_NAME in this
  // process (libpcsclite reads it once). Cards start out of their readers. Throws
  // std::runtime_error saying what failed. Call before starting threads of your own (it forks).
  PrivateStack(const StackConfig& config, std::vector<std::unique_ptr<CardEndpoint>> cards);
  ~PrivateStack();  // stop()
  PrivateStack(const PrivateStack&) = delete;
  PrivateStack& operator=(const PrivateStack&) = delete;

  const std::string& dir() const { return dir_.path(); }
  const std::string& socket() const { return socket_; }
  const std::string& log() const { return log_; }
  const std::string& isolation() const { return pcscd_->isolation(); }
  std::size_t size() const { return slots_.size(); }
  // pcscd's name for reader i: "Mynasim Virtual Reader 00 00", "... 01 00", ...
  std::string reader_name(std::size_t i) const;
  bool inserted(std::size_t i) { return slots_.at(i).link->inserted(); }
  CardEndpoint& card(std::size_t i) { return *slots_.at(i).card; }

  // Puts card i into its reader and returns once pcscd reports it present. Throws otherwise.
  void insert(std::size_t i);
  // Takes card i out (it is powered off: its state is durable) and returns once pcscd reports
  // the reader empty. No-op if it is out (but a fault's pending reinsertion is cancelled).
  void remove(std::size_t i);
  // Removes card i if needed, puts `card` in its place (out of the reader).
  void replace(std::size_t i, std::unique_ptr<CardEndpoint> card);
  bool pcscd_running() { return pcscd_ && !pcscd_->exited(); }
  // Every card out (and durable), pcscd stopped, files removed. Idempotent.
  void stop();

 private:
  struct Slot {
    std::unique_ptr<CardEndpoint> card;
    std::unique_ptr<PcscResetter> resetter;  // for reset faults; outlives the link
    std::unique_ptr<LinkThread> link;
  };
  // Waits until pcscd lists reader i and reports `present` for it; throws on timeout.
  void await(std::size_t i, bool present);
  std::runtime_error failure(const std::string& what);

  StackConfig config_;
  StackDir dir_;
  std::string socket_, log_, conf_;
  std::unique_ptr<PcscdProcess> pcscd_;
  std::vector<Slot> slots_;
  std::unique_ptr<pcsc::Context> context_;
};

}  // namespace mynasim::reader::stack
