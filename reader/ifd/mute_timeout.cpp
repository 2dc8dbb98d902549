#include "reader/ifd/mute_timeout.hpp"

#include <cmath>

namespace mynasim::reader::ifd {
namespace {

// ISO 7816-3 Table 7 and 8: clock rate conversion factor Fi and baud rate adjustment Di by TA1's
// nibbles; 0 marks an RFU value (the defaults apply then).
constexpr int kFi[16] = {372, 372, 558, 744,  1116, 1488, 1860, 0,
                         0,   512, 768, 1024, 1536, 2048, 0,    0};
constexpr int kDi[16] = {0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};

struct InterfaceBytes {
  int fi = 372, di = 1;
  int wi = 10;  // TC2 (T=0)
  int bwi = 4;  // first TBi, i >= 3, after a TD announcing T=1
};

InterfaceBytes walk(const std::uint8_t* atr, std::size_t size) {
  InterfaceBytes found;
  if (size < 2) return found;
  std::size_t at = 2;        // the byte after T0
  std::uint8_t y = atr[1];   // which of TAi..TDi follow
  int protocol_before = -1;  // the T announced by TD(i-1); none before the first group
  for (int i = 1; at <= size; ++i) {
    auto take = [&](std::uint8_t bit) -> int {
      if (!(y & bit)) return -1;
      return at < size ? atr[at++] : -1;
    };
    const int ta = take(0x10), tb = take(0x20), tc = take(0x40), td = take(0x80);
    if (i == 1 && ta >= 0 && kFi[ta >> 4] && kDi[ta & 0x0F]) {
      found.fi = kFi[ta >> 4];
      found.di = kDi[ta & 0x0F];
    }
    if (i == 2 && tc > 0) found.wi = tc;
    if (i >= 3 && protocol_before == 1 && tb >= 0) {
      found.bwi = tb >> 4;
      protocol_before = -2;  // only the first TBi for T=1 counts
    }
    if (td < 0) break;
    if (protocol_before != -2) protocol_before = td & 0x0F;
    y = static_cast<std::uint8_t>(td);
  }
  return found;
}

}  // namespace

int mute_timeout_ms(const std::uint8_t* atr, std::size_t size, bool t1) {
  const InterfaceBytes bytes = walk(atr, size);
  const double f = kReaderClockKhz;  // kHz: the times below come out in milliseconds
  double ms;
  if (t1) {
    const double etu = static_cast<double>(bytes.fi) / bytes.di / f;
    ms = 11 * etu + std::ldexp(960.0 * 372.0 / f, bytes.bwi);
  } else {
    ms = bytes.wi * 960.0 * bytes.fi / f;
  }
  return static_cast<int>(std::ceil(ms));
}

}  // namespace mynasim::reader::ifd
