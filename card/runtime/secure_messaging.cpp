#include "card/runtime/secure_messaging.hpp"

#include <algorithm>

#include "card/runtime/commands/commands.hpp"
#include "iso7816/ber_tlv.hpp"

namespace mynasim::card::secure_messaging {
namespace {

using namespace iso7816::sw;
using commands::status;
using iso7816::CommandApdu;
using iso7816::ResponseApdu;

constexpr std::uint8_t kClaNoIntegrity = 0x08;
constexpr std::uint8_t kClaIntegrity = 0x0C;
constexpr std::uint32_t kTagCryptogram = 0x86;
constexpr std::uint32_t kTagExpectedLength = 0x96;
constexpr std::uint8_t kPaddingIndicator = 0x01;
constexpr std::size_t kBlock = 16;

bool session_command(std::uint8_t ins) {
  return ins == 0x20 || ins == 0xA4 || ins == 0xB0;
}

crypto::AesBlock iv_for(const SmSession& session, std::uint32_t n) {
  crypto::AesBlock counter{};
  for (std::size_t i = 0; i < 4; ++i)
    counter[kBlock - 1 - i] = static_cast<std::uint8_t>(n >> (8 * i));
  return crypto::aes128_encrypt_block(session.key, counter);
}

ResponseApdu destroy(SmSession& session, std::uint16_t sw) {
  session.clear();
  session.state = SmSession::State::kBroken;
  return status(sw);
}

// The command data field as exactly one BER-TLV with `tag`; nullopt for anything else (a second
// object, trailing bytes, another tag, a malformed length).
std::optional<ByteView> sole_object(ByteView data, std::uint32_t tag) {
  const auto read = iso7816::read_ber_tlv(data);
  if (!read.ok() || read.tlv.tag != tag || read.tlv.total_size() != data.size())
    return std::nullopt;
  return read.tlv.value;
}

// 86 value -> the padded plaintext's content; nullopt on any SM error.
std::optional<Bytes> unwrap(const SmSession& session, ByteView data) {
  const auto value = sole_object(data, kTagCryptogram);
  if (!value || value->empty() || (*value)[0] != kPaddingIndicator) return std::nullopt;
  auto plain =
      crypto::aes128_cbc_decrypt(session.key, iv_for(session, session.counter), value->subspan(1));
  if (!plain) return std::nullopt;
  // ISO/IEC 7816-4 padding: trailing 00s, then the 80 that is always there.
  auto end = plain->end();
  while (end != plain->begin() && *(end - 1) == 0x00) --end;
  if (end == plain->begin() || *(end - 1) != 0x80) {
    secure_wipe(*plain);
    return std::nullopt;
  }
  plain->erase(end - 1, plain->end());
  return plain;
}

Bytes wrap(const SmSession& session, std::uint32_t n, ByteView plaintext) {
  Bytes padded(plaintext.begin(), plaintext.end());
  padded.push_back(0x80);
  padded.resize((padded.size() + kBlock - 1) / kBlock * kBlock, 0x00);
  // Whole blocks under a 128-bit key: cannot fail.
  Bytes value{kPaddingIndicator};
  append(value, *crypto::aes128_cbc_encrypt(session.key, iv_for(session, n), padded));
  secure_wipe(padded);  // the file read: the My Number, the attributes
  Bytes out;
  iso7816::write_ber_tlv(out, kTagCryptogram, value);
  return out;
}

// VERIFY and SELECT: the plaintext goes to the plain handler; its status word comes back as is.
ResponseApdu decrypted_command(CardState& card, const CommandApdu& command) {
  SmSession& session = card.security.secure_messaging;
  auto plain = unwrap(session, command.data);
  if (!plain) return destroy(session, kSmDataObjectsIncorrect);
  ++session.counter;
  CommandApdu inner = command;
  inner.cla = 0x00;
  inner.data = std::move(*plain);
  inner.extended = false;
  const ResponseApdu answer =
      command.ins == 0x20 ? commands::verify(card, inner) : commands::select_file(card, inner);
  secure_wipe(inner.data);
  return answer;
}

// READ BINARY: `96 03 00 Le` says how much; the data comes back encrypted under the same N.
ResponseApdu encrypted_read(CardState& card, const CommandApdu& command) {
  SmSession& session = card.security.secure_messaging;
  const auto value = sole_object(command.data, kTagExpectedLength);
  if (!value || value->size() != 3 || (*value)[0] != 0x00)
    return destroy(session, kSmDataObjectsIncorrect);
  const std::uint32_t n = session.counter++;
  const std::uint16_t le = read_u16(*value, 1);
  CommandApdu inner = iso7816::make_command(0x00, 0xB0, command.p1, command.p2, {},
                                            le ? le : iso7816::kMaxExtendedNe);
  ResponseApdu answer = commands::read_binary(card, inner);
  // A read that SELECT BY SFI or the application refused: the status word alone, in the clear.
  if (!answer.ok()) return answer;
  ResponseApdu out{wrap(session, n, answer.data), kSuccess};
  secure_wipe(answer.data);
  return out;
}

}  // namespace

bool takes(const CardState& card, const CommandApdu& command) {
  if (command.cla != kClaNoIntegrity && command.cla != kClaIntegrity) return false;
  switch (card.security.secure_messaging.state) {
    case SmSession::State::kNone:
      return false;
    case SmSession::State::kBroken:
      return true;
    case SmSession::State::kOpen:
      return session_command(command.ins);
  }
  return false;
}

ResponseApdu process(CardState& card, const CommandApdu& command) {
  SmSession& session = card.security.secure_messaging;
  if (session.state == SmSession::State::kBroken) return status(kSecureMessagingUnsupportedJicsap);
  // 0C asks for the header to be authenticated; a session without a CCS key has nothing to
  // check it with (sm.rs: "6987 for want of the data objects it would need").
  if (command.cla == kClaIntegrity) return destroy(session, kSmDataObjectsMissing);
  if (command.ins == 0xB0) return encrypted_read(card, command);
  return decrypted_command(card, command);
}

bool open(CardState& card, ByteView key_delivery) {
  // A0 22 { 80 20 <encryption key seed> }: the only form this application takes. The forms with a
  // CCS key (81) alone or beside it are refused by the caller (6A80), as on the card.
  static constexpr std::uint8_t kHeader[] = {0xA0, 0x22, 0x80, 0x20};
  constexpr std::size_t kSeed = 32;
  if (key_delivery.size() != sizeof(kHeader) + kSeed ||
      !std::equal(std::begin(kHeader), std::end(kHeader), key_delivery.begin()))
    return false;
  SmSession& session = card.security.secure_messaging;
  session.clear();
  std::copy_n(key_delivery.begin() + sizeof(kHeader), session.key.size(), session.key.begin());
  session.state = SmSession::State::kOpen;
  session.counter = 1;
  return true;
}

}  // namespace mynasim::card::secure_messaging
