#include "reader/emulator/timing_profile.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

namespace mynasim::emulator {
namespace {

using nlohmann::json;

constexpr const char* kClassNames[kCommandClasses] = {"select", "read_binary",   "verify",
                                                      "sign",   "get_challenge", "default"};

// A problem in one entry of the file, thrown inside the parser and turned into the message.
struct Bad {
  std::string where;  // "commands.sign: ms"
  std::string what;   // "-5 is negative"
};

std::string number_text(const json& value) {
  return value.dump();
}

void check_keys(const json& object, const std::string& entry, const std::set<std::string>& known) {
  for (const auto& [key, value] : object.items())
    if (!known.count(key)) {
      std::string list;
      for (const auto& name : known) list += (list.empty() ? "" : ", ") + name;
      throw Bad{entry.empty() ? key : entry + ": " + key, "unknown field (known: " + list + ")"};
    }
}

double milliseconds(const json& object, const std::string& entry, const char* field,
                    bool required) {
  if (!object.contains(field)) {
    if (required) throw Bad{entry + ": " + field, "missing (a number of milliseconds)"};
    return 0;
  }
  const json& value = object.at(field);
  if (!value.is_number()) throw Bad{entry + ": " + field, value.dump() + " is not a number"};
  const double ms = value.get<double>();
  if (!std::isfinite(ms)) throw Bad{entry + ": " + field, "not a finite number"};
  if (ms < 0) throw Bad{entry + ": " + field, number_text(value) + " is negative"};
  if (ms > kMaxLatencyMs)
    throw Bad{entry + ": " + field,
              number_text(value) +
                  " ms is above 60000 ms, the reader's limit (it would take a "
                  "card this slow for a mute one)"};
  return ms;
}

void require_source(const json& object, const std::string& entry) {
  if (!object.contains("source") || !object.at("source").is_string() ||
      object.at("source").get<std::string>().empty())
    throw Bad{entry + ": source",
              "missing: say where the numbers come from (or UNCONFIRMED and why)"};
}

TimingProfile parse_document(const json& document, const std::string& file) {
  if (!document.is_object()) throw Bad{"(top level)", "not a JSON object"};
  check_keys(document, "", {"profile", "description", "seed", "jitter", "commands"});
  TimingProfile profile;
  profile.name = std::filesystem::path(file).stem().string();
  if (document.contains("profile")) {
    if (!document.at("profile").is_string()) throw Bad{"profile", "not a string"};
    profile.name = document.at("profile").get<std::string>();
  }
  if (document.contains("seed")) {
    const json& seed = document.at("seed");
    if (!seed.is_number_unsigned()) throw Bad{"seed", seed.dump() + " is not a whole number >= 0"};
    profile.seed = seed.get<std::uint64_t>();
  }
  if (document.contains("jitter")) {
    const json& jitter = document.at("jitter");
    if (!jitter.is_object())
      throw Bad{"jitter", "not an object ({\"percent\": N, \"source\": ...})"};
    check_keys(jitter, "jitter", {"percent", "source"});
    require_source(jitter, "jitter");
    const json percent = jitter.value("percent", json(0));
    if (!percent.is_number() || percent.get<double>() < 0 || percent.get<double>() > 100)
      throw Bad{"jitter: percent", percent.dump() + " is not a number from 0 to 100"};
    profile.jitter_percent = percent.get<double>();
  }
  if (!document.contains("commands")) throw Bad{"commands", "missing"};
  const json& commands = document.at("commands");
  if (!commands.is_object()) throw Bad{"commands", "not an object"};
  std::array<bool, kCommandClasses> given{};
  for (const auto& [name, entry] : commands.items()) {
    std::size_t index = 0;
    while (index < kCommandClasses && name != kClassNames[index]) ++index;
    const std::string where = "commands." + name;
    if (index == kCommandClasses)
      throw Bad{where,
                "unknown command class (known: select, read_binary, verify, sign, "
                "get_challenge, default)"};
    if (!entry.is_object()) throw Bad{where, "not an object ({\"ms\": N, \"source\": ...})"};
    check_keys(entry, where, {"ms", "per_256_bytes_ms", "source"});
    require_source(entry, where);
    profile.commands[index].ms = milliseconds(entry, where, "ms", true);
    profile.commands[index].per_256_bytes_ms =
        milliseconds(entry, where, "per_256_bytes_ms", false);
    given[index] = true;
  }
  // A class the file leaves out is timed as "default" (0 ms when that is absent too).
  const auto fallback = profile.commands[static_cast<std::size_t>(CommandClass::kDefault)];
  for (std::size_t i = 0; i < kCommandClasses; ++i)
    if (!given[i]) profile.commands[i] = fallback;
  return profile;
}

std::string line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// Where the shipped profiles are: share/mynasim/timing next to an installed program, else the
// source tree's profiles/timing (a build tree's program).
std::vector<std::filesystem::path> profile_dirs() {
  namespace fs = std::filesystem;
  std::vector<fs::path> dirs;
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) dirs.push_back(exe.parent_path().parent_path() / "share" / "mynasim" / "timing");
#ifdef MYNASIM_TIMING_SOURCE_DIR
  dirs.emplace_back(MYNASIM_TIMING_SOURCE_DIR);
#endif
  return dirs;
}

}  // namespace

const char* command_class_name(CommandClass kind) {
  return kClassNames[static_cast<std::size_t>(kind)];
}

CommandClass classify(ByteView command) {
  if (command.size() < 4) return CommandClass::kDefault;
  const std::uint8_t cla = command[0], ins = command[1];
  switch (ins) {
    case 0xA4:
      return CommandClass::kSelect;
    case 0xB0:
    case 0xB1:
    case 0xB2:
      return CommandClass::kReadBinary;
    case 0x20:
      return CommandClass::kVerify;
    case 0x84:
      return CommandClass::kGetChallenge;
    case 0x2A:
      return cla == 0x80 ? CommandClass::kSign : CommandClass::kDefault;
    default:
      return CommandClass::kDefault;
  }
}

std::optional<TimingProfile> parse_timing_profile(const std::string& text, const std::string& file,
                                                  std::string& error) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann's text says "[json.exception...] parse error at line L, column C: WHAT"; the
    // place goes in front, as compilers write it.
    std::string what = e.what();
    if (const auto column = what.find("column "); column != std::string::npos)
      if (const auto colon = what.find(": ", column); colon != std::string::npos)
        what = what.substr(colon + 2);
    error = file + ":" + line_and_column(text, e.byte) + ": not JSON: " + what;
    return std::nullopt;
  }
  try {
    return parse_document(document, file);
  } catch (const Bad& bad) {
    error = file + ": " + bad.where + ": " + bad.what;
  } catch (const json::exception& e) {
    error = file + ": " + e.what();
  }
  return std::nullopt;
}

std::optional<TimingProfile> load_timing_profile(const std::string& choice, std::string& error) {
  std::string path = choice;
  if (choice == "contact" || choice == "contactless") {
    path.clear();
    std::string looked;
    for (const auto& dir : profile_dirs()) {
      const auto candidate = dir / (choice + ".json");
      if (::access(candidate.c_str(), R_OK) == 0) {
        path = candidate.string();
        break;
      }
      looked += " " + candidate.string();
    }
    if (path.empty()) {
      error = "the timing profile '" + choice + "' was not found (looked at" + looked + ")";
      return std::nullopt;
    }
  }
  std::ifstream in(path);
  if (!in) {
    error = "--timing " + choice +
            ": not none, contact, contactless or a readable file (cannot open " + path + ")";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_timing_profile(text.str(), path, error);
}

std::chrono::nanoseconds base_latency(const TimingProfile& profile, ByteView command,
                                      std::size_t response_data) {
  const CommandTiming& timing = profile.commands[static_cast<std::size_t>(classify(command))];
  // At most the reader's limit: a 64 KiB answer at a slow per-256-bytes rate must stay an answer.
  const double ms =
      std::min(kMaxLatencyMs,
               timing.ms + timing.per_256_bytes_ms * static_cast<double>(response_data) / 256.0);
  return std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(ms * 1e6)));
}

}  // namespace mynasim::emulator
