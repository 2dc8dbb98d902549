// The JPKI application (公的個人認証AP) of any My Number card, as typed calls over a Channel
// (model: libelectronic-id, myna-card's layers). Knows the AID, the EF numbers and the command
// forms of the real card (shared/reference/jpki-card.md); nothing simulator-specific.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "iso7816/bytes.hpp"
#include "reader/client/card_error.hpp"
#include "reader/client/channel.hpp"
#include "reader/client/key_reference.hpp"
#include "reader/client/secret.hpp"

namespace mynasim::client {

enum class CertificateType { kAuth, kAuthCa, kSign, kSignCa };
enum class PinType { kAuth, kSign };  // also names the key the PIN opens

const char* name_of(CertificateType type);  // "auth", "auth-ca", "sign", "sign-ca"
const char* name_of(PinType type);          // "auth", "sign"

class JpkiClient {
 public:
  explicit JpkiClient(Channel& channel) : channel_(channel) {}

  // SELECT of the application. Throws CardError (6A82 = no JPKI application on this card).
  void select();

  Bytes read_certificate(CertificateType type);
  // EF 0006, and the label from it ("JPKIAPICCTOKEN2" on a physical card).
  Bytes token_info();
  static std::string token_label(ByteView token_info);
  // EF 0008: which certificates the card carries.
  Bytes certificate_presence();

  PinStatus pin_status(PinType type);  // empty VERIFY: never consumes a try
  VerifyResult verify(PinType type, const Secret& pin);
  // VERIFY the old value, then CHANGE REFERENCE DATA. Throws CardError if the card refuses.
  VerifyResult change_pin(PinType type, const Secret& old_pin, const Secret& new_pin);
  // COMPUTE DIGITAL SIGNATURE over a DigestInfo with the key `type`'s PIN verified before.
  Bytes sign(PinType key, ByteView digest_info);

  // Reads an EF of the current DF whole: the DER header first when it is a certificate.
  Bytes read_binary_all(std::uint16_t fid, bool der_sized);

 private:
  void select_ef(std::uint16_t fid);
  iso7816::ResponseApdu send(iso7816::CommandApdu command);
  Channel& channel_;
};

// DigestInfo (RFC 8017 §9.2) for SHA-256, SHA-384 or SHA-512; nullopt for another name or a
// hash of the wrong size.
std::optional<Bytes> make_digest_info(const std::string& hash_name, ByteView hash);

}  // namespace mynasim::client
