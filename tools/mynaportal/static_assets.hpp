// The portal's page scripts and style sheet (tools/mynaportal/static/), compiled in by
// CMakeLists.txt and served under /static/ with their content type: the pages load them rather
// than carry inline script or style, so the CSP can be default-src 'self'.
#pragma once

#include <string_view>
#include <vector>

namespace mynasim::portal {

struct StaticAsset {
  std::string_view path;  // /static/login.js
  std::string_view content_type;
  std::string_view body;
};

const std::vector<StaticAsset>& static_assets();

}  // namespace mynasim::portal
