// The reset fault (Exchange::kAnswerThenReset) done the only way pcsc-lite allows: another
// program's SCardReconnect(SCARD_RESET_CARD). pcscd then marks every handle of the reader
// (RFSetReaderEventState), so each one's next call gets SCARD_W_RESET_CARD, and warm-resets the
// card through the driver. A driver cannot cause that itself (reader/PROTOCOL.md, Faults).
//
// Timing: the client's command is still in the driver when the link asks, holding pcscd's
// reader lock. Both our handles connect with SCARD_SHARE_DIRECT, which does not need that lock;
// the resetting handle's SCardReconnect marks the handles at once and then waits for the lock;
// a second "witness" handle polls SCardStatus until it sees the mark, and only then does the
// link send the answer. So the client's next call is sure to see the reset.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "reader/link/card_link.hpp"

namespace mynasim::reader::stack {

class PcscResetter final : public ResetRequester {
 public:
  // reader: pcscd's name of the reader; the process's PCSCLITE_CSOCK_NAME says which pcscd.
  explicit PcscResetter(std::string reader);
  ~PcscResetter() override;  // waits for a reset under way (pcscd stopping ends it)
  PcscResetter(const PcscResetter&) = delete;
  PcscResetter& operator=(const PcscResetter&) = delete;

  std::string request_reset() override;

 private:
  void run();  // the worker thread
  void finish(std::string outcome);

  std::string reader_;
  std::thread worker_;
  std::mutex mutex_;
  bool busy_ = false;  // a worker runs
  std::condition_variable announced_, idle_;
  bool settled_ = false;  // the mark is set, or the reset failed (outcome_ says why)
  std::string outcome_;
};

}  // namespace mynasim::reader::stack
