// What `cms verify` and `pdf verify` print about a signature pki/cms checked: the certificate's
// subject, and every finding as {code, fatal, detail} with the codes of docs/signing.md.
#pragma once

#include <nlohmann/json.hpp>

#include "iso7816/bytes.hpp"
#include "pki/cms/cms_verifier.hpp"

namespace mynasim::tools {

// The subject as one line ("/C=JP/CN=..."), "?" for bytes that are no certificate.
std::string subject_of(const Bytes& der);

// The SignedData's findings, the signer's as "signer-...", the TSA's as "timestamp-...".
nlohmann::json findings_json(const pki::cms::Result& result);

// signer, signing_time (claimed), timestamp_time, validated_at and revocation, when known.
void add_signature_fields(nlohmann::json& out, const pki::cms::Result& result);

}  // namespace mynasim::tools
