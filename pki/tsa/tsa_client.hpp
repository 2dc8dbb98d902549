// A timestamp client's two halves without the transport (tools/common/authority sends it over
// HTTP): the TimeStampReq for some bytes, and the token out of the TSA's answer once it is known
// to answer that request.
#pragma once

#include <cstdint>

#include "iso7816/bytes.hpp"

namespace mynasim::pki::tsa {

struct Query {
  Bytes der;      // TimeStampReq: SHA-256 imprint, a random 64-bit nonce, certReq
  Bytes imprint;  // SHA-256 of the bytes stamped
  std::uint64_t nonce = 0;
};

Query make_query(ByteView data);

// The TimeStampToken (DER ContentInfo) of a TimeStampResp after checking that the status is
// granted (or grantedWithMods), that the nonce and imprint are the query's and that the token
// carries the TSA's certificate. Throws PkiError saying which, with the TSA's status text.
Bytes token_of(ByteView response, const Query& query);

}  // namespace mynasim::pki::tsa
