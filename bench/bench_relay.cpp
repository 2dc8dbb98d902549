// bench_relay: what `mynasim relay` adds to a round trip. A test card in a private stack
// (`mynasim run`, stack A) and a relay in front of it (`mynasim relay --reader <A's reader>
// --trace`, upstream A); the same client APDUs are timed directly against A and through the
// relay, in turn, in the same run: the direct figures are the floor. JSON on stdout
// (bench/README.md). Never run by ctest: timing is not a test.
//
// libpcsclite talks to one pcscd per process (it reads PCSCLITE_CSOCK_NAME once), so each side
// is timed by a worker process of its own, forked before anything here touches PC/SC; the
// workers take turns, one round at a time, so that drift hits both.
#include <CLI/CLI.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "bench/background_stack.hpp"
#include "bench/bench_main.hpp"
#include "bench/bench_reader_setup.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"
#include "reader/pcsc/context.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;

const Bytes kSelectJpki = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                           0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
const Bytes kSelectCert = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A};  // EF 000A
const Bytes kReadBinary256 = {0x00, 0xB0, 0x00, 0x00, 0x00};           // Le=00: 256 bytes
const char* const kReader = "Mynasim Virtual Reader 00 00";            // stack A's and the relay's
constexpr std::uint32_t kRound = 50;                                   // samples per turn

// What one sample is.
enum Op : std::uint8_t {
  kSelect = 's',      // SELECT the JPKI AP
  kReadBinary = 'r',  // READ BINARY 256 of EF 000A (selected, untimed, before the round)
  kClientRead = 'c',  // a client reading: SELECT AP, SELECT EF 000A, READ BINARY 256
};

struct Options {
  bool quick = false;
};

void read_exact(int fd, void* data, std::size_t size) {
  auto* at = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, at, size);
    if (n <= 0) throw std::runtime_error("a timing worker stopped (its message is above)");
    at += n;
    size -= static_cast<std::size_t>(n);
  }
}

void write_all(int fd, const void* data, std::size_t size) {
  if (::write(fd, data, size) != static_cast<ssize_t>(size))
    throw std::runtime_error("a timing worker stopped (its message is above)");
}

// A process that times APDUs against the card in kReader of the pcscd at `socket`, a round at a
// time, when asked: request = op (1 byte) + count (4 bytes); answer = count nanosecond samples.
class Worker {
 public:
  Worker(const std::string& name, const std::string& socket) {
    int to[2], from[2];
    if (::pipe(to) != 0 || ::pipe(from) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(to[1]);
      ::close(from[0]);
      ::setenv("PCSCLITE_CSOCK_NAME", socket.c_str(), 1);  // before this process's first PC/SC call
      try {
        serve(to[0], from[1]);
      } catch (const std::exception& e) {
        std::cerr << "bench_relay: " << name << ": " << e.what() << "\n";
      }
      ::_exit(1);
    }
    ::close(to[0]);
    ::close(from[1]);
    to_ = to[1];
    from_ = from[0];
  }
  ~Worker() {
    ::close(to_);  // the worker's read ends: it exits
    ::close(from_);
    ::waitpid(pid_, nullptr, 0);
  }

  std::vector<std::uint64_t> run(Op op, std::uint32_t count) {
    std::uint8_t request[5] = {op};
    std::memcpy(request + 1, &count, 4);
    write_all(to_, request, sizeof request);
    std::vector<std::uint64_t> samples(count);
    read_exact(from_, samples.data(), count * sizeof(std::uint64_t));
    return samples;
  }

 private:
  [[noreturn]] static void serve(int in, int out) {
    pcsc::Context context;
    auto card = context.connect(context.choose_reader(kReader));
    for (;;) {
      std::uint8_t request[5];
      if (::read(in, request, sizeof request) != sizeof request) ::_exit(0);
      std::uint32_t count = 0;
      std::memcpy(&count, request + 1, 4);
      if (request[0] == kReadBinary) {
        exchange(*card, kSelectJpki, 2, "SELECT JPKI AP");
        exchange(*card, kSelectCert, 2, "SELECT EF 000A");
      }
      std::vector<std::uint64_t> samples;
      for (std::uint32_t i = 0; i < count; ++i)
        samples.push_back(time_ns([&] {
          if (request[0] == kSelect || request[0] == kClientRead)
            exchange(*card, kSelectJpki, 2, "SELECT JPKI AP");
          if (request[0] == kClientRead) exchange(*card, kSelectCert, 2, "SELECT EF 000A");
          if (request[0] != kSelect) exchange(*card, kReadBinary256, 258, "READ BINARY");
        }));
      write_all(out, samples.data(), samples.size() * sizeof(std::uint64_t));
    }
  }

  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
};

// `warmup` and then `n` samples of `op` from each worker, a round of kRound at a time, in turn.
std::pair<Summary, Summary> interleaved(Worker& direct, Worker& relayed, Op op,
                                        std::uint32_t warmup, std::uint32_t n) {
  direct.run(op, warmup);
  relayed.run(op, warmup);
  std::vector<std::uint64_t> a, b;
  while (a.size() < n) {
    const std::uint32_t round = std::min<std::uint32_t>(kRound, n - a.size());
    for (auto s : direct.run(op, round)) a.push_back(s);
    for (auto s : relayed.run(op, round)) b.push_back(s);
  }
  return {summarize(std::move(a)), summarize(std::move(b))};
}

int run(const Options& options) {
  const std::uint32_t n = options.quick ? 200 : 2000;
  const std::uint32_t warmup = options.quick ? 20 : 100;
  const std::string mynasim = MYNASIM_TOOL_PATH;
  json report = start_report("bench_relay", options.quick);

  char pattern[] = "/tmp/mynasim-bench-XXXXXX";
  if (!::mkdtemp(pattern)) throw std::runtime_error("cannot make a directory in /tmp");
  const std::string work = pattern;
  struct Cleanup {
    std::string dir;
    ~Cleanup() { std::filesystem::remove_all(dir); }
  } cleanup{work};
  const std::string image = work + "/card.img";
  const std::string trace = work + "/trace.jsonl";
  progress("issuing a test card into " + image);
  issue_test_card_image(image);

  BackgroundStack stack({mynasim, "run", "--card", image}, {}, work + "/run.log");
  BackgroundStack relay({mynasim, "relay", "--reader", kReader, "--trace", trace}, stack.socket,
                        work + "/relay.log");
  json operations;
  {
    Worker direct("direct", stack.socket);
    Worker relayed("relay", relay.socket);
    auto measure = [&](const std::string& key, Op op, const char* what) {
      progress(what);
      auto [floor, through] = interleaved(direct, relayed, op, warmup, n);
      operations["direct_" + key] = to_json(floor);
      json entry = to_json(through);
      entry["floor"] = "direct_" + key;
      entry["ratio"] = ratio(through, floor);
      entry["added_median_ns"] =
          static_cast<std::int64_t>(through.median_ns) - static_cast<std::int64_t>(floor.median_ns);
      operations["relay_" + key] = entry;
    };
    measure("select", kSelect, "SELECT JPKI AP, direct and through the relay");
    measure("read_binary_256", kReadBinary, "READ BINARY 256, direct and through the relay");
    measure("client_read", kClientRead, "SELECT AP + SELECT EF + READ BINARY 256");
  }
  report["operations"] = operations;
  relay.stop();  // the trace is complete
  std::ifstream in(trace);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  struct stat st {};
  ::stat(trace.c_str(), &st);
  report["trace"] = {{"lines", lines}, {"bytes", st.st_size}};
  print_report(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"What mynasim relay adds to a round trip, against the same card directly (JSON)"};
  app.add_flag("--quick", options.quick, "a tenth of the iterations, a smoke run");
  return mynasim::bench::bench_main(app, "bench_relay", argc, argv, [&] { return run(options); });
}
