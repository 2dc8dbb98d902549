#include "reader/pcsc/response_chain.hpp"

#include "reader/pcsc/pcsc_error.hpp"

namespace mynasim::pcsc {
namespace {

// An encoded command, wiped when it goes away (also when the transmit throws).
class EncodedCommand {
 public:
  explicit EncodedCommand(const iso7816::CommandApdu& command) {
    iso7816::ApduError error = iso7816::ApduError::kNone;
    auto raw = iso7816::build_command(command, &error);
    if (!raw)
      throw PcscError(PcscErrorKind::kOther, 0,
                      std::string("cannot encode the command: ") + iso7816::describe(error));
    bytes_ = std::move(*raw);
  }
  ~EncodedCommand() { secure_wipe(bytes_); }
  EncodedCommand(const EncodedCommand&) = delete;
  EncodedCommand& operator=(const EncodedCommand&) = delete;
  ByteView bytes() const { return bytes_; }

 private:
  Bytes bytes_;
};

struct WipeOnExit {
  Bytes& bytes;
  ~WipeOnExit() { secure_wipe(bytes); }
};

[[noreturn]] void bad_response(const std::string& card, const std::string& problem) {
  throw PcscError(PcscErrorKind::kBadResponse, 0, card + " " + problem);
}

iso7816::ResponseApdu exchange(const iso7816::CommandApdu& command, const RawTransmit& transmit,
                               const std::string& card) {
  const EncodedCommand raw(command);
  auto response = iso7816::parse_response(transmit(raw.bytes()));
  if (!response) bad_response(card, "answered without a status word");
  return std::move(*response);
}

}  // namespace

iso7816::ResponseApdu transmit_chained(const iso7816::CommandApdu& command,
                                       const RawTransmit& transmit, const std::string& card,
                                       const ResponseChainLimits& limits) {
  iso7816::ResponseApdu response = exchange(command, transmit, card);
  // 6Cxx: wrong Le; the card says how many bytes it has. The same command once with that Le.
  if (response.sw1() == 0x6C) {
    iso7816::CommandApdu again = command;
    const WipeOnExit wipe_copy{again.data};  // the copy holds the PIN as the original does
    again.has_le = true;
    again.ne = response.sw2() == 0 ? 256 : response.sw2();
    response = exchange(again, transmit, card);
  }
  // 61xx: more data waits; GET RESPONSE until the card says anything else, within the bounds.
  Bytes data = std::move(response.data);
  unsigned rounds = 0;
  while (response.sw1() == 0x61) {
    if (rounds == limits.max_get_response)
      bad_response(
          card, "still answered 61xx after " + std::to_string(rounds) + " GET RESPONSE commands");
    ++rounds;
    const std::uint32_t ne = response.sw2() == 0 ? 256 : response.sw2();
    response = exchange(iso7816::make_command(0x00, 0xC0, 0x00, 0x00, {}, ne), transmit, card);
    append(data, response.data);
    if (data.size() > limits.max_data)
      bad_response(card, "answered more than " + std::to_string(limits.max_data) +
                             " bytes through GET RESPONSE");
  }
  response.data = std::move(data);
  return response;
}

}  // namespace mynasim::pcsc
