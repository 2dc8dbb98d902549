// bench_pki: the simulated J-LIS's two costs, each against a floor measured in the same run,
// printed as JSON on stdout (schema: bench/README.md):
//   - cards issued per second through mynaca's own issuing code (register, keys made on the
//     card, both certificates signed and recorded, written into the card image), against the
//     two mbedTLS RSA-2048 key generations every card needs;
//   - OCSP responses per second from a running `mynaca ocsp serve` on loopback, against
//     `openssl speed rsa2048` signs per second (one response = one RSA-2048 signature).
// Never run by ctest: timing is not a test.

#include <httplib.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>

#include <mbedtls/version.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench_main.hpp"
#include "bench/floors.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"
#include "card/crypto/rsa_key.hpp"
#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/authority.hpp"
#include "pki/ocsp_responder.hpp"
#include "pki/unix_time.hpp"
#include "tools/mynaca/card_info_issue.hpp"
#include "tools/mynaca/card_issuer.hpp"
#include "tools/mynaca/office.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;

struct Options {
  std::string dir;
  std::string mynaca = MYNACA_PATH;
  bool quick = false;
  int cards = 20;
  int rounds = 3;
  double ocsp_seconds = 3;
  int openssl_seconds = 1;
};

std::string default_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/var/tmp";
}

double per_second(std::uint64_t median_ns) {
  return median_ns ? std::round(1e12 / static_cast<double>(median_ns)) / 1000 : 0;
}

// Keygen pair (the floor) and a whole issuance, timed in turn so that drift hits both.
json bench_issuance(pki::Authority& authority, const std::string& dir, int cards) {
  const mynasim::Secret pin("1234"), password("BENCHPASS1");
  const pki::UnixTime now = std::time(nullptr);
  const pki::Holder holder = pki::validate_holder(
      {"性能\u3000測定", "東京都千代田区霞が関２丁目１番２号", "1980-02-17", "1", "", ""},
      pki::jst_date_of(now));
  std::vector<std::uint64_t> keygen, issue;
  for (int i = 0; i < cards; ++i) {
    keygen.push_back(time_ns([] {
      for (int k = 0; k < 2; ++k)
        if (!card::crypto::RsaPrivateKey::generate(card::system_random(), 2048))
          throw std::runtime_error("mbedTLS key generation failed");
    }));
    const std::string image = dir + "/card-" + std::to_string(i) + ".img";
    issue.push_back(
        time_ns([&] { mynaca::issue_card(authority, holder, image, pin, password, now); }));
    progress("card " + std::to_string(i + 1) + "/" + std::to_string(cards));
  }
  const Summary floor = summarize(keygen), measured = summarize(issue);
  json keygen_json = to_json(floor);
  keygen_json["what"] = "2 x RsaPrivateKey::generate(2048), mbedTLS";
  json issue_json = to_json(measured);
  issue_json["what"] = "mynaca issue_card: register, begin_personalization, certify, install";
  issue_json["cards_per_s"] = per_second(measured.median_ns);
  issue_json["floor"] = "mbedtls_keygen_pair";
  issue_json["ratio"] = ratio(measured, floor);
  return {{"mbedtls_keygen_pair", keygen_json}, {"issue_card", issue_json}};
}

// `mynaca ocsp serve --port 0 --json` as a child; its URL from the JSON it prints.
class Responder {
 public:
  Responder(const Options& options, const std::string& ca_dir) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      ::execl(options.mynaca.c_str(), "mynaca", "--dir", ca_dir.c_str(), "--json", "ocsp", "serve",
              "--port", "0", "--threads", "2", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string text;
    char c = 0;
    while (::read(out[0], &c, 1) == 1) {
      text.push_back(c);
      if (c == '}') break;
    }
    ::close(out[0]);
    const json listening = json::parse(text, nullptr, false);
    if (listening.is_discarded() || !listening.contains("listening"))
      throw std::runtime_error("mynaca ocsp serve did not start: " + text);
    url_ = listening["listening"].get<std::string>();
  }
  ~Responder() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
};

// OCSP requests (with nonces) for the certificates issued so far.
std::vector<std::string> ocsp_requests(pki::Authority& authority) {
  std::vector<std::string> out;
  for (const auto& r : authority.registry().certificates()) {
    if (r.kind != pki::CertificateKind::kAuth && r.kind != pki::CertificateKind::kSign) continue;
    hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(r.der);
    X509* issuer = authority.generation_by_id(r.ca_id)->certificate.get();
    hostcrypto::OcspRequestPtr request(OCSP_REQUEST_new());
    OCSP_request_add0_id(request.get(), OCSP_cert_to_id(EVP_sha1(), cert.get(), issuer));
    OCSP_request_add1_nonce(request.get(), nullptr, -1);
    const Bytes der = hostcrypto::der_of(request.get());
    out.emplace_back(der.begin(), der.end());
  }
  return out;
}

// One client on one keep-alive connection for `seconds`: latency per request, and the count.
std::vector<std::uint64_t> ocsp_round(const std::string& url,
                                      const std::vector<std::string>& requests, double seconds) {
  const std::string rest = url.substr(7);
  httplib::Client client("http://" + rest.substr(0, rest.find('/')));
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  std::vector<std::uint64_t> samples;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (std::size_t i = 0; std::chrono::steady_clock::now() < end; ++i) {
    bool good = false;
    samples.push_back(time_ns([&] {
      auto result = client.Post("/ocsp", requests[i % requests.size()], "application/ocsp-request");
      good = result && result->status == 200 && result->body.size() > 100 &&
             static_cast<unsigned char>(result->body[0]) == 0x30;
    }));
    if (!good) throw std::runtime_error("a bad OCSP answer from " + url);
  }
  return samples;
}

int run(Options options) {
  if (options.quick) {
    options.cards = std::max(2, options.cards / 10);
    options.ocsp_seconds = 1;
    options.rounds = 1;
  }
  char pattern_text[] = "/mynasim-bench-XXXXXX";
  std::string pattern = options.dir + pattern_text;
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error("cannot create a directory in " + options.dir);
  const std::string work = pattern;
  struct Cleanup {
    std::string dir;
    ~Cleanup() { std::filesystem::remove_all(dir); }
  } cleanup{work};

  json report = start_report("bench_pki", options.quick);
  progress("initializing an authority in " + work);
  // As `mynaca init` makes it: the two hierarchies, the office key and the card-info CV root
  // (issuance writes the office key and the card-info files into every card).
  const pki::InitOptions init;
  pki::Authority authority = pki::Authority::init(work + "/ca", std::time(nullptr), init);
  mynaca::create_office_key(authority);
  mynaca::create_card_info_root(authority.dir(), init.office_code);
  json operations = bench_issuance(authority, work, options.cards);

  // In-process OCSP answers: what signing a response costs without HTTP.
  progress("OCSP, in process");
  const auto requests = ocsp_requests(authority);
  pki::OcspResponder responder(authority, {3600});
  std::size_t next = 0;
  const Summary inprocess = measure(5, 200 / (options.quick ? 10 : 1), [&] {
    const auto& r = requests[next++ % requests.size()];
    responder.respond(hostcrypto::view_of(r), std::time(nullptr));
  });

  Responder server(options, work + "/ca");
  std::vector<std::uint64_t> all_samples;
  json rounds = json::array();
  std::vector<double> ratios, per_s, openssl_ns;
  OpensslSpeed version;
  for (int round = 0; round < options.rounds; ++round) {
    progress("round " + std::to_string(round + 1) + ": OCSP over HTTP, then openssl speed");
    const auto samples = ocsp_round(server.url(), requests, options.ocsp_seconds);
    const Summary s = summarize(samples);
    const OpensslSpeed speed = openssl_rsa2048_speed(options.openssl_seconds);
    version = speed;
    // Responses per second as served: how many came back in the round's time (the tail
    // counts), not 1e9 / median latency.
    const double responses_per_s =
        std::round(static_cast<double>(samples.size()) / options.ocsp_seconds * 10) / 10;
    all_samples.insert(all_samples.end(), samples.begin(), samples.end());
    ratios.push_back(responses_per_s / speed.sign_per_s);
    per_s.push_back(responses_per_s);
    openssl_ns.push_back(1e9 / speed.sign_per_s);
    rounds.push_back({{"responses", samples.size()},
                      {"responses_per_s", responses_per_s},
                      {"median_ns", s.median_ns},
                      {"p99_ns", s.p99_ns},
                      {"openssl_sign_per_s", speed.sign_per_s},
                      {"ratio", std::round(ratios.back() * 1000) / 1000}});
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::vector<std::uint64_t> openssl_samples;
  for (double ns : openssl_ns) openssl_samples.push_back(static_cast<std::uint64_t>(ns));
  const Summary openssl = summarize(openssl_samples);
  operations["openssl_sign"] = {
      {"command", version.command}, {"rounds", options.rounds},
      {"min_ns", openssl.min_ns},   {"median_ns", openssl.median_ns},
      {"max_ns", openssl.max_ns},   {"sign_per_s", per_second(openssl.median_ns)}};
  json respond_json = to_json(inprocess);
  respond_json["what"] = "OcspResponder::respond, one CertID with nonce, in process";
  respond_json["responses_per_s"] = per_second(inprocess.median_ns);
  respond_json["floor"] = "openssl_sign";
  respond_json["ratio"] = ratio(inprocess, openssl);
  operations["ocsp_respond"] = respond_json;
  json http = to_json(summarize(all_samples));
  http["what"] = "POST /ocsp to mynaca ocsp serve on 127.0.0.1, one client, keep-alive";
  http["responses_per_s"] = median(per_s);
  http["floor"] = "openssl_sign";
  http["ratio_to_openssl_sign_per_s"] = std::round(median(ratios) * 1000) / 1000;
  http["rounds"] = rounds;
  operations["ocsp_http"] = http;

  report["versions"] = {{"openssl", version.version}, {"mbedtls", MBEDTLS_VERSION_STRING}};
  report["operations"] = operations;
  print_report(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "bench_pki: cards issued per second against mbedTLS key generation, and OCSP "
      "responses per second on loopback against `openssl speed rsa2048`, as JSON"};
  Options options;
  options.dir = default_dir();
  app.add_option("--dir", options.dir, "where the authority and the card images go")
      ->check(CLI::ExistingDirectory);
  app.add_option("--mynaca", options.mynaca, "the mynaca program to serve OCSP")
      ->check(CLI::ExistingFile);
  app.add_flag("--quick", options.quick, "a tenth of the cards, one short round (a smoke run)");
  app.add_option("--cards", options.cards, "cards to issue (default 20)")
      ->check(CLI::Range(2, 10000));
  app.add_option("--rounds", options.rounds, "rounds of OCSP and openssl speed (default 3)")
      ->check(CLI::Range(1, 20));
  app.add_option("--ocsp-seconds", options.ocsp_seconds, "seconds of OCSP per round (default 3)")
      ->check(CLI::Range(0.2, 60.0));
  app.add_option("--openssl-seconds", options.openssl_seconds,
                 "seconds of `openssl speed` per round (default 1)")
      ->check(CLI::Range(1, 60));
  return mynasim::bench::bench_main(app, "bench_pki", argc, argv, [&] { return run(options); });
}
