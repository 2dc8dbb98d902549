#include "card/runtime/dispatcher.hpp"

#include <array>

#include "card/runtime/commands/commands.hpp"
#include "card/runtime/secure_messaging.hpp"
#include "iso7816/status_words.hpp"

namespace mynasim::card {
namespace {

using namespace iso7816::sw;
using iso7816::CommandApdu;
using iso7816::ResponseApdu;
using Handler = ResponseApdu (*)(CardState&, const CommandApdu&);

enum class ClassKind : std::uint8_t {
  kInterindustry,
  kProprietary,
  kChannel,
  kSecureMessaging,
  kChaining,
  kInvalid
};

struct Entry {
  ClassKind cls;
  std::uint8_t ins;
  Handler handler;
  std::uint16_t secure_messaging_sw;  // what the card answers when this INS comes with SM
};

constexpr std::array kHandlers = {
    Entry{ClassKind::kInterindustry, 0xA4, commands::select_file, kSecureMessagingNotSupported},
    Entry{ClassKind::kInterindustry, 0xB0, commands::read_binary,
          kSecureMessagingUnsupportedJicsap},
    Entry{ClassKind::kInterindustry, 0xB2, commands::read_record, kSecureMessagingNotSupported},
    Entry{ClassKind::kInterindustry, 0x20, commands::verify, kSecureMessagingUnsupportedJicsap},
    Entry{ClassKind::kInterindustry, 0x24, commands::change_reference_data,
          kSecureMessagingNotSupported},
    Entry{ClassKind::kInterindustry, 0x84, commands::get_challenge, kSecureMessagingNotSupported},
    Entry{ClassKind::kProprietary, 0x2A, commands::compute_digital_signature,
          kSecureMessagingNotSupported},
    Entry{ClassKind::kInterindustry, 0x88, commands::internal_authenticate,
          kSecureMessagingNotSupported},
    Entry{ClassKind::kInterindustry, 0xCA, commands::get_data, kSecureMessagingNotSupported},
    Entry{ClassKind::kProprietary, 0x32, commands::change_key, kSecureMessagingNotSupported},
    Entry{ClassKind::kProprietary, 0xAE, commands::set_session_key, kSecureMessagingNotSupported},
    Entry{ClassKind::kInterindustry, 0x82, commands::external_authenticate,
          kSecureMessagingNotSupported},
    Entry{ClassKind::kInterindustry, 0x2C, commands::reset_retry_counter,
          kSecureMessagingNotSupported},
    Entry{ClassKind::kInterindustry, 0xD6, commands::update_binary, kSecureMessagingNotSupported},
};

ClassKind classify(std::uint8_t cla) {
  if (cla == 0x00) return ClassKind::kInterindustry;
  if (cla == 0x80) return ClassKind::kProprietary;
  if (cla == 0xFF) return ClassKind::kInvalid;
  if ((cla & 0xE0) == 0x00 || (cla & 0xE0) == 0x80) {  // first interindustry / its proprietary twin
    if (cla & 0x03) return ClassKind::kChannel;
    if (cla & 0x0C) return ClassKind::kSecureMessaging;
    if (cla & 0x10) return ClassKind::kChaining;
    return ClassKind::kInvalid;
  }
  if ((cla & 0xC0) == 0x40) return ClassKind::kChannel;  // further interindustry: channels 4-19
  return ClassKind::kInvalid;
}

}  // namespace

ResponseApdu dispatch(CardState& card, const CommandApdu& command) {
  const ClassKind cls = classify(command.cla);
  switch (cls) {
    case ClassKind::kInvalid:
      return commands::status(kClaNotSupported);
    case ClassKind::kChannel:
      return commands::status(kLogicalChannelNotSupported);
    case ClassKind::kChaining:
      return commands::status(kChainingNotSupported);
    case ClassKind::kSecureMessaging:
      if (secure_messaging::takes(card, command)) return secure_messaging::process(card, command);
      for (const auto& entry : kHandlers)
        if (entry.ins == command.ins) return commands::status(entry.secure_messaging_sw);
      return commands::status(kSecureMessagingNotSupported);
    case ClassKind::kInterindustry:
    case ClassKind::kProprietary:
      break;
  }
  for (const auto& entry : kHandlers)
    if (entry.cls == cls && entry.ins == command.ins) return entry.handler(card, command);
  return commands::status(kInsNotSupported);
}

}  // namespace mynasim::card
