// Storage in RAM, with a crash model for fault-injection tests: bytes that were appended but not
// synced are "volatile" and may be lost when the power is cut.
//
// The model, as a file system with a page cache behaves: append() adds to what readers see
// (current) but not to what survives (durable); sync() makes everything durable; truncate() and
// replace() are durable when they return (truncate makes the kept bytes durable too, as the
// ftruncate + fsync of FileStorage does). The durable image is thus always a prefix of the
// current one.
#pragma once

#include "card/store/storage.hpp"

namespace mynasim::card::store {

class MemoryStorage final : public Storage {
 public:
  MemoryStorage() = default;
  // Starts from an existing image, all of it durable (a card image after a restart).
  explicit MemoryStorage(Bytes durable_image)
      : current_(std::move(durable_image)), durable_size_(current_.size()), exists_(true) {}

  // Starts again from `durable_image` as the constructor above does (no power cut armed, no
  // operation counted), keeping this storage's buffers: a bench resetting its card many times.
  void reset(ByteView durable_image);

  StoreStatus read_all(Bytes& out) override;
  StoreStatus append(ByteView bytes) override;
  StoreStatus sync() override;
  StoreStatus truncate(std::size_t size) override;
  StoreStatus replace(ByteView bytes) override;
  std::string name() const override { return "memory"; }

  // Fault injection: the power fails during the write operation number `n` (0-based, counting
  // append/truncate/replace calls and sync calls). That operation writes only the first
  // `torn_bytes` bytes of its data (appends; volatile, as any append) or nothing at all (replace,
  // sync, truncate), then it and every later operation, read_all included, return kPowerLost.
  void cut_power_at(std::size_t n, std::size_t torn_bytes = 0);
  bool power_lost() const { return power_lost_; }
  std::size_t operations() const { return operations_; }

  // What is left after the cut: the durable image, plus the volatile tail when `keep_volatile`
  // (the kernel may or may not have written it back).
  Bytes image_after_crash(bool keep_volatile) const;
  // How many bytes a crash now could lose (appended, not yet synced). 0: the image a crash
  // leaves is the current one.
  std::size_t volatile_bytes() const { return current_.size() - durable_size_; }
  // What read_all and image_after_crash(false) copy, without a copy; valid until the next write.
  ByteView current_image() const { return current_; }
  ByteView durable_image() const { return ByteView(current_).first(durable_size_); }

 private:
  // Counts a write operation; true when the power is gone. For the operation the power fails
  // in, `*data` (if given) shrinks to the torn part that still reaches the memory; for later ones
  // to nothing.
  bool fail_now(ByteView* data);
  StoreStatus power_lost_status() const;

  Bytes current_;  // what a reader sees now
  // What survives any crash: the first durable_size_ bytes of current_ (kept as a length, not a
  // second copy, since the model makes it a prefix: see the header comment).
  std::size_t durable_size_ = 0;
  bool exists_ = false;
  std::size_t operations_ = 0;
  std::size_t cut_at_ = static_cast<std::size_t>(-1);
  std::size_t torn_bytes_ = 0;
  bool power_lost_ = false;
};

}  // namespace mynasim::card::store
