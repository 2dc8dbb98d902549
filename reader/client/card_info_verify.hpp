// Checks of what the card-info applications carry, on the host with OpenSSL
// (shared/reference/jpki-card.md §2.2-2.3): the issuer's signatures over the records, made by the
// key the AP's card-verifiable certificate (EF 0004) certifies, and that certificate against the
// CV root the issuer holds. Each check ends ok, failed (with why) or not checked (no trust anchor
// given, or the file could not be read with the credential given).
#pragma once

#include <optional>
#include <string>

#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/bytes.hpp"
#include "reader/client/card_info_fields.hpp"
#include "reader/client/surface_records.hpp"
#include "reader/client/text_records.hpp"

namespace mynasim::client {

enum class CheckStatus { kOk, kFailed, kNotChecked };
const char* name_of(CheckStatus status);  // "ok", "failed", "not checked"

struct CheckResult {
  std::string name;  // "cv-certificate", "integrity", "card-face", ...
  CheckStatus status = CheckStatus::kNotChecked;
  std::string detail;  // why it failed or was not checked; what was covered when ok
};

// The CV root: the public key that signs the APs' CV certificates, and its key identifier when
// the anchor carries one (a 7F21 root certificate does).
struct CvTrustAnchor {
  hostcrypto::RsaPublicKey key;
  Bytes key_id;  // empty when the anchor is a bare public key
};
// Accepts a CV certificate (7F21, the root's own), a PEM or DER SubjectPublicKeyInfo, or a PEM or
// DER X.509 certificate. Throws RecordError naming what the bytes are not.
CvTrustAnchor parse_cv_trust_anchor(ByteView bytes);

// PKCS#1 v1.5 (type 1) verification: true when the signature opens under `key` to exactly
// `payload`. `why` says what failed otherwise.
bool verify_pkcs1_payload(const hostcrypto::RsaPublicKey& key, ByteView signature, ByteView payload,
                          std::string& why);

// The AP's CV certificate against the root (nullptr: not checked).
CheckResult check_cv_certificate(const hostcrypto::CvCertificate& certificate,
                                 const CvTrustAnchor* anchor);
// Text EF 0003: DF33 over DF31-DF32 with the certified key, and each digest against the file it
// stands for (an empty file: that digest not compared, said in the detail).
CheckResult check_text_integrity(const TextIntegrity& integrity, ByteView my_number_file,
                                 ByteView attributes_file,
                                 const hostcrypto::CvCertificate& certificate);
// Text EF 0007: DF52 over DF51.
CheckResult check_signed_ap_key(const SignedApKey& record,
                                const hostcrypto::CvCertificate& certificate);
// Surface EF 0002: DF28 over the three SHA-256 of DF22-24, DF25-26, DF27.
CheckResult check_card_face(const CardFace& face, const hostcrypto::CvCertificate& certificate);
// Surface EF 0001 and 0005: the signature over the fields before it.
CheckResult check_age_record(const AgeRecord& record, const hostcrypto::CvCertificate& certificate);
CheckResult check_rendered_my_number(const RenderedMyNumber& record,
                                     const hostcrypto::CvCertificate& certificate);
// The card present, not a copy of its files: the AP's own key (80 2A 00 00) signed
// DigestInfo(SHA-256(challenge)), checked with the public key the issuer signed into a record
// (text 0007 DF51, surface DF24).
CheckResult check_card_signature(const hostcrypto::RsaPublicKey& ap_key, ByteView challenge,
                                 ByteView signature);
// Surface EF 0003 as the simulated issuer signs it: DF35 = the signer's key id (that of the CV
// certificate's subject) + a signature over DF31-DF34. A real card's DF35 is opaque: failed.
CheckResult check_surface_basic_data(const SurfaceBasicData& data,
                                     const hostcrypto::CvCertificate& certificate);

}  // namespace mynasim::client
