// How mynaca shows what it has issued, in JSON and as text.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "pki/authority.hpp"

namespace mynasim::mynaca {

// "sign-g01" for the generation that issued it (ca_id), "?" if unknown.
std::string issuer_label(const pki::Authority& authority, std::int64_t ca_id);

nlohmann::json certificate_json(const pki::Authority& authority,
                                const pki::CertificateRecord& record);
// "5 auth good 2026-09-21T22:13:20Z..2031-02-17T14:59:59Z auth-g01 CN=..." (one line)
std::string certificate_line(const pki::Authority& authority, const pki::CertificateRecord& record);

nlohmann::json holder_json(const pki::HolderRecord& holder);
nlohmann::json card_json(const pki::CardRecord& card);

}  // namespace mynasim::mynaca
