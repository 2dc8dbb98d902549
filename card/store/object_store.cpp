#include "card/store/object_store.hpp"

#include <functional>
#include <string>

#include "card/store/image_format.hpp"
#include "card/store/image_reader.hpp"
#include "card/store/image_writer.hpp"

namespace mynasim::card::store {

namespace {
// A record of one entry with a value of up to this many bytes fits the buffer taken at start.
constexpr std::size_t kFirstRecordValueBytes = 32;
}  // namespace

ObjectStore::ObjectStore(Storage& storage) : storage_(storage) {
  record_.reserve(kRecordOverhead + kEntryOverhead + kFirstRecordValueBytes);
}

void ObjectStore::Batch::set(ObjectId id, ByteView value) {
  entries_.push_back(Entry{id, false, Bytes(value.begin(), value.end())});
}

void ObjectStore::Batch::erase(ObjectId id) {
  entries_.push_back(Entry{id, true, {}});
}

const Bytes* ObjectStore::get(ObjectId id) const {
  const auto found = objects_.find(id);
  return found == objects_.end() ? nullptr : &found->second;
}

StoreStatus ObjectStore::load() {
  // A new session: forget everything, including a power loss of the previous one.
  objects_.clear();
  loaded_ = false;
  power_lost_ = false;
  adopt_snapshot(0);
  Bytes image;
  StoreStatus status = storage_.read_all(image);
  if (!status.ok()) return status;
  ParsedImage parsed;
  status = read_image(image, storage_.name(), parsed);
  if (!status.ok()) return status;
  objects_ = std::move(parsed.objects);
  image_size_ = parsed.valid_size;
  journal_bytes_ = parsed.valid_size - parsed.snapshot_end;
  tail_dirty_ = parsed.valid_size < image.size();
  loaded_ = true;
  return StoreStatus::success();
}

ObjectStore::LoadedView ObjectStore::loaded_view() const {
  return {objects_, image_size_, journal_bytes_, tail_dirty_};
}

void ObjectStore::restore(const LoadedView& view) {
  // Object by object, so that what is unchanged (most of it) is neither freed nor copied.
  auto mine = objects_.begin();
  for (const auto& [id, value] : view.objects) {
    while (mine != objects_.end() && mine->first < id) mine = objects_.erase(mine);
    if (mine == objects_.end() || mine->first != id) {
      objects_.emplace_hint(mine, id, value);
      continue;
    }
    if (mine->second != value) mine->second = value;
    ++mine;
  }
  objects_.erase(mine, objects_.end());
  adopt_snapshot(view.image_size);
  journal_bytes_ = view.journal_bytes;
  tail_dirty_ = view.tail_dirty;
  loaded_ = true;
  power_lost_ = false;
}

StoreStatus ObjectStore::format(const std::map<ObjectId, Bytes>& objects) {
  if (power_lost_) return check_writable();
  const Bytes image = encode_image(objects);
  const StoreStatus status = storage_.replace(image);
  if (!status.ok()) {
    replace_owed_ = loaded_;  // the image may be the new one: rewrite the view still held
    return failed(status);
  }
  objects_ = objects;
  loaded_ = true;
  adopt_snapshot(image.size());
  return status;
}

StoreStatus ObjectStore::set(ObjectId id, ByteView value, Durability durability) {
  // The most frequent write (a PIN counter): no batch, no copy of the value.
  const EntryView entry{id, false, value};
  return commit_entries(&entry, 1, durability);
}

StoreStatus ObjectStore::commit(const Batch& batch, Durability durability) {
  std::vector<EntryView> entries;
  entries.reserve(batch.entries_.size());
  for (const Batch::Entry& entry : batch.entries_)
    entries.push_back(EntryView{entry.id, entry.erase, entry.value});
  return commit_entries(entries.data(), entries.size(), durability);
}

StoreStatus ObjectStore::commit_entries(const EntryView* entries, std::size_t count,
                                        Durability durability) {
  if (count == 0) return durability == Durability::kDurable ? flush() : check_writable();
  StoreStatus status = check_writable();
  if (!status.ok()) return status;

  std::size_t length = 1;  // the kind byte
  for (std::size_t i = 0; i < count; ++i) length += kEntryOverhead + entries[i].value.size();
  if (length > 0xFFFFFFFFu) {
    return image_failure(StoreError::kIo, storage_.name(),
                         "a batch of " + std::to_string(length) + " bytes does not fit a record");
  }
  Bytes& record = record_;
  record.clear();
  record.reserve(kRecordOverhead - 1 + length);
  RecordWriter writer(record, RecordKind::kUpdate);
  for (std::size_t i = 0; i < count; ++i) {
    if (entries[i].erase) {
      writer.erase(entries[i].id);
    } else {
      writer.set(entries[i].id, entries[i].value);
    }
  }
  writer.finish();

  status = append_record(record, durability);
  if (!status.ok()) return status;
  for (std::size_t i = 0; i < count; ++i) {
    if (entries[i].erase) {
      objects_.erase(entries[i].id);
    } else {
      Bytes& stored = objects_[entries[i].id];
      const ByteView value = entries[i].value;
      // assign() may not read from the vector it writes: a value that is (part of) the stored
      // one is copied first.
      const std::less<const std::uint8_t*> before;
      const bool own = !stored.empty() && !before(value.data(), stored.data()) &&
                       before(value.data(), stored.data() + stored.size());
      if (own) {
        stored = Bytes(value.begin(), value.end());
      } else {
        stored.assign(value.begin(), value.end());
      }
    }
  }
  // The change is in the image now; a failed compaction leaves the valid journal in place and is
  // retried after the next commit, so it must not turn this success into an error.
  if (journal_bytes_ > kCompactAfterBytes) (void)compact();
  return status;
}

StoreStatus ObjectStore::append_record(ByteView record, Durability durability) {
  StoreStatus status = replace_owed_ ? compact() : StoreStatus::success();
  if (status.ok()) status = cut_tail();
  if (!status.ok()) return status;
  status = storage_.append(record);
  if (status.ok() && durability == Durability::kDurable) status = storage_.sync();
  if (!status.ok()) {
    // Some or all of the record may be in the image, durable or not: cut it off before the next
    // append, or it would be read back though the in-memory view never applied it.
    tail_dirty_ = true;
    return failed(status);
  }
  image_size_ += record.size();
  journal_bytes_ += record.size();
  unsynced_ = durability == Durability::kLazy;
  return status;
}

StoreStatus ObjectStore::flush() {
  StoreStatus status = check_writable();
  if (!status.ok() || !unsynced_) return status;
  status = storage_.sync();
  if (!status.ok()) return failed(status);
  unsynced_ = false;
  return status;
}

StoreStatus ObjectStore::compact() {
  StoreStatus status = check_writable();
  if (!status.ok()) return status;
  const Bytes image = encode_image(objects_);
  status = storage_.replace(image);
  if (!status.ok()) {
    // A replace that failed after its rename left the new image; one that failed before it left
    // the old one. Either holds objects_, but image_size_ no longer says which: write it again
    // before appending anything.
    replace_owed_ = true;
    return failed(status);
  }
  adopt_snapshot(image.size());
  return status;
}

void ObjectStore::adopt_snapshot(std::size_t size) {
  image_size_ = size;
  journal_bytes_ = 0;
  unsynced_ = false;
  tail_dirty_ = false;
  replace_owed_ = false;
}

StoreStatus ObjectStore::cut_tail() {
  if (!tail_dirty_) return StoreStatus::success();
  const StoreStatus status = storage_.truncate(image_size_);
  if (!status.ok()) return failed(status);
  tail_dirty_ = false;
  return status;
}

StoreStatus ObjectStore::check_writable() const {
  if (power_lost_) {
    return image_failure(StoreError::kPowerLost, storage_.name(),
                         "the power was lost; no write until the image is loaded again");
  }
  if (!loaded_) {
    return image_failure(StoreError::kNotFound, storage_.name(),
                         "no image is loaded (load or format it first)");
  }
  return StoreStatus::success();
}

StoreStatus ObjectStore::failed(StoreStatus status) {
  if (status.error == StoreError::kPowerLost) power_lost_ = true;
  return status;
}

}  // namespace mynasim::card::store
