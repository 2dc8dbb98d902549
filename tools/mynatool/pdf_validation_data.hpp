// What `pdf sign --profile pades-b-lt` puts in the DSS: the signer's chain (from the card), the
// OCSP response that says the signer's certificate is good (from the responder in its AIA,
// checked by pki/verify before it is kept) and the CRL of its distribution point (checked the
// same way). A certificate pki/verify does not accept stops the signing: a DSS must prove the
// signature valid, never record that it is not.
#pragma once

#include "pki/pdf/pdf_signer.hpp"
#include "tools/common/http/client.hpp"

namespace mynasim::tools {

pdf::ValidationDataSource validation_data_over_http(http::Deadline deadline);

}  // namespace mynasim::tools
