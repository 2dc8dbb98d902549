#include "reader/pcsc/context.hpp"

#include <PCSC/pcsclite.h>
#include <PCSC/reader.h>

#include <algorithm>

#include "reader/pcsc/detail/scard_handles.hpp"
#include "reader/pcsc/response_chain.hpp"

namespace mynasim::pcsc {
namespace {

void check(LONG rv, const std::string& what) {
  if (rv != SCARD_S_SUCCESS) throw_pcsc_error(rv, what);
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + ("'" + name + "'");
  return out;
}

}  // namespace

Context::Context() : handle_(std::make_unique<Handle>()) {
  check(SCardEstablishContext(SCARD_SCOPE_USER, nullptr, nullptr, &handle_->context),
        "connect to the PC/SC service");
}

Context::~Context() {
  if (handle_->context) SCardReleaseContext(handle_->context);
}

std::vector<std::string> Context::readers() const {
  DWORD size = 0;
  LONG rv = SCardListReaders(handle_->context, nullptr, nullptr, &size);
  if (rv == SCARD_E_NO_READERS_AVAILABLE) return {};
  check(rv, "list readers");
  std::string buffer(size, '\0');
  rv = SCardListReaders(handle_->context, nullptr, buffer.data(), &size);
  if (rv == SCARD_E_NO_READERS_AVAILABLE) return {};
  check(rv, "list readers");
  std::vector<std::string> names;
  for (std::size_t at = 0; at < buffer.size() && buffer[at] != '\0';) {
    names.emplace_back(buffer.c_str() + at);
    at += names.back().size() + 1;
  }
  return names;
}

std::vector<ReaderState> Context::reader_states() const {
  std::vector<ReaderState> states;
  const auto names = readers();
  if (names.empty()) return states;
  std::vector<SCARD_READERSTATE> query(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    query[i] = {};
    query[i].szReader = names[i].c_str();
    query[i].dwCurrentState = SCARD_STATE_UNAWARE;
  }
  check(SCardGetStatusChange(handle_->context, 0, query.data(), static_cast<DWORD>(query.size())),
        "read reader states");
  for (std::size_t i = 0; i < names.size(); ++i) {
    ReaderState state;
    state.name = names[i];
    state.card_present = (query[i].dwEventState & SCARD_STATE_PRESENT) != 0;
    state.in_use = (query[i].dwEventState & SCARD_STATE_EXCLUSIVE) != 0;
    state.atr.assign(query[i].rgbAtr, query[i].rgbAtr + query[i].cbAtr);
    states.push_back(std::move(state));
  }
  return states;
}

std::string Context::choose_reader(const std::string& wanted) const {
  const auto names = readers();
  if (names.empty()) throw_pcsc_error(SCARD_E_NO_READERS_AVAILABLE, "find a reader");
  if (!wanted.empty()) {
    if (std::find(names.begin(), names.end(), wanted) != names.end()) return wanted;
    // A unique prefix is accepted too, since pcscd appends " 00 00" to every name.
    std::vector<std::string> matches;
    for (const auto& name : names)
      if (name.rfind(wanted, 0) == 0) matches.push_back(name);
    if (matches.size() == 1) return matches.front();
    throw PcscError(PcscErrorKind::kUnknownReader, SCARD_E_UNKNOWN_READER,
                    "no reader named '" + wanted + "'; the readers are: " + join(names));
  }
  for (const auto& state : reader_states())
    if (state.card_present) return state.name;
  return names.front();
}

bool Context::wait_for_card(const std::string& reader, std::chrono::milliseconds timeout) const {
  for (const auto& state : reader_states())
    if (state.name == reader && state.card_present) return true;
  return wait_for_change(reader, false, timeout);
}

bool Context::wait_for_change(const std::string& reader, bool was_present,
                              std::chrono::milliseconds timeout) const {
  SCARD_READERSTATE query = {};
  query.szReader = reader.c_str();
  query.dwCurrentState = was_present ? SCARD_STATE_PRESENT : SCARD_STATE_EMPTY;
  const LONG rv =
      SCardGetStatusChange(handle_->context, static_cast<DWORD>(timeout.count()), &query, 1);
  if (rv == SCARD_E_TIMEOUT) return was_present;
  check(rv, "wait for a card in '" + reader + "'");
  return (query.dwEventState & SCARD_STATE_PRESENT) != 0;
}

std::unique_ptr<CardConnection> Context::connect(const std::string& reader) const {
  auto handle = std::make_unique<CardConnection::Handle>();
  check(SCardConnect(handle_->context, reader.c_str(), SCARD_SHARE_SHARED,
                     SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &handle->card, &handle->protocol),
        "connect to the card in '" + reader + "'");
  return std::make_unique<CardConnection>(std::move(handle), reader);
}

std::unique_ptr<CardConnection> Context::connect_direct(const std::string& reader) const {
  auto handle = std::make_unique<CardConnection::Handle>();
  handle->share = SCARD_SHARE_DIRECT;
  check(SCardConnect(handle_->context, reader.c_str(), SCARD_SHARE_DIRECT, 0, &handle->card,
                     &handle->protocol),
        "connect directly to '" + reader + "'");
  return std::make_unique<CardConnection>(std::move(handle), reader);
}

CardConnection::CardConnection(std::unique_ptr<Handle> handle, std::string reader)
    : handle_(std::move(handle)), reader_(std::move(reader)) {}

CardConnection::~CardConnection() {
  SCardDisconnect(handle_->card, SCARD_LEAVE_CARD);
}

Protocol CardConnection::protocol() const {
  return handle_->protocol == SCARD_PROTOCOL_T1 ? Protocol::kT1 : Protocol::kT0;
}

Bytes CardConnection::atr() const {
  BYTE atr[MAX_ATR_SIZE];
  DWORD atr_size = sizeof atr;
  DWORD state = 0;
  DWORD protocol = 0;
  char name[MAX_READERNAME];
  DWORD name_size = sizeof name;
  check(SCardStatus(handle_->card, name, &name_size, &state, &protocol, atr, &atr_size),
        "read the card status in '" + reader_ + "'");
  return Bytes(atr, atr + atr_size);
}

Bytes CardConnection::transmit_raw(ByteView command) {
  // Enough for an extended response (65536 data bytes + SW).
  Bytes response(MAX_BUFFER_SIZE_EXTENDED);
  DWORD size = static_cast<DWORD>(response.size());
  const SCARD_IO_REQUEST* pci =
      handle_->protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
  // A receive PCI although PC/SC allows NULL: Debian 12's pcsc-spy library (pcsc-lite 1.9.9)
  // dereferences it and crashes the client (LudovicRousseau/PCSC#159), and card developers
  // capture sessions with it.
  SCARD_IO_REQUEST received_pci{*pci};
  check(SCardTransmit(handle_->card, pci, command.data(), static_cast<DWORD>(command.size()),
                      &received_pci, response.data(), &size),
        "exchange with the card in '" + reader_ + "'");
  response.resize(size);
  return response;
}

iso7816::ResponseApdu CardConnection::transmit(const iso7816::CommandApdu& command) {
  return transmit_chained(
      command, [this](ByteView raw) { return transmit_raw(raw); }, "the card in '" + reader_ + "'");
}

CardConnection::Transaction::Transaction(CardConnection& card) : card_(card) {
  check(SCardBeginTransaction(card_.handle_->card),
        "begin a transaction with '" + card_.reader_ + "'");
}

CardConnection::Transaction::~Transaction() {
  SCardEndTransaction(card_.handle_->card, SCARD_LEAVE_CARD);
}

CardConnection::Event CardConnection::pending_event() {
  BYTE atr[MAX_ATR_SIZE];
  DWORD atr_size = sizeof atr, state = 0, protocol = 0;
  char name[MAX_READERNAME];
  DWORD name_size = sizeof name;
  const LONG rv = SCardStatus(handle_->card, name, &name_size, &state, &protocol, atr, &atr_size);
  if (rv == SCARD_W_RESET_CARD) return Event::kReset;
  if (rv == SCARD_W_REMOVED_CARD) return Event::kRemoved;
  if (rv == SCARD_S_SUCCESS || rv == SCARD_E_NO_SMARTCARD) return Event::kNone;
  check(rv, "read the status of '" + reader_ + "'");
  return Event::kNone;
}

void CardConnection::reset() {
  reconnect(Restart::kWarm, "reset the card in '" + reader_ + "'");
}

void CardConnection::power_cycle() {
  reconnect(Restart::kCold, "power the card in '" + reader_ + "' off and on");
}

void CardConnection::reconnect(Restart restart, const std::string& what) {
  const DWORD initialization = restart == Restart::kWarm ? SCARD_RESET_CARD : SCARD_UNPOWER_CARD;
  DWORD protocol = 0;
  // Shared, even for a direct connection: pcscd then negotiates the protocol again right after
  // the reset, in the same call, as a reset by any other program leaves it.
  check(SCardReconnect(handle_->card, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                       initialization, &protocol),
        what);
  handle_->protocol = protocol;
}

}  // namespace mynasim::pcsc
