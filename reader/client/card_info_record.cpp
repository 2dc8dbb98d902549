#include "reader/client/card_info_record.hpp"

#include <cstdio>

#include "iso7816/ber_tlv.hpp"
#include "reader/client/card_info_fields.hpp"

namespace mynasim::client {
namespace {

std::string hex16(std::size_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%04zX", value);
  return text;
}

}  // namespace

CardInfoRecord::CardInfoRecord(ByteView file, std::uint32_t outer_tag,
                               std::optional<std::uint32_t> offset_table, std::string what)
    : what_(std::move(what)) {
  const auto outer = iso7816::read_ber_tlv(file);
  if (!outer.ok()) throw RecordError(what_ + ": " + iso7816::describe(outer.error));
  if (outer.tlv.tag != outer_tag)
    throw RecordError(what_ + ": starts with tag " + tag_name(outer.tlv.tag) + ", not " +
                      tag_name(outer_tag));
  value_ = outer.tlv.value;
  std::size_t offset = outer.tlv.header_size;
  ByteView rest = value_;
  ByteView table;
  bool has_table = false;
  while (!rest.empty()) {
    if (rest[0] == 0x00 || rest[0] == 0xFF) {
      for (auto b : rest)
        if (b != rest[0])
          throw RecordError(what_ + ": " + to_hex(ByteView(&rest[0], 1)) +
                            " filler followed by other bytes at offset " + hex16(offset));
      break;
    }
    const auto read = iso7816::read_ber_tlv(rest);
    if (!read.ok())
      throw RecordError(what_ + ": the field at offset " + hex16(offset) + ": " +
                        iso7816::describe(read.error));
    const ByteView raw = rest.subspan(0, read.tlv.total_size());
    if (offset_table && read.tlv.tag == *offset_table) {
      if (has_table || !fields_.empty())
        throw RecordError(what_ + ": the offset table " + tag_name(*offset_table) +
                          " is not the first field");
      table = read.tlv.value;
      table_raw_ = raw;
      has_table = true;
    } else {
      for (const auto& f : fields_)
        if (f.tag == read.tlv.tag)
          throw RecordError(what_ + ": field " + tag_name(f.tag) + " appears twice");
      fields_.push_back({read.tlv.tag, read.tlv.value, raw, offset});
    }
    offset += raw.size();
    rest = rest.subspan(raw.size());
  }
  if (offset_table && !has_table)
    throw RecordError(what_ + ": no offset table " + tag_name(*offset_table));
  if (has_table) {
    if (table.size() != 2 * fields_.size())
      throw RecordError(what_ + ": the offset table " + tag_name(*offset_table) + " has " +
                        std::to_string(table.size()) + " bytes for " +
                        std::to_string(fields_.size()) + " fields (2 bytes each)");
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const std::size_t declared = read_u16(table, 2 * i);
      if (declared != fields_[i].offset)
        throw RecordError(what_ + ": offset " + std::to_string(i) + " of " +
                          tag_name(*offset_table) + " says " + hex16(declared) + " but " +
                          tag_name(fields_[i].tag) + " starts at " + hex16(fields_[i].offset));
    }
  }
}

bool CardInfoRecord::has(std::uint32_t tag) const {
  for (const auto& f : fields_)
    if (f.tag == tag) return true;
  return false;
}

const RecordField& CardInfoRecord::field(std::uint32_t tag) const {
  for (const auto& f : fields_)
    if (f.tag == tag) return f;
  throw RecordError(what_ + ": no field " + tag_name(tag));
}

std::string CardInfoRecord::field_name(std::uint32_t tag) const {
  return what_ + ", " + tag_name(tag);
}

Bytes CardInfoRecord::raw_of(std::initializer_list<std::uint32_t> tags) const {
  Bytes out;
  for (auto tag : tags) append(out, field(tag).raw);
  return out;
}

Bytes CardInfoRecord::raw_before(std::uint32_t tag) const {
  field(tag);  // must be there
  Bytes out;
  for (const auto& f : fields_) {
    if (f.tag == tag) break;
    append(out, f.raw);
  }
  return out;
}

Bytes CardInfoRecord::value_without_offset_table() const {
  Bytes out;
  const std::size_t skip = table_raw_.empty() ? 0 : table_raw_.size();
  // The table is the first field when there is one (checked in the constructor).
  append(out, value_.subspan(skip));
  return out;
}

void CardInfoRecord::expect_tags(std::initializer_list<std::uint32_t> tags) const {
  std::size_t i = 0;
  for (auto tag : tags) {
    if (i >= fields_.size()) throw RecordError(what_ + ": no field " + tag_name(tag));
    if (fields_[i].tag != tag)
      throw RecordError(what_ + ": field " + std::to_string(i + 1) + " is " +
                        tag_name(fields_[i].tag) + " where " + tag_name(tag) + " belongs");
    ++i;
  }
  if (i < fields_.size())
    throw RecordError(what_ + ": unexpected field " + tag_name(fields_[i].tag) + " after " +
                      tag_name(fields_[i - 1].tag));
}

}  // namespace mynasim::client
