#include "reader/faults/fault_plan.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mynasim::reader::faults {
namespace {

using nlohmann::json;

// The reader gives up on a card after 60 s (reader/PROTOCOL.md): a longer delay is a mute card.
constexpr double kMaxDelayMs = 59999;
constexpr std::int64_t kMaxReinsertMs = 86'400'000;  // a day
constexpr std::int64_t kMaxBits = 65536;
// field_loss: the field comes back and the reader finds the card on one of its next polls (a
// contactless reader polls every few tens of ms; CHOSEN, no source gives one number).
constexpr int kFieldBackMs = 100;
constexpr std::int64_t kMaxStep = 1'000'000;
constexpr const char* kActions = "remove, mute, delay, sw, corrupt, reset, power_loss, field_loss";

struct ActionInfo {
  const char* name;
  ActionKind kind;
  std::vector<std::string> fields;  // the fields this action takes
};

const std::vector<ActionInfo>& actions() {
  static const std::vector<ActionInfo> kTable = {
      {"remove", ActionKind::kRemove, {"when", "reinsert_ms"}},
      {"mute", ActionKind::kMute, {}},
      {"delay", ActionKind::kDelay, {"ms"}},
      {"sw", ActionKind::kSw, {"sw"}},
      {"corrupt", ActionKind::kCorrupt, {"bits"}},
      {"reset", ActionKind::kReset, {}},
      {"power_loss", ActionKind::kPowerLoss, {"step", "reinsert_ms"}},
      {"field_loss", ActionKind::kFieldLoss, {"reinsert_ms"}},
  };
  return kTable;
}

const std::vector<std::string>& common_fields() {
  static const std::vector<std::string> kFields = {
      "match", "nth", "every", "after_commands", "probability", "action", "name"};
  return kFields;
}

bool contains(const std::vector<std::string>& list, const std::string& word) {
  for (const auto& item : list)
    if (item == word) return true;
  return false;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

// Builds messages for one entry: "ORIGIN: faults[2].FIELD: ...".
class Place {
 public:
  Place(std::string origin, std::string entry, std::vector<std::string>& warnings)
      : origin_(std::move(origin)), entry_(std::move(entry)), warnings_(warnings) {}
  std::string at(const std::string& field) const {
    std::string path = entry_;
    if (!field.empty()) path += (path.empty() ? "" : ".") + field;
    return origin_ + ": " + (path.empty() ? "" : path + ": ");
  }
  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw PlanError(at(field) + problem);
  }
  void never_fires(const std::string& field, const std::string& why) const {
    warnings_.push_back("warning: " + at(field) + why + ": this fault can never fire");
  }

 private:
  std::string origin_, entry_;
  std::vector<std::string>& warnings_;
};

std::uint64_t whole(const json& value, std::int64_t low, std::int64_t high, const Place& place,
                    const std::string& field, const std::string& what) {
  const bool ok = value.is_number_integer() && value.get<std::int64_t>() >= low &&
                  value.get<std::int64_t>() <= high &&
                  !(value.is_number_unsigned() && value.get<std::uint64_t>() > 1ULL << 62);
  if (!ok) place.fail(field, "must be " + what + ", not " + value.dump());
  return value.get<std::uint64_t>();
}

std::string text_of(const json& value, const Place& place, const std::string& field,
                    const std::string& what) {
  if (!value.is_string()) place.fail(field, "must be " + what + ", not " + value.dump());
  return value.get<std::string>();
}

bool is_hex_digits(const std::string& text, std::size_t count) {
  if (text.size() != count) return false;
  for (const char c : text)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::uint8_t header_byte(const json& value, const Place& place, const std::string& field) {
  const std::string text = text_of(value, place, field, "2 hex digits");
  if (!is_hex_digits(text, 2)) place.fail(field, "must be 2 hex digits, not " + value.dump());
  return static_cast<std::uint8_t>(std::stoul(text, nullptr, 16));
}

// Even INS codes whose commands have no data field (ISO 7816-4 cases 1 and 2).
const char* command_without_data(std::uint8_t ins) {
  switch (ins) {
    case 0x84:
      return "84 (GET CHALLENGE)";
    case 0xB0:
      return "B0 (READ BINARY)";
    case 0xB2:
      return "B2 (READ RECORD)";
    case 0xC0:
      return "C0 (GET RESPONSE)";
    case 0xCA:
      return "CA (GET DATA)";
    default:
      return nullptr;
  }
}

Match parse_match(const json& value, const Place& place) {
  if (!value.is_object()) place.fail("match", "must be an object, not " + value.dump());
  Match match;
  for (const auto& [key, field] : value.items()) {
    const std::string path = "match." + key;
    if (key == "cla") {
      match.cla = header_byte(field, place, path);
    } else if (key == "ins") {
      match.ins = header_byte(field, place, path);
    } else if (key == "p1") {
      match.p1 = header_byte(field, place, path);
    } else if (key == "p2") {
      match.p2 = header_byte(field, place, path);
    } else if (key == "data") {
      const std::string text = text_of(field, place, path, "hex digits");
      Bytes prefix;
      if (text.size() % 2 != 0 || !from_hex(text, prefix))
        place.fail(path, "must be hex digits (two per byte), not " + field.dump());
      match.data_prefix = prefix;
    } else {
      place.fail("match", "unknown field \"" + key + "\" (a match has cla, ins, p1, p2, data)");
    }
  }
  if (match.cla && *match.cla == 0xFF)
    place.never_fires("match.cla", "FF is no command's CLA (ISO 7816-3 keeps it for PPS)");
  if (match.ins && ((*match.ins & 0xF0) == 0x60 || (*match.ins & 0xF0) == 0x90))
    place.never_fires("match.ins", to_hex(ByteView(&*match.ins, 1)) +
                                       " is no command's INS (ISO 7816-3 forbids 6X and 9X)");
  else if (match.ins && match.data_prefix && !match.data_prefix->empty())
    if (const char* name = command_without_data(*match.ins))
      place.never_fires("match.data", std::string(name) + " carries no command data");
  return match;
}

Trigger parse_trigger(const json& entry, const Place& place) {
  Trigger trigger;
  const char* counter = nullptr;
  for (const char* key : {"nth", "every", "after_commands"}) {
    if (!entry.contains(key)) continue;
    if (counter)
      place.fail("", std::string("give one of nth, every, after_commands, not both ") + counter +
                         " and " + key);
    counter = key;
  }
  if (entry.contains("nth")) {
    trigger.nth = whole(entry["nth"], 0, kMaxStep * 1000, place, "nth",
                        "a whole number (1 = the first matching command)");
    if (*trigger.nth == 0) place.never_fires("nth", "0 counts no command (the first is 1)");
  }
  if (entry.contains("every"))
    trigger.every = whole(entry["every"], 1, kMaxStep * 1000, place, "every",
                          "a whole number from 1 (1 = every matching command)");
  if (entry.contains("after_commands"))
    trigger.after_commands = whole(entry["after_commands"], 0, kMaxStep * 1000, place,
                                   "after_commands", "a whole number of commands, 0 or more");
  if (entry.contains("probability")) {
    const json& value = entry["probability"];
    if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 1)
      place.fail("probability", "must be a number from 0 to 1, not " + value.dump());
    trigger.probability = value.get<double>();
    if (*trigger.probability == 0) place.never_fires("probability", "0");
  }
  return trigger;
}

Action parse_action(const json& entry, const Place& place) {
  if (!entry.contains("action"))
    place.fail("", std::string("no \"action\" (one of ") + kActions + ")");
  const std::string name = text_of(entry["action"], place, "action", "a string");
  const ActionInfo* info = nullptr;
  for (const auto& candidate : actions())
    if (name == candidate.name) info = &candidate;
  if (!info) place.fail("action", "unknown action \"" + name + "\" (one of " + kActions + ")");
  for (const auto& [key, value] : entry.items()) {
    if (contains(common_fields(), key) || contains(info->fields, key)) continue;
    bool known = false;
    for (const auto& other : actions()) known = known || contains(other.fields, key);
    if (!known) place.fail("", "unknown field \"" + key + "\"");
    place.fail(key, "not a field of action \"" + name + "\" (it takes " +
                        (info->fields.empty() ? "none" : joined(info->fields)) + ")");
  }
  Action action;
  action.kind = info->kind;
  if (entry.contains("when")) {
    const std::string when = text_of(entry["when"], place, "when", "a string");
    if (when == "before")
      action.when = When::kBefore;
    else if (when == "during")
      action.when = When::kDuring;
    else if (when == "after")
      action.when = When::kAfter;
    else
      place.fail("when",
                 "must be \"before\", \"during\" or \"after\", not " + entry["when"].dump());
  }
  if (entry.contains("reinsert_ms"))
    action.reinsert_ms =
        static_cast<int>(whole(entry["reinsert_ms"], 0, kMaxReinsertMs, place, "reinsert_ms",
                               "a whole number of milliseconds from 0 to 86400000"));
  else if (action.kind == ActionKind::kFieldLoss)
    action.reinsert_ms = kFieldBackMs;
  if (action.kind == ActionKind::kDelay) {
    if (!entry.contains("ms")) place.fail("", "action \"delay\" needs \"ms\"");
    const json& value = entry["ms"];
    if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > kMaxDelayMs)
      place.fail("ms",
                 "must be a number of milliseconds from 0 to 59999 (the reader gives up after "
                 "60 s; use \"mute\" for a card that never answers), not " +
                     value.dump());
    action.delay_ms = value.get<double>();
  }
  if (action.kind == ActionKind::kSw) {
    if (!entry.contains("sw")) place.fail("", "action \"sw\" needs \"sw\"");
    const std::string sw = text_of(entry["sw"], place, "sw", "4 hex digits");
    if (!is_hex_digits(sw, 4))
      place.fail(
          "sw", "must be 4 hex digits (a status word such as \"6581\"), not " + entry["sw"].dump());
    action.sw = static_cast<std::uint16_t>(std::stoul(sw, nullptr, 16));
  }
  if (entry.contains("bits"))
    action.bits = static_cast<unsigned>(
        whole(entry["bits"], 1, kMaxBits, place, "bits", "a whole number from 1 to 65536"));
  if (entry.contains("step"))
    action.step =
        static_cast<int>(whole(entry["step"], 1, kMaxStep, place, "step",
                               "a whole number from 1 (the write's first system call) to 1000000"));
  return action;
}

Rule parse_entry(const json& entry, const Place& place) {
  if (!entry.is_object()) place.fail("", "must be an object, not " + entry.dump());
  Rule rule;
  // The action first: it says which fields belong, so an unknown field is named as such.
  rule.action = parse_action(entry, place);
  if (entry.contains("match")) rule.match = parse_match(entry["match"], place);
  rule.trigger = parse_trigger(entry, place);
  if (entry.contains("name")) rule.name = text_of(entry["name"], place, "name", "a string");
  rule.source = entry.dump();
  return rule;
}

json parse_json(std::string_view text, const std::string& origin) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    if (const std::size_t end = what.find("] "); end != std::string::npos)
      what = what.substr(end + 2);
    throw PlanError(origin + ": not JSON: " + what);
  }
}

}  // namespace

Plan parse_plan(std::string_view text, const std::string& origin,
                std::vector<std::string>& warnings) {
  const json document = parse_json(text, origin);
  const Place top(origin, "", warnings);
  if (!document.is_object())
    top.fail("", "must be an object {\"seed\": N, \"faults\": [...]}, not " + document.dump());
  Plan plan;
  for (const auto& [key, value] : document.items()) {
    if (key == "seed")
      plan.seed = whole(value, 0, INT64_MAX, top, "seed", "a whole number, 0 or more");
    else if (key != "faults")
      top.fail("", "unknown field \"" + key + "\" (a faults file has \"seed\" and \"faults\")");
  }
  if (!document.contains("faults")) top.fail("", "no \"faults\" (an array of faults)");
  const json& list = document["faults"];
  if (!list.is_array()) top.fail("faults", "must be an array of faults, not " + list.dump());
  for (std::size_t i = 0; i < list.size(); ++i)
    plan.rules.push_back(
        parse_entry(list[i], Place(origin, "faults[" + std::to_string(i) + "]", warnings)));
  return plan;
}

Plan load_plan(const std::string& path, std::vector<std::string>& warnings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PlanError(path + ": cannot read: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_plan(text.str(), path, warnings);
}

Rule parse_rule(std::string_view text, const std::string& origin,
                std::vector<std::string>& warnings) {
  return parse_entry(parse_json(text, origin), Place(origin, "", warnings));
}

}  // namespace mynasim::reader::faults
