// bench_pdf_sign: signing a 10 MB PDF end to end — `mynatool pdf sign --profile pades-b-b` from
// process start to exit: reading the file, PoDoFo's incremental update, SHA-256 over the
// ByteRange, VERIFY and the signature on the simulated card through a private pcscd (`mynasim
// run`), writing the output — against the floor measured in the same run: `openssl cms -sign`
// with a software RSA-2048 key over the same 10 MB, from process start to exit. Both run through
// /bin/sh, so the spawn costs the same. JSON on stdout (bench/README.md). Never run by ctest.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>

#include "bench/background_stack.hpp"
#include "bench/bench_main.hpp"
#include "bench/report.hpp"
#include "bench/scratch_dir.hpp"
#include "bench/timing.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;

struct Options {
  std::string dir;
  std::string mynasim = MYNASIM_TOOL_PATH;
  std::string mynatool = MYNATOOL_PATH;
  std::string make_test_pdf = MAKE_TEST_PDF_PATH;
  long long bytes = 10'000'000;
  int rounds = 7;
  bool quick = false;
};

int run_bench(const Options& o) {
  const ScratchDir scratch(o.dir);
  const std::string& work = scratch.path();
  json out = start_report("bench_pdf_sign", o.quick);

  progress("a test card, a " + std::to_string(o.bytes) + "-byte PDF, a software key");
  shell(o.mynasim + " issue-test-card --out " + work + "/card.img > /dev/null");
  shell(o.make_test_pdf + " --out " + work + "/in.pdf --size " + std::to_string(o.bytes));
  shell("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + work + "/soft.key -out " + work +
        "/soft.pem -subj /CN=bench -days 1 2> /dev/null");
  const auto pdf_bytes = std::filesystem::file_size(work + "/in.pdf");
  BackgroundStack stack({o.mynasim, "run", "--card", work + "/card.img"});
  setenv("PCSCLITE_CSOCK_NAME", stack.socket.c_str(), 1);
  setenv("BENCH_SIGN_PASSWORD", "DEMOPASS1", 1);  // issue-test-card's signature password

  const std::string card_sign = o.mynatool + " pdf sign --in " + work + "/in.pdf --out " + work +
                                "/signed.pdf --profile pades-b-b --name Bench " +
                                "--pin-env BENCH_SIGN_PASSWORD > /dev/null";
  const std::string software_sign = "openssl cms -sign -binary -md sha256 -outform DER -in " +
                                    work + "/in.pdf -signer " + work + "/soft.pem -inkey " + work +
                                    "/soft.key -out " + work + "/soft.p7s";
  // Interleaved, so that a change in the machine's load falls on both alike.
  std::vector<std::uint64_t> card_ns, software_ns;
  const int rounds = o.quick ? 2 : o.rounds;
  shell(card_sign);  // warm-up: page cache, pcscd's first connection
  shell(software_sign);
  for (int round = 0; round < rounds; ++round) {
    progress("round " + std::to_string(round + 1) + " of " + std::to_string(rounds));
    card_ns.push_back(time_ns([&] { shell(card_sign); }));
    software_ns.push_back(time_ns([&] { shell(software_sign); }));
  }
  const auto signed_bytes = std::filesystem::file_size(work + "/signed.pdf");
  const Summary card = summarize(card_ns);
  const Summary software = summarize(software_ns);
  json card_json = to_json(card);
  card_json["what"] =
      "mynatool pdf sign --profile pades-b-b through pcscd and the simulated card, process start "
      "to exit";
  card_json["floor"] = "openssl_cms_sign";
  card_json["ratio"] = ratio(card, software);
  card_json["input_bytes"] = pdf_bytes;
  card_json["output_bytes"] = signed_bytes;
  json software_json = to_json(software);
  software_json["what"] =
      "openssl cms -sign -binary (detached, SHA-256, software RSA-2048) over the same PDF, process "
      "start to exit";
  out["operations"] = {{"pdf_sign_card", card_json}, {"openssl_cms_sign", software_json}};
  print_report(out);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_pdf_sign: a 10 MB PDF signed with the card against openssl cms -sign"};
  Options o;
  app.add_option("--dir", o.dir, "where the files and the stack go (default $TMPDIR, /var/tmp)");
  app.add_option("--bytes", o.bytes, "the PDF's size")->capture_default_str();
  app.add_option("--rounds", o.rounds, "timed signatures of each kind")->capture_default_str();
  app.add_flag("--quick", o.quick, "two rounds: a smoke run");
  app.add_option("--mynasim", o.mynasim, "the mynasim program")->capture_default_str();
  app.add_option("--mynatool", o.mynatool, "the mynatool program")->capture_default_str();
  app.add_option("--make-test-pdf", o.make_test_pdf, "tests/pdf's generator")
      ->capture_default_str();
  return bench_main(app, "bench_pdf_sign", argc, argv, [&] { return run_bench(o); });
}
