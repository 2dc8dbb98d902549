#include "reader/client/key_reference.hpp"

#include "iso7816/status_words.hpp"
#include "reader/client/card_error.hpp"

namespace mynasim::client {

namespace sw = iso7816::sw;

PinStatus pin_status_from(std::uint16_t word, const std::string& what) {
  PinStatus status;
  if (word == sw::kSuccess) {
    status.state = PinStatus::State::kNotReported;
  } else if (word == sw::kVerificationFailedNoRetry) {
    status.state = PinStatus::State::kUnlimited;
  } else if (sw::is_tries_left(word)) {
    status.tries_left = word & 0x0F;
    status.state =
        status.tries_left == 0 ? PinStatus::State::kBlocked : PinStatus::State::kTriesLeft;
  } else if (word == sw::kReferenceDataNotUsable || word == sw::kAuthenticationMethodBlocked) {
    status.state = PinStatus::State::kBlocked;
  } else {
    throw CardError(word, "read the " + what + " status");
  }
  return status;
}

VerifyResult verify_result_from(std::uint16_t word) {
  VerifyResult result;
  result.sw = word;
  result.ok = word == sw::kSuccess;
  if (sw::is_tries_left(word)) {
    result.tries_left = word & 0x0F;
    result.blocked = result.tries_left == 0;
  }
  if (word == sw::kReferenceDataNotUsable || word == sw::kAuthenticationMethodBlocked) {
    result.blocked = true;
    result.tries_left = 0;
  }
  return result;
}

}  // namespace mynasim::client
