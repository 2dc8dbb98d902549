// Step 4 of cms::verify (cms_verifier.hpp): a signature timestamp. Internal to pki/cms.
#pragma once

#include "pki/cms/cms_verifier.hpp"

namespace mynasim::pki::cms::detail {

// Adds findings for the TimeStampToken `token` (DER ContentInfo) over `signature_value`; sets
// result.tsa, and result.timestamp_time when the token checks out.
void check_timestamp(ByteView token, ByteView signature_value, const Options& options,
                     Result& result);

}  // namespace mynasim::pki::cms::detail
