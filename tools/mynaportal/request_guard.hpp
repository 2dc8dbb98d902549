// What a state-changing request (every POST: /login/start, /api/login, /api/login/abort,
// /logout) must show before its handler runs. A browser sends Origin with every POST, and a page
// of another site can send a "simple" cross-site POST (text/plain, form-urlencoded, multipart)
// without asking; it cannot send application/json without a CORS preflight, which the portal
// never grants. So: the exact Origin of the portal (else 403 ORIGIN_REFUSED, a missing one
// included: mynatool sends it too) and a JSON body type (else 415 CONTENT_TYPE_UNSUPPORTED),
// checked in that order. SameSite=Strict cookies are the second wall, not the only one.
#pragma once

#include <optional>
#include <string_view>

#include "tools/mynaportal/login_protocol.hpp"

namespace mynasim::portal {

std::optional<Rejection> check_state_changing(std::string_view origin_header,
                                              std::string_view content_type,
                                              std::string_view portal_origin);

// "application/json" and "Application/JSON; charset=utf-8" are JSON; "application/json-seq",
// "text/json" and "" are not.
bool is_json_content_type(std::string_view content_type);

}  // namespace mynasim::portal
