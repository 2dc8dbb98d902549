// OCSP over HTTP (RFC 6960 A.1, `mynaca ocsp serve`): a POST of the DER request through
// tools/common/http's client, with one deadline for the whole exchange, so that a responder held
// busy by an attacker costs a relying party `deadline` at most, and the answer capped at 64 KiB
// (ours are ~2 KiB). The transport answers nullopt on any failure, a non-200 answer included.
#pragma once

#include "pki/verify/validator.hpp"
#include "tools/common/http/client.hpp"

namespace mynasim::authority {

pki::verify::OcspTransport ocsp_over_http(http::Deadline deadline);

}  // namespace mynasim::authority
