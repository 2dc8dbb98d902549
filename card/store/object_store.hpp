// The card's persistent objects (EF contents, PIN values and counters, keys) as a journaled
// record store inside one Storage image.
//
// Image format (all integers big-endian):
//   header   "MYNACARD" (8) | format version u16 (=1) | reserved u16 (=0)
//   records  repeated: length u32 (of kind..entries) | kind u8 | entries | CRC-32 u32
//            kind 1 = snapshot (the whole object set, always the first record)
//            kind 2 = update   (objects set or erased, applied over what came before)
//            entries: repeated  id u32 | flags u8 (0 = set, 1 = erase) | size u32 | value
//            The CRC-32 (IEEE) covers length, kind and entries.
//
// Why journaled: a PIN-counter change is one small append + one fsync, as cheap as the bare
// write it replaces, and a power cut can only tear the last record. Loading rules:
//   - empty file, or wrong magic         -> kNotAnImage ("not a mynasim card image")
//   - other version                      -> kUnsupportedVersion
//   - ends inside the header or snapshot -> kTruncated (the first image is written by replace(),
//                                           so no power cut leaves a short snapshot)
//   - bad CRC or structure in the snapshot, or in any update that is followed by more bytes that
//     form a valid record (at any offset: a damaged length cannot say where the next one starts)
//                                        -> kCorrupted
//   - an update whose CRC matches but whose kind or entries do not make sense -> kCorrupted: no
//     tear produces a matching CRC
//   - a torn LAST update record (short, or bad CRC with nothing valid after it) is what a power
//     cut leaves: it is ignored (the state is the one before it) and cut off before the next
//     append.
// Messages name the record by index (the snapshot is record 0) and byte offset.
// A record is at most 4 GiB - 1 long (its u32 length); commit() refuses a larger batch.
// When the journal grows past a threshold the store writes a fresh snapshot with
// Storage::replace (atomic), so the image stays small.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "card/store/storage.hpp"

namespace mynasim::card::store {

using ObjectId = std::uint32_t;

enum class Durability : std::uint8_t {
  kDurable,  // fsync before returning: the change survives a power cut that follows
  kLazy,     // written now, made durable by the next durable commit or by flush(); a power cut
             // may lose it (use only where losing it is the safe direction)
};

class ObjectStore {
 public:
  // Takes the record buffer of the common writes (a PIN counter) now, while the card loads, so
  // that those writes allocate nothing.
  explicit ObjectStore(Storage& storage);

  // Reads and validates the image; on failure nothing is loaded and the store stays empty (and
  // refuses writes until a load or format succeeds). Only reads: a torn tail is cut off later,
  // before the next append.
  StoreStatus load();

  // Writes `objects` as a fresh image (a single snapshot), atomically, and adopts them.
  StoreStatus format(const std::map<ObjectId, Bytes>& objects);

  const Bytes* get(ObjectId id) const;
  const std::map<ObjectId, Bytes>& objects() const { return objects_; }

  // What load() built from an image, kept to put a store back to it later without reading and
  // checking that image again (a test bench going back to a known card, tests/fuzz). Take it
  // right after load(): a view of a store that has written since says nothing about any image.
  struct LoadedView {
    std::map<ObjectId, Bytes> objects;
    std::size_t image_size = 0;
    std::size_t journal_bytes = 0;
    bool tail_dirty = false;
  };
  LoadedView loaded_view() const;
  // The store as load() would leave it, reading the image the view was taken from: the caller
  // has put the storage back to those very bytes. Reuses this store's allocations where it can.
  void restore(const LoadedView& view);

  // A batch of changes committed as one record: all of them or none survive a power cut.
  class Batch {
   public:
    void set(ObjectId id, ByteView value);
    void erase(ObjectId id);
    bool empty() const { return entries_.empty(); }

   private:
    friend class ObjectStore;
    struct Entry {
      ObjectId id;
      bool erase;
      Bytes value;
    };
    std::vector<Entry> entries_;
  };

  // Appends the batch as one update record. The in-memory view changes only when the append
  // succeeded (for kDurable: when the fsync succeeded too); on failure the view stays as it was
  // and the bytes that may have reached the image are cut off before the next append. After
  // kPowerLost every write is refused: the session is over, the next one starts with load().
  // An empty batch writes nothing (a durable one still syncs earlier lazy commits).
  StoreStatus commit(const Batch& batch, Durability durability);
  StoreStatus set(ObjectId id, ByteView value, Durability durability);

  // Makes lazy commits durable.
  StoreStatus flush();

  // Rewrites the image as one snapshot (atomic replace). Done automatically after a commit that
  // makes the journal exceed kCompactAfterBytes; a failure there does not fail the commit (the
  // record is already written) and the next commit tries again.
  StoreStatus compact();

  // The valid bytes of the image (header, snapshot and intact updates) and of its journal part.
  std::size_t image_size() const { return image_size_; }
  std::size_t journal_bytes() const { return journal_bytes_; }

  static constexpr std::size_t kCompactAfterBytes = 64 * 1024;

 private:
  StoreStatus check_writable() const;
  StoreStatus cut_tail();  // restores the image to image_size_ bytes if it may hold more
  StoreStatus append_record(ByteView record, Durability durability);
  // commit() and set() write through this: one entry of a batch, its value not copied.
  struct EntryView {
    ObjectId id;
    bool erase;
    ByteView value;
  };
  StoreStatus commit_entries(const EntryView* entries, std::size_t count, Durability durability);
  StoreStatus failed(StoreStatus status);  // records what a failed write leaves behind
  void adopt_snapshot(std::size_t size);

  Storage& storage_;
  std::map<ObjectId, Bytes> objects_;
  std::size_t image_size_ = 0;
  std::size_t journal_bytes_ = 0;
  bool unsynced_ = false;    // lazy records were appended but not synced
  bool loaded_ = false;      // load() or format() succeeded: there is an image to append to
  bool tail_dirty_ = false;  // the image may hold bytes past image_size_ (a torn or failed append)
  bool replace_owed_ = false;  // a replace failed: the image is the old or the new one, rewrite it
  bool power_lost_ = false;    // the storage lost power: refuse every write until load()
  Bytes record_;  // the record commit_entries writes, its buffer kept from one commit to the next
};

// Encodes a whole image (header + one snapshot record) for `objects`. Exposed for tests and for
// tools that need to write a first image.
Bytes encode_image(const std::map<ObjectId, Bytes>& objects);

}  // namespace mynasim::card::store
