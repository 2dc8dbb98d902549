#include "reader/stack/private_stack.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "reader/link/wire.hpp"
#include "reader/pcsc/context.hpp"

namespace mynasim::reader::stack {
namespace {

std::string card_socket_name(std::size_t i) {
  return "card" + std::to_string(i) + ".sock";
}

}  // namespace

PrivateStack::PrivateStack(const StackConfig& config,
                           std::vector<std::unique_ptr<CardEndpoint>> cards)
    : config_(config), dir_(config.dir) {
  if (cards.empty()) throw std::runtime_error("a stack needs at least one card");
  if (cards.size() > 16) throw std::runtime_error("pcscd serves at most 16 readers");
  socket_ = dir_.file("pcscd.comm");
  // pcscd's log stays in a directory the user named (with --log-apdus it is the point).
  log_ = dir_.temporary() ? dir_.file("pcscd.log") : dir_.path() + "/pcscd.log";
  conf_ = dir_.file("reader.conf");
  {
    std::ofstream conf(conf_);
    for (std::size_t i = 0; i < cards.size(); ++i) {
      conf << "FRIENDLYNAME \"" << config_.reader_name << "\"\n"
           << "DEVICENAME   unix:" << dir_.file(card_socket_name(i)) << "\n"
           << "LIBPATH      " << config_.driver << "\n\n";
    }
    if (!conf) throw std::runtime_error("cannot write " + conf_);
  }
  setenv("PCSCLITE_CSOCK_NAME", socket_.c_str(), 1);
  pcscd_ = std::make_unique<PcscdProcess>(
      PcscdOptions{conf_, socket_, log_, config_.driver, config_.log_apdus});
  for (std::size_t i = 0; i < cards.size(); ++i) {
    Slot slot;
    slot.resetter = std::make_unique<PcscResetter>(reader_name(i));
    slot.link = std::make_unique<LinkThread>(dir_.path() + "/" + card_socket_name(i), *cards[i]);
    slot.link->set_reset_requester(slot.resetter.get());
    slot.card = std::move(cards[i]);
    slots_.push_back(std::move(slot));
  }
}

PrivateStack::~PrivateStack() {
  stop();
}

std::string PrivateStack::reader_name(std::size_t i) const {
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, " %02zX 00", i);
  return config_.reader_name + suffix;
}

std::runtime_error PrivateStack::failure(const std::string& what) {
  std::string message = what;
  if (!pcscd_running()) message += "; pcscd has exited";
  message += ". pcscd's log (" + log_ + "):\n" + log_tail(log_);
  return std::runtime_error(message);
}

void PrivateStack::await(std::size_t i, bool present) {
  const auto deadline = std::chrono::steady_clock::now() + config_.timeout;
  const std::string name = reader_name(i);
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now());
  };
  try {
    if (!context_) context_ = std::make_unique<pcsc::Context>();
    for (;;) {  // pcscd adds its readers one by one at start
      const auto names = context_->readers();
      if (std::find(names.begin(), names.end(), name) != names.end()) break;
      if (left().count() <= 0 || !pcscd_running())
        throw failure("pcscd did not show the reader '" + name + "'");
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    bool now = false;
    for (const auto& state : context_->reader_states())
      if (state.name == name) now = state.card_present;
    while (now != present) {
      if (left().count() <= 0 || !pcscd_running())
        throw failure(std::string("pcscd did not see the card ") +
                      (present ? "arrive in '" : "leave '") + name + "'");
      now = context_->wait_for_change(name, now, std::min(left(), std::chrono::milliseconds(200)));
    }
  } catch (const pcsc::PcscError& e) {
    throw failure(std::string("asking pcscd about '") + name + "': " + e.what());
  }
}

void PrivateStack::insert(std::size_t i) {
  auto& slot = slots_.at(i);
  if (const std::string error = slot.link->insert(static_cast<int>(config_.timeout.count()));
      !error.empty())
    throw failure("card " + std::to_string(i) + " could not enter '" + reader_name(i) +
                  "': " + error);
  await(i, true);
}

void PrivateStack::remove(std::size_t i) {
  auto& slot = slots_.at(i);
  const bool was_in = slot.link->inserted();
  slot.link->remove();
  if (was_in && pcscd_running()) await(i, false);
}

void PrivateStack::replace(std::size_t i, std::unique_ptr<CardEndpoint> card) {
  remove(i);
  auto& slot = slots_.at(i);
  slot.link->replace_card(*card);
  slot.card = std::move(card);
}

void PrivateStack::stop() {
  for (auto& slot : slots_) slot.link.reset();  // hangs up and powers the card off
  context_.reset();
  if (pcscd_) pcscd_->stop();
  pcscd_.reset();
  slots_.clear();  // a reset fault still waiting on pcscd has ended with it
}

}  // namespace mynasim::reader::stack
