#include "bench/portal_login.hpp"

#include <stdexcept>

#include "hostcrypto/digest_info.hpp"
#include "reader/client/channel.hpp"
#include "tools/mynaportal/login_protocol.hpp"

namespace mynasim::bench {

using nlohmann::json;

std::unique_ptr<httplib::SSLClient> portal_client(int port, const std::string& ca, int timeout_s) {
  auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  client->set_ca_cert_path(ca.c_str());
  client->enable_server_certificate_verification(true);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);  // else Nagle + delayed ACK: ~40 ms per request
  client->set_connection_timeout(timeout_s);
  client->set_read_timeout(timeout_s);
  client->set_write_timeout(timeout_s);
  return client;
}

std::string cookie_of(const httplib::Result& r) {
  const std::string set = r->get_header_value("Set-Cookie");
  return set.substr(0, set.find(';'));
}

json login_body(const Bytes& cert, const Bytes& signature, const std::string& nonce,
                const std::string& origin) {
  return {{"token",
           {{"format", "jpki-login:1.0"},
            {"certificate", portal::base64_encode(cert)},
            {"algorithm", "RS256"},
            {"signature", portal::base64_encode(signature)}}},
          {"nonce", nonce},
          {"origin", origin}};
}

void card_login(client::JpkiClient& card, httplib::SSLClient& http, const std::string& origin,
                const std::string& pin) {
  auto challenge = http.Get("/api/challenge");
  if (!challenge || challenge->status != 200) throw std::runtime_error("challenge refused");
  const std::string cookie = cookie_of(challenge);
  const std::string nonce = json::parse(challenge->body)["nonce"];
  card.select();
  const Bytes cert = card.read_certificate(client::CertificateType::kAuth);
  if (card.pin_status(client::PinType::kAuth).state == client::PinStatus::State::kBlocked)
    throw std::runtime_error("the card's PIN is blocked");
  if (!card.verify(client::PinType::kAuth, client::Secret(pin)).ok)
    throw std::runtime_error("the card refused the PIN");
  const auto digest_info = hostcrypto::digest_info("sha256", portal::signed_digest(origin, nonce));
  const Bytes signature = card.sign(client::PinType::kAuth, *digest_info);
  // The Origin a browser would send: the portal refuses state-changing POSTs without it.
  auto login = http.Post("/api/login", {{"Cookie", cookie}, {"Origin", origin}},
                         login_body(cert, signature, nonce, origin).dump(), "application/json");
  if (!login || login->status != 200)
    throw std::runtime_error("login refused: " + (login ? login->body : std::string("no answer")));
  auto page = http.Get("/api/mypage", {{"Cookie", cookie_of(login)}});
  if (!page || page->status != 200) throw std::runtime_error("my page refused");
}

}  // namespace mynasim::bench
