// What the incremental updates after a signed revision changed (the incremental-update attack of
// jpki/myna's advisory GHSA-rxpx-26p9-4xvr: the signature stays valid over its bytes while an
// update shows something else). An update may add, and nothing more:
//   - a DSS (/DSS in the catalog and what it holds: certificates, OCSP responses, CRLs, VRI);
//   - a further signature or a document timestamp: a new signature field (or an empty one
//     filled), its widget and appearance, its entry in /AcroForm /Fields and its page's
//     /Annots, /SigFlags, and the resources its appearance needs (/DR, when there was none);
//   - /Extensions in the catalog (PAdES's ESIC), cross-reference and object streams;
//   - /ModDate and /Producer in the document information dictionary (PoDoFo stamps them in
//     every update it writes, the DSS's included).
// Every other object written or removed after the signed revision is reported, one finding per
// object, naming it as a reader would: a page, its content, an annotation, a form field's value.
// Internal to pki/pdfverify.
#pragma once

#include <vector>

#include "pki/pdfverify/status.hpp"

class QPDF;

namespace mynasim::pki::pdfverify::detail {

// `before`: the signed revision (the file's first `signed_end` bytes); `after`: the whole file.
std::vector<Finding> changes_after_signing(QPDF& before, QPDF& after, std::size_t signed_end);

}  // namespace mynasim::pki::pdfverify::detail
