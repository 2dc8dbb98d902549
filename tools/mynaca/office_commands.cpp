// mynaca office unblock / renew: the office's administrative commands over PC/SC
// (reader/client/office_client.hpp), and the office key at init and issuance.

#include <unistd.h>

#include "card/apps/card_profiles.hpp"
#include "card/personalize/office_key.hpp"
#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/office_key.hpp"
#include "pki/x509_text.hpp"
#include "reader/client/jpki_client.hpp"
#include "reader/client/office_client.hpp"
#include "reader/client/pin_catalog.hpp"
#include "tools/mynaca/office.hpp"
#include "tools/mynaca/secrets.hpp"

namespace mynasim::mynaca {
namespace {

// The reader's card with a channel on it, for the length of one command.
struct CardSession {
  explicit CardSession(const std::string& wanted)
      : card(context.connect(context.choose_reader(wanted))), channel(*card) {}
  pcsc::Context context;
  std::unique_ptr<pcsc::CardConnection> card;
  client::PcscChannel channel;
};

hostcrypto::EvpPkeyPtr office_key_of(const Context& context, const OfficeOptions& options) {
  const std::string path = options.office_key.empty()
                               ? context.dir + "/" + std::string(pki::kOfficeKeyFile)
                               : options.office_key;
  if (access(path.c_str(), R_OK) != 0)
    throw CommandError("office key " + path +
                       " cannot be read (an authority makes it at `mynaca init`)");
  return pki::load_office_key(path);
}

client::OfficeClient::Signer signer_for(EVP_PKEY* key) {
  return [key](ByteView challenge, ByteView serial) {
    return hostcrypto::sign_digest_info(key, pki::office_digest_info(challenge, serial));
  };
}

// The new value: --pin-env, --pin-fd (one line), or the prompt (twice).
Secret new_value(const OfficeOptions& options, const client::PinEntry& entry) {
  return read_secret({options.pin_env, options.pin_fd}, "pin", "new " + std::string(entry.label));
}

bool well_formed(const client::PinEntry& entry, const std::string& value) {
  if (value.size() < entry.min_length || value.size() > entry.max_length) return false;
  for (char c : value) {
    const bool digit = c >= '0' && c <= '9';
    const bool upper = c >= 'A' && c <= 'Z';
    if (!digit && !(upper && entry.charset == client::PinCharset::kUpperAlnum)) return false;
  }
  return true;
}

std::string format_of(const client::PinEntry& entry) {
  return std::to_string(entry.min_length) +
         (entry.min_length == entry.max_length ? "" : "-" + std::to_string(entry.max_length)) +
         (entry.charset == client::PinCharset::kDigits ? " digits" : " characters of A-Z 0-9");
}

}  // namespace

OfficeCommands add_office_commands(CLI::App& app, OfficeOptions& options) {
  auto* office = app.add_subcommand(
      "office",
      "The municipal office at the counter: unblock a PIN, write renewed certificates "
      "(over PC/SC, with the office key)");
  office->require_subcommand(1);
  auto add_common = [&](CLI::App* command) {
    command->add_option("--reader", options.reader, "Reader name (default: the first with a card)");
    command->add_option("--office-key", options.office_key,
                        "Office key PEM (default: DIR/private/office.key.pem)");
  };
  OfficeCommands commands;
  commands.unblock = office->add_subcommand(
      "unblock", "Restore a PIN's tries and set a new value (RESET RETRY COUNTER)");
  add_common(commands.unblock);
  commands.unblock->add_option("--pin", options.pin, "Which PIN: " + client::pin_names())
      ->check(CLI::IsMember([] {
        std::vector<std::string> names;
        for (const auto& entry : client::pin_catalog()) names.emplace_back(entry.name);
        return names;
      }()))
      ->capture_default_str();
  commands.unblock->add_option("--pin-env", options.pin_env,
                               "Environment variable holding the new value (else a prompt)");
  commands.unblock->add_option("--pin-fd", options.pin_fd,
                               "File descriptor to read the new value from (one line)");
  commands.unblock->add_flag("--keep-value", options.keep_value,
                             "Restore the tries only, keep the value (always so for 照合番号)");
  commands.renew = office->add_subcommand(
      "renew",
      "New certificates for the card in the reader, written into it; the old ones are "
      "revoked (superseded)");
  add_common(commands.renew);
  return commands;
}

int run_office_unblock(const Context& context, const OfficeOptions& options) {
  const client::PinEntry* entry = client::find_pin(options.pin);
  if (!entry) throw CommandError("pin: unknown PIN \"" + options.pin + "\"", 2, "pin");
  const bool keep = options.keep_value || entry->change == client::PinChange::kNone;
  Secret value;
  if (!keep) {
    value = new_value(options, *entry);
    if (!well_formed(*entry, value.value()))
      throw CommandError(
          "pin: the new " + std::string(entry->label) + " must be " + format_of(*entry), 2, "pin");
  }
  hostcrypto::EvpPkeyPtr key = office_key_of(context, options);
  CardSession session(options.reader);
  client::OfficeClient office(session.channel, signer_for(key.get()));
  const Bytes serial = office.card_serial();
  office.open(entry->aid, serial);
  const client::Secret card_value(value.value());
  office.reset_retry_counter(entry->fid, keep ? nullptr : &card_value);
  emit(context,
       {{"reader", session.card->reader()},
        {"pin", entry->name},
        {"unblocked", true},
        {"new_value", !keep}},
       std::string("unblocked the ") + std::string(entry->label) + " of the card in " +
           session.card->reader() + (keep ? " (value kept)" : " (new value set)"));
  return 0;
}

int run_office_renew(const Context& context, const OfficeOptions& options) {
  pki::Authority authority = pki::Authority::open(context.dir);
  hostcrypto::EvpPkeyPtr key = office_key_of(context, options);
  CardSession session(options.reader);
  client::JpkiClient jpki(session.channel);
  jpki.select();
  // The card's own user-authentication certificate says which card of the registry it is.
  const Bytes auth_der = jpki.read_certificate(client::CertificateType::kAuth);
  hostcrypto::X509Ptr auth = hostcrypto::x509_from_der(auth_der);
  if (!auth) throw CommandError("the card's user-authentication certificate does not parse");
  const auto record =
      authority.registry().certificate(pki::serial_to_u64(X509_get0_serialNumber(auth.get())));
  if (!record || record->card_id == 0)
    throw CommandError(
        "the card in " + session.card->reader() +
        " was not issued by this authority (its certificate is not in the registry)");
  // The keys to certify: the authentication key from the card's certificate, the signature key
  // from the newest signature certificate on record (reading the card's needs its password).
  auto spki_of = [](X509* cert) {
    Bytes out(static_cast<std::size_t>(i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), nullptr)));
    unsigned char* p = out.data();
    i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &p);
    return out;
  };
  Bytes sign_spki;
  for (const auto& c : authority.registry().certificates_of_card(record->card_id))
    if (c.kind == pki::CertificateKind::kSign)
      if (auto x = hostcrypto::x509_from_der(c.der)) sign_spki = spki_of(x.get());
  const pki::CardCertificates certs = authority.renew_card(record->card_id, spki_of(auth.get()),
                                                           sign_spki, context.now(), std::nullopt);

  client::OfficeClient office(session.channel, signer_for(key.get()));
  const Bytes serial = office.card_serial();
  office.open(ByteView(client::find_pin("auth")->aid), serial);
  try {
    office.write_certificate(0x000A, certs.auth.der);
    office.write_certificate(0x000B, certs.auth_ca);
    if (certs.sign) {
      office.write_certificate(0x0001, certs.sign->der);
      office.write_certificate(0x0002, certs.sign_ca);
    }
  } catch (const client::CardError& e) {
    throw CommandError("card " + std::to_string(record->card_id) +
                       ": the new certificates are issued but writing them failed: " + e.what());
  }
  nlohmann::json j{{"card", record->card_id},
                   {"reader", session.card->reader()},
                   {"auth_serial", certs.auth.serial}};
  std::string text = "card " + std::to_string(record->card_id) + " in " + session.card->reader() +
                     ": new user-authentication certificate " + std::to_string(certs.auth.serial);
  if (certs.sign) {
    j["sign_serial"] = certs.sign->serial;
    text += ", new signature certificate " + std::to_string(certs.sign->serial);
  }
  emit(context, j, text + " written");
  return 0;
}

void create_office_key(const pki::Authority& authority) {
  pki::ensure_office_key(authority.path(pki::kOfficeKeyFile));
}

void install_office_key(const pki::Authority& authority, card::Env& env, std::int64_t card_id) {
  hostcrypto::EvpPkeyPtr key = pki::ensure_office_key(authority.path(pki::kOfficeKeyFile));
  const hostcrypto::RsaPublicKey parts = hostcrypto::rsa_public_key_of(key.get());
  const card::crypto::RsaPublicKey office_key{parts.modulus, parts.exponent};
  if (auto r = card::install_office_key(env, card::my_number_card_profile(), office_key); !r.ok)
    throw CommandError("card " + std::to_string(card_id) +
                       ": installing the office key failed: " + r.error);
}

}  // namespace mynasim::mynaca
