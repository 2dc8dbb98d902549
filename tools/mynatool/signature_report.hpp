// What `cms verify` and `pdf verify` share: the verifier's options from an authority directory,
// and what they print about a signature pki/cms checked (the certificate's subject, every finding
// as {code, fatal, detail} with the codes of docs/signing.md).
#pragma once

#include <nlohmann/json.hpp>

#include "iso7816/bytes.hpp"
#include "pki/cms/cms_verifier.hpp"
#include "tools/common/authority/authority_directory.hpp"

namespace mynasim::tools {

// The signature CAs and the TSA's CA of `dir` as anchors, now, OCSP over HTTP (10 s), the
// directory's CRLs held to the registry's last status change (pki/crl_requirement.hpp).
pki::cms::Options verifier_options(const authority::AuthorityDirectory& dir, bool check_revocation);

// The subject as one line ("/C=JP/CN=..."), "?" for bytes that are no certificate.
std::string subject_of(const Bytes& der);

// The SignedData's findings, the signer's as "signer-...", the TSA's as "timestamp-...".
nlohmann::json findings_json(const pki::cms::Result& result);

// signer, signing_time (claimed), timestamp_time, validated_at and revocation, when known.
void add_signature_fields(nlohmann::json& out, const pki::cms::Result& result);

}  // namespace mynasim::tools
