#include "reader/trace/trace_reader.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>

#include "iso7816/trace.hpp"
#include "reader/trace/pcsc_spy_reader.hpp"

namespace mynasim::reader::trace {
namespace {

using nlohmann::json;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Strict hex: digit pairs, no separators (the format writes none).
bool strict_hex(std::string_view text, Bytes& out, std::string& problem) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i)
    if (hex_digit(text[i]) < 0) {
      problem = std::string("not hex: '") + text[i] + "' at character " + std::to_string(i + 1);
      return false;
    }
  if (text.size() % 2 != 0) {
    problem = "not hex: odd number of digits (" + std::to_string(text.size()) + ")";
    return false;
  }
  for (std::size_t i = 0; i < text.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(hex_digit(text[i]) * 16 + hex_digit(text[i + 1])));
  return true;
}

const json* member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// A string member that must be present.
std::string string_member(const json& object, const char* key, const std::string& file,
                          std::size_t line) {
  const json* value = member(object, key);
  if (!value) throw TraceFormatError(file, line, std::string("\"") + key + "\" is missing");
  if (!value->is_string())
    throw TraceFormatError(file, line, std::string("\"") + key + "\" is not a string");
  return value->get<std::string>();
}

Bytes hex_member(const json& object, const char* key, const std::string& file, std::size_t line) {
  const std::string text = string_member(object, key, file, line);
  Bytes out;
  std::string problem;
  if (!strict_hex(text, out, problem))
    throw TraceFormatError(file, line, std::string("\"") + key + "\" is " + problem);
  return out;
}

double time_member(const json& object, const std::string& file, std::size_t line) {
  const json* t = member(object, "t");
  if (!t) return 0;
  if (!t->is_number()) throw TraceFormatError(file, line, "\"t\" is not a number");
  return t->get<double>();
}

TraceHeader parse_header(const json& object, const std::string& file) {
  const json* format = member(object, "format");
  if (!format || !format->is_string() || format->get<std::string>() != "mynasim-trace")
    throw TraceFormatError(file, 1,
                           "missing header: the first line must be "
                           "{\"format\":\"mynasim-trace\",\"version\":1,...}");
  const json* version = member(object, "version");
  if (!version || !version->is_number_integer())
    throw TraceFormatError(file, 1, "header: \"version\" is missing or not an integer");
  if (version->get<std::int64_t>() != 1)
    throw TraceFormatError(file, 1,
                           "header: version " + version->dump() + " is not supported (only 1)");
  TraceHeader header;
  if (const json* reader = member(object, "reader"); reader && reader->is_string())
    header.reader = reader->get<std::string>();
  if (member(object, "atr")) header.atr = hex_member(object, "atr", file, 1);
  if (const json* recorded = member(object, "recorded"); recorded && recorded->is_string())
    header.recorded = recorded->get<std::string>();
  if (const json* secrets = member(object, "secrets")) {
    const std::string value = secrets->is_string() ? secrets->get<std::string>() : "";
    if (value != "masked" && value != "recorded")
      throw TraceFormatError(file, 1, "header: \"secrets\" is neither \"masked\" nor \"recorded\"");
    header.secrets_masked = value == "masked";
  }
  if (const json* source = member(object, "source"); source && source->is_string())
    header.source = source->get<std::string>();
  return header;
}

TraceEntry parse_event(const json& object, const std::string& file, std::size_t line) {
  TraceEntry entry;
  entry.kind = EntryKind::kEvent;
  entry.line = line;
  entry.t = time_member(object, file, line);
  const std::string name = string_member(object, "event", file, line);
  bool known = false;
  for (CardEvent event :
       {CardEvent::kReset, CardEvent::kPowerOff, CardEvent::kRemoved, CardEvent::kInserted})
    if (name == event_name(event)) {
      entry.event = event;
      known = true;
    }
  if (!known)
    throw TraceFormatError(file, line,
                           "unknown event \"" + name + "\" (reset, power_off, removed, inserted)");
  if (member(object, "atr")) entry.atr = hex_member(object, "atr", file, line);
  return entry;
}

TraceEntry parse_exchange(const json& object, const std::string& file, std::size_t line) {
  TraceEntry entry;
  entry.line = line;
  entry.t = time_member(object, file, line);
  std::string problem;
  if (!decode_command(string_member(object, "command", file, line), entry, problem))
    throw TraceFormatError(file, line, "\"command\" " + problem);
  if (const json* error = member(object, "error")) {
    if (!error->is_string()) throw TraceFormatError(file, line, "\"error\" is not a string");
    entry.kind = EntryKind::kTransmitError;
    entry.error = error->get<std::string>();
    return entry;
  }
  entry.response = hex_member(object, "response", file, line);
  const std::string sw = string_member(object, "sw", file, line);
  Bytes sw_bytes;
  if (sw.size() != 4 || !strict_hex(sw, sw_bytes, problem))
    throw TraceFormatError(file, line, "\"sw\" is not 4 hex digits");
  entry.sw = read_u16(sw_bytes, 0);
  return entry;
}

// nlohmann's message without its "[json.exception.parse_error.101] " prefix; an error at the
// very end of the line means the line was cut short.
std::string json_problem(const json::exception& e, std::size_t line_size) {
  const auto* parse = dynamic_cast<const json::parse_error*>(&e);
  if (parse && parse->byte >= line_size) return "truncated line: the JSON object ends early";
  const std::string what = e.what();
  const auto bracket = what.find("] ");
  return "not JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
}

}  // namespace

TraceFormatError::TraceFormatError(const std::string& file, std::size_t line,
                                   const std::string& problem)
    : std::runtime_error(file + ":" + (line ? std::to_string(line) + ":" : std::string()) + " " +
                         problem),
      line_(line),
      problem_(problem) {}

bool decode_command(std::string_view hex, TraceEntry& entry, std::string& problem) {
  entry.command.clear();
  entry.masked.clear();
  if (hex.size() % 2 != 0) {
    problem = "is not hex: odd number of digits (" + std::to_string(hex.size()) + ")";
    return false;
  }
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (hex[i] == 'X' && hex[i + 1] == 'X') {
      entry.masked.push_back(entry.command.size());
      entry.command.push_back(0);
      continue;
    }
    const int high = hex_digit(hex[i]), low = hex_digit(hex[i + 1]);
    if (high < 0 || low < 0) {
      const std::size_t at = high < 0 ? i : i + 1;
      problem = std::string("is not hex: '") + hex[at] + "' at character " + std::to_string(at + 1);
      return false;
    }
    entry.command.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  const auto parsed = iso7816::parse_command(entry.command);
  if (!parsed.ok()) {
    problem = std::string("does not parse as an APDU: ") + iso7816::describe(parsed.error);
    return false;
  }
  entry.apdu = parsed.command;
  if (!entry.masked.empty()) {
    // Only secret data is ever masked: the data field of VERIFY, CHANGE ... (carries_secret).
    const std::size_t data_start = parsed.command.extended ? 7 : 5;
    const std::size_t data_end = data_start + parsed.command.data.size();
    const bool in_data = entry.masked.front() >= data_start && entry.masked.back() < data_end;
    if (!iso7816::carries_secret(parsed.command.ins) || !in_data) {
      problem = "has masked bytes (XX) outside the data field of a command that carries a secret";
      return false;
    }
  }
  return true;
}

Trace parse_json_lines(std::string_view text, const std::string& file) {
  Trace trace;
  trace.file = file;
  trace.format = "mynasim-trace";
  std::size_t line_number = 0, start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    std::string_view line = text.substr(start, last ? std::string_view::npos : end - start);
    start = last ? text.size() : end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) throw TraceFormatError(file, line_number, "blank line");
    json object;
    try {
      object = json::parse(line);
    } catch (const json::parse_error& e) {
      throw TraceFormatError(file, line_number, json_problem(e, line.size()));
    } catch (const json::exception& e) {  // a number too large, ...
      throw TraceFormatError(file, line_number, json_problem(e, 0));
    }
    if (!object.is_object()) throw TraceFormatError(file, line_number, "not a JSON object");
    if (line_number == 1) {
      trace.header = parse_header(object, file);
      continue;
    }
    if (member(object, "format"))
      throw TraceFormatError(file, line_number, "a second header (\"format\")");
    if (member(object, "event"))
      trace.entries.push_back(parse_event(object, file, line_number));
    else if (member(object, "command"))
      trace.entries.push_back(parse_exchange(object, file, line_number));
    else
      throw TraceFormatError(file, line_number, "neither \"command\" nor \"event\"");
  }
  if (line_number == 0) throw TraceFormatError(file, 1, "empty file: no header");
  return trace;
}

Trace parse_trace(std::string_view text, const std::string& file) {
  // The first character that is not white space tells: '{' opens a JSON Lines trace; a pcsc-spy
  // log starts with its function names and arrows.
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') return parse_json_lines(text, file);
  if (looks_like_pcsc_spy(text)) return parse_pcsc_spy(text, file);
  throw TraceFormatError(file, 1,
                         "neither a mynasim trace (JSON Lines with a \"mynasim-trace\" header) "
                         "nor a pcsc-spy log");
}

Trace read_trace_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceFormatError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return parse_trace(text.str(), path);
}

}  // namespace mynasim::reader::trace
