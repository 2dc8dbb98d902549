// The JPKI application (公的個人認証AP) of any My Number card, as typed calls over a Channel
// (model: libelectronic-id, myna-card's layers). Knows the AID, the EF numbers and the command
// forms of the real card (shared/reference/jpki-card.md); nothing simulator-specific.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "reader/client/card_application.hpp"

namespace mynasim::client {

enum class CertificateType { kAuth, kAuthCa, kSign, kSignCa };
// The PINs by their EF numbers (0018: 利用者証明用, 001B: 署名用); also names the key the PIN
// opens.
enum class PinType : std::uint16_t { kAuth = 0x0018, kSign = 0x001B };

const char* name_of(CertificateType type);  // "auth", "auth-ca", "sign", "sign-ca"
const char* name_of(PinType type);          // "auth", "sign"

// Built on CardApplication as the other application clients are: SELECT, SELECT EF, the reads
// and every send (with the command's data wiped) are the shared ones.
class JpkiClient : public ApplicationClient<PinType> {
 public:
  explicit JpkiClient(Channel& channel);

  // select(), verify(PinType, Secret), key_present(PinType) from ApplicationClient; select()
  // throws CardError (6A82 = no JPKI application on this card).

  // The certificate EF sized by its DER header (8 bytes read first, then 256-byte parts). Throws
  // CardError on a refusal (6982: the signature certificate needs the password first), RecordError
  // when the EF holds no DER object or ends before it.
  Bytes read_certificate(CertificateType type);
  // EF 0006, and the label from it ("JPKIAPICCTOKEN2" on a physical card).
  Bytes token_info();
  static std::string token_label(ByteView token_info);
  // EF 0008: which certificates the card carries.
  Bytes certificate_presence();

  PinStatus pin_status(PinType type);  // empty VERIFY: never consumes a try
  // VERIFY the old value, then CHANGE REFERENCE DATA. Throws CardError if the card refuses.
  VerifyResult change_pin(PinType type, const Secret& old_pin, const Secret& new_pin);
  // COMPUTE DIGITAL SIGNATURE over a DigestInfo with the key `type`'s PIN verified before.
  Bytes sign(PinType key, ByteView digest_info);
};

}  // namespace mynasim::client
