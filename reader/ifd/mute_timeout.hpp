// How long a real reader waits for a card that sends nothing before it reports the card mute
// (CCID bError ICC_MUTE): the block waiting time of T=1 or the work waiting time of T=0, from the
// card's ATR, as ISO 7816-3 defines them. reader/PROTOCOL.md, "Faults: what the host sees".
#pragma once

#include <cstddef>
#include <cstdint>

namespace mynasim::reader::ifd {

// The clock a reader gives the card when its descriptor does not say otherwise: 4 MHz, the
// dwDefaultClock of most CCID readers (274 of the descriptors in libccid 1.5.2's readers/).
inline constexpr double kReaderClockKhz = 4000.0;

// Milliseconds (rounded up) a reader waits for the answer to one command under `t1` (else T=0):
//  T=1: BWT = 11 etu + 2^BWI x 960 x 372 / f, BWI from the first TBi (i >= 3) for T=1 (default 4);
//  T=0: WT = WI x 960 x Fi / f, WI from TC2 (default 10).
// etu = Fi / (Di x f) with Fi, Di from TA1 (default 372, 1). A malformed ATR gets the defaults.
int mute_timeout_ms(const std::uint8_t* atr, std::size_t size, bool t1);

}  // namespace mynasim::reader::ifd
