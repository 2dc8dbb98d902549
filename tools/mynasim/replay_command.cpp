#include "tools/mynasim/replay_command.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "iso7816/trace.hpp"
#include "reader/client/pin_catalog.hpp"
#include "reader/client/pin_values.hpp"
#include "reader/emulator/simulated_card.hpp"
#include "reader/trace/trace_reader.hpp"
#include "tools/mynasim/replay_compare.hpp"
#include "tools/mynasim/replay_files.hpp"
#include "tools/mynasim/replay_keys.hpp"

namespace mynasim::tools {
namespace {

using namespace replay;
using reader::trace::EntryKind;
using reader::trace::Trace;
using reader::trace::TraceEntry;
using reader::trace::TraceFormatError;

// Bad input (a trace, the PIN values, the image): the message names what and where.
struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Reported {
  std::size_t index = 0;  // 1-based among the commands; 0 for checks after the replay
  std::size_t line = 0;
  std::string command;
  Divergence divergence;
};

// A temporary directory with two copies of the image: the one replayed, and the one the key
// checks read certificates from. Removed at the end.
class ImageCopies {
 public:
  explicit ImageCopies(const std::string& image) {
    if (!std::filesystem::is_regular_file(image)) throw BadInput(image + ": no such card image");
    char pattern[] = "/tmp/mynasim-replay.XXXXXX";
    if (!::mkdtemp(pattern)) throw BadInput("cannot make a temporary directory in /tmp");
    dir_ = pattern;
    std::filesystem::copy_file(image, replayed());
    std::filesystem::copy_file(image, keys());
  }
  ~ImageCopies() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string replayed() const { return dir_ + "/replayed.img"; }
  std::string keys() const { return dir_ + "/keys.img"; }

 private:
  std::string dir_;
};

// The catalog entry of the key a VERIFY/CHANGE addresses.
const client::PinEntry* key_entry(const FileTracker& files, std::optional<std::uint16_t> ef) {
  if (!ef) return nullptr;
  for (const auto& entry : client::pin_catalog())
    if (entry.aid == files.df() && entry.fid == *ef) return &entry;
  return nullptr;
}

// The command to send: the trace's, with masked secret bytes filled from the PIN values.
// Sets `value_name` to the key's name when a VERIFY carried a value.
Bytes command_to_send(const Trace& trace, const TraceEntry& entry, const FileTracker& files,
                      const client::PinValues& values, std::string& value_name) {
  value_name.clear();
  Bytes raw = entry.command;
  const auto ef = files.addressed_ef(entry.apdu);
  const client::PinEntry* key = key_entry(files, ef);
  const std::string where = trace.file + ":" + std::to_string(entry.line) + ": ";
  if (entry.masked.empty()) {
    if (entry.apdu.ins == 0x20 && key && !entry.apdu.data.empty()) value_name = key->name;
    return raw;
  }
  const char* name = iso7816::command_name(entry.apdu.cla, entry.apdu.ins);
  const std::string what = name ? name : "the command";
  if (entry.apdu.ins != 0x20)
    throw BadInput(where + "the new value of " + what +
                   " is masked: replay needs it, record the trace with --record-secrets");
  if (!key)
    throw BadInput(where + "VERIFY of a masked value for key " +
                   (ef ? "EF " + to_hex(*ef) : std::string("(no EF selected)")) + " of " +
                   app_name(files.app()) + ": no PIN of the catalog is that key");
  const auto value = values.find(std::string(key->name));
  if (value == values.end())
    throw BadInput(where + "the trace masks the value of " + std::string(key->name) + " (" +
                   std::string(key->label) + "); give it as " + std::string(key->name) +
                   "=VALUE with --pins-fd or --pins-env");
  if (value->second.size() != entry.masked.size())
    throw BadInput(where + "the value given for " + std::string(key->name) + " has " +
                   std::to_string(value->second.size()) + " characters, the trace's VERIFY sent " +
                   std::to_string(entry.masked.size()));
  for (std::size_t i = 0; i < entry.masked.size(); ++i)
    raw[entry.masked[i]] = static_cast<std::uint8_t>(value->second[i]);
  value_name = key->name;
  return raw;
}

class Replayer {
 public:
  Replayer(const Trace& trace, emulator::SimulatedCard& card, KeyChecks& keys,
           const client::PinValues& values)
      : trace_(trace), card_(card), keys_(keys), values_(values) {}

  void run() {
    power_on();
    for (const TraceEntry& entry : trace_.entries) {
      if (entry.kind == EntryKind::kEvent) {
        event(entry);
      } else if (entry.kind == EntryKind::kExchange) {
        exchange(entry);
      } else {
        ++index_;
        ++skipped_;  // failed at the PC/SC level on the trace's side: nothing reached its card
      }
    }
    std::vector<std::string> partial;
    for (const std::string& bad : keys_.check_certificates(partial))
      reported_.push_back({0, 0, "after the replay", {"certificate", "whole DER", bad, false, ""}});
    for (const std::string& note : partial)
      reported_.push_back({0, 0, "after the replay", {"certificate", "", note, true, ""}});
    // The ATR is not replayed (the reader reports it), but a developer wants to know.
    if (!trace_.header.atr.empty() && trace_.header.atr != card_.atr())
      reported_.push_back({0,
                           0,
                           "header",
                           {"ATR", to_hex(trace_.header.atr), to_hex(card_.atr()), true,
                            "not replayed: another reader or card generation"}});
  }

  const std::vector<Reported>& reported() const { return reported_; }
  std::size_t commands() const { return index_; }
  std::size_t skipped() const { return skipped_; }
  std::size_t verified() const { return verified_; }
  std::size_t length_only() const { return length_only_; }

 private:
  void power_on() {
    card_.power_on();
    powered_ = true;
    files_.power();
  }

  void event(const TraceEntry& entry) {
    using reader::trace::CardEvent;
    files_.power();
    switch (entry.event) {
      case CardEvent::kReset:
        if (powered_)
          card_.reset();
        else
          power_on();
        break;
      case CardEvent::kPowerOff:
      case CardEvent::kRemoved:
        card_.power_off();
        powered_ = false;
        break;
      case CardEvent::kInserted:
        power_on();
        break;
    }
  }

  void exchange(const TraceEntry& entry) {
    ++index_;
    if (!powered_) power_on();  // pcscd powers the card for the next command
    std::string value_name;
    Bytes raw = command_to_send(trace_, entry, files_, values_, value_name);
    const App app = files_.app();
    const auto ef = files_.addressed_ef(entry.apdu);
    const Bytes answer = card_.transmit(raw);
    if (value_name == "sign") verify_value_ = std::string(raw.begin() + 5, raw.end());
    secure_wipe(raw);
    const auto got = iso7816::parse_response(answer).value_or(iso7816::ResponseApdu{});
    const iso7816::ResponseApdu expected{entry.response, entry.sw};
    const Rule rule = rule_for(app, ef, entry.apdu);
    auto divergences = compare(rule, entry.apdu, expected, got);
    if (entry.apdu.ins == 0xB0 && got.sw == 0x9000 && ef)
      keys_.record_read(app, *ef, entry.apdu, got.data);
    if (rule == Rule::kSignature && got.sw == 0x9000 && divergences.empty()) {
      bool checked = false;
      if (auto bad = keys_.check_signature(app, ef, entry.apdu, got.data, checked))
        divergences.push_back(*bad);
      ++(checked ? verified_ : length_only_);
    }
    if (value_name == "sign" && got.sw == 0x9000 && app == App::kJpki)
      keys_.set_sign_password(verify_value_);
    secure_wipe({reinterpret_cast<std::uint8_t*>(verify_value_.data()), verify_value_.size()});
    verify_value_.clear();
    // The files are followed as the trace's card answered: that is what the client meant to
    // address, and what names the key of a masked VERIFY even after the cards went apart.
    files_.observe(entry.apdu, entry.sw);
    for (auto& divergence : divergences)
      reported_.push_back(
          {index_, entry.line, iso7816::describe_command(entry.command), std::move(divergence)});
  }

  const Trace& trace_;
  emulator::SimulatedCard& card_;
  KeyChecks& keys_;
  const client::PinValues& values_;
  FileTracker files_;
  bool powered_ = false;
  std::size_t index_ = 0, skipped_ = 0, verified_ = 0, length_only_ = 0;
  std::string verify_value_;
  std::vector<Reported> reported_;
};

client::PinValues read_values(const ReplayOptions& options) {
  try {
    if (!options.pins_env.empty()) return client::pin_values_from_env(options.pins_env);
    if (options.pins_fd >= 0) return client::pin_values_from_fd(options.pins_fd);
  } catch (const std::invalid_argument& e) {
    throw BadInput(e.what());
  }
  return {};
}

std::string where(const Trace& trace, const Reported& r) {
  if (r.index == 0) return trace.file + ": " + r.command;
  return trace.file + ":" + std::to_string(r.line) + ": #" + std::to_string(r.index) + " " +
         r.command;
}

void print_text(const Trace& trace, const Replayer& replayer, std::size_t divergences) {
  for (const Reported& r : replayer.reported()) {
    const Divergence& d = r.divergence;
    if (d.note)
      std::printf("note: %s: %s: %s%s%s\n", where(trace, r).c_str(), d.what.c_str(),
                  d.expected.empty() ? "" : ("expected " + d.expected + ", got ").c_str(),
                  d.got.c_str(), d.why.empty() ? "" : (" (" + d.why + ")").c_str());
    else
      std::printf("%s: %s: expected %s, got %s\n", where(trace, r).c_str(), d.what.c_str(),
                  d.expected.c_str(), d.got.c_str());
  }
  std::printf(
      "%s: %zu commands (%s), %zu divergences; signatures verified %zu, compared by length only "
      "%zu%s\n",
      trace.file.c_str(), replayer.commands(), trace.format.c_str(), divergences,
      replayer.verified(), replayer.length_only(),
      replayer.skipped()
          ? (", " + std::to_string(replayer.skipped()) + " failed transmits not replayed").c_str()
          : "");
}

void print_json(const Trace& trace, const Replayer& replayer, std::size_t divergences) {
  nlohmann::json out = {
      {"trace", trace.file},
      {"format", trace.format},
      {"commands", replayer.commands()},
      {"divergences", nlohmann::json::array()},
      {"notes", nlohmann::json::array()},
      {"divergence_count", divergences},
      {"signatures", {{"verified", replayer.verified()}, {"length_only", replayer.length_only()}}},
      {"failed_transmits", replayer.skipped()}};
  for (const Reported& r : replayer.reported()) {
    nlohmann::json item = {{"what", r.divergence.what},
                           {"expected", r.divergence.expected},
                           {"got", r.divergence.got}};
    if (!r.divergence.why.empty()) item["why"] = r.divergence.why;
    if (r.index) item.update({{"index", r.index}, {"line", r.line}, {"command", r.command}});
    out[r.divergence.note ? "notes" : "divergences"].push_back(std::move(item));
  }
  std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

}  // namespace

int run_replay(const ReplayOptions& options) {
  try {
    const Trace trace = reader::trace::read_trace_file(options.trace);
    const client::PinValues values = read_values(options);
    ImageCopies images(options.card);
    std::string error;
    auto card = emulator::SimulatedCard::load(images.replayed(), error);
    if (!card) throw BadInput(error);
    KeyChecks keys(images.keys());
    Replayer replayer(trace, *card, keys, values);
    replayer.run();
    card = nullptr;  // the image copy is closed before its directory goes
    std::size_t divergences = 0;
    for (const Reported& r : replayer.reported()) divergences += r.divergence.note ? 0 : 1;
    if (options.json)
      print_json(trace, replayer, divergences);
    else
      print_text(trace, replayer, divergences);
    return divergences == 0 ? 0 : 1;
  } catch (const TraceFormatError& e) {
    std::fprintf(stderr, "mynasim replay: %s\n", e.what());
  } catch (const BadInput& e) {
    std::fprintf(stderr, "mynasim replay: %s\n", e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    std::fprintf(stderr, "mynasim replay: %s\n", e.what());
  }
  return 1;
}

}  // namespace mynasim::tools
