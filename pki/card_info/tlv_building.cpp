#include "pki/card_info/tlv_building.hpp"

#include "pki/pki_error.hpp"

namespace mynasim::pki::card_info {

Bytes with_offset_table(std::uint32_t outer_tag, std::uint32_t table_tag,
                        const std::vector<Bytes>& objects) {
  const std::size_t table_value = 2 * objects.size();
  Bytes probe;  // the table's own size does not depend on the offsets' values
  iso7816::write_ber_tlv(probe, table_tag, Bytes(table_value, 0));
  std::size_t value_size = probe.size();
  for (const Bytes& o : objects) value_size += o.size();
  Bytes header;
  iso7816::write_ber_tag(header, outer_tag);
  iso7816::write_ber_length(header, value_size);
  if (header.size() + value_size > 0xFFFF)
    throw PkiError("card-info file of " + std::to_string(header.size() + value_size) +
                   " bytes: offsets are 16 bits");
  Bytes table;
  std::size_t offset = header.size() + probe.size();
  for (const Bytes& o : objects) {
    append_u16(table, static_cast<std::uint16_t>(offset));
    offset += o.size();
  }
  Bytes out = header;
  iso7816::write_ber_tlv(out, table_tag, table);
  for (const Bytes& o : objects) append(out, o);
  return out;
}

}  // namespace mynasim::pki::card_info
