// The shape every card-info data file shares: one outer BER object (FF10, FF20, FF30, FF40 ...)
// holding a run of fields, optionally led by an offset table (DF21) that gives each following
// field's start as a big-endian u16 from the first byte of the file. The table is checked, never
// trusted. The signatures cover fields as written (tag, length and value), so each field keeps
// its raw bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::client {

struct RecordField {
  std::uint32_t tag = 0;
  ByteView value;
  ByteView raw;        // tag + length + value
  std::size_t offset;  // of the field's first byte from the start of the file
};

class CardInfoRecord {
 public:
  // Parses `file` (which it borrows: keep it alive). `what` names the file in errors
  // ("text EF 0002 (attributes)"). Bytes after the outer object, and a run of 00 or FF filler
  // inside it after the last field, are allowed: a file read off a card may carry filler.
  CardInfoRecord(ByteView file, std::uint32_t outer_tag, std::optional<std::uint32_t> offset_table,
                 std::string what);
  CardInfoRecord(Bytes&&, std::uint32_t, std::optional<std::uint32_t>, std::string) = delete;

  // The field with `tag`; RecordError naming it when absent.
  const RecordField& field(std::uint32_t tag) const;
  bool has(std::uint32_t tag) const;
  const std::vector<RecordField>& fields() const { return fields_; }
  // The listed fields' raw bytes, concatenated in the order given.
  Bytes raw_of(std::initializer_list<std::uint32_t> tags) const;
  // Every field before `tag` as written (what the records' signatures cover).
  Bytes raw_before(std::uint32_t tag) const;
  // The outer object's value with the offset table's object left out (what text EF 0003's
  // DF32 hashes).
  Bytes value_without_offset_table() const;
  // The fields must be exactly these, in this order; RecordError naming the first difference.
  void expect_tags(std::initializer_list<std::uint32_t> tags) const;
  const std::string& what() const { return what_; }
  std::string field_name(std::uint32_t tag) const;  // "text EF 0002 (attributes), DF22"

 private:
  std::vector<RecordField> fields_;
  ByteView value_;
  ByteView table_raw_;
  std::string what_;
};

}  // namespace mynasim::client
