#include "reader/ifd/mute_timeout.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "iso7816/atr.hpp"

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
  int bwi = 4;  // the first TBi, i >= 3, in a group for T=1
};

InterfaceBytes read_interface_bytes(const std::uint8_t* atr, std::size_t size) {
  InterfaceBytes found;
  std::string problem;
  const std::optional<iso7816::Atr> parsed = iso7816::parse_atr(ByteView(atr, size), problem);
  if (!parsed) return found;
  const std::vector<iso7816::AtrGroup>& groups = parsed->groups;
  if (const auto ta1 = groups[0].ta; ta1 && kFi[*ta1 >> 4] && kDi[*ta1 & 0x0F]) {
    found.fi = kFi[*ta1 >> 4];
    found.di = kDi[*ta1 & 0x0F];
  }
  if (groups.size() > 1 && groups[1].tc.value_or(0) > 0) found.wi = *groups[1].tc;
  for (std::size_t i = 2; i < groups.size(); ++i)
    if (groups[i].protocol == 1 && groups[i].tb) {
      found.bwi = *groups[i].tb >> 4;
      break;
    }
  return found;
}

}  // namespace

int mute_timeout_ms(const std::uint8_t* atr, std::size_t size, bool t1) {
  const InterfaceBytes bytes = read_interface_bytes(atr, size);
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
