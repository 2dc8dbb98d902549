// Tear test through the whole stack: a wrong VERIFY goes out through pcscd to mynasim (a separate
// `mynasim attach` process, tear_test.sh), and mynasim is killed with kill -9 at a random moment
// before the answer comes back. After each kill mynasim is started again on the same image
// (sim_control.sh); the image must load, and the counter must never go up: it is the count
// before the VERIFY or one less. Runs until at least --tears kills landed while the VERIFY was
// in flight (the answer never came). Prints a JSON summary; exit 0 pass, 1 fail, 2 usage.
//
// Environment: SIM_DIR (attach.pid), SIM_CARD (the image), PCSCLITE_CSOCK_NAME; argv[1] the
// harness (sim_control.sh).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "card/apps/card_profiles.hpp"
#include "card/runtime/card.hpp"
#include "card/store/file_storage.hpp"
#include "iso7816/status_words.hpp"
#include "reader/pcsc/context.hpp"

namespace {

using namespace mynasim;
using Clock = std::chrono::steady_clock;

const Bytes kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
const std::string kPassword = "DEMOPASS1";  // the test card's signature password (5 tries)
const std::string kWrong = "WRONGPASS1";

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "tear_test: FAIL: %s\n", why.c_str());
  std::exit(1);
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  if (!value) {
    std::fprintf(stderr, "tear_test: %s is not set (run through tear_test.sh)\n", name);
    std::exit(2);
  }
  return value;
}

std::uint16_t send(pcsc::CardConnection& card, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
                   const Bytes& data) {
  return card.transmit(iso7816::make_command(0x00, ins, p1, p2, data)).sw;
}

Bytes bytes_of(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

// SELECT the JPKI AP and the signature password's EF.
void open_password(pcsc::CardConnection& card) {
  if (send(card, 0xA4, 0x04, 0x0C, kJpkiAid) != 0x9000) fail("SELECT JPKI");
  if (send(card, 0xA4, 0x02, 0x0C, {0x00, 0x1B}) != 0x9000) fail("SELECT EF 001B");
}

int tries_left(pcsc::CardConnection& card) {
  const std::uint16_t sw = send(card, 0x20, 0x00, 0x80, {});
  if (!iso7816::sw::is_tries_left(sw)) fail("empty VERIFY answered " + std::to_string(sw));
  return sw & 0x0F;
}

std::unique_ptr<pcsc::CardConnection> connect(pcsc::Context& context, const std::string& reader) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  for (;;) {
    try {
      context.wait_for_card(reader, std::chrono::milliseconds(200));
      auto card = context.connect(reader);
      open_password(*card);
      return card;
    } catch (const pcsc::PcscError& e) {
      if (Clock::now() > deadline) fail(std::string("the card did not come back: ") + e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

pid_t attach_pid(const std::string& dir) {
  std::ifstream in(dir + "/attach.pid");
  long pid = 0;
  if (!(in >> pid) || pid <= 0) fail("no pid in " + dir + "/attach.pid");
  return static_cast<pid_t>(pid);
}

void run_harness(const std::string& harness, const char* action) {
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/bash", "bash", harness.c_str(), action, static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail(std::string("the harness failed to ") + action + " mynasim");
}

// The image loads as a card (what mynasim would do on its next start).
void check_image_loads(const std::string& image) {
  card::store::FileStorage storage(image);
  card::Env env{card::system_random(), card::system_clock(), storage};
  const auto loaded = card::Card::load(env, card::my_number_card_profile());
  if (!loaded.card) fail("the image does not load: " + loaded.error);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tear_test HARNESS [--tears N]\n");
    return 2;
  }
  const std::string harness = argv[1];
  int wanted_tears = 100;
  if (argc == 4 && std::string(argv[2]) == "--tears") wanted_tears = std::atoi(argv[3]);
  const std::string dir = env("SIM_DIR");
  const std::string image = env("SIM_CARD");

  pcsc::Context context;
  const std::string reader = context.choose_reader("");
  auto card = connect(context, reader);

  // The round trip of a wrong VERIFY (and the right one after it), to aim the kills inside it.
  std::vector<double> trips;
  for (int i = 0; i < 5; ++i) {
    const auto start = Clock::now();
    send(*card, 0x20, 0x00, 0x80, bytes_of(kWrong));
    trips.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (send(*card, 0x20, 0x00, 0x80, bytes_of(kPassword)) != 0x9000) fail("right password");
  }
  open_password(*card);  // the right password left it verified: SELECT clears that
  std::sort(trips.begin(), trips.end());
  const double window_us = trips[trips.size() / 2] * 1.2;

  std::mt19937 random(static_cast<unsigned>(Clock::now().time_since_epoch().count()));
  std::uniform_real_distribution<double> delay(0, window_us);
  int tears = 0, answered = 0, spent = 0, kept = 0, iterations = 0;
  const auto started = Clock::now();
  while (tears < wanted_tears) {
    if (++iterations > wanted_tears * 5) fail("too few kills landed inside the VERIFY");
    int before = tries_left(*card);
    if (before < 3) {  // keep room: the right password restores 5
      if (send(*card, 0x20, 0x00, 0x80, bytes_of(kPassword)) != 0x9000) fail("right password");
      open_password(*card);
      before = tries_left(*card);
    }
    const pid_t victim = attach_pid(dir);
    auto verify = std::async(std::launch::async, [&card] {
      try {
        return static_cast<int>(send(*card, 0x20, 0x00, 0x80, bytes_of(kWrong)));
      } catch (const pcsc::PcscError&) {
        return -1;  // no answer: the card went away
      }
    });
    std::this_thread::sleep_for(std::chrono::duration<double, std::micro>(delay(random)));
    kill(victim, SIGKILL);
    const int sw = verify.get();
    if (sw < 0)
      ++tears;
    else
      ++answered;
    card.reset();
    run_harness(harness, "kill");  // reaps the dead mynasim, starts a new one on the image
    check_image_loads(image);
    card = connect(context, reader);
    const int after = tries_left(*card);
    if (after > before)
      fail("the counter went up: " + std::to_string(before) + " -> " + std::to_string(after));
    if (after < before - 1)
      fail("one VERIFY spent more than one try: " + std::to_string(before) + " -> " +
           std::to_string(after));
    if (sw >= 0 && sw != 0x63C0 + after) fail("the answer and the counter disagree");
    (after == before ? kept : spent) += 1;
  }
  std::printf(
      "{\"tears\": %d, \"answered_before_kill\": %d, \"iterations\": %d, \"try_spent\": %d, "
      "\"try_kept\": %d, \"window_us\": %.0f, \"seconds\": %.1f}\n",
      tears, answered, iterations, spent, kept, window_us,
      std::chrono::duration<double>(Clock::now() - started).count());
  return 0;
}
