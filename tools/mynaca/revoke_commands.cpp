// mynaca revoke (by serial or by card; a reason, --hold or --release) and mynaca crl.

#include "pki/authority.hpp"
#include "tools/mynaca/commands.hpp"
#include "tools/mynaca/describe.hpp"

namespace mynasim::mynaca {
namespace {

// The certificates `revoke --card` acts on: the card's newest of each kind asked for.
std::vector<pki::CertificateRecord> card_targets(pki::Authority& authority, std::int64_t card_id,
                                                 const std::string& which) {
  if (!authority.registry().card(card_id))
    throw CommandError("card: no card " + std::to_string(card_id), 1, "card");
  std::vector<pki::CertificateRecord> latest;
  for (const auto& r : authority.registry().certificates_of_card(card_id)) {
    const std::string kind(pki::to_string(r.kind));
    if (which != "both" && which != kind) continue;
    auto same =
        std::find_if(latest.begin(), latest.end(), [&](const auto& l) { return l.kind == r.kind; });
    if (same == latest.end())
      latest.push_back(r);
    else if (r.serial > same->serial)
      *same = r;
  }
  return latest;
}

}  // namespace

int run_revoke(const Context& context, const RevokeOptions& options) {
  const int actions = (options.reason.empty() ? 0 : 1) + options.hold + options.release;
  if (actions != 1) throw CommandError("say exactly one of --reason NAME, --hold or --release", 2);
  if (options.serial.has_value() == options.card.has_value())
    throw CommandError("say exactly one of --serial N or --card ID", 2);
  std::optional<pki::RevocationReason> reason;
  if (!options.reason.empty()) {
    reason = pki::parse_revocation_reason(options.reason);
    if (!reason)
      throw CommandError(
          "reason: \"" + options.reason + "\" is not one of: " + pki::revocation_reason_names(), 2,
          "reason");
  }
  pki::Authority authority = pki::Authority::open(context.dir);
  std::vector<pki::CertificateRecord> targets;
  if (options.serial) {
    auto record = authority.registry().certificate(*options.serial);
    if (!record)
      throw CommandError("serial: no certificate " + std::to_string(*options.serial), 1, "serial");
    targets.push_back(*record);
  } else {
    // A change of name or address concerns the signature certificate only.
    const std::string which = reason && reason->signature_only ? "sign" : options.which;
    // By card, act on the certificates the action applies to and leave the others.
    targets = card_targets(authority, *options.card, which);
    std::erase_if(targets, [&](const pki::CertificateRecord& r) {
      if (reason) return r.status == pki::CertificateStatus::kRevoked;
      if (options.hold) return r.status != pki::CertificateStatus::kGood;
      return r.status != pki::CertificateStatus::kHold;
    });
    const std::string action = reason ? "revoke" : options.hold ? "hold" : "release";
    if (targets.empty())
      throw CommandError("card " + std::to_string(*options.card) + " has no " +
                         (which == "both" ? std::string() : which + " ") + "certificate to " +
                         action);
  }
  const pki::UnixTime now = context.now();
  nlohmann::json changed = nlohmann::json::array();
  std::string text;
  for (const auto& target : targets) {
    if (reason)
      authority.revoke(target.serial, *reason, now);
    else if (options.hold)
      authority.hold(target.serial, now);
    else
      authority.release(target.serial, now);
    const auto after = *authority.registry().certificate(target.serial);
    changed.push_back(certificate_json(authority, after));
    text += certificate_line(authority, after) + "\n";
  }
  emit(context, {{"certificates", changed}}, text);
  return 0;
}

int run_crl(const Context& context, const CrlOptions& options) {
  if (options.hierarchy != "both" && !pki::parse_hierarchy(options.hierarchy))
    throw CommandError("hierarchy: say sign, auth or both", 2, "hierarchy");
  if (!(options.next_update_hours > 0))
    throw CommandError("next-update: must be a positive number of hours", 2, "next-update");
  pki::Authority authority = pki::Authority::open(context.dir);
  const pki::UnixTime now = context.now();
  const auto validity = static_cast<pki::UnixTime>(options.next_update_hours * 3600);
  nlohmann::json written = nlohmann::json::array();
  std::string text;
  for (pki::Hierarchy h : {pki::Hierarchy::kSign, pki::Hierarchy::kAuth}) {
    if (options.hierarchy != "both" && options.hierarchy != pki::hierarchy_tag(h)) continue;
    for (const pki::Generation* g : authority.generations(h)) {
      if (options.generation && g->record.generation != options.generation) continue;
      const pki::PublishedCrl published =
          authority.publish_crl(h, g->record.generation, now, validity);
      const std::string& label = published.label;
      const std::string& path = published.path;
      const int entries = sk_X509_REVOKED_num(X509_CRL_get_REVOKED(published.crl.get()));
      written.push_back({{"ca", label},
                         {"path", path},
                         {"entries", entries},
                         {"this_update", pki::iso8601(now)},
                         {"next_update", pki::iso8601(now + validity)}});
      text += label + "\t" + path + "\t" + std::to_string(entries) + " entries, next update " +
              pki::iso8601(now + validity) + "\n";
    }
  }
  if (written.empty())
    throw CommandError("generation: no generation " + std::to_string(options.generation), 1,
                       "generation");
  emit(context, {{"crls", written}}, text);
  return 0;
}

}  // namespace mynasim::mynaca
