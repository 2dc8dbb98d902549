// Text put into markup: HTML pages (mynaportal) and XML reports (mynatool conformance's JUnit).
#pragma once

#include <string>
#include <string_view>

namespace mynasim::cli {

// & < > " ' as character references: safe in element content and in quoted attribute values,
// in HTML and in XML alike.
std::string markup_escape(std::string_view text);

}  // namespace mynasim::cli
