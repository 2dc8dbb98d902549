#include "card/store/memory_storage.hpp"

#include <algorithm>
#include <string>

namespace mynasim::card::store {

void MemoryStorage::reset(ByteView durable_image) {
  current_.assign(durable_image.begin(), durable_image.end());
  durable_size_ = current_.size();
  exists_ = true;
  operations_ = 0;
  cut_at_ = static_cast<std::size_t>(-1);
  torn_bytes_ = 0;
  power_lost_ = false;
}

void MemoryStorage::cut_power_at(std::size_t n, std::size_t torn_bytes) {
  cut_at_ = n;
  torn_bytes_ = torn_bytes;
}

bool MemoryStorage::fail_now(ByteView* data) {
  if (power_lost_) {
    if (data != nullptr) *data = {};
    return true;
  }
  if (operations_++ != cut_at_) return false;
  power_lost_ = true;
  if (data != nullptr) *data = data->first(std::min(torn_bytes_, data->size()));
  return true;
}

StoreStatus MemoryStorage::power_lost_status() const {
  return image_failure(
      StoreError::kPowerLost, name(),
      "the power was cut at operation " + std::to_string(cut_at_) + " (fault injection)");
}

StoreStatus MemoryStorage::read_all(Bytes& out) {
  if (power_lost_) return power_lost_status();
  if (!exists_) {
    return image_failure(StoreError::kNotFound, name(), "no image has been written yet");
  }
  out = current_;
  return StoreStatus::success();
}

StoreStatus MemoryStorage::append(ByteView bytes) {
  const bool lost = fail_now(&bytes);
  mynasim::append(current_, bytes);  // all of it, or the torn part when the power fails now
  exists_ = exists_ || !lost || !bytes.empty();
  return lost ? power_lost_status() : StoreStatus::success();
}

StoreStatus MemoryStorage::sync() {
  if (fail_now(nullptr)) return power_lost_status();
  durable_size_ = current_.size();
  return StoreStatus::success();
}

StoreStatus MemoryStorage::truncate(std::size_t size) {
  if (fail_now(nullptr)) return power_lost_status();
  if (size > current_.size()) {
    return image_failure(StoreError::kIo, name(),
                         "cannot cut the image to " + std::to_string(size) +
                             " bytes: it has only " + std::to_string(current_.size()));
  }
  current_.resize(size);
  durable_size_ = size;
  return StoreStatus::success();
}

StoreStatus MemoryStorage::replace(ByteView bytes) {
  if (fail_now(nullptr)) return power_lost_status();
  current_.assign(bytes.begin(), bytes.end());
  durable_size_ = current_.size();
  exists_ = true;
  return StoreStatus::success();
}

Bytes MemoryStorage::image_after_crash(bool keep_volatile) const {
  const ByteView image = keep_volatile ? current_image() : durable_image();
  return Bytes(image.begin(), image.end());
}

}  // namespace mynasim::card::store
