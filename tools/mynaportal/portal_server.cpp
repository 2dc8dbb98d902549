#include "tools/mynaportal/portal_server.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "pki/private_files.hpp"
#include "tools/common/http/client.hpp"
#include "tools/common/http/server.hpp"
#include "tools/mynaca/tls_commands.hpp"
#include "tools/mynaportal/crl_source.hpp"
#include "tools/mynaportal/portal_state.hpp"
#include "tools/mynaportal/security_headers.hpp"

namespace mynasim::portal {
namespace {

namespace fs = std::filesystem;

// Every certificate of a PEM file, as DER.
std::vector<Bytes> pem_certificates(const std::string& path) {
  const Bytes text = pki::read_file(path);
  pki::BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  std::vector<Bytes> out;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    out.push_back(pki::der_of(cert));
    X509_free(cert);
  }
  ERR_clear_error();
  if (out.empty()) throw std::runtime_error(path + ": no certificate");
  return out;
}

std::vector<std::string> files_matching(const std::string& dir, const std::string& prefix,
                                        const std::string& suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(entry.path().string());
  }
  return out;
}

// OCSP over HTTP (mynaca ocsp serve): a POST of the DER request, with one deadline for the
// whole exchange, so that a responder held busy by an attacker costs a login `timeout` at most.
// nullopt on any failure, a non-200 answer included.
pki::verify::OcspTransport ocsp_over_http(std::chrono::milliseconds timeout) {
  return [timeout](const std::string& url, ByteView request) -> std::optional<Bytes> {
    constexpr std::size_t kMaxOcspResponse = 64 * 1024;  // ours are ~2 KiB
    const auto answer = http::post(url, std::string(request.begin(), request.end()),
                                   "application/ocsp-request", timeout, kMaxOcspResponse);
    if (!answer || answer->status != 200) return std::nullopt;
    return Bytes(answer->body.begin(), answer->body.end());
  };
}

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
  if (!fs::exists(ca + "/ca/auth.pem"))
    throw std::runtime_error(ca + ": not an authority directory (no ca/auth.pem; run mynaca init)");
  s.validator_config.anchors.roots = pem_certificates(ca + "/ca/auth.pem");
  for (const std::string& link : files_matching(ca + "/ca", "auth-g", ".pem"))
    if (link.find("-by-") != std::string::npos)
      for (Bytes& der : pem_certificates(link))
        s.validator_config.anchors.intermediates.push_back(std::move(der));
  RevocationConfig& revocation = s.validator_config.revocation;
  revocation.fail_mode =
      config_.soft_fail ? pki::verify::FailMode::kSoft : pki::verify::FailMode::kHard;
  revocation.ocsp = ocsp_over_http(std::chrono::milliseconds(config_.ocsp_timeout_ms));
  revocation.ocsp_url = config_.ocsp_url;
  const std::string registry = fs::exists(ca + "/mynaca.db") ? ca + "/mynaca.db" : "";
  auto crl_source = std::make_shared<CrlSource>(ca + "/crl", "auth-g", registry);
  revocation.crls = [crl_source] { return crl_source->crls(); };
  revocation.crl_requirement = [crl_source](X509* issuer) {
    return crl_source->requirement(issuer);
  };
  s.store = std::make_unique<PortalStore>(config_.data_dir + "/portal.db");
  s.identity = std::make_unique<HolderIdentity>(
      HolderIdentity::load_or_create_secret(config_.data_dir + "/secret.bin"), registry);
  start_housekeeping(s, config_);

  if (config_.tls_cert.empty()) {
    const auto tls =
        mynaca::issue_tls_server_certificate(ca, {config_.host, "localhost"}, s.clock());
    pki::make_private_dir(config_.data_dir + "/tls");
    config_.tls_cert = config_.data_dir + "/tls/server.pem";
    config_.tls_key = config_.data_dir + "/tls/server.key";
    pki::write_file_atomically(config_.tls_cert, pki::view_of(tls.certificate_pem));
    pki::write_file_atomically(config_.tls_key, pki::view_of(tls.key_pem), 0600);
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
      std::make_unique<LoginValidator>(state_->validator_config, state_->challenges);
}

void Portal::listen() {
  server_->run();
}
void Portal::stop() {
  server_->stop();
}

}  // namespace mynasim::portal
