#include "card/store/image_reader.hpp"

#include <algorithm>
#include <string>

#include "card/store/crc32.hpp"

namespace mynasim::card::store {
namespace {

enum class Frame : std::uint8_t {
  kIntact,       // the length fits and the CRC matches
  kShort,        // the image ends before the length field or before the end the length claims
  kBadLength,    // a length that cannot be (no room for the kind byte)
  kBadChecksum,  // complete, but the CRC does not match
};

struct Record {
  std::size_t length = 0;  // the u32 length field
  std::uint8_t kind = 0;
  ByteView entries;
  std::size_t size() const { return kRecordLengthSize + length + kRecordCrcSize; }
};

Frame check_frame(ByteView image, std::size_t at, Record& record) {
  const std::size_t left = image.size() - at;
  if (left < kRecordLengthSize) return Frame::kShort;
  record.length = read_u32(image, at);
  if (record.length < 1) return Frame::kBadLength;
  // 64-bit arithmetic: length + 8 cannot wrap for a u32 length.
  if (static_cast<std::uint64_t>(record.size()) > left) return Frame::kShort;
  const std::size_t crc_at = at + kRecordLengthSize + record.length;
  const ByteView covered = image.subspan(at, kRecordLengthSize + record.length);
  if (crc32(covered) != read_u32(image, crc_at)) return Frame::kBadChecksum;
  record.kind = image[at + kRecordLengthSize];
  record.entries = image.subspan(at + kRecordLengthSize + 1, record.length - 1);
  return Frame::kIntact;
}

// Applies the entries of one CRC-intact record. A CRC that matches over a structure that does not
// is not a torn write, so any problem here is corruption. Returns the problem, or "" when fine.
std::string apply_entries(ByteView entries, bool snapshot, std::map<ObjectId, Bytes>& objects) {
  std::size_t at = 0;
  while (at < entries.size()) {
    if (entries.size() - at < kEntryOverhead) {
      return "an entry header is cut off at byte " + std::to_string(at) + " of the entries";
    }
    const ObjectId id = read_u32(entries, at);
    const std::uint8_t flag = entries[at + 4];
    const std::size_t size = read_u32(entries, at + 5);
    at += kEntryOverhead;
    if (size > entries.size() - at) {
      return "the value of object " + std::to_string(id) + " runs past the end of the record";
    }
    if (flag == static_cast<std::uint8_t>(EntryFlag::kSet)) {
      if (snapshot && objects.count(id) != 0) {
        return "object " + std::to_string(id) + " appears twice in the snapshot";
      }
      const ByteView value = entries.subspan(at, size);
      objects[id] = Bytes(value.begin(), value.end());
    } else if (flag == static_cast<std::uint8_t>(EntryFlag::kErase) && !snapshot && size == 0) {
      objects.erase(id);
    } else {
      return "object " + std::to_string(id) + " has an invalid entry (flags " +
             std::to_string(flag) + ", size " + std::to_string(size) + ")";
    }
    at += size;
  }
  return {};
}

std::string record_name(std::size_t index, std::size_t at) {
  std::string name = "record " + std::to_string(index);
  if (index == 0) name += " (the snapshot)";
  return name + " at offset " + std::to_string(at);
}

// Why the record at `at` is unreadable, in words ("checksum mismatch in record 3 at offset 456").
std::string frame_problem(Frame frame, const Record& record, std::size_t index, std::size_t at,
                          std::size_t image_size) {
  switch (frame) {
    case Frame::kBadChecksum:
      return "checksum mismatch in " + record_name(index, at);
    case Frame::kBadLength:
      return record_name(index, at) + " has the impossible length 0";
    case Frame::kShort:
      return record_name(index, at) + " claims " + std::to_string(record.size()) +
             " bytes, but only " + std::to_string(image_size - at) + " are left";
    case Frame::kIntact:
      break;
  }
  return {};
}

// The first offset after `at` where an intact update record stands, or 0 when there is none.
// A power cut tears only the last append, so a readable record behind an unreadable one proves
// that the unreadable one was damaged later: corruption, not a tear. Every offset is tried because
// the damaged record's own length field cannot be trusted to say where its successor begins.
std::size_t find_intact_update(ByteView image, std::size_t at) {
  for (std::size_t next = at + 1; next + kRecordOverhead <= image.size(); ++next) {
    Record record;
    if (check_frame(image, next, record) == Frame::kIntact &&
        record.kind == static_cast<std::uint8_t>(RecordKind::kUpdate)) {
      return next;
    }
  }
  return 0;
}

StoreStatus check_header(ByteView image, std::string_view name) {
  if (image.empty()) {
    return image_failure(StoreError::kNotAnImage, name,
                         "not a mynasim card image (the file is empty)");
  }
  const std::size_t compared = std::min(image.size(), kImageMagic.size());
  if (!std::equal(kImageMagic.begin(), kImageMagic.begin() + compared, image.begin())) {
    return image_failure(StoreError::kNotAnImage, name, "not a mynasim card image (bad magic)");
  }
  if (image.size() < kImageHeaderSize) {
    return image_failure(StoreError::kTruncated, name,
                         "truncated: the header needs " + std::to_string(kImageHeaderSize) +
                             " bytes, the file has " + std::to_string(image.size()));
  }
  const std::uint16_t version = read_u16(image, 8);
  if (version != kImageFormatVersion) {
    return image_failure(StoreError::kUnsupportedVersion, name,
                         "format version " + std::to_string(version) +
                             " is not supported (this build reads " +
                             std::to_string(kImageFormatVersion) + ")");
  }
  const std::uint16_t reserved = read_u16(image, 10);
  if (reserved != 0) {
    return image_failure(
        StoreError::kCorrupted, name,
        "corrupted: the reserved header field is " + std::to_string(reserved) + ", not 0");
  }
  return StoreStatus::success();
}

StoreStatus read_snapshot(ByteView image, std::string_view name, ParsedImage& out) {
  const std::size_t at = kImageHeaderSize;
  Record record;
  const Frame frame = check_frame(image, at, record);
  if (frame == Frame::kShort) {
    const std::string needed = image.size() - at < kRecordLengthSize
                                   ? "at least " + std::to_string(at + kRecordOverhead)
                                   : std::to_string(at + record.size());
    return image_failure(StoreError::kTruncated, name,
                         "truncated: the snapshot needs " + needed + " bytes, the file has " +
                             std::to_string(image.size()));
  }
  if (frame != Frame::kIntact) {
    return image_failure(StoreError::kCorrupted, name,
                         "corrupted: " + frame_problem(frame, record, 0, at, image.size()));
  }
  if (record.kind != static_cast<std::uint8_t>(RecordKind::kSnapshot)) {
    return image_failure(StoreError::kCorrupted, name,
                         "corrupted: " + record_name(0, at) + " is of kind " +
                             std::to_string(record.kind) + ", not a snapshot");
  }
  const std::string problem = apply_entries(record.entries, true, out.objects);
  if (!problem.empty()) {
    return image_failure(StoreError::kCorrupted, name,
                         "corrupted: " + record_name(0, at) + ": " + problem);
  }
  out.snapshot_end = at + record.size();
  out.records = 1;
  return StoreStatus::success();
}

}  // namespace

StoreStatus read_image(ByteView image, std::string_view name, ParsedImage& out) {
  out = ParsedImage{};
  StoreStatus status = check_header(image, name);
  if (status.ok()) status = read_snapshot(image, name, out);
  if (!status.ok()) return status;
  out.valid_size = out.snapshot_end;
  return read_appended(image, name, out);
}

StoreStatus read_appended(ByteView image, std::string_view name, ParsedImage& out) {
  std::size_t at = out.valid_size;
  while (at < image.size()) {
    const std::size_t index = out.records;
    Record record;
    const Frame frame = check_frame(image, at, record);
    if (frame != Frame::kIntact) {
      const std::size_t next = find_intact_update(image, at);
      if (next == 0) break;  // a torn last append: the state is the one before it
      return image_failure(StoreError::kCorrupted, name,
                           "corrupted: " + frame_problem(frame, record, index, at, image.size()) +
                               " (an intact record follows at offset " + std::to_string(next) +
                               ", so this is no torn write)");
    }
    std::string problem;
    if (record.kind != static_cast<std::uint8_t>(RecordKind::kUpdate)) {
      problem = "it is of kind " + std::to_string(record.kind) + ", not an update";
    } else {
      problem = apply_entries(record.entries, false, out.objects);
    }
    if (!problem.empty()) {
      return image_failure(StoreError::kCorrupted, name,
                           "corrupted: " + record_name(index, at) + ": " + problem);
    }
    at += record.size();
    ++out.records;
  }
  out.valid_size = at;
  return StoreStatus::success();
}

}  // namespace mynasim::card::store
