#include "reader/trace/pcsc_spy_reader.hpp"

#include <map>
#include <regex>
#include <vector>

namespace mynasim::reader::trace {
namespace {

struct Line {
  std::size_t number;
  std::string text;
};

// pcsc-spy prints 16 bytes per hex-dump line; its longest lines are reader names and states.
// Longer lines are no part of its output, and std::regex recurses per character.
constexpr std::size_t kMaxDecodedLine = 512;

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0, number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back({++number, std::move(line)});
    start = end + 1;
  }
  return lines;
}

// pcsc-spy colours its output unless -n: drop the escape sequences.
std::string strip_colours(const std::string& line) {
  static const std::regex kEscape("\x1b\\[[0-9;]*m");
  return std::regex_replace(line, kEscape, "");
}

std::size_t hex_value(const std::string& text, std::size_t line, const std::string& file,
                      const std::string& what) {
  try {
    std::size_t used = 0;
    const unsigned long value = std::stoul(text, &used, 16);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw TraceFormatError(file, line, what + " is not a hex number: \"" + text + "\"");
}

// "00 A4 04 0C" (raw form) into bytes.
Bytes spaced_hex(const std::string& text, std::size_t line, const std::string& file,
                 const std::string& what) {
  Bytes out;
  // libpcscspy ends every buffer with a space: "00 A4 04 0C ".
  const auto end = text.find_last_not_of(' ');
  const std::string trimmed = end == std::string::npos ? "" : text.substr(0, end + 1);
  if (trimmed.empty() || trimmed == "NULL") return out;
  if (!from_hex(trimmed, out))
    throw TraceFormatError(file, line, what + " is not hex: \"" + text + "\"");
  return out;
}

// What every call turns into, whichever form it was read from.
struct Call {
  std::size_t line = 0;
  std::string name;
  double t = 0;
  Bytes send, receive;
  std::string result;  // "SCARD_S_SUCCESS"
  std::size_t disposition = 0;
};

void add_call(Trace& trace, const Call& call, const std::string& file) {
  TraceEntry entry;
  entry.line = call.line;
  entry.t = call.t;
  if (call.name == "SCardTransmit") {
    std::string problem;
    std::string hex = to_hex(call.send, '\0');
    if (!decode_command(hex, entry, problem))
      throw TraceFormatError(file, call.line, "SCardTransmit: bSendBuffer " + problem);
    if (call.result != "SCARD_S_SUCCESS") {
      entry.kind = EntryKind::kTransmitError;
      entry.error = call.result;
    } else {
      const auto response = iso7816::parse_response(call.receive);
      if (!response)
        throw TraceFormatError(file, call.line,
                               "SCardTransmit: bRecvBuffer is shorter than a status word");
      entry.response = response->data;
      entry.sw = response->sw;
    }
    trace.entries.push_back(std::move(entry));
    return;
  }
  const bool ends_a_session = call.name == "SCardReconnect" || call.name == "SCardDisconnect" ||
                              call.name == "SCardEndTransaction";
  if (call.result != "SCARD_S_SUCCESS" || !ends_a_session) return;
  // SCardReconnect's dwInitialization and SCardDisconnect's dwDisposition share the codes:
  // 1 = SCARD_RESET_CARD, 2 = SCARD_UNPOWER_CARD (0 leave, 3 eject: nothing happens to the card).
  entry.kind = EntryKind::kEvent;
  if (call.disposition == 1)
    entry.event = CardEvent::kReset;
  else if (call.disposition == 2)
    entry.event = CardEvent::kPowerOff;
  else
    return;
  trace.entries.push_back(std::move(entry));
}

// ---- raw form: "THREAD@>|sec|usec|Name", "THREAD@value" ..., "THREAD@<|sec|usec|Name|text|rv"

bool is_raw(const std::vector<Line>& lines) {
  static const std::regex kStart("^[0-9A-Fa-fx]+@>\\|[0-9]+\\|[0-9]+\\|SCard\\w+$");
  for (const Line& line : lines)
    if (!line.text.empty())
      return line.text.size() <= kMaxDecodedLine && std::regex_match(line.text, kStart);
  return false;
}

Trace parse_raw(const std::vector<Line>& lines, const std::string& file) {
  Trace trace;
  struct Open {
    Call call;
    std::vector<Line> values;
  };
  std::map<std::string, Open> open;  // per thread
  double start = -1;
  for (const Line& line : lines) {
    if (line.text.empty()) continue;
    const auto at = line.text.find('@');
    if (at == std::string::npos)
      throw TraceFormatError(file, line.number, "raw pcsc-spy line without THREAD@");
    const std::string thread = line.text.substr(0, at), tail = line.text.substr(at + 1);
    if (tail.starts_with(">|") || tail.starts_with("<|")) {
      std::vector<std::string> fields;
      std::size_t from = 0;
      for (std::size_t bar; (bar = tail.find('|', from)) != std::string::npos; from = bar + 1)
        fields.push_back(tail.substr(from, bar - from));
      fields.push_back(tail.substr(from));
      if (tail[0] == '>') {
        const auto digits = [](const std::string& f) {
          return !f.empty() && f.size() <= 12 &&
                 f.find_first_not_of("0123456789") == std::string::npos;
        };
        if (fields.size() != 4 || !digits(fields[1]) || !digits(fields[2]))
          throw TraceFormatError(file, line.number,
                                 "raw pcsc-spy call line is not >|sec|usec|name");
        Open next;
        next.call.line = line.number;
        next.call.name = fields[3];
        const double when = std::stod(fields[1]) + std::stod(fields[2]) / 1e6;
        if (start < 0) start = when;
        next.call.t = when - start;
        open[thread] = std::move(next);
        continue;
      }
      auto it = open.find(thread);
      if (fields.size() != 6 || it == open.end() || it->second.call.name != fields[3])
        throw TraceFormatError(file, line.number, "raw pcsc-spy result line without its call");
      Open& call = it->second;
      call.call.result = fields[4];
      static const std::map<std::string, std::string> kNames = {
          {"0x00000000", "SCARD_S_SUCCESS"},           {"0x80100069", "SCARD_W_REMOVED_CARD"},
          {"0x80100068", "SCARD_W_RESET_CARD"},        {"0x80100067", "SCARD_W_UNPOWERED_CARD"},
          {"0x80100066", "SCARD_W_UNRESPONSIVE_CARD"}, {"0x8010000C", "SCARD_E_NO_SMARTCARD"}};
      const auto name = kNames.find(fields[5]);
      call.call.result = name != kNames.end() ? name->second : fields[5];
      const auto value = [&](std::size_t index, const char* what) -> const Line& {
        if (index >= call.values.size())
          throw TraceFormatError(file, call.call.line,
                                 call.call.name + ": " + what + " is missing (truncated log?)");
        return call.values[index];
      };
      if (call.call.name == "SCardTransmit") {
        const Line& send_length = value(3, "bSendLength");
        const Line& send = value(4, "bSendBuffer");
        call.call.send = spaced_hex(send.text, send.number, file, "bSendBuffer");
        if (call.call.send.size() !=
            hex_value(send_length.text, send_length.number, file, "bSendLength"))
          throw TraceFormatError(file, send.number, "bSendBuffer's length is not bSendLength");
        if (call.call.result == "SCARD_S_SUCCESS") {
          const Line& receive = value(8, "bRecvBuffer");
          call.call.receive = spaced_hex(receive.text, receive.number, file, "bRecvBuffer");
        }
      } else if (call.call.name == "SCardReconnect") {
        const Line& init = value(3, "dwInitialization");
        call.call.disposition = hex_value(init.text, init.number, file, "dwInitialization");
      } else if (call.call.name == "SCardDisconnect" || call.call.name == "SCardEndTransaction") {
        const Line& disposition = value(1, "dwDisposition");
        call.call.disposition =
            hex_value(disposition.text, disposition.number, file, "dwDisposition");
      }
      add_call(trace, call.call, file);
      open.erase(it);
      continue;
    }
    auto it = open.find(thread);
    if (it == open.end())
      throw TraceFormatError(file, line.number, "raw pcsc-spy value outside a call");
    it->second.values.push_back({line.number, tail});
  }
  for (const auto& [thread, call] : open)
    if (call.call.name == "SCardTransmit")
      throw TraceFormatError(file, call.call.line,
                             "SCardTransmit without its result line (truncated log?)");
  return trace;
}

// ---- decoded form

// One decoded line: the thread's indentation ("    (t1) "), the direction ("i", "o", "=>" or ""
// for a function name) and the rest.
struct Decoded {
  std::size_t number;
  std::string thread, direction, rest;
};

Decoded decode(const Line& line) {
  // pcsc-spy prints indent + name, and indent + " i " / " o " / " => " + the rest.
  static const std::regex kLine("^(\\s*?(?:\\(t\\d+\\) )?)(?: (i|o) (.*)| (=>)(.*)|(\\S.*))$");
  Decoded out{line.number, "", "", ""};
  if (line.text.size() > kMaxDecodedLine) return out;  // no line of pcsc-spy's output is so long
  std::smatch m;
  const std::string text = strip_colours(line.text);
  if (!std::regex_match(text, m, kLine)) return out;
  out.thread = m[1];
  if (m[2].matched) {
    out.direction = m[2];
    out.rest = m[3];
  } else if (m[4].matched) {
    out.direction = "=>";
    out.rest = m[5];
  } else {
    out.rest = m[6];
  }
  return out;
}

// Reads `length` bytes from hex-dump lines "0000 00 A4 04 ..  ascii" following `at`.
Bytes hex_dump(const std::vector<Decoded>& lines, std::size_t& at, std::size_t length,
               const std::string& file) {
  Bytes out;
  static const std::regex kDump("^ ([0-9A-F]{4}) ((?:[0-9A-F]{2} ?)+)");
  while (out.size() < length) {
    if (at + 1 >= lines.size())
      throw TraceFormatError(file, lines[at].number, "hex dump ends early (truncated log?)");
    const Decoded& line = lines[++at];
    std::smatch m;
    if (!std::regex_search(line.rest, m, kDump) ||
        hex_value(m[1], line.number, file, "hex dump offset") != out.size())
      throw TraceFormatError(file, line.number, "not a hex dump line of the buffer");
    const std::string bytes = m[2];
    const std::size_t want = std::min<std::size_t>(16, length - out.size());
    if (bytes.size() < want * 3 - 1)
      throw TraceFormatError(file, line.number, "hex dump line has fewer bytes than the length");
    Bytes chunk;
    if (!from_hex(bytes.substr(0, want * 3 - 1), chunk))
      throw TraceFormatError(file, line.number, "hex dump line is not hex");
    append(out, chunk);
  }
  return out;
}

std::size_t length_field(const Decoded& line, const std::string& file) {
  static const std::regex kLength("^\\w+ 0x([0-9A-Fa-f]+)");
  std::smatch m;
  if (!std::regex_search(line.rest, m, kLength))
    throw TraceFormatError(file, line.number, "no length in \"" + line.rest + "\"");
  return hex_value(m[1], line.number, file, "length");
}

Trace parse_decoded(const std::vector<Line>& raw_lines, const std::string& file) {
  std::map<std::string, std::vector<Decoded>> threads;
  for (const Line& line : raw_lines) {
    Decoded decoded = decode(line);
    if (decoded.direction.empty() && decoded.rest.empty()) continue;
    threads[decoded.thread].push_back(std::move(decoded));
  }
  std::vector<Call> calls;
  static const std::regex kResult("\\((SCARD_\\w+) \\[0x[0-9A-Fa-f]+\\]\\)");
  static const std::regex kDisposition(
      "^dw(?:Disposition|Initialization):? (?:\\w+ )?\\(?0x([0-9A-Fa-f]+)");
  for (const auto& [thread, lines] : threads) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!lines[i].direction.empty() || !lines[i].rest.starts_with("SCard")) continue;
      Call call;
      call.line = lines[i].number;
      call.name = lines[i].rest;
      std::size_t at = i + 1;
      bool finished = false;
      for (; at < lines.size() && lines[at].direction != "" && !finished; ++at) {
        const Decoded& line = lines[at];
        std::smatch m;
        if (line.direction == "=>") {
          if (!std::regex_search(line.rest, m, kResult))
            throw TraceFormatError(file, line.number, "result line without an SCARD_ code");
          call.result = m[1];
          finished = true;
        } else if (line.rest.starts_with("bSendLength")) {
          const std::size_t length = length_field(line, file);
          if (at + 1 >= lines.size() || lines[at + 1].rest != "bSendBuffer")
            throw TraceFormatError(file, line.number, "bSendLength without bSendBuffer");
          ++at;
          call.send = hex_dump(lines, at, length, file);
        } else if (line.rest.starts_with("bRecvLength")) {
          const std::size_t length = length_field(line, file);
          if (at + 1 < lines.size() && lines[at + 1].rest == "bRecvBuffer") {
            ++at;
            if (at + 1 < lines.size() && lines[at + 1].rest.find("NULL") != std::string::npos)
              ++at;
            else
              call.receive = hex_dump(lines, at, length, file);
          }
        } else if (std::regex_search(line.rest, m, kDisposition)) {
          call.disposition = hex_value(m[1], line.number, file, "disposition");
        }
      }
      if (!finished) {
        if (call.name == "SCardTransmit")
          throw TraceFormatError(file, call.line,
                                 "SCardTransmit without its result line (truncated log?)");
        continue;
      }
      calls.push_back(std::move(call));
      i = at - 1;
    }
  }
  // Threads were read one after another: put the calls back in the order of the log.
  std::stable_sort(calls.begin(), calls.end(),
                   [](const Call& a, const Call& b) { return a.line < b.line; });
  Trace trace;
  for (const Call& call : calls) add_call(trace, call, file);
  return trace;
}

}  // namespace

bool looks_like_pcsc_spy(std::string_view text) {
  const auto lines = split_lines(text.substr(0, 4096));
  if (is_raw(lines)) return true;
  for (const Line& line : lines) {
    const Decoded decoded = decode(line);
    if (decoded.direction.empty() && decoded.rest.empty()) continue;
    return decoded.direction.empty() && decoded.rest.starts_with("SCard");
  }
  return false;
}

Trace parse_pcsc_spy(std::string_view text, const std::string& file) {
  const auto lines = split_lines(text);
  Trace trace = is_raw(lines) ? parse_raw(lines, file) : parse_decoded(lines, file);
  trace.file = file;
  trace.format = "pcsc-spy";
  return trace;
}

}  // namespace mynasim::reader::trace
