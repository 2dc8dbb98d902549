// mynaca list, mynaca show, mynaca renew.

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/authority.hpp"
#include "pki/unix_time.hpp"
#include "tools/mynaca/card_issuer.hpp"
#include "tools/mynaca/commands.hpp"
#include "tools/mynaca/describe.hpp"

namespace mynasim::mynaca {
namespace {

pki::CardRecord find_card(pki::Authority& authority, std::int64_t id) {
  auto card = authority.registry().card(id);
  if (!card) throw CommandError("card: no card " + std::to_string(id), 1, "card");
  return *card;
}

std::string card_line(pki::Authority& authority, const pki::CardRecord& card) {
  const auto holder = authority.registry().holder(card.holder_id);
  return std::to_string(card.id) + "\t" + card.state + "\t" + (holder ? holder->my_number : "?") +
         "\t" + (holder ? holder->name : "?") + "\t" + card.image_path;
}

}  // namespace

int run_list(const Context& context, const ListOptions& options) {
  pki::Authority authority = pki::Authority::open(context.dir);
  nlohmann::json items = nlohmann::json::array();
  std::string text;
  if (options.certificates) {
    for (const auto& r : authority.registry().certificates()) {
      items.push_back(certificate_json(authority, r));
      text += certificate_line(authority, r) + "\n";
    }
    emit(context, {{"certificates", items}}, text.empty() ? "no certificates" : text);
    return 0;
  }
  for (const auto& card : authority.registry().cards()) {
    nlohmann::json j = card_json(card);
    if (auto holder = authority.registry().holder(card.holder_id)) {
      j["my_number"] = holder->my_number;
      j["name"] = holder->name;
    }
    nlohmann::json certs = nlohmann::json::array();
    for (const auto& r : authority.registry().certificates_of_card(card.id))
      certs.push_back({{"serial", r.serial},
                       {"kind", pki::to_string(r.kind)},
                       {"status", pki::to_string(r.status)}});
    j["certificates"] = certs;
    items.push_back(j);
    text += card_line(authority, card) + "\n";
  }
  emit(context, {{"cards", items}}, text.empty() ? "no cards issued" : text);
  return 0;
}

int run_show(const Context& context, const ShowOptions& options) {
  if (options.serial.has_value() == options.card.has_value())
    throw CommandError("say exactly one of --serial N or --card ID", 2);
  pki::Authority authority = pki::Authority::open(context.dir);
  if (options.serial) {
    auto record = authority.registry().certificate(*options.serial);
    if (!record)
      throw CommandError("serial: no certificate " + std::to_string(*options.serial), 1, "serial");
    hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(record->der);
    const std::string pem = hostcrypto::pem_of(cert.get());
    if (options.pem && !context.json) {
      emit(context, {}, pem);
      return 0;
    }
    nlohmann::json j = certificate_json(authority, *record);
    nlohmann::json events = nlohmann::json::array();
    std::string text = certificate_line(authority, *record) + "\n";
    for (const auto& e : authority.registry().events(record->serial)) {
      events.push_back({{"action", e.action},
                        {"at", pki::iso8601(e.at)},
                        {"reason", e.reason >= 0 ? pki::crl_reason_name(e.reason) : ""}});
      text += "  " + pki::iso8601(e.at) + " " + e.action +
              (e.reason >= 0 ? " " + pki::crl_reason_name(e.reason) : "") + "\n";
    }
    j["events"] = events;
    if (options.pem) j["pem"] = pem;
    emit(context, j, text);
    return 0;
  }
  const pki::CardRecord card = find_card(authority, *options.card);
  nlohmann::json j = card_json(card);
  std::string text = card_line(authority, card) + "\n";
  if (auto holder = authority.registry().holder(card.holder_id)) {
    j["holder"] = holder_json(*holder);
    text += "  " + holder->name + " / " + holder->address + " / " + holder->birth + " / sex " +
            holder->sex + "\n";
  }
  nlohmann::json certs = nlohmann::json::array();
  for (const auto& r : authority.registry().certificates_of_card(card.id)) {
    certs.push_back(certificate_json(authority, r));
    text += "  " + certificate_line(authority, r) + "\n";
  }
  j["certificates"] = certs;
  emit(context, j, text);
  return 0;
}

int run_renew(const Context& context, const RenewOptions& options) {
  const pki::UnixTime now = context.now();
  pki::Authority authority = pki::Authority::open(context.dir);
  const pki::CardRecord card = find_card(authority, options.card);
  std::optional<pki::Holder> changed;
  if (!options.name.empty() || !options.address.empty()) {
    const auto record = authority.registry().holder(card.holder_id);
    pki::HolderInput input{options.name.empty() ? record->name : options.name,
                           options.address.empty() ? record->address : options.address,
                           record->birth,
                           record->sex,
                           record->my_number,
                           record->resident_code};
    changed = pki::validate_holder(input, pki::jst_date_of(now));
  }
  const pki::CardCertificates certs = renew_card(authority, card.id, card.image_path, changed, now);
  nlohmann::json j{{"card", card.id}, {"auth", certificate_json(authority, certs.auth)}};
  std::string text = "card " + std::to_string(card.id) + " renewed\n  " +
                     certificate_line(authority, certs.auth) + "\n";
  if (certs.sign) {
    j["sign"] = certificate_json(authority, *certs.sign);
    text += "  " + certificate_line(authority, *certs.sign) + "\n";
  }
  emit(context, j, text);
  return 0;
}

}  // namespace mynasim::mynaca
