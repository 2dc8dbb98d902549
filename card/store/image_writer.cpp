#include "card/store/image_writer.hpp"

#include "card/store/crc32.hpp"

namespace mynasim::card::store {

void append_image_header(Bytes& out) {
  append(out, kImageMagic);
  append_u16(out, kImageFormatVersion);
  append_u16(out, 0);  // reserved
}

RecordWriter::RecordWriter(Bytes& out, RecordKind kind) : out_(out), start_(out.size()) {
  append_u32(out_, 0);  // the length, known only in finish()
  out_.push_back(static_cast<std::uint8_t>(kind));
}

void RecordWriter::set(ObjectId id, ByteView value) {
  add(id, EntryFlag::kSet, value);
}

void RecordWriter::erase(ObjectId id) {
  add(id, EntryFlag::kErase, {});
}

void RecordWriter::add(ObjectId id, EntryFlag flag, ByteView value) {
  append_u32(out_, id);
  out_.push_back(static_cast<std::uint8_t>(flag));
  append_u32(out_, static_cast<std::uint32_t>(value.size()));
  append(out_, value);
}

void RecordWriter::finish() {
  const std::size_t length = out_.size() - start_ - kRecordLengthSize;
  store_u32(out_, start_, static_cast<std::uint32_t>(length));
  const std::uint32_t crc = crc32(ByteView(out_).subspan(start_));
  append_u32(out_, crc);
}

Bytes encode_image(const std::map<ObjectId, Bytes>& objects) {
  // Sized once: the image is written whole at every compaction, and growing it would copy it
  // again and again.
  std::size_t size = kImageHeaderSize + kRecordOverhead;
  for (const auto& [id, value] : objects) size += kEntryOverhead + value.size();
  Bytes out;
  out.reserve(size);
  append_image_header(out);
  RecordWriter snapshot(out, RecordKind::kSnapshot);
  for (const auto& [id, value] : objects) snapshot.set(id, value);
  snapshot.finish();
  return out;
}

}  // namespace mynasim::card::store
