// RAII over libpcsclite (model: web-eid's libpcsc-cpp): a context, the readers it sees, card
// connections with GET RESPONSE / 6Cxx handled in one place (response_chain.hpp), transactions,
// and waiting for a card. Every failure is a PcscError with a kind a tool can act on.
//
// The public face of reader/pcsc: no libpcsclite type or header here. The handles live in
// reader/pcsc/detail/scard_handles.hpp, which only reader/pcsc's own sources include, so a user
// neither compiles against winscard.h nor can bypass the wrapper with a raw handle.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "iso7816/apdu.hpp"
#include "reader/pcsc/pcsc_error.hpp"

namespace mynasim::pcsc {

struct ReaderState {
  std::string name;
  bool card_present = false;
  bool in_use = false;  // another program holds it exclusively
  Bytes atr;
};

class CardConnection;

class Context {
 public:
  Context();  // SCardEstablishContext(SCARD_SCOPE_USER); throws kNoService without pcscd
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  std::vector<std::string> readers() const;  // empty when there are none
  std::vector<ReaderState> reader_states() const;

  // The reader to use: `wanted` if given (kUnknownReader listing the readers there are
  // otherwise), else the first reader with a card, else the first reader.
  std::string choose_reader(const std::string& wanted) const;

  // Blocks until the reader has a card (true) or the timeout passes (false).
  bool wait_for_card(const std::string& reader, std::chrono::milliseconds timeout) const;
  // Blocks until the reader's state changes from `was_present`; returns the new presence.
  bool wait_for_change(const std::string& reader, bool was_present,
                       std::chrono::milliseconds timeout) const;

  std::unique_ptr<CardConnection> connect(const std::string& reader) const;
  // SCARD_SHARE_DIRECT: no protocol, works with or without a card, and never waits on the
  // reader's lock (mynasim's reset fault uses it while a client's command is in the driver).
  std::unique_ptr<CardConnection> connect_direct(const std::string& reader) const;

  struct Handle;  // detail/scard_handles.hpp

 private:
  std::unique_ptr<Handle> handle_;
};

// The transmission protocol pcscd chose for a connection (SCARD_PROTOCOL_T0 / _T1).
enum class Protocol { kT0, kT1 };

class CardConnection {
 public:
  struct Handle;  // detail/scard_handles.hpp
  // Made by Context::connect.
  CardConnection(std::unique_ptr<Handle> handle, std::string reader);
  ~CardConnection();
  CardConnection(const CardConnection&) = delete;
  CardConnection& operator=(const CardConnection&) = delete;

  const std::string& reader() const { return reader_; }
  Bytes atr() const;
  Protocol protocol() const;
  bool t1() const { return protocol() == Protocol::kT1; }

  // One exchange as sent; no GET RESPONSE handling. Throws kCardRemoved, kTransactionFailed...
  Bytes transmit_raw(ByteView command);
  // The command with 61xx (GET RESPONSE) and 6Cxx (resend with Le=xx) handled, so callers see
  // the final data and status word only.
  iso7816::ResponseApdu transmit(const iso7816::CommandApdu& command);

  // Exclusive access for a sequence of commands (VERIFY then SIGN must not be split).
  class Transaction {
   public:
    explicit Transaction(CardConnection& card);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    CardConnection& card_;
  };

  // Warm reset of the card (clears its security state).
  void reset();
  // What pcscd has to tell this handle since its last call (SCardStatus): nothing, the card
  // was reset by another handle (SCARD_W_RESET_CARD) or removed (SCARD_W_REMOVED_CARD).
  enum class Event { kNone, kReset, kRemoved };
  Event pending_event();
  // Power off and on again (SCardReconnect with SCARD_UNPOWER_CARD): a cold start.
  void power_cycle();

 private:
  enum class Restart { kWarm, kCold };
  void reconnect(Restart restart, const std::string& what);
  std::unique_ptr<Handle> handle_;
  std::string reader_;
};

}  // namespace mynasim::pcsc
