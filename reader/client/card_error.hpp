// A card that answered a status word the client did not expect.
#pragma once

#include <stdexcept>
#include <string>

namespace mynasim::client {

class CardError : public std::runtime_error {
 public:
  CardError(std::uint16_t sw, const std::string& what);
  std::uint16_t sw() const { return sw_; }

 private:
  std::uint16_t sw_;
};

}  // namespace mynasim::client
