// A login against mynaportal as `mynatool login` does it (docs/jpki-login.md), shared by
// bench_portal and bench_hostile: an HTTPS client for the portal, the login request's JSON, and
// one whole login through a card (challenge, certificate, PIN, signature, login, my page).
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "iso7816/bytes.hpp"
#include "reader/client/jpki_client.hpp"

namespace mynasim::bench {

// Keep-alive, TCP_NODELAY, the portal's TLS CA trusted; `timeout_s` for connect, read, write.
std::unique_ptr<httplib::SSLClient> portal_client(int port, const std::string& ca,
                                                  int timeout_s = 30);

// "mynaportal_session=..." from a response's Set-Cookie.
std::string cookie_of(const httplib::Result& r);

nlohmann::json login_body(const Bytes& cert, const Bytes& signature, const std::string& nonce,
                          const std::string& origin);

// GET /api/challenge, SELECT + READ BINARY of the auth certificate, PIN status, VERIFY, the
// card's signature, POST /api/login, GET /api/mypage. Throws on any refusal.
void card_login(client::JpkiClient& card, httplib::SSLClient& http, const std::string& origin,
                const std::string& pin);

}  // namespace mynasim::bench
