// The card as a T=0 card shows itself (`mynasim exec|run --protocol t0`): an ATR offering T=0
// only (t0_atr.hpp), and the answers ISO/IEC 7816-3 §12.2 gives a T=0 card, which cannot send
// data back with a command that carries data, nor more or fewer bytes than the terminal asked
// for. The real My Number card is T=1 only (reference §3: TD1 = 81); this is the T=0 behaviour a
// host must handle (anchors.md §H: 61xx/6Cxx bugs), on the simulated card. Our reader passes
// APDUs through unchanged (pcscd does no T=0 mapping), so the host's APDU is what arrives here.
//
// The rules (docs/timing-and-t0.md), with the card behind answering as it does under T=1:
//   - a command whose answer has data, when the command carried data (case 4, or case 3 that
//     the card answers with data) or an extended Le: 61xx, xx = the bytes waiting (00: 256 or
//     more); the data only through GET RESPONSE `00 C0 00 00 Le`, chained with 61xx while more
//     remains, the card's own status word at the end;
//   - a case-2 command (short Le, no data) answered with fewer bytes than Le asked: 6Cxx, xx =
//     the bytes the card has; the host repeats it with Le = xx (the card runs it again);
//   - a case-3 command the card refuses with 6700: given again with Le = 00, since a T=0
//     terminal sends case 4 without its Le (§12.2.5; OpenSC does) and only the card knows which
//     commands answer data; that answer then comes through 61xx;
//   - a 5-byte command whose P3 is 00 the card refuses with 6700: given again as case 1 (the
//     4-byte header). At T=0 a case-1 command carries P3 = 00 (§12.2.2), which reads as case 2
//     asking 256 bytes; only the card knows which it is. OpenSC sends the empty VERIFY (the
//     tries-left query) so over T=0, and the card answers 6700 to `00 20 00 80 00`;
//   - an extended Lc (more than 255 bytes): 6700 without reaching the card. T=0 carries a
//     one-byte P3; longer data needs ENVELOPE, which no source shows on this card. An extended
//     Le with short data is honoured through 61xx/GET RESPONSE, the only way T=0 returns more
//     than 256 bytes (7816-4 §5.3.4);
//   - GET RESPONSE: P1 P2 other than 00 00 -> 6A86; no Le -> 6700; Le above what waits -> 6Cxx;
//     nothing waiting -> 6985 (UNCONFIRMED: ISO names no word for it; 6985 is what many cards
//     answer). Any other command, a reset or power-off drops what was waiting.
#pragma once

#include <memory>

#include "iso7816/apdu.hpp"
#include "reader/link/card_endpoint.hpp"

namespace mynasim::emulator {

class T0Card final : public reader::CardDecorator {
 public:
  explicit T0Card(std::unique_ptr<reader::CardEndpoint> inner);
  ~T0Card() override;

  // The inner card's ATR made T=0-only (t0_atr.hpp); the inner one as it is if it does not parse.
  Bytes atr() override;
  void power_on() override;
  void reset() override;
  void power_off() override;
  Bytes transmit(ByteView command) override { return exchange(command).response; }
  reader::Exchange exchange(ByteView command) override;

 private:
  reader::Exchange get_response(const iso7816::CommandApdu& command);
  // Rewrites the card's answer to `command` as T=0 gives it.
  void to_t0(const iso7816::CommandApdu& command, Bytes& response);

  std::unique_ptr<reader::CardEndpoint> owned_;
  Bytes pending_;               // data waiting for GET RESPONSE
  std::uint16_t final_sw_ = 0;  // the card's status word, given with the last of it
  bool has_pending_ = false;
};

}  // namespace mynasim::emulator
