// bench_pdf_verify: verifications per second of a PAdES B-LT PDF signed with the simulated card —
// pki::pdfverify::verify in process, as a signature verifier (署名検証者) runs it: qpdf's parse and
// the revision chain, the ByteRange, SHA-256 over the signed bytes, the CMS, the signature
// timestamp and its TSA chain, the signer's chain and revocation at the time of signing from the
// file's DSS — against the floor measured in the same run, interleaved: RSA-2048 verifications
// per second with OpenSSL's EVP (bench/rsa_verify_floor.hpp). No network while timing: the OCSP
// responder and the TSA are stopped before the first verification, the options have no OCSP
// transport and no CRLs, so only the DSS can prove the certificate good (checked every round).
// The B-LT PDF is made at the start, honestly: mynaca issues a card, serves OCSP and timestamps,
// and `mynatool pdf sign --profile pades-b-lt` signs through a private pcscd (`mynasim run`).
// JSON on stdout (bench/README.md). Never run by ctest.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "bench/background_program.hpp"
#include "bench/background_stack.hpp"
#include "bench/bench_main.hpp"
#include "bench/report.hpp"
#include "bench/rsa_verify_floor.hpp"
#include "bench/scratch_dir.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/pdfverify/pdf_verifier.hpp"
#include "tools/common/authority/authority_directory.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;

struct Options {
  std::string dir;
  std::string mynaca = MYNACA_PATH;
  std::string mynasim = MYNASIM_TOOL_PATH;
  std::string mynatool = MYNATOOL_PATH;
  std::string make_test_pdf = MAKE_TEST_PDF_PATH;
  int rounds = 7;
  double seconds = 1.0;  // per round and kind
  bool quick = false;
};

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

// Makes DIR/blt.pdf: an authority, a card it issued, its OCSP responder and TSA, the card in a
// private pcscd, one signature of a 2-page PDF. Everything it started is stopped on return.
void make_blt_pdf(const Options& o, const std::string& work) {
  const std::string ca = work + "/ca";
  const std::string mynaca = o.mynaca + " --dir '" + ca + "'";
  const int ocsp_port = free_port();
  setenv("BENCH_PIN", "1234", 1);
  setenv("BENCH_SIGN_PASSWORD", "BENCHPASS1", 1);
  shell(mynaca + " init --base-url http://127.0.0.1:" + std::to_string(ocsp_port) + " > /dev/null");
  shell(mynaca + " issue --name '性能　測定' --address '東京都千代田区霞が関２丁目１番２号' " +
        "--birth 1980-02-17 --sex 1 --out '" + work + "/card.img' --pin-env BENCH_PIN " +
        "--sign-password-env BENCH_SIGN_PASSWORD > /dev/null");
  shell(mynaca + " crl > /dev/null");
  shell(o.make_test_pdf + " --out '" + work + "/in.pdf' --pages 2");
  BackgroundProgram ocsp(
      {o.mynaca, "--dir", ca, "ocsp", "serve", "--port", std::to_string(ocsp_port)}, "listening",
      work + "/ocsp.log");
  BackgroundProgram tsa({o.mynaca, "--dir", ca, "--json", "tsa", "serve", "--port", "0"},
                        "listening", work + "/tsa.log");
  // Its JSON is indented: the ready line is `  "listening": "http://127.0.0.1:PORT",`.
  const std::string& line = tsa.ready_line();
  const std::size_t url_start = line.find("http://");
  if (url_start == std::string::npos) throw std::runtime_error("mynaca tsa serve: " + line);
  const std::string tsa_url = line.substr(url_start, line.find('"', url_start) - url_start);
  BackgroundStack stack({o.mynasim, "run", "--card", work + "/card.img"});
  setenv("PCSCLITE_CSOCK_NAME", stack.socket.c_str(), 1);
  shell(o.mynatool + " pdf sign --in '" + work + "/in.pdf' --out '" + work +
        "/blt.pdf' --profile pades-b-lt --tsa " + tsa_url +
        " --name Bench --pin-env BENCH_SIGN_PASSWORD > /dev/null");
  unsetenv("BENCH_PIN");
  unsetenv("BENCH_SIGN_PASSWORD");
}

// The verifier's options with the DSS as the only revocation source (no OCSP, no CRLs).
pki::pdfverify::Options offline_options(const std::string& ca) {
  const authority::AuthorityDirectory dir(ca);
  pki::pdfverify::Options o;
  o.signature_anchors = dir.trust_anchors(pki::Hierarchy::kSign);
  o.tsa_anchors = dir.tsa_anchors();
  o.now = static_cast<pki::UnixTime>(std::time(nullptr));
  o.check_revocation = true;
  return o;
}

// Verifies `pdf` for about `seconds`; returns verifications per second. Throws when a
// verification is not valid or not proved by the DSS: a failing verifier is fast, not a figure.
double verify_per_s(ByteView pdf, const pki::pdfverify::Options& options, double seconds) {
  std::size_t n = 0;
  const auto start = std::chrono::steady_clock::now();
  std::chrono::duration<double> elapsed{};
  do {
    const pki::pdfverify::Result r = pki::pdfverify::verify(pdf, options);
    if (!r.ok() || r.signatures.size() != 1 || !r.signatures[0].cms ||
        r.signatures[0].cms->revocation_source.rfind("dss-", 0) != 0)
      throw std::runtime_error("the B-LT PDF did not verify from its DSS alone");
    ++n;
    elapsed = std::chrono::steady_clock::now() - start;
  } while (elapsed.count() < seconds);
  return static_cast<double>(n) / elapsed.count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int run_bench(Options o) {
  if (o.quick) {
    o.rounds = 2;
    o.seconds = 0.2;
  }
  const ScratchDir scratch(o.dir);
  const std::string& work = scratch.path();
  json out = start_report("bench_pdf_verify", o.quick);

  progress("an authority, a card, its OCSP responder and TSA; a B-LT PDF signed with the card");
  make_blt_pdf(o, work);
  const Bytes pdf = read_bytes(work + "/blt.pdf");
  const pki::pdfverify::Options options = offline_options(work + "/ca");
  const pki::pdfverify::Result first = pki::pdfverify::verify(pdf, options);
  const hostcrypto::EvpPkeyPtr key = hostcrypto::generate_rsa_key(2048);

  // Interleaved, so that a change in the machine's load falls on both alike.
  std::vector<double> pdf_rates, rsa_rates, ratios;
  for (int round = 0; round < o.rounds; ++round) {
    progress("round " + std::to_string(round + 1) + " of " + std::to_string(o.rounds));
    pdf_rates.push_back(verify_per_s(pdf, options, o.seconds));
    rsa_rates.push_back(rsa_verify_per_s(key.get(), o.seconds));
    ratios.push_back(pdf_rates.back() / rsa_rates.back());
  }
  // To `decimals` places (JSON shows the shortest form of the double).
  const auto rounded = [](double x, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(x * scale) / scale;
  };
  const auto rounded_all = [&](std::vector<double> xs, int decimals) {
    for (double& x : xs) x = rounded(x, decimals);
    return xs;
  };
  json verify_json = {
      {"what",
       "pki::pdfverify::verify of a pades-b-lt PDF signed with the card, in process, revocation "
       "from its DSS only"},
      {"per_s_median", rounded(median(pdf_rates), 1)},
      {"per_s_rounds", rounded_all(pdf_rates, 1)},
      {"floor", "rsa2048_verify"},
      {"ratio_what", "median over the rounds of (PDF verifications/s) / (RSA verifications/s)"},
      {"ratio_to_floor", rounded(median(ratios), 5)},
      {"pdf_bytes", pdf.size()},
      {"revisions", first.revisions},
      {"dss_certificates", first.dss_certificates},
      {"dss_ocsp_responses", first.dss_ocsp_responses},
      {"dss_crls", first.dss_crls},
      {"revocation_source", first.signatures.at(0).cms->revocation_source}};
  json rsa_json = {{"what",
                    "EVP_DigestVerify of an RSA-2048 SHA-256 signature over 64 bytes, one "
                    "thread"},
                   {"per_s_median", rounded(median(rsa_rates), 0)},
                   {"per_s_rounds", rounded_all(rsa_rates, 0)}};
  out["rounds"] = o.rounds;
  out["seconds_per_round"] = o.seconds;
  out["operations"] = {{"pdf_verify_blt", verify_json}, {"rsa2048_verify", rsa_json}};
  print_report(out);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_pdf_verify: B-LT PDF verifications per second against RSA-2048 verifies"};
  Options o;
  app.add_option("--dir", o.dir, "where the files and the stack go (default $TMPDIR, /var/tmp)");
  app.add_option("--rounds", o.rounds, "rounds of each kind, interleaved")->capture_default_str();
  app.add_option("--seconds", o.seconds, "seconds per round and kind")->capture_default_str();
  app.add_flag("--quick", o.quick, "two rounds of 0.2 s: a smoke run");
  app.add_option("--mynaca", o.mynaca, "the mynaca program")->capture_default_str();
  app.add_option("--mynasim", o.mynasim, "the mynasim program")->capture_default_str();
  app.add_option("--mynatool", o.mynatool, "the mynatool program")->capture_default_str();
  app.add_option("--make-test-pdf", o.make_test_pdf, "tests/pdf's generator")
      ->capture_default_str();
  return bench_main(app, "bench_pdf_verify", argc, argv, [&] { return run_bench(o); });
}
