// The portal's HTML: the login page (login code, its QR code, polling) and "my page". Every
// value that came from outside is HTML-escaped.
#pragma once

#include <string>
#include <vector>

#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal {

struct ServiceIdentifier {
  std::string service_id;
  std::string service_name;
  std::string pseudonym;
};

struct MyPage {
  Account account;
  std::vector<ServiceIdentifier> identifiers;
  std::vector<AccessRecord> records;
};

std::string html_escape(std::string_view text);
// The QR code of `text` as an inline SVG (libqrencode, error correction M).
std::string qr_svg(const std::string& text);
std::string login_page(const std::string& code, const std::string& origin);
std::string my_page(const MyPage& page);
std::string error_page(const std::string& title, const std::string& message);

}  // namespace mynasim::portal
