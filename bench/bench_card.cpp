// bench_card: in-process latency of the card's commands, each against a floor measured in the
// same run, printed as JSON on stdout (schema: bench/README.md). Progress goes to stderr when it
// is a terminal. Never run by ctest: timing is not a test.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include <mbedtls/version.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "bench/bench_card_setup.hpp"
#include "bench/bench_main.hpp"
#include "bench/floors.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"
#include "card/crypto/rsa_key.hpp"
#include "iso7816/status_words.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;
namespace sw = iso7816::sw;

constexpr long kTmpfsMagic = 0x01021994;
constexpr double kVerifyTargetRatio = 1.5;
constexpr std::size_t kBatch = 32;  // calls per sample for SELECT, READ BINARY and their floors

struct Options {
  std::string dir;
  bool quick = false;
  int openssl_seconds = 1;  // per round
  int sign_rounds = 3;
};

struct Counts {
  std::size_t fast;     // SELECT, READ BINARY and their echo floors
  std::size_t durable;  // VERIFY and the append + fdatasync floor
  std::size_t sign;     // per round
};

long long file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot stat " + path);
  return st.st_size;
}

// Sink for results the optimizer must not drop.
volatile std::size_t g_sink = 0;

// A and B timed in turn, so drift in the machine's speed hits both alike; the samples are added
// to `sa` and `sb`. Each sample is the mean of `batch` consecutive calls: reading the clock costs
// about as much as a SELECT, and its ticks are coarser than one.
template <typename A, typename B>
void sample_pair(std::size_t warmup, std::size_t n, std::size_t batch, A&& a, B&& b,
                 std::vector<std::uint64_t>& sa, std::vector<std::uint64_t>& sb) {
  for (std::size_t i = 0; i < warmup; ++i) {
    a();
    b();
  }
  const auto batched = [batch](auto& fn) {
    return time_ns([&] {
             for (std::size_t k = 0; k < batch; ++k) fn();
           }) /
           batch;
  };
  for (std::size_t i = 0; i < n; ++i) {
    sa.push_back(batched(a));
    sb.push_back(batched(b));
  }
}

template <typename A, typename B>
std::pair<Summary, Summary> measure_pair(std::size_t warmup, std::size_t n, std::size_t batch,
                                         A&& a, B&& b) {
  std::vector<std::uint64_t> sa, sb;
  sample_pair(warmup, n, batch, a, b, sa, sb);
  return {summarize(std::move(sa)), summarize(std::move(sb))};
}

json with_floor(const Summary& measured, const std::string& floor_name, const Summary& floor) {
  json out = to_json(measured);
  out["floor"] = floor_name;
  out["ratio"] = ratio(measured, floor);
  return out;
}

// SELECT and READ BINARY against the echo dispatch.
void bench_dispatch(CardOnFile& card, const Counts& counts, json& ops) {
  static const Bytes kAnswer(256, 0x5A);
  // What reading the clock twice costs, for one call (the fast figures divide it by the batch).
  ops["clock_overhead"] = to_json(measure(counts.fast / 10, counts.fast, [] {}));
  const Bytes select = select_jpki_command();
  card.expect(select, sw::kSuccess, "SELECT of the JPKI AP");
  progress("SELECT vs echo, " + std::to_string(counts.fast) + " each");
  auto [echo_select, card_select] = measure_pair(
      counts.fast / 10, counts.fast, kBatch,
      [&] { g_sink = g_sink + echo_dispatch(select, {}).size(); },
      [&] { g_sink = g_sink + card.card().transmit(select).size(); });
  ops["echo_select"] = to_json(echo_select);
  ops["echo_select"]["batch"] = kBatch;
  ops["select"] = with_floor(card_select, "echo_select", echo_select);
  ops["select"]["batch"] = kBatch;

  const Bytes read = {0x00, 0xB0, 0x00, 0x00, 0x00};
  card.expect(select_ef_command(0x000A), sw::kSuccess, "SELECT of EF 000A");
  if (card.expect(read, sw::kSuccess, "READ BINARY of EF 000A").size() != 258)
    throw std::runtime_error("READ BINARY of EF 000A did not return 256 bytes");
  progress("READ BINARY 256 vs echo, " + std::to_string(counts.fast) + " each");
  auto [echo_read, card_read] = measure_pair(
      counts.fast / 10, counts.fast, kBatch,
      [&] { g_sink = g_sink + echo_dispatch(read, kAnswer).size(); },
      [&] { g_sink = g_sink + card.card().transmit(read).size(); });
  ops["echo_read_binary_256"] = to_json(echo_read);
  ops["echo_read_binary_256"]["batch"] = kBatch;
  ops["read_binary_256"] = with_floor(card_read, "echo_read_binary_256", echo_read);
  ops["read_binary_256"]["batch"] = kBatch;
}

// Untimed rounds of `op` then `after`, which also learn how many bytes one `op` appends to the
// image (a round that compacted it excepted); throws if rounds disagree.
template <typename Op, typename After>
long long warm_up_durable(const std::string& image, Op& op, After& after) {
  long long bytes = -1;
  for (int i = 0; i < 5; ++i) {
    const long long before = file_size(image);
    op();
    const long long delta = file_size(image) - before;
    after();
    if (delta <= 0) continue;  // a compaction rewrote the image
    if (bytes >= 0 && delta != bytes)
      throw std::runtime_error("one VERIFY appended " + std::to_string(bytes) +
                               " bytes to the image, the next " + std::to_string(delta));
    bytes = delta;
  }
  if (bytes <= 0) throw std::runtime_error("VERIFY did not append to " + image);
  return bytes;
}

// One durable operation against append + fdatasync of as many bytes, in turn. `op` is timed,
// `after` (untimed) puts the card back where the next `op` expects it.
template <typename Op, typename After>
json durable_pair(CardOnFile& card, AppendSyncFile& floor_file, const Counts& counts,
                  const std::string& floor_name, Op&& op, After&& after, json& ops) {
  const long long op_bytes = warm_up_durable(card.path(), op, after);
  const Bytes payload(static_cast<std::size_t>(op_bytes), 0xA5);
  std::size_t compactions = 0;
  std::vector<std::uint64_t> measured, floor;
  for (std::size_t i = 0; i < counts.durable; ++i) {
    const long long before = file_size(card.path());
    measured.push_back(time_ns(op));
    if (file_size(card.path()) < before) ++compactions;
    after();
    floor.push_back(time_ns([&] { floor_file.append(payload); }));
  }
  const Summary floor_summary = summarize(std::move(floor));
  json floor_json = to_json(floor_summary);
  floor_json["bytes"] = op_bytes;
  ops[floor_name] = floor_json;
  json out = with_floor(summarize(std::move(measured)), floor_name, floor_summary);
  out["bytes_appended"] = op_bytes;
  out["compactions"] = compactions;
  return out;
}

void bench_verify(CardOnFile& card, const std::string& dir, const Counts& counts, json& ops) {
  const Bytes right = verify_command(kAuthPin);
  const Bytes wrong = verify_command("9999");
  card.expect(select_jpki_command(), sw::kSuccess, "SELECT of the JPKI AP");
  card.expect(select_ef_command(0x0018), sw::kSuccess, "SELECT of EF 0018");
  card.expect(right, sw::kSuccess, "VERIFY of the auth PIN");

  progress("VERIFY (right PIN) vs append + fdatasync, " + std::to_string(counts.durable) + " each");
  AppendSyncFile floor_right(dir + "/floor-verify.bin");
  ops["verify"] = durable_pair(
      card, floor_right, counts, "append_fdatasync_verify",
      [&] { g_sink = g_sink + card.card().transmit(right).size(); }, [] {}, ops);
  ops["verify"]["target_ratio"] = kVerifyTargetRatio;

  // Wrong then right, so the counter never runs out (three wrong in a row would block the PIN).
  card.expect(wrong, sw::kCounterBase | 2, "VERIFY with a wrong PIN");
  card.expect(right, sw::kSuccess, "VERIFY of the auth PIN after a wrong one");
  progress("VERIFY (wrong PIN, then an untimed right one) vs append + fdatasync, " +
           std::to_string(counts.durable) + " each");
  AppendSyncFile floor_wrong(dir + "/floor-verify-wrong.bin");
  ops["verify_wrong"] = durable_pair(
      card, floor_wrong, counts, "append_fdatasync_verify_wrong",
      [&] { g_sink = g_sink + card.card().transmit(wrong).size(); },
      [&] { card.expect(right, sw::kSuccess, "VERIFY of the auth PIN after a wrong one"); }, ops);
  ops["verify_wrong"]["target_ratio"] = kVerifyTargetRatio;
}

void bench_sign(CardOnFile& card, const Options& options, const Counts& counts, json& ops,
                json& versions) {
  const Bytes sign = sign_command();
  card.expect(select_jpki_command(), sw::kSuccess, "SELECT of the JPKI AP");
  card.expect(select_ef_command(0x0018), sw::kSuccess, "SELECT of EF 0018");
  card.expect(verify_command(kAuthPin), sw::kSuccess, "VERIFY of the auth PIN");
  card.expect(select_ef_command(0x0017), sw::kSuccess, "SELECT of EF 0017");
  if (card.expect(sign, sw::kSuccess, "COMPUTE DIGITAL SIGNATURE").size() != 258)
    throw std::runtime_error("COMPUTE DIGITAL SIGNATURE did not return 256 bytes");
  // The same signature straight from mbedTLS, without the card around it, with a key of the
  // same size: tells the card's own cost apart from the library's.
  auto key = card::crypto::RsaPrivateKey::generate(card::system_random());
  if (!key) throw std::runtime_error("mbedTLS could not generate an RSA-2048 key");
  const ByteView digest_info = ByteView(sign).subspan(5, sign[4]);
  // Rounds of (SIGN and bare mbedTLS in turn, then `openssl speed`), so that the load of this
  // shared machine, which changes by the second, weighs on both sides of the ratio alike.
  std::vector<std::uint64_t> card_samples, bare_samples, openssl_ns;
  json rounds = json::array();
  OpensslSpeed speed;
  for (int round = 0; round < options.sign_rounds; ++round) {
    const std::size_t first = card_samples.size();
    progress("round " + std::to_string(round + 1) + "/" + std::to_string(options.sign_rounds) +
             ": SIGN and bare mbedTLS signing, " + std::to_string(counts.sign) + " each");
    sample_pair(
        3, counts.sign, 1, [&] { g_sink = g_sink + card.card().transmit(sign).size(); },
        [&] { g_sink = g_sink + key->sign_pkcs1_v15(digest_info, card::system_random())->size(); },
        card_samples, bare_samples);
    const Summary card_round =
        summarize({card_samples.begin() + static_cast<long>(first), card_samples.end()});
    progress("round " + std::to_string(round + 1) + ": openssl speed rsa2048 (" +
             std::to_string(2 * options.openssl_seconds) + " s)");
    speed = openssl_rsa2048_speed(options.openssl_seconds);
    openssl_ns.push_back(static_cast<std::uint64_t>(1e9 / speed.sign_per_s));
    Summary openssl_round;
    openssl_round.median_ns = openssl_ns.back();
    rounds.push_back({{"sign_median_ns", card_round.median_ns},
                      {"openssl_sign_per_s", speed.sign_per_s},
                      {"ratio", ratio(card_round, openssl_round)}});
  }
  versions["openssl"] = speed.version;
  Summary openssl_floor = summarize(openssl_ns);
  ops["openssl_sign"] = {{"command", speed.command},
                         {"rounds", options.sign_rounds},
                         {"median_ns", openssl_floor.median_ns},
                         {"min_ns", openssl_floor.min_ns},
                         {"max_ns", openssl_floor.max_ns}};
  const Summary card_sign = summarize(std::move(card_samples));
  const Summary bare_sign = summarize(std::move(bare_samples));
  ops["mbedtls_sign"] = with_floor(bare_sign, "openssl_sign", openssl_floor);
  ops["sign"] = with_floor(card_sign, "openssl_sign", openssl_floor);
  ops["sign"]["ratio_to_mbedtls_sign"] = ratio(card_sign, bare_sign);
  ops["sign"]["rounds"] = rounds;
}

bool on_tmpfs(const std::string& dir) {
  struct statfs fs {};
  return ::statfs(dir.c_str(), &fs) == 0 && static_cast<long>(fs.f_type) == kTmpfsMagic;
}

// A fresh directory under `parent`, removed with everything in it when the bench ends.
class WorkDir {
 public:
  explicit WorkDir(const std::string& parent) {
    std::string pattern = parent + "/mynasim-bench-XXXXXX";
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a directory in " + parent + ": " +
                               std::strerror(errno));
    path_ = pattern;
  }
  ~WorkDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

int run(const Options& options) {
  const Counts counts = options.quick ? Counts{2'000, 50, 10} : Counts{20'000, 500, 70};
  json report = start_report("bench_card", options.quick);
  json versions = {{"mbedtls", MBEDTLS_VERSION_STRING}};

  WorkDir work(options.dir);
  const bool tmpfs = on_tmpfs(work.path());
  if (tmpfs)
    std::cerr << "bench_card: warning: " << options.dir << " is tmpfs: fdatasync is free\n";
  progress("personalizing a card (RSA key generation)");
  const Bytes image = issue_image();
  CardOnFile card(work.path() + "/card.img", image);
  report["image"] = {{"dir", options.dir}, {"tmpfs", tmpfs}, {"initial_bytes", image.size()}};

  json ops = json::object();
  bench_dispatch(card, counts, ops);
  bench_verify(card, work.path(), counts, ops);
  bench_sign(card, options, counts, ops, versions);
  report["versions"] = versions;
  report["operations"] = ops;
  print_report(report);
  return 0;
}

std::string default_dir() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir && *tmpdir ? tmpdir : "/var/tmp";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "bench_card: latency of the card's commands (SELECT, READ BINARY, VERIFY, SIGN), each "
      "with a floor measured in the same run, as JSON on stdout"};
  Options options;
  options.dir = default_dir();
  app.add_option("--dir", options.dir,
                 "directory for the card image and the fsync floor files; on the disk to "
                 "measure, not tmpfs (default: $TMPDIR or /var/tmp)")
      ->check(CLI::ExistingDirectory);
  app.add_flag("--quick", options.quick, "a tenth of the iterations (a smoke run)");
  app.add_option("--openssl-seconds", options.openssl_seconds,
                 "seconds `openssl speed` signs (and then verifies) in each round (default 1)")
      ->check(CLI::Range(1, 60));
  app.add_option("--sign-rounds", options.sign_rounds,
                 "rounds of SIGN timing and `openssl speed` in turn (default 3)")
      ->check(CLI::Range(1, 20));
  return mynasim::bench::bench_main(app, "bench_card", argc, argv, [&] { return run(options); });
}
