#include "tools/mynaportal/portal_server.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/files.hpp"
#include "pki/private_files.hpp"
#include "pki/tls_demo_ca.hpp"
#include "tools/common/authority/authority_directory.hpp"
#include "tools/common/authority/ocsp_over_http.hpp"
#include "tools/common/http/client.hpp"
#include "tools/common/http/server.hpp"
#include "tools/mynaportal/crl_source.hpp"
#include "tools/mynaportal/oidc/provider.hpp"
#include "tools/mynaportal/portal_database.hpp"
#include "tools/mynaportal/portal_state.hpp"
#include "tools/mynaportal/security_headers.hpp"

namespace mynasim::portal {
namespace {

UnixTime system_clock() {
  return static_cast<UnixTime>(std::time(nullptr));
}

}  // namespace

std::string new_login_code() {
  static const char* alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  unsigned char random[8];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no randomness");
  std::string code;
  for (int i = 0; i < 8; ++i) {
    if (i == 4) code.push_back('-');
    code.push_back(alphabet[random[i] & 31]);
  }
  return code;
}

Portal::Portal(PortalConfig config)
    : config_(std::move(config)), state_(std::make_unique<State>()) {
  State& s = *state_;
  s.clock = config_.clock ? config_.clock : system_clock;
  if (config_.data_dir.empty()) throw std::runtime_error("no data directory");
  // portal.db (accounts, sessions), secret.bin (the pseudonym key) and tls/server.key: 0700.
  pki::make_private_dir(config_.data_dir);
  const std::string ca = config_.ca_dir;
  const authority::AuthorityDirectory authority(ca);
  s.validator_config.anchors = authority.trust_anchors(pki::Hierarchy::kAuth);
  RevocationConfig& revocation = s.validator_config.revocation;
  revocation.fail_mode =
      config_.soft_fail ? pki::verify::FailMode::kSoft : pki::verify::FailMode::kHard;
  revocation.ocsp = authority::ocsp_over_http(http::Deadline(config_.ocsp_timeout_ms));
  revocation.ocsp_url = config_.ocsp_url;
  const std::string registry = authority.registry_path();
  auto crl_source = std::make_shared<CrlSource>(authority.crl_dir(), "auth-g", registry);
  revocation.crls = [crl_source] { return crl_source->crls(); };
  revocation.crl_requirement = [crl_source](X509* issuer) {
    return crl_source->requirement(issuer);
  };
  // The signature certificate (attribute scopes, docs/oidc.md): the signature CA generations,
  // their CRLs, the same OCSP and fail mode as the login.
  RevocationConfig sign_revocation = revocation;
  auto sign_crls = std::make_shared<CrlSource>(authority.crl_dir(), "sign-g", registry);
  sign_revocation.crls = [sign_crls] { return sign_crls->crls(); };
  sign_revocation.crl_requirement = [sign_crls](X509* issuer) {
    return sign_crls->requirement(issuer);
  };
  s.sign_check = std::make_unique<SignatureCertificateCheck>(
      authority.trust_anchors(pki::Hierarchy::kSign), sign_revocation, registry);
  auto database = open_portal_database(config_.db, config_.data_dir,
                                       static_cast<std::size_t>(std::max(1, config_.threads)) + 2,
                                       kChallengeSeconds);
  s.store = std::move(database.store);
  s.challenges = std::move(database.challenges);
  Bytes secret = HolderIdentity::load_or_create_secret(config_.data_dir + "/secret.bin");
  s.store->check_secret(PortalStore::secret_fingerprint(secret));
  s.identity = std::make_unique<HolderIdentity>(std::move(secret), registry);
  start_housekeeping(s, config_);
  oidc::ProviderConfig oidc_config;
  oidc_config.code_lifetime = config_.oidc_code_lifetime;
  s.oidc = std::make_unique<oidc::Provider>(std::move(database.oidc), oidc_config, s.clock);

  if (config_.tls_cert.empty()) {
    const auto tls = pki::issue_tls_server_certificate(ca, {config_.host, "localhost"}, s.clock());
    pki::make_private_dir(config_.data_dir + "/tls");
    config_.tls_cert = config_.data_dir + "/tls/server.pem";
    config_.tls_key = config_.data_dir + "/tls/server.key";
    pki::write_file_atomically(config_.tls_cert, hostcrypto::view_of(tls.certificate_pem));
    pki::write_file_atomically(config_.tls_key, hostcrypto::view_of(tls.key_pem), 0600);
    tls_ca_path_ = tls.ca_path;
  }
  pki::require_private(config_.tls_key);
  http::ServerOptions options;
  options.tls_cert = config_.tls_cert;
  options.tls_key = config_.tls_key;
  options.workers = std::max(1, config_.threads);
  options.max_connections_per_address = config_.max_per_address;
  // The server's own answers (404, 408, 413, 503 ...) carry the portal's headers too.
  options.default_headers = security_headers();
  if (config_.verbose)
    options.logger = [](const std::string& method, const std::string& path, int status) {
      std::fprintf(stderr, "%s %s -> %d\n", method.c_str(), path.c_str(), status);
    };
  server_ = std::make_unique<http::Server>(std::move(options));
  route();
}

Portal::~Portal() = default;

void Portal::bind() {
  port_ = server_->bind(config_.host, config_.port);
  origin_ = config_.origin.empty()
                ? *origin_of("https://" + config_.host + ":" + std::to_string(port_))
                : config_.origin;
  state_->validator_config.origin = origin_;
  state_->validator =
      std::make_unique<LoginValidator>(state_->validator_config, *state_->challenges);
}

void Portal::listen() {
  server_->run();
}
void Portal::stop() {
  server_->stop();
}

}  // namespace mynasim::portal
