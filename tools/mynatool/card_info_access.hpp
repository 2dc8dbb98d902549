// How mynatool opens the card-info applications: which credential (the 4-digit PIN, 照合番号A,
// 照合番号B) and where its value comes from (prompt, --pin-env, --pin-fd: never argv), with the
// same discipline as the JPKI PINs (never sent to a blocked key, nor with one try left unless
// --allow-last-try); and the issuer checks reported (--ca-cv).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "iso7816/bytes.hpp"
#include "reader/client/card_info_verify.hpp"
#include "reader/client/key_reference.hpp"
#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {

enum class Credential { kPin, kCollationA, kCollationB };

struct CredentialOptions {
  PinOptions pin;            // --pin-env / --pin-fd / --allow-last-try: the value of either
  bool collation_a = false;  // --pin-a: 照合番号A (the 12-digit My Number)
  bool collation_b = false;  // --pin-b: 照合番号B (14 digits)
  std::string ca_cv;         // --ca-cv FILE: the CV root, to check the issuer's signatures
};

// Adds --pin-env, --pin-fd, --allow-last-try, --pin-a, --pin-b (mutually exclusive), --ca-cv.
void add_credential_options(CLI::App& command, CredentialOptions& options);

// "照合番号A (the My Number, 12 digits)" ...: what the prompt and the messages call it.
std::string credential_label(Credential credential);

// Refuses to send a value to a blocked key, or with one try left unless allowed.
void check_before_sending(const client::PinStatus& status, const std::string& label,
                          bool allow_last_try);
// Throws CommandFailed saying how many tries are left, or that the key is now blocked.
[[noreturn]] void report_wrong(const client::VerifyResult& result, const std::string& label);

// Status check, read the value, VERIFY; throws CommandFailed when the card refuses it.
template <typename Client, typename Key>
void open_with(Client& client, Key key, const std::string& label, const PinOptions& pin) {
  check_before_sending(client.key_status(key), label, pin.allow_last_try);
  const client::Secret value = cli::read_secret(pin.source, label);
  const auto result = client.verify(key, value);
  if (!result.ok) report_wrong(result, label);
}

// A fresh 32-byte challenge signed by the application's own key (80 2A 00 00), checked with
// `ap_key` from an issuer-signed record: the card is there, not a copy of its files.
Bytes random_challenge();
template <typename Client>
client::CheckResult challenge_card(Client& client, const hostcrypto::RsaPublicKey& ap_key) {
  const Bytes challenge = random_challenge();
  try {
    const Bytes signature =
        client.sign(hostcrypto::sha256_digest_info(hostcrypto::sha256(challenge)));
    return client::check_card_signature(ap_key, challenge, signature);
  } catch (const client::CardError& e) {
    return {"card-signature", client::CheckStatus::kFailed, e.what()};
  }
}

// The CV root from --ca-cv (nullopt when none was given). Throws CommandFailed naming the file.
std::optional<client::CvTrustAnchor> load_trust_anchor(const std::string& path);

// {"integrity": {"status": "ok", "detail": ...}, ...} and the text lines; throws CommandFailed
// after printing when a check failed.
nlohmann::json checks_json(const std::vector<client::CheckResult>& checks);
std::string checks_text(const std::vector<client::CheckResult>& checks);
void fail_on_failed_check(const std::vector<client::CheckResult>& checks);

}  // namespace mynasim::tools
