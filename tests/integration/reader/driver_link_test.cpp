// libifd-mynasim.so and reader/link in one process, without pcscd: the IFD handler entry points
// are called as pcscd calls them (a fake event thread runs the polling function and
// IFDHICCPresence), and the card side is reader/link with a scripted card. Byte-exact.
extern "C" {
#include <ifdhandler.h>
#include <reader.h>
}

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include "reader/ifd/mute_timeout.hpp"
#include "reader/link/card_link.hpp"
#include "reader/link/link_thread.hpp"
#include "reader/link/wire.hpp"

namespace mynasim::reader {
namespace {

Bytes hex(std::string_view text) {
  Bytes out;
  if (!from_hex(text, out)) FAIL("bad hex " << text);
  return out;
}

// Answers SELECT of the JPKI AP with 9000, an "echo" instruction (EE) with its data, anything
// else with 6D00; records the power events.
class ScriptedCard final : public CardEndpoint {
 public:
  Bytes atr() override { return hex("3B E0 00 FF 81 31 FE 45 14"); }
  void power_on() override { events.push_back("on"); }
  void reset() override { events.push_back("reset"); }
  void power_off() override { events.push_back("off"); }
  Bytes transmit(ByteView command) override {
    if (Bytes(command.begin(), command.end()) ==
        hex("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"))
      return {0x90, 0x00};
    if (command.size() > 7 && command[1] == 0xEE) {  // extended case 4: 7-byte header, 2-byte Le
      Bytes out(command.begin() + 7, command.end() - 2);
      out.push_back(0x90);
      out.push_back(0x00);
      return out;
    }
    return {0x6D, 0x00};
  }
  std::vector<std::string> events;
};

// Does to the commands whose INS is in `faults` what the fault says; records every command the
// card itself answered.
class FaultScript final : public CardDecorator {
 public:
  explicit FaultScript(CardEndpoint& inner) : CardDecorator(inner) {}
  Exchange exchange(ByteView command) override {
    const auto found = faults.find(command[1]);
    if (found == faults.end() || found->second.kind == Exchange::Kind::kMute ||
        found->second.kind == Exchange::Kind::kRemove) {
      if (found != faults.end()) return found->second;
      answered.emplace_back(command.begin(), command.end());
      return CardDecorator::exchange(command);
    }
    answered.emplace_back(command.begin(), command.end());
    Exchange exchange = found->second;
    exchange.response = transmit(command);
    return exchange;
  }
  std::map<std::uint8_t, Exchange> faults;
  std::vector<Bytes> answered;
};

using Poller = RESPONSECODE (*)(DWORD, int);

// One reader of the driver at a fresh socket path, and pcscd's event thread.
class Reader {
 public:
  explicit Reader(DWORD index) : lun_(index << 16) {
    char pattern[] = "/tmp/mynasim-ifd.XXXXXX";
    REQUIRE(mkdtemp(pattern));
    dir_ = pattern;
    path_ = dir_ + "/card.sock";
    const std::string device = "unix:" + path_;
    REQUIRE(IFDHCreateChannelByName(lun_, const_cast<char*>(device.c_str())) == IFD_SUCCESS);
    DWORD length = sizeof(Poller);
    Poller poller = nullptr;
    REQUIRE(IFDHGetCapabilities(lun_, TAG_IFD_POLLING_THREAD_WITH_TIMEOUT, &length,
                                reinterpret_cast<PUCHAR>(&poller)) == IFD_SUCCESS);
    REQUIRE(poller);
    // As pcscd's EHStatusHandlerThread: ask for presence, then wait for the next event. The
    // timeout is long on purpose: a missed event makes the test hang (ctest's TIMEOUT fails it)
    // rather than pass by polling.
    events_ = std::thread([this, poller] {
      while (!quit_) {
        present_ = IFDHICCPresence(lun_) == IFD_ICC_PRESENT;
        ++rounds_;
        poller(lun_, quit_ ? 0 : 60000);
      }
    });
  }
  ~Reader() {
    quit_ = true;
    // Wake the poller: a connection that the driver accepts or refuses.
    poke();
    events_.join();
    IFDHCloseChannel(lun_);
    std::filesystem::remove_all(dir_);
  }

  // Waits until the event thread has seen `present` (no timing: an endless wait is a failure
  // that ctest's timeout reports).
  void await(bool present) {
    while (present_ != present) std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  void poke() {
    std::string ignored;
    StopSignal stop;
    Connection c = connect_unix(path_, 0, stop, ignored);
  }

  DWORD lun() const { return lun_; }
  const std::string& path() const { return path_; }

 private:
  DWORD lun_;
  std::string dir_, path_;
  std::atomic<bool> quit_{false}, present_{false};
  std::atomic<int> rounds_{0};
  std::thread events_;
};

Bytes transmit(DWORD lun, ByteView command, RESPONSECODE expected = IFD_SUCCESS,
               DWORD protocol = 1) {
  Bytes response(MAX_BUFFER_SIZE_EXTENDED);
  DWORD length = response.size();
  SCARD_IO_HEADER send{protocol, 0}, receive{0, 0};
  REQUIRE(IFDHTransmitToICC(lun, send, const_cast<PUCHAR>(command.data()), command.size(),
                            response.data(), &length, &receive) == expected);
  if (expected == IFD_SUCCESS) CHECK(receive.Protocol == protocol);
  response.resize(length);
  return response;
}

Bytes power_up(DWORD lun) {
  Bytes atr(MAX_ATR_SIZE);
  DWORD length = atr.size();
  REQUIRE(IFDHPowerICC(lun, IFD_POWER_UP, atr.data(), &length) == IFD_SUCCESS);
  atr.resize(length);
  return atr;
}

// A raw client of the driver's socket, for protocol violations.
class RawPeer {
 public:
  explicit RawPeer(const std::string& path) {
    std::string error;
    StopSignal stop;
    connection_ = connect_unix(path, 1000, stop, error);
    REQUIRE(connection_);
  }
  wire::FrameChannel channel() const { return {connection_.fd(), 4, 1u << 24}; }
  Bytes read() {
    Bytes frame;
    REQUIRE(channel().read(frame, 5000) == wire::Io::kOk);
    return frame;
  }
  void write_raw(ByteView bytes) {
    REQUIRE(::write(connection_.fd(), bytes.data(), bytes.size()) ==
            static_cast<ssize_t>(bytes.size()));
  }
  void close() { connection_ = Connection(); }

 private:
  Connection connection_;
};

}  // namespace

TEST_CASE("a card connecting is inserted, answers APDUs, and leaving is removal") {
  Reader reader(1);
  ScriptedCard card;
  CHECK(IFDHICCPresence(reader.lun()) == IFD_ICC_NOT_PRESENT);
  {
    LinkThread link(reader.path(), card);
    REQUIRE(link.insert() == "");
    reader.await(true);
    CHECK(IFDHICCPresence(reader.lun()) == IFD_ICC_PRESENT);
    CHECK(power_up(reader.lun()) == hex("3B E0 00 FF 81 31 FE 45 14"));

    Bytes atr(MAX_ATR_SIZE);
    DWORD length = atr.size();
    REQUIRE(IFDHGetCapabilities(reader.lun(), TAG_IFD_ATR, &length, atr.data()) == IFD_SUCCESS);
    atr.resize(length);
    CHECK(atr == hex("3B E0 00 FF 81 31 FE 45 14"));

    CHECK(transmit(reader.lun(), hex("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")) ==
          hex("90 00"));
    CHECK(transmit(reader.lun(), hex("00 A4 04 00 06 A0 00 00 00 01 01")) == hex("6D 00"));
    // A one-byte "APDU" would read as a control code: refused, nothing sent.
    transmit(reader.lun(), hex("04"), IFD_COMMUNICATION_ERROR);

    Bytes ignored(MAX_ATR_SIZE);
    length = ignored.size();
    REQUIRE(IFDHPowerICC(reader.lun(), IFD_RESET, ignored.data(), &length) == IFD_SUCCESS);
    length = 0;
    REQUIRE(IFDHPowerICC(reader.lun(), IFD_POWER_DOWN, nullptr, &length) == IFD_SUCCESS);
    link.remove();
    reader.await(false);
  }
  CHECK(IFDHICCPresence(reader.lun()) == IFD_ICC_NOT_PRESENT);
  transmit(reader.lun(), hex("00 A4 04 00 00"), IFD_ICC_NOT_PRESENT);
  // pcscd's power events reached the card in order, and the link powered it off when it left
  // (pcscd's own power-down may or may not have been read before the hang-up: either is right).
  REQUIRE(card.events.size() >= 3);
  CHECK(std::vector<std::string>(card.events.begin(), card.events.begin() + 2) ==
        std::vector<std::string>{"on", "reset"});
  CHECK(card.events.back() == "off");
  CHECK(card.events.size() <= 4);
}

TEST_CASE("extended APDUs up to 65,536 data bytes each way pass unchanged") {
  Reader reader(2);
  ScriptedCard card;
  LinkThread link(reader.path(), card);
  REQUIRE(link.insert() == "");
  reader.await(true);
  power_up(reader.lun());
  Bytes command = {0x80, 0xEE, 0x00, 0x00, 0x00, 0x00, 0x00};  // Lc = 00 00 00: 65,536 is not
  command.resize(7 + 65535);                                   // encodable; 65,535 is
  command[5] = 0xFF;
  command[6] = 0xFF;
  for (std::size_t i = 7; i < command.size(); ++i) command[i] = static_cast<std::uint8_t>(i);
  command.push_back(0x00);
  command.push_back(0x00);  // Le = 65,536
  const Bytes response = transmit(reader.lun(), command);
  REQUIRE(response.size() == 65535 + 2);
  CHECK(std::equal(response.begin(), response.end() - 2, command.begin() + 7));
  CHECK(response[65535] == 0x90);
  // The largest frame pcsc-lite allows (MAX_BUFFER_SIZE_EXTENDED) passes too.
  Bytes largest(MAX_BUFFER_SIZE_EXTENDED, 0x5A);
  largest[1] = 0x01;  // not EE: the card answers 6D00
  CHECK(transmit(reader.lun(), largest) == hex("6D 00"));
}

TEST_CASE("the reader reports one slot, a killable polling thread, and dwMaxAPDUDataSize 65536") {
  Reader reader(3);
  auto byte_tag = [&](DWORD tag) {
    UCHAR value[8] = {};
    DWORD length = sizeof value;
    REQUIRE(IFDHGetCapabilities(reader.lun(), tag, &length, value) == IFD_SUCCESS);
    REQUIRE(length == 1);
    return value[0];
  };
  CHECK(byte_tag(TAG_IFD_SLOTS_NUMBER) == 1);
  CHECK(byte_tag(TAG_IFD_POLLING_THREAD_KILLABLE) == 1);
  CHECK(byte_tag(TAG_IFD_THREAD_SAFE) == 1);
  UCHAR value[8];
  DWORD length = sizeof value;
  CHECK(IFDHGetCapabilities(reader.lun(), 0x0FFF, &length, value) == IFD_ERROR_TAG);

  Bytes out(64);
  DWORD returned = 0;
  REQUIRE(IFDHControl(reader.lun(), CM_IOCTL_GET_FEATURE_REQUEST, nullptr, 0, out.data(),
                      out.size(), &returned) == IFD_SUCCESS);
  out.resize(returned);
  CHECK(out == hex("12 04 42 33 00 12"));
  out.resize(64);
  REQUIRE(IFDHControl(reader.lun(), 0x42330012, nullptr, 0, out.data(), out.size(), &returned) ==
          IFD_SUCCESS);
  out.resize(returned);
  CHECK(out == hex("0A 04 00 00 01 00"));
  CHECK(IFDHControl(reader.lun(), SCARD_CTL_CODE(1), nullptr, 0, out.data(), out.size(),
                    &returned) == IFD_ERROR_NOT_SUPPORTED);
}

TEST_CASE("a second card is turned away while the slot holds one") {
  Reader reader(4);
  ScriptedCard first, second;
  LinkThread a(reader.path(), first), b(reader.path(), second);
  REQUIRE(a.insert() == "");
  reader.await(true);
  CHECK(b.insert() == "the reader refused the card: the slot already holds a card");
  CHECK(a.inserted());
  a.remove();
  reader.await(false);
  CHECK(b.insert() == "");
  reader.await(true);
}

TEST_CASE("the handshake: a wrong version is refused with the reason; no hello, no card") {
  Reader reader(5);
  {
    RawPeer peer(reader.path());
    peer.channel().write(hex("4D 59 4E 41 03"));
    const Bytes answer = peer.read();
    CHECK(std::string(answer.begin() + 5, answer.end()) == "unsupported protocol version");
    CHECK(Bytes(answer.begin(), answer.begin() + 5) == hex("4D 59 4E 41 00"));
  }
  {
    RawPeer peer(reader.path());
    peer.channel().write(hex("00 A4 04 00"));  // not a hello: closed without an answer
    Bytes frame;
    CHECK(peer.channel().read(frame, 5000) == wire::Io::kClosed);
  }
  CHECK(IFDHICCPresence(reader.lun()) == IFD_ICC_NOT_PRESENT);
}

// A raw card that completes the handshake, reads READ BINARY, and then misbehaves as `misbehave`
// says; the transmit must fail with `expected` and the card count as removed.
template <typename Misbehave>
void broken_exchange(Reader& reader, RESPONSECODE expected, Misbehave misbehave) {
  RawPeer peer(reader.path());
  peer.channel().write(wire::hello());
  CHECK(peer.read() == wire::hello());
  reader.await(true);
  std::thread card([&] {
    CHECK(peer.read() == hex("00 B0 00 00 04"));
    misbehave(peer);
  });
  transmit(reader.lun(), hex("00 B0 00 00 04"), expected);
  card.join();
}

// A card lost during a command fails it as libccid does for a T=1 card pulled from a CCID reader
// (IFD_COMMUNICATION_ERROR: pcscd's SCARD_E_NOT_TRANSACTED); PROTOCOL.md, Faults.
TEST_CASE("a card that breaks the protocol or vanishes mid-APDU is removed") {
  Reader reader(6);
  SECTION("it hangs up instead of answering") {
    broken_exchange(reader, IFD_COMMUNICATION_ERROR, [](RawPeer& peer) { peer.close(); });
  }
  SECTION("it announces a frame over 65,548 bytes") {
    broken_exchange(reader, IFD_COMMUNICATION_ERROR,
                    [](RawPeer& peer) { peer.write_raw(hex("00 01 00 0D")); });  // 65,549
  }
  SECTION("it answers without a status word") {
    broken_exchange(reader, IFD_COMMUNICATION_ERROR,
                    [](RawPeer& peer) { peer.channel().write(hex("90")); });
  }
  reader.await(false);
  CHECK(IFDHICCPresence(reader.lun()) == IFD_ICC_NOT_PRESENT);
}

TEST_CASE("DEVICENAME must be unix:PATH, and a non-socket file there is left alone") {
  CHECK(IFDHCreateChannelByName(7 << 16, const_cast<char*>("/dev/null:0x8C7B")) ==
        IFD_COMMUNICATION_ERROR);
  char pattern[] = "/tmp/mynasim-ifd.XXXXXX";
  REQUIRE(mkdtemp(pattern));
  const std::string file = std::string(pattern) + "/card.sock";
  { std::ofstream(file) << "keep me"; }
  const std::string device = "unix:" + file;
  CHECK(IFDHCreateChannelByName(7 << 16, const_cast<char*>(device.c_str())) ==
        IFD_COMMUNICATION_ERROR);
  CHECK(std::filesystem::file_size(file) == 7);
  std::filesystem::remove_all(pattern);
}

TEST_CASE("the vpcd dialect: 2-byte frames, the same control codes, no handshake") {
  int fds[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  Connection vpcd(fds[0]), card_end(fds[1]);
  ScriptedCard card;
  StopSignal stop;
  LinkOutcome outcome{LinkOutcome::Kind::kFailed, ""};
  std::thread serving([&] { outcome = serve_vpcd(card_end.fd(), card, stop); });
  const wire::FrameChannel reader(vpcd.fd(), 2, 0xFFFF);
  Bytes frame;
  reader.write(hex("01"));
  reader.write(hex("04"));
  REQUIRE(reader.read(frame, 5000) == wire::Io::kOk);
  CHECK(frame == hex("3B E0 00 FF 81 31 FE 45 14"));
  reader.write(hex("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"));
  REQUIRE(reader.read(frame, 5000) == wire::Io::kOk);
  CHECK(frame == hex("90 00"));
  // Byte-level: the header is 2 bytes big-endian.
  const Bytes raw = hex("00 05 00 CA 00 00 00");
  REQUIRE(::write(vpcd.fd(), raw.data(), raw.size()) == 7);
  std::uint8_t answer[4];
  REQUIRE(::read(vpcd.fd(), answer, 4) == 4);
  CHECK(Bytes(answer, answer + 4) == hex("00 02 6D 00"));
  vpcd = Connection();
  serving.join();
  CHECK(outcome.kind == LinkOutcome::Kind::kPeerClosed);
  CHECK(card.events == std::vector<std::string>{"on"});
}

namespace {

const Bytes kSelect = hex("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
const Bytes kEcho = hex("80 EE 00 00 00 00 02 AB CD 00 00");

long long elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

// The reader's mute timeout from the ATR: BWT (T=1) or WT (T=0) at 4 MHz, ISO 7816-3.
int timeout_of(std::string_view atr, bool t1) {
  const Bytes bytes = hex(atr);
  return ifd::mute_timeout_ms(bytes.data(), bytes.size(), t1);
}

}  // namespace

TEST_CASE("the reader's mute timeout comes from the ATR (BWI, WI, TA1)") {
  // The JPKI card: TB3 = 45 (BWI 4): 11 etu + 16 x 960 x 372 / 4 MHz = 1,429.5 ms.
  CHECK(timeout_of("3B E0 00 FF 81 31 FE 45 14", true) == 1430);
  // No TB3 for T=1: BWI 4 by default.
  CHECK(timeout_of("3B 80 81 01", true) == 1430);
  // TB3 = 75 (BWI 7): 11 etu + 128 x 89.28 ms.
  CHECK(timeout_of("3B 80 81 21 75", true) == 11429);
  // T=0: WT = 10 x 960 x 372 / 4 MHz (WI default 10), and TC2 = 14 (WI 20) doubles it.
  CHECK(timeout_of("3B 00", false) == 893);
  CHECK(timeout_of("3B 80 40 14", false) == 1786);
  // TA1 = 96 (Fi 512, Di 32) changes the etu of BWT only a little: 11 x 512 / 32 / 4000 ms.
  CHECK(timeout_of("3B 90 96 81 31 FE 45 00", true) == 1429);
  // An ATR cut short inside its interface bytes gets the defaults, not what was read before the
  // cut (TB3 = 75 would give 11,429 ms).
  CHECK(timeout_of("3B 80 81 21", true) == 1430);
}

TEST_CASE("a mute card: the reader waits its timeout and fails the command; T=1 stays dead") {
  Reader reader(8);
  ScriptedCard card;
  FaultScript faulty(card);
  faulty.faults[0xEE] = {Exchange::Kind::kMute, {}, -1};
  LinkThread link(reader.path(), faulty);
  REQUIRE(link.insert() == "");
  reader.await(true);
  power_up(reader.lun());
  const auto start = std::chrono::steady_clock::now();
  transmit(reader.lun(), kEcho, IFD_COMMUNICATION_ERROR);
  CHECK(elapsed_ms(start) >= 1430);  // never sooner than the reader would give up
  // libccid's T=1 is DEAD now: every command fails at once, the card never sees it...
  transmit(reader.lun(), kSelect, IFD_COMMUNICATION_ERROR);
  CHECK(faulty.answered.empty());
  // ... until the card is reset. The card stayed in the reader all along.
  Bytes atr(MAX_ATR_SIZE);
  DWORD length = atr.size();
  REQUIRE(IFDHPowerICC(reader.lun(), IFD_RESET, atr.data(), &length) == IFD_SUCCESS);
  CHECK(transmit(reader.lun(), kSelect) == hex("90 00"));
  CHECK(link.inserted());
  CHECK(IFDHICCPresence(reader.lun()) == IFD_ICC_PRESENT);

  SECTION("under T=0 the next command goes through") {
    transmit(reader.lun(), kEcho, IFD_COMMUNICATION_ERROR, 0);
    CHECK(transmit(reader.lun(), kSelect, IFD_SUCCESS, 0) == hex("90 00"));
  }
  SECTION("a removal during the wait ends it at once") {
    std::thread remover([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      link.remove();
    });
    const auto again = std::chrono::steady_clock::now();
    transmit(reader.lun(), kEcho, IFD_COMMUNICATION_ERROR);
    CHECK(elapsed_ms(again) < 1430);
    remover.join();
    reader.await(false);
  }
}

TEST_CASE("the card leaves during a command: that command fails, the card is out, then back") {
  Reader reader(9);
  ScriptedCard card;
  FaultScript faulty(card);
  LinkThread link(reader.path(), faulty);
  REQUIRE(link.insert() == "");
  reader.await(true);
  power_up(reader.lun());

  SECTION("removed before answering, back after reinsert_ms") {
    faulty.faults[0xEE] = {Exchange::Kind::kRemove, {}, 200};
    transmit(reader.lun(), kEcho, IFD_COMMUNICATION_ERROR);
    reader.await(false);
    CHECK_FALSE(link.inserted());
    transmit(reader.lun(), kSelect, IFD_ICC_NOT_PRESENT);
    faulty.faults.clear();
    reader.await(true);  // the link put it back (it says so once the handshake is done)
    while (!link.inserted()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    power_up(reader.lun());
    CHECK(transmit(reader.lun(), kSelect) == hex("90 00"));
    // Power events: on (ours), off (the card left: durable), on (pcscd's, after reinsertion).
    CHECK(card.events == std::vector<std::string>{"on", "off", "on"});
  }
  SECTION("answered, then removed for good; insert() brings it back") {
    faulty.faults[0xEE] = {Exchange::Kind::kAnswerThenRemove, {}, -1};
    CHECK(transmit(reader.lun(), kEcho) == hex("AB CD 90 00"));
    reader.await(false);
    CHECK(link.last_error() == "the card left the reader: removed after a command");
    faulty.faults.clear();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_FALSE(link.inserted());
    REQUIRE(link.insert() == "");
    reader.await(true);
  }
  SECTION("remove() cancels a pending reinsertion") {
    faulty.faults[0xEE] = {Exchange::Kind::kRemove, {}, 300};
    transmit(reader.lun(), kEcho, IFD_COMMUNICATION_ERROR);
    reader.await(false);
    link.remove();
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK_FALSE(link.inserted());
  }
}

TEST_CASE("a reset fault without a PC/SC stack: answered, and the link says why not reset") {
  Reader reader(10);
  ScriptedCard card;
  FaultScript faulty(card);
  faulty.faults[0xEE] = {Exchange::Kind::kAnswerThenReset, {}, -1};
  std::vector<std::string> notes;
  std::mutex notes_mutex;
  LinkThread link(reader.path(), faulty);
  link.set_note([&](const std::string& note) {
    std::lock_guard lock(notes_mutex);
    notes.push_back(note);
  });
  REQUIRE(link.insert() == "");
  reader.await(true);
  power_up(reader.lun());
  CHECK(transmit(reader.lun(), kEcho) == hex("AB CD 90 00"));
  std::lock_guard lock(notes_mutex);
  CHECK(notes == std::vector<std::string>{
                     "no PC/SC stack to reset the card through: answered without the reset"});
}

TEST_CASE("vpcd: a mute card is removed instead, a reset is skipped; both said") {
  int fds[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  Connection vpcd(fds[0]), card_end(fds[1]);
  ScriptedCard card;
  FaultScript faulty(card);
  faulty.faults[0xEE] = {Exchange::Kind::kAnswerThenReset, {}, -1};
  faulty.faults[0xB0] = {Exchange::Kind::kMute, {}, -1};
  StopSignal stop;
  std::vector<std::string> notes;
  LinkOutcome outcome{LinkOutcome::Kind::kFailed, ""};
  std::thread serving([&] {
    outcome = serve_vpcd(card_end.fd(), faulty, stop,
                         [&](const std::string& note) { notes.push_back(note); });
  });
  const wire::FrameChannel reader(vpcd.fd(), 2, 0xFFFF);
  Bytes frame;
  reader.write(kEcho);
  REQUIRE(reader.read(frame, 5000) == wire::Io::kOk);
  CHECK(frame == hex("AB CD 90 00"));
  reader.write(hex("00 B0 00 00 04"));
  serving.join();  // no answer: the card leaves (its owner hangs up)
  card_end = Connection();
  CHECK(reader.read(frame, 5000) == wire::Io::kClosed);
  CHECK(outcome.kind == LinkOutcome::Kind::kCardLeft);
  CHECK(notes == std::vector<std::string>{
                     "a reset cannot be caused through vpcd: answered without it",
                     "a mute card cannot be shown through vpcd (its driver waits for ever and "
                     "would hang pcscd): the card is removed instead"});
}

}  // namespace mynasim::reader
