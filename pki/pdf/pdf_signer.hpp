// PDF signatures with a key that signs elsewhere (the card), as an incremental update that leaves
// every earlier byte, and so every earlier signature, intact (co-signing). Profiles:
//   registry    the Ministry of Justice registry's signed PDF (anchors.md §E, jpki-local-signer's
//               C1-C9): /SubFilter adbe.pkcs7.detached, a CAdES-BES SignedData as `cms sign`
//               makes it (signingTime included: ISO 32000 allows it, and it is what `cms` does);
//   pades-b-b   ETSI EN 319 142-1 B-B: /SubFilter ETSI.CAdES.detached, signingCertificateV2, and
//               no signingTime attribute (PA-6.3-T13: /M carries the claimed time);
//   pades-b-t   B-B + a signature timestamp (unsigned attribute) from a TSA;
//   pades-b-lt  B-T + a DSS with the chain, OCSP responses and CRLs, in a further update.
// Every profile: /Type /Sig, /Filter /Adobe.PPKLite, /Name, /M, optional /Reason; the ByteRange
// covers the whole file but /Contents; /Contents is the DER SignedData padded with zeros; the
// SignedData holds the signer's and the CA's certificates; SHA-256 with RSA (PKCS#1 v1.5).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "pki/cms/cms_signer.hpp"
#include "pki/pdf/byte_range.hpp"
#include "pki/pdf/updatable_document.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pdf {

enum class Profile { kRegistry, kPadesBB, kPadesBT, kPadesBLT };

std::optional<Profile> parse_profile(std::string_view text);  // "registry", "pades-b-b", ...
std::string_view to_string(Profile profile);
bool needs_timestamp(Profile profile);  // B-T and B-LT

// What proves the signer's certificate good now, for B-LT: called with the signer's and the CA
// certificates (DER) once the signature is made. Throws when it cannot prove it.
using ValidationDataSource =
    std::function<ValidationData(const Bytes& signer, const std::vector<Bytes>& cas)>;

// Room for the SignedData when the caller does not say: the card's certificate and its CA's
// (~3 KB), a timestamp token with the TSA's certificate (~3 KB), and room to spare.
inline constexpr std::size_t kDefaultContentsBytes = 16384;

// /M's form: "D:YYYYMMDDHHmmSS+00'00'" (ISO 32000-1 7.9.4), in UTC.
std::string pdf_date(pki::UnixTime time);

struct SignRequest {
  ByteView pdf;
  std::string pdf_name;  // the input's path, for messages
  Profile profile = Profile::kRegistry;
  std::string name;    // /Name; must not be empty
  std::string reason;  // /Reason; empty: none
  pki::UnixTime signing_time = 0;
  std::size_t contents_bytes = kDefaultContentsBytes;
  Bytes signer_certificate;            // DER
  std::vector<Bytes> ca_certificates;  // DER
  pki::cms::RawSigner sign;
  pki::cms::Timestamper timestamp;       // B-T, B-LT
  ValidationDataSource validation_data;  // B-LT
};

struct SignResult {
  Bytes pdf;               // the signed file (with the DSS update for B-LT)
  std::string field_name;  // "Signature1", ...
  ByteRange byte_range{};  // of the new signature
  std::size_t cms_bytes = 0;
  std::size_t signed_size = 0;  // the file's size before the DSS update
};

// Throws PdfInputError (the input), ContentsTooSmall, PkiError/CryptoError, or what `sign`,
// `timestamp` and `validation_data` throw. Nothing is returned in part.
SignResult sign(const SignRequest& request);

}  // namespace mynasim::pdf
