// A PIN or password in memory: wiped when it goes away, never printed. The one Secret of the host
// side: the client layer takes it for VERIFY and CHANGE REFERENCE DATA, the tools read it
// (tools/common/cli/secret_input.hpp). It sits here, beside secure_wipe, so that every layer can
// hold one without depending on a layer above it.
#pragma once

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  ~Secret() { wipe(); }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe();
      value_ = std::move(other.value_);
      other.wipe();
    }
    return *this;
  }

  ByteView bytes() const {
    return {reinterpret_cast<const std::uint8_t*>(value_.data()), value_.size()};
  }
  std::size_t size() const { return value_.size(); }
  bool empty() const { return value_.empty(); }
  const std::string& value() const { return value_; }

 private:
  void wipe() {
    secure_wipe({reinterpret_cast<std::uint8_t*>(value_.data()), value_.size()});
    value_.clear();
  }
  std::string value_;
};

}  // namespace mynasim
