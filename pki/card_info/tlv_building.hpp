// Small helpers the card-info file builders share: one BER-TLV object, and an outer object
// that opens with an offset table (DF21: each following object's offset from the start of the
// file, big-endian u16), as text 0002 and surface 0002 do.
#pragma once

#include <string_view>
#include <vector>

#include "iso7816/ber_tlv.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::pki::card_info {

inline Bytes tlv(std::uint32_t tag, ByteView value) {
  Bytes out;
  iso7816::write_ber_tlv(out, tag, value);
  return out;
}

inline ByteView ascii(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (ByteView p : parts) append(out, p);
  return out;
}

// outer_tag { table_tag offsets ; objects... }. Throws PkiError past 65535 bytes (u16 offsets).
Bytes with_offset_table(std::uint32_t outer_tag, std::uint32_t table_tag,
                        const std::vector<Bytes>& objects);

}  // namespace mynasim::pki::card_info
