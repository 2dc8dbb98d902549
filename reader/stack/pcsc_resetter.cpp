#include "reader/stack/pcsc_resetter.hpp"

#include <chrono>
#include <cstdio>

#include "reader/pcsc/context.hpp"
#include "reader/pcsc/pcsc_error.hpp"

namespace mynasim::reader::stack {
namespace {

// How long the link holds the answer back waiting for the mark. A client inside a transaction
// keeps every other program's connect waiting (pcscd's SCardConnect waits for the lock): then
// the reset happens when the transaction ends, as any other program's would, and the answer
// goes out after this wait.
constexpr auto kAnnounceWait = std::chrono::milliseconds(250);
// How long a new reset waits for the last one to close its handles (pcscd may be busy).
constexpr auto kIdleWait = std::chrono::seconds(1);
constexpr auto kWitnessPoll = std::chrono::microseconds(200);
constexpr auto kWitnessLimit = std::chrono::seconds(30);
constexpr long kSharingViolation = 0x8010000BL;  // SCARD_E_SHARING_VIOLATION

}  // namespace

PcscResetter::PcscResetter(std::string reader) : reader_(std::move(reader)) {}

PcscResetter::~PcscResetter() {
  if (worker_.joinable()) worker_.join();
}

std::string PcscResetter::request_reset() {
  {
    // The last reset may still be closing its handles; one that waits on a transaction does not
    // end soon, and the link must not wait for it.
    std::unique_lock lock(mutex_);
    if (!idle_.wait_for(lock, kIdleWait, [&] { return !busy_; }))
      return "an earlier reset of '" + reader_ + "' is still waiting (a transaction?)";
  }
  if (worker_.joinable()) worker_.join();
  {
    std::lock_guard lock(mutex_);
    settled_ = false;
    outcome_.clear();
    busy_ = true;
  }
  worker_ = std::thread([this] { run(); });
  std::unique_lock lock(mutex_);
  if (!announced_.wait_for(lock, kAnnounceWait, [&] { return settled_; }))
    return {};  // most likely a transaction: the reset follows its end (see above)
  return outcome_;
}

void PcscResetter::finish(std::string outcome) {
  std::lock_guard lock(mutex_);
  if (!settled_) {
    settled_ = true;
    outcome_ = std::move(outcome);
  } else if (!outcome.empty()) {
    std::fprintf(stderr, "mynasim: the reset of '%s' failed: %s\n", reader_.c_str(),
                 outcome.c_str());
  }
  announced_.notify_all();
}

void PcscResetter::run() {
  try {
    pcsc::Context witness_context, reset_context;
    const auto witness = witness_context.connect_direct(reader_);
    const auto resetting = reset_context.connect_direct(reader_);
    std::string reset_error;
    std::thread reset([&] {
      try {
        resetting->reset();  // marks every handle, then waits for the reader's lock
      } catch (const pcsc::PcscError& e) {
        reset_error = e.what();
      }
    });
    const auto limit = std::chrono::steady_clock::now() + kWitnessLimit;
    bool marked = false;
    std::string witness_error;
    while (!marked && witness_error.empty() && std::chrono::steady_clock::now() < limit) {
      try {  // the reset thread must be joined whatever happens here
        marked = witness->pending_event() == pcsc::CardConnection::Event::kReset;
      } catch (const pcsc::PcscError& e) {
        witness_error = e.what();  // a client's transaction began: the link has gone on anyway
      }
      if (!marked) std::this_thread::sleep_for(kWitnessPoll);
    }
    if (marked) finish({});
    reset.join();
    finish(!reset_error.empty()     ? reset_error
           : marked                 ? std::string()
           : !witness_error.empty() ? witness_error
                                    : "pcscd did not announce the reset");
  } catch (const pcsc::PcscError& e) {
    if (e.code() == kSharingViolation)
      finish("another program holds '" + reader_ +
             "' exclusively (SCARD_SHARE_EXCLUSIVE); a reset by any other program fails the "
             "same way");
    else
      finish(e.what());
  }
  std::lock_guard lock(mutex_);
  busy_ = false;
  idle_.notify_all();
}

}  // namespace mynasim::reader::stack
