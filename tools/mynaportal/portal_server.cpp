#include "tools/mynaportal/portal_server.hpp"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "pki/private_files.hpp"
#include "tools/mynaca/tls_commands.hpp"
#include "tools/mynaportal/portal_state.hpp"

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

// POST of a DER request to an http:// URL (mynaca ocsp serve); nullopt on any failure.
std::optional<Bytes> post_ocsp(const std::string& url, ByteView request) {
  if (url.rfind("http://", 0) != 0) return std::nullopt;
  const std::string rest = url.substr(7);
  const std::string authority = rest.substr(0, rest.find('/'));
  const std::string path = rest.size() > authority.size() ? rest.substr(authority.size()) : "/";
  const auto colon = authority.rfind(':');
  const std::string host = authority.substr(0, colon);
  const int port = colon == std::string::npos ? 80 : std::atoi(authority.c_str() + colon + 1);
  httplib::Client client(host, port);
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  auto res = client.Post(path.c_str(), std::string(request.begin(), request.end()),
                         "application/ocsp-request");
  if (!res || res->status != 200) return std::nullopt;
  return Bytes(res->body.begin(), res->body.end());
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
  revocation.ocsp = post_ocsp;
  revocation.ocsp_url = config_.ocsp_url;
  revocation.crls = [crl_dir = ca + "/crl"] {
    std::vector<Bytes> crls;
    for (const std::string& file : files_matching(crl_dir, "auth-g", ".crl"))
      crls.push_back(pki::read_file(file));
    return crls;
  };
  s.store = std::make_unique<PortalStore>(config_.data_dir + "/portal.db");
  const std::string registry = fs::exists(ca + "/mynaca.db") ? ca + "/mynaca.db" : "";
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
  server_ = std::make_unique<httplib::SSLServer>(config_.tls_cert.c_str(), config_.tls_key.c_str());
  if (!server_->is_valid())
    throw std::runtime_error("TLS: cannot use " + config_.tls_cert + " / " + config_.tls_key);
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(100000);
  server_->new_task_queue = [threads = config_.threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(std::max(1, threads)));
  };
  if (config_.verbose)
    server_->set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "%s %s -> %d\n", req.method.c_str(), req.path.c_str(), res.status);
    });
  route();
}

Portal::~Portal() = default;

void Portal::bind() {
  if (config_.port == 0) {
    port_ = server_->bind_to_any_port(config_.host);
  } else {
    port_ = server_->bind_to_port(config_.host, config_.port) ? config_.port : -1;
  }
  if (port_ < 0)
    throw std::runtime_error("cannot listen on " + config_.host + ":" +
                             std::to_string(config_.port));
  origin_ = config_.origin.empty()
                ? *origin_of("https://" + config_.host + ":" + std::to_string(port_))
                : config_.origin;
  state_->validator_config.origin = origin_;
  state_->validator =
      std::make_unique<LoginValidator>(state_->validator_config, state_->challenges);
}

void Portal::listen() {
  server_->listen_after_bind();
}
void Portal::stop() {
  server_->stop();
}

}  // namespace mynasim::portal
