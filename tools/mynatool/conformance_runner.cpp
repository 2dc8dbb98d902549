// The card under test: commands as status words, and the events whose effect on the counters
// and the security state the scenarios check (reset, power cycle, reconnect, and with a
// simulator harness a restart or a kill -9 of mynasim).

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "hostcrypto/digest_info.hpp"
#include "tools/mynatool/conformance.hpp"

namespace mynasim::tools::conformance {
namespace {

using iso7816::CommandApdu;
constexpr auto kCardTimeout = std::chrono::seconds(10);

using iso7816::make_command;

Bytes bytes_of(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

// Runs `program action` (no shell) and returns its exit status.
int run_harness(const std::string& program, const std::string& action) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    execl(program.c_str(), program.c_str(), action.c_str(), static_cast<char*>(nullptr));
    std::fprintf(stderr, "mynatool conformance: cannot run %s: %s\n", program.c_str(),
                 std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::string sw_hex(std::uint16_t sw) {
  char out[5];
  std::snprintf(out, sizeof out, "%04X", sw);
  return out;
}

CardUnderTest::CardUnderTest(Options options) : options_(std::move(options)) {
  reader_ = context_.choose_reader(options_.reader);
  connect();
}

CardUnderTest::~CardUnderTest() = default;

void CardUnderTest::connect() {
  channel_.reset();
  card_.reset();
  const auto deadline = std::chrono::steady_clock::now() + kCardTimeout;
  for (;;) {
    try {
      context_.wait_for_card(reader_, std::chrono::milliseconds(200));
      card_ = context_.connect(reader_);
      break;
    } catch (const pcsc::PcscError&) {
      if (std::chrono::steady_clock::now() > deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  client::PcscChannel::TraceSink sink;
  if (options_.trace)
    sink = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  channel_ = std::make_unique<client::PcscChannel>(*card_, sink);
}

std::uint16_t CardUnderTest::transmit(CommandApdu c) {
  const auto response = channel_->transmit(c);
  secure_wipe(c.data);
  return response.sw;
}

std::uint16_t CardUnderTest::select_application(ByteView aid) {
  return transmit(make_command(0x00, 0xA4, 0x04, 0x0C, Bytes(aid.begin(), aid.end())));
}

std::uint16_t CardUnderTest::select_ef(std::uint16_t fid) {
  Bytes name;
  append_u16(name, fid);
  return transmit(make_command(0x00, 0xA4, 0x02, 0x0C, name));
}

std::uint16_t CardUnderTest::query() {
  return transmit(make_command(0x00, 0x20, 0x00, 0x80));
}

std::uint16_t CardUnderTest::verify(const std::string& value) {
  return transmit(make_command(0x00, 0x20, 0x00, 0x80, bytes_of(value)));
}

std::uint16_t CardUnderTest::change(const client::PinEntry& entry, const std::string& new_value) {
  if (entry.change == client::PinChange::kChangeKey)
    return transmit(make_command(0x80, 0x32, 0x00, 0x80, bytes_of(new_value)));
  return transmit(make_command(0x00, 0x24, 0x01, 0x80, bytes_of(new_value)));
}

std::uint16_t CardUnderTest::sign_test_digest(std::uint16_t key_fid) {
  if (const std::uint16_t sw = select_ef(key_fid); sw != 0x9000) return sw;
  // SHA-256 DigestInfo of 32 bytes of 0x5A: what is signed does not matter here.
  return transmit(
      make_command(0x80, 0x2A, 0x00, 0x80, hostcrypto::sha256_digest_info(Bytes(32, 0x5A)), 256));
}

void CardUnderTest::reset() {
  card_->reset();
}

void CardUnderTest::power_cycle() {
  card_->power_cycle();
}

void CardUnderTest::reconnect() {
  connect();
}

void CardUnderTest::simulator(const std::string& action) {
  if (options_.simulator_control.empty())
    throw std::runtime_error("no simulator harness (--simulator-control) to " + action +
                             " mynasim");
  channel_.reset();
  card_.reset();
  if (const int status = run_harness(options_.simulator_control, action); status != 0)
    throw std::runtime_error("the simulator harness " + options_.simulator_control + " " + action +
                             " exited with status " + std::to_string(status));
  connect();
}

}  // namespace mynasim::tools::conformance
