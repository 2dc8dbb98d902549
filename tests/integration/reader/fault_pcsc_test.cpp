// Faults through a real private pcscd (reader/stack, as mynasim runs it): a SimulatedCard of the
// test card behind a decorator that returns one Exchange kind on a chosen command; the client is
// reader/pcsc. Asserts the PC/SC code of the faulted call and of the calls after it, which must
// be what pcsc-lite 1.9.9 gives with libccid and a real reader (reader/PROTOCOL.md, Faults).
//
// One stack for the whole program (libpcsclite reads PCSCLITE_CSOCK_NAME once per process);
// each test puts a fresh copy of the test card (the reader_card fixture) into its reader.
#include <PCSC/winscard.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "reader/emulator/driver_path.hpp"
#include "reader/emulator/simulated_card.hpp"
#include "reader/pcsc/context.hpp"
#include "reader/pcsc/pcsc_error.hpp"
#include "reader/stack/private_stack.hpp"

namespace mynasim::reader {
namespace {

using Clock = std::chrono::steady_clock;

const Bytes kSelectJpki = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                           0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
// The signature password's EF (the test card's is DEMOPASS1, 5 tries).
const Bytes kSelectPassword = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x1B};
const Bytes kTriesLeft = {0x00, 0x20, 0x00, 0x80};  // empty VERIFY of the selected password
const Bytes kReadCert = {0x00, 0xB0, 0x00, 0x00, 0x04};

// Does `kind` to the next command with INS `ins` (once), or arms a power cut at its `step`.
class OneFault final : public CardDecorator {
 public:
  explicit OneFault(std::unique_ptr<emulator::SimulatedCard> card)
      : CardDecorator(*card), card_(std::move(card)) {}
  void arm(std::uint8_t ins, Exchange::Kind kind, int reinsert_ms = -1) {
    std::lock_guard lock(mutex_);
    ins_ = ins;
    kind_ = kind;
    reinsert_ms_ = reinsert_ms;
    cut_step_ = 0;
  }
  void arm_cut(std::uint8_t ins, int step) {
    std::lock_guard lock(mutex_);
    ins_ = ins;
    cut_step_ = step;
  }
  Exchange exchange(ByteView command) override {
    std::unique_lock lock(mutex_);
    if (ins_ < 0 || command[1] != ins_) return CardDecorator::exchange(command);
    ins_ = -1;
    if (cut_step_ > 0) {
      inner().arm_power_cut(cut_step_);
      return CardDecorator::exchange(command);
    }
    Exchange exchange{kind_, {}, reinsert_ms_};
    if (kind_ != Exchange::Kind::kMute && kind_ != Exchange::Kind::kRemove)
      exchange.response = transmit(command);
    return exchange;
  }

 private:
  std::unique_ptr<emulator::SimulatedCard> card_;
  std::mutex mutex_;
  int ins_ = -1;
  Exchange::Kind kind_ = Exchange::Kind::kAnswer;
  int reinsert_ms_ = -1;
  int cut_step_ = 0;
};

std::string fresh_image() {
  const char* fixture = std::getenv("MYNASIM_TEST_CARD");
  if (!fixture) fixture = MYNASIM_TEST_CARD_PATH;
  static int copies = 0;
  const std::string copy =
      std::filesystem::temp_directory_path() /
      ("mynasim-fault-" + std::to_string(getpid()) + "-" + std::to_string(++copies) + ".img");
  std::filesystem::copy_file(fixture, copy, std::filesystem::copy_options::overwrite_existing);
  return copy;
}

std::unique_ptr<OneFault> fresh_card(std::string* image_out = nullptr) {
  const std::string image = fresh_image();
  if (image_out) *image_out = image;
  std::string error;
  auto card = emulator::SimulatedCard::load(image, error);
  REQUIRE(card);
  return std::make_unique<OneFault>(std::move(card));
}

// The one stack, and the card now in its reader.
struct Bench {
  std::unique_ptr<stack::PrivateStack> stack;
  OneFault* card = nullptr;
  std::string image;
};

Bench& bench() {
  static Bench b;
  if (!b.stack) {
    std::vector<std::unique_ptr<CardEndpoint>> cards;
    cards.push_back(fresh_card(&b.image));
    b.card = static_cast<OneFault*>(cards.back().get());
    stack::StackConfig config;
    config.driver = emulator::find_driver();
    b.stack = std::make_unique<stack::PrivateStack>(config, std::move(cards));
  } else {
    auto card = fresh_card(&b.image);
    b.card = card.get();
    b.stack->replace(0, std::move(card));
  }
  b.stack->insert(0);
  return b;
}

long code_of(pcsc::CardConnection& card, ByteView command) {
  try {
    card.transmit_raw(command);
    return SCARD_S_SUCCESS;
  } catch (const pcsc::PcscError& e) {
    return e.code();
  }
}

std::string name(long code) {
  return pcsc::error_name(code);
}

Bytes sent(pcsc::CardConnection& card, ByteView command) {
  return card.transmit_raw(command);
}

struct Run {
  int status = -1;
  std::string err;
};

// Runs mynatool (this build's, or MYNASIM_MYNATOOL) against the stack with `args`; its stderr and
// exit status.
Run mynatool(const std::string& args) {
  const char* tool = std::getenv("MYNASIM_MYNATOOL");
  if (!tool) tool = MYNASIM_MYNATOOL_PATH;
  const std::string err = std::filesystem::temp_directory_path() /
                          ("mynasim-fault-" + std::to_string(getpid()) + ".err");
  const std::string command = std::string(tool) + " " + args + " 2>" + err + " >/dev/null";
  Run run;
  const int raw = std::system(command.c_str());
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(err);
  std::getline(in, run.err, '\0');
  std::filesystem::remove(err);
  return run;
}

}  // namespace

TEST_CASE("a card removed during a command: SCARD_E_NOT_TRANSACTED, then SCARD_W_REMOVED_CARD") {
  Bench& b = bench();
  pcsc::Context context;
  const std::string reader = b.stack->reader_name(0);
  auto card = context.connect(reader);
  REQUIRE(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
  b.card->arm(0xB0, Exchange::Kind::kRemove, 300);
  CHECK(name(code_of(*card, kReadCert)) == "SCARD_E_NOT_TRANSACTED");
  // pcscd's event thread marks the handle; the driver lets it go first, but a client that
  // still gets there before it is failed as libccid's dead T=1 does (PROTOCOL.md, Faults).
  const std::string next = name(code_of(*card, kReadCert));
  CHECK((next == "SCARD_W_REMOVED_CARD" || next == "SCARD_E_NOT_TRANSACTED"));
  if (next != "SCARD_W_REMOVED_CARD")
    CHECK(name(code_of(*card, kReadCert)) == "SCARD_W_REMOVED_CARD");
  // Back after 300 ms; the handle keeps its removal until it reconnects, as pcsc-lite does.
  REQUIRE(context.wait_for_card(reader, std::chrono::seconds(5)));
  CHECK(name(code_of(*card, kReadCert)) == "SCARD_W_REMOVED_CARD");
  card->reset();
  CHECK(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
}

TEST_CASE("a card removed after answering: the answer, then SCARD_W_REMOVED_CARD; out for good") {
  Bench& b = bench();
  pcsc::Context context;
  const std::string reader = b.stack->reader_name(0);
  auto card = context.connect(reader);
  b.card->arm(0xA4, Exchange::Kind::kAnswerThenRemove);
  CHECK(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
  CHECK(name(code_of(*card, kReadCert)) == "SCARD_W_REMOVED_CARD");
  CHECK_FALSE(context.wait_for_card(reader, std::chrono::milliseconds(500)));
  b.stack->insert(0);  // `mynasim insert` still works
  auto again = context.connect(reader);
  CHECK(sent(*again, kSelectJpki) == Bytes{0x90, 0x00});
}

TEST_CASE("a mute card: SCARD_E_NOT_TRANSACTED after the reader's timeout; T=1 needs a reset") {
  Bench& b = bench();
  pcsc::Context context;
  auto card = context.connect(b.stack->reader_name(0));
  REQUIRE(card->t1());
  REQUIRE(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
  b.card->arm(0xB0, Exchange::Kind::kMute);
  const auto start = Clock::now();
  CHECK(name(code_of(*card, kReadCert)) == "SCARD_E_NOT_TRANSACTED");
  CHECK(Clock::now() - start >= std::chrono::milliseconds(1430));      // the ATR's BWT, not sooner
  CHECK(name(code_of(*card, kReadCert)) == "SCARD_E_NOT_TRANSACTED");  // libccid's dead T=1
  card->reset();
  CHECK(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
}

TEST_CASE("a reset after the answer: every handle's next call gets SCARD_W_RESET_CARD") {
  Bench& b = bench();
  pcsc::Context context, other_context;
  const std::string reader = b.stack->reader_name(0);
  auto card = context.connect(reader);
  auto other = other_context.connect(reader);
  REQUIRE(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
  b.card->arm(0xA4, Exchange::Kind::kAnswerThenReset);
  CHECK(sent(*card, kSelectPassword) == Bytes{0x90, 0x00});
  CHECK(name(code_of(*card, kTriesLeft)) == "SCARD_W_RESET_CARD");
  CHECK(name(code_of(*other, kTriesLeft)) == "SCARD_W_RESET_CARD");
  // The card was really reset: after reconnecting, nothing is selected any more.
  card->reset();
  CHECK(sent(*card, kTriesLeft) != Bytes{0x63, 0xC5});
  CHECK(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
}

TEST_CASE("a reset during a client's transaction waits for its end, then every handle sees it") {
  Bench& b = bench();
  pcsc::Context context;
  const std::string reader = b.stack->reader_name(0);
  auto card = context.connect(reader);
  REQUIRE(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
  {
    pcsc::CardConnection::Transaction transaction(*card);
    b.card->arm(0xA4, Exchange::Kind::kAnswerThenReset);
    // pcscd makes the reset's connect wait for the lock: the answer goes out unchanged...
    CHECK(sent(*card, kSelectPassword) == Bytes{0x90, 0x00});
    // ... and inside the transaction the card keeps its state: the password EF is selected.
    CHECK(sent(*card, kTriesLeft) == Bytes{0x63, 0xC5});
  }
  // Once the transaction ends the reset gets its turn (pcscd polls the lock every 100 ms). Until
  // then calls still succeed; the first that does not must be SCARD_W_RESET_CARD.
  long code = SCARD_S_SUCCESS;
  const auto limit = Clock::now() + std::chrono::seconds(10);
  while (code == SCARD_S_SUCCESS && Clock::now() < limit) {
    code = code_of(*card, kTriesLeft);
    if (code == SCARD_S_SUCCESS) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(name(code) == "SCARD_W_RESET_CARD");
  // The card was really reset: after reconnecting, nothing is selected any more.
  card->reset();
  CHECK(sent(*card, kTriesLeft) != Bytes{0x63, 0xC5});
  CHECK(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
}

TEST_CASE("a reset while the client holds the reader exclusively cannot happen") {
  Bench& b = bench();
  pcsc::Context context;
  // reader/pcsc connects shared; an exclusive client through libpcsclite itself.
  SCARDCONTEXT raw_context = 0;
  REQUIRE(SCardEstablishContext(SCARD_SCOPE_USER, nullptr, nullptr, &raw_context) ==
          SCARD_S_SUCCESS);
  SCARDHANDLE handle = 0;
  DWORD protocol = 0;
  const std::string reader = b.stack->reader_name(0);
  REQUIRE(SCardConnect(raw_context, reader.c_str(), SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T1,
                       &handle, &protocol) == SCARD_S_SUCCESS);
  auto transmit = [&](const Bytes& command) {
    Bytes out(258);
    DWORD size = out.size();
    SCARD_IO_REQUEST received = *SCARD_PCI_T1;
    const LONG rv = SCardTransmit(handle, SCARD_PCI_T1, command.data(), command.size(), &received,
                                  out.data(), &size);
    out.resize(rv == SCARD_S_SUCCESS ? size : 0);
    return std::make_pair(rv, out);
  };
  b.card->arm(0xA4, Exchange::Kind::kAnswerThenReset);
  CHECK(transmit(kSelectJpki) == std::make_pair(LONG{SCARD_S_SUCCESS}, Bytes{0x90, 0x00}));
  // SCardConnect from any other program gets SCARD_E_SHARING_VIOLATION: no reset, as with a
  // real reader; mynasim says so on stderr.
  CHECK(transmit(kSelectPassword) == std::make_pair(LONG{SCARD_S_SUCCESS}, Bytes{0x90, 0x00}));
  SCardDisconnect(handle, SCARD_LEAVE_CARD);
  SCardReleaseContext(raw_context);
}

TEST_CASE(
    "a power cut during VERIFY: no answer, the card leaves; the image loads, tries never "
    "come back") {
  Bench& b = bench();
  pcsc::Context context;
  const std::string reader = b.stack->reader_name(0);
  int before = 5;
  // Steps 1..6 cover the counter's durable write (its system calls, whatever they are).
  for (int step = 1; step <= 6; ++step) {
    auto card = context.connect(reader);
    REQUIRE(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
    REQUIRE(sent(*card, kSelectPassword) == Bytes{0x90, 0x00});
    const Bytes tries = sent(*card, kTriesLeft);
    REQUIRE(tries.size() == 2);
    const int now = tries[1] & 0x0F;
    CHECK(now <= before);  // never back up
    before = now;
    if (now <= 1) break;
    b.card->arm_cut(0x20, step);
    const Bytes wrong = {0x00, 0x20, 0x00, 0x80, 0x0A, 'W', 'R', 'O',
                         'N',  'G',  'P',  'A',  'S',  'S', '1'};
    const long code = code_of(*card, wrong);
    if (b.card->power_cut_fired()) {
      CHECK(name(code) == "SCARD_E_NOT_TRANSACTED");
      REQUIRE_FALSE(context.wait_for_change(reader, true, std::chrono::seconds(5)));  // out
      b.stack->insert(0);  // power back: the card as its image has it
    } else {
      CHECK(code == SCARD_S_SUCCESS);  // the write needed fewer calls than `step`
    }
  }
  auto card = context.connect(reader);
  REQUIRE(sent(*card, kSelectJpki) == Bytes{0x90, 0x00});
  REQUIRE(sent(*card, kSelectPassword) == Bytes{0x90, 0x00});
  const Bytes tries = sent(*card, kTriesLeft);
  CHECK((tries[1] & 0x0F) <= before);
  CHECK(before < 5);  // some wrong VERIFY counted, cut or not
}

TEST_CASE("mynatool: the card removed during 80 2A says so and that nothing was signed") {
  Bench& b = bench();
  const std::string input = std::filesystem::temp_directory_path() /
                            ("mynasim-fault-" + std::to_string(getpid()) + ".in");
  std::ofstream(input) << "to be signed";
  setenv("SIGN_PASSWORD", "DEMOPASS1", 1);  // the test card's (a short-lived child only)
  const std::string args =
      "sign --type sign --in " + input + " --out " + input + ".sig --pin-env SIGN_PASSWORD";
  SECTION("removed during the signature") {
    b.card->arm(0x2A, Exchange::Kind::kRemove, -1);
    const Run run = mynatool(args);
    CHECK(run.status == 1);
    CHECK(run.err == "mynatool: the card was removed during the signature; nothing was signed\n");
  }
  SECTION("mute during the signature") {
    b.card->arm(0x2A, Exchange::Kind::kMute);
    const Run run = mynatool(args);
    CHECK(run.status == 1);
    CHECK(run.err ==
          "mynatool: the card did not answer within the reader's timeout during the signature; "
          "nothing was signed\n");
  }
  CHECK_FALSE(std::filesystem::exists(input + ".sig"));  // nothing written either
  std::filesystem::remove(input);
  std::filesystem::remove(input + ".sig");
}

}  // namespace mynasim::reader
