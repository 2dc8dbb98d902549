// RFC 3161 over HTTP (3.4): a POST of the DER TimeStampReq as application/timestamp-query to a
// TSA (`mynaca tsa serve`), through tools/common/http's client with one deadline for the whole
// exchange and the answer capped at 64 KiB (ours are ~2 KiB). For a signer: the token over
// SHA-256 of a signature value, checked to answer the request sent (pki/tsa/tsa_client.hpp).
#pragma once

#include <string>

#include "pki/cms/cms_signer.hpp"
#include "tools/common/http/client.hpp"

namespace mynasim::authority {

// The returned Timestamper throws std::runtime_error "TSA URL: <what went wrong>".
pki::cms::Timestamper timestamp_over_http(std::string url, http::Deadline deadline);

}  // namespace mynasim::authority
