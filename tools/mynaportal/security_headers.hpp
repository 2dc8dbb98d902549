// The headers every answer of the portal carries, pages, API and error answers alike (one list,
// so that the HTTP server can add it to the answers it makes itself: 404, 408, 413, ...).
//   Content-Security-Policy  default-src 'self': no inline script or style, nothing from another
//                            site; frame-ancestors 'none' (no framing: clickjacking of the login
//                            page); base-uri/form-action close what default-src does not cover
//   X-Frame-Options DENY     the same for browsers that predate frame-ancestors
//   Strict-Transport-Security max-age=31536000 (one year): HTTPS only from the first visit on
//   X-Content-Type-Options   nosniff: a JSON or SVG answer is never run as a script
//   Referrer-Policy          no-referrer: a login code or page never leaks to another site
//   Cross-Origin-Opener-Policy / -Resource-Policy same-origin: no other site holds a window on,
//                            or embeds, the portal's answers
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mynasim::portal {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

const HeaderList& security_headers();

}  // namespace mynasim::portal
