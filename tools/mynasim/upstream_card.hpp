// The card in a reader of the upstream pcscd (the system's, or whichever PCSCLITE_CSOCK_NAME
// names) as a reader::CardEndpoint: what `mynasim relay` puts behind its virtual reader, with
// every exchange and card event written to the trace.
//  - Commands go through as they are (CardConnection::transmit_raw): no GET RESPONSE, no 6Cxx
//    resend; the client does those itself, and they belong in the trace.
//  - Power on is a cold reset upstream (SCardReconnect with SCARD_UNPOWER_CARD), reset a warm
//    one (SCARD_RESET_CARD), so the real card starts from the state the simulated one would.
//    Power off only goes into the trace: PC/SC cannot switch a shared card off and keep it.
//  - A PC/SC failure (card pulled, reader gone) is recorded with pcsc-lite's name for it and
//    answered with an empty response, which the link sends as 6F00 (not Exchange::kMute: a
//    relayed card's failure is reported, not turned into the reader's timeout).
// Lives in the relay's upstream process (relay_upstream.hpp says why that is a process of its
// own); transmit and the power calls come from one thread, removed()/inserted() from another.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "iso7816/bytes.hpp"
#include "reader/link/card_endpoint.hpp"
#include "reader/pcsc/context.hpp"
#include "reader/trace/trace_writer.hpp"

namespace mynasim::tools {

class UpstreamCard final : public reader::CardEndpoint {
 public:
  // Connects to the card in `reader` (throws pcsc::PcscError). `trace` may be null.
  UpstreamCard(const pcsc::Context& context, std::string reader, reader::trace::TraceWriter* trace);
  ~UpstreamCard() override;

  Bytes atr() override;
  void power_on() override;
  void reset() override;
  void power_off() override;
  Bytes transmit(ByteView command) override;

  // The card left the upstream reader / a card came into it, with its ATR.
  void removed();
  void inserted(Bytes atr);

 private:
  // The connection, made again after a card came back or a failure dropped it.
  pcsc::CardConnection& connection();
  // SCardReconnect with `cold` (UNPOWER) or warm (RESET) initialization; records "reset".
  void reconnect(bool cold, bool record);

  const pcsc::Context& context_;
  std::string reader_;
  reader::trace::TraceWriter* trace_;
  std::unique_ptr<pcsc::CardConnection> card_;  // used from the serving thread only

  std::mutex mutex_;  // guards what follows
  Bytes atr_;
  bool present_ = true;
  bool stale_ = false;  // card_ belongs to a card that has left since
  bool fresh_ = true;   // just inserted: its first power on is part of "inserted"
};

}  // namespace mynasim::tools
