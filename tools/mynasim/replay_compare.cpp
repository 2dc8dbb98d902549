#include "tools/mynasim/replay_compare.hpp"

#include <algorithm>

#include "iso7816/ber_tlv.hpp"

namespace mynasim::tools::replay {
namespace {

constexpr const char* kLengthDependent = "the read depends on the certificate's length";

std::string sw_text(std::uint16_t sw) {
  return to_hex(sw);
}

std::string bytes_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

// The first difference, with up to 16 bytes of each side from there.
Divergence byte_difference(ByteView expected, ByteView got) {
  std::size_t at = 0;
  while (at < expected.size() && at < got.size() && expected[at] == got[at]) ++at;
  const auto from = [at](ByteView b) {
    const std::size_t n = std::min<std::size_t>(16, b.size() - std::min(at, b.size()));
    return to_hex(b.subspan(std::min(at, b.size()), n)) + (at + n < b.size() ? " …" : "");
  };
  return {"bytes", "at offset " + std::to_string(at) + ": " + from(expected),
          "at offset " + std::to_string(at) + ": " + from(got), false, ""};
}

bool all_ff(ByteView data) {
  return std::all_of(data.begin(), data.end(), [](std::uint8_t b) { return b == 0xFF; });
}

// Appends the structure of `data` to `out`; returns whether it parsed exactly (every TLV whole,
// or the last one cut only by the end of the data when `cut_allowed`, or trailing FF filler).
bool walk(ByteView data, std::string& out, bool cut_allowed, int depth) {
  std::size_t at = 0;
  bool first = true;
  while (at < data.size()) {
    const ByteView rest = data.subspan(at);
    std::uint32_t tag = 0;
    std::size_t header = 0, length = 0;
    if (!first) out += ' ';
    first = false;
    if (all_ff(rest)) {
      out += "FF*" + std::to_string(rest.size());
      return true;
    }
    if (iso7816::read_ber_header(rest, &tag, &header, &length) != iso7816::BerError::kNone ||
        tag == 0) {
      out += "+" + std::to_string(rest.size());
      return false;
    }
    std::size_t tag_size = 1;  // tag bytes as written: 30, DF22, 7F21
    if ((rest[0] & 0x1F) == 0x1F)
      while (rest[tag_size++] & 0x80) {
      }
    out += to_hex(rest.first(tag_size), '\0') + "[" + std::to_string(length) + "]";
    const std::size_t available = rest.size() - header;
    if (length > available) {
      out += "…";
      return cut_allowed;
    }
    // Into constructed values that are themselves whole TLVs (FF20 holds DF21...; FF10 holds
    // digits although its tag says constructed: then it counts as a value).
    if ((rest[0] & 0x20) && depth < 8) {
      std::string inner;
      if (walk(rest.subspan(header, length), inner, false, depth + 1)) out += "{" + inner + "}";
    }
    at += header + length;
  }
  return true;
}

std::vector<Divergence> compare_lengths(const iso7816::ResponseApdu& expected,
                                        const iso7816::ResponseApdu& got) {
  if (expected.data.size() == got.data.size()) return {};
  return {{"length", bytes_text(expected.data.size()), bytes_text(got.data.size()), false, ""}};
}

bool reads_from_start(const iso7816::CommandApdu& command) {
  if (command.ins == 0xB0)
    return (command.p1 & 0x80) ? command.p2 == 0 : command.p1 == 0 && command.p2 == 0;
  return true;  // READ RECORD, GET DATA: a whole record or object
}

std::vector<Divergence> compare_structure(const iso7816::CommandApdu& command,
                                          const iso7816::ResponseApdu& expected,
                                          const iso7816::ResponseApdu& got) {
  std::string shape_expected, shape_got;
  // A read that filled its Le may have stopped inside a value.
  const bool cut = command.has_le && expected.data.size() == command.ne;
  if (!reads_from_start(command) || !walk(expected.data, shape_expected, cut, 0))
    return compare_lengths(expected, got);
  walk(got.data, shape_got, cut, 0);
  if (shape_expected == shape_got) return {};
  return {{"structure", shape_expected, shape_got, false, ""}};
}

std::vector<Divergence> compare_certificate(const iso7816::CommandApdu& command,
                                            const iso7816::ResponseApdu& expected,
                                            const iso7816::ResponseApdu& got) {
  std::vector<Divergence> out;
  // The DER header at offset 0: SEQUENCE with a two-byte length, whatever the length.
  if (reads_from_start(command) && got.data.size() >= 2 && expected.data.size() >= 2) {
    const bool expected_der = expected.data[0] == 0x30 && expected.data[1] == 0x82;
    const bool got_der = got.data[0] == 0x30 && got.data[1] == 0x82;
    if (expected_der && !got_der)
      out.push_back({"certificate", "DER header 30 82 …",
                     "starts " + to_hex(ByteView(got.data).first(2)), false, ""});
  }
  if (expected.data.size() == got.data.size()) return out;
  // A read that came back short ended at the end of the EF: the certificates differ in length.
  const std::size_t ne = command.has_le ? command.ne : 0;
  const bool at_end = expected.data.size() < ne || got.data.size() < ne;
  out.push_back({"length", bytes_text(expected.data.size()), bytes_text(got.data.size()), at_end,
                 at_end ? kLengthDependent : ""});
  return out;
}

// CK_TOKEN_INFO as the card stores it: label 32, manufacturerID 32, model 16, then the card's
// own serialNumber 16 (reference §2.1) - the one field that differs from card to card.
std::vector<Divergence> compare_token_info(const iso7816::CommandApdu& command,
                                           const iso7816::ResponseApdu& expected,
                                           const iso7816::ResponseApdu& got) {
  if (expected.data.size() != got.data.size()) return compare_lengths(expected, got);
  constexpr std::size_t kSerialBegin = 80, kSerialEnd = 96;
  const std::size_t offset =
      (command.p1 & 0x80) ? command.p2 : static_cast<std::size_t>((command.p1 << 8) | command.p2);
  Bytes a = expected.data, b = got.data;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (offset + i >= kSerialBegin && offset + i < kSerialEnd) a[i] = b[i] = 0;
  if (a == b) return {};
  return {byte_difference(a, b)};  // the serial shown as 00 on both sides
}

}  // namespace

const char* rule_name(Rule rule) {
  switch (rule) {
    case Rule::kExact:
      return "exact";
    case Rule::kChallenge:
      return "challenge";
    case Rule::kSignature:
      return "signature";
    case Rule::kCertificate:
      return "certificate";
    case Rule::kStructure:
      return "structure";
    case Rule::kTokenInfo:
      return "token info";
  }
  return "?";
}

Rule rule_for(App app, std::optional<std::uint16_t> ef, const iso7816::CommandApdu& command) {
  if (command.ins == 0x84 && command.cla == 0x00) return Rule::kChallenge;
  if ((command.cla == 0x80 && command.ins == 0x2A) || (command.cla == 0x00 && command.ins == 0x88))
    return Rule::kSignature;
  if (command.cla != 0x00) return Rule::kExact;
  if (command.ins == 0xB0 && app == App::kJpki && ef &&
      (*ef == 0x0001 || *ef == 0x0002 || *ef == 0x000A || *ef == 0x000B))
    return Rule::kCertificate;
  if (command.ins == 0xB0 && app == App::kJpki && ef == 0x0006) return Rule::kTokenInfo;
  const bool card_info = app == App::kText || app == App::kSurface;
  if (command.ins == 0xB0 && card_info) return Rule::kStructure;
  if (command.ins == 0xB2 && (app == App::kCommon || app == App::kJuki)) return Rule::kStructure;
  if (command.ins == 0xCA) return Rule::kStructure;
  return Rule::kExact;
}

std::string structure(ByteView data) {
  std::string out;
  walk(data, out, true, 0);
  return out;
}

std::vector<Divergence> compare(Rule rule, const iso7816::CommandApdu& command,
                                const iso7816::ResponseApdu& expected,
                                const iso7816::ResponseApdu& got) {
  if (expected.sw != got.sw) {
    // A read past the end of one card's certificate EF and not of the other's.
    const bool end_of_file = [&] {
      for (std::uint16_t sw : {expected.sw, got.sw})
        if (sw == 0x6B00 || sw == 0x6282) return true;
      return false;
    }();
    const bool note = rule == Rule::kCertificate && end_of_file;
    return {
        {"status word", sw_text(expected.sw), sw_text(got.sw), note, note ? kLengthDependent : ""}};
  }
  switch (rule) {
    case Rule::kExact:
      if (expected.data == got.data) return {};
      if (expected.data.size() != got.data.size()) return compare_lengths(expected, got);
      return {byte_difference(expected.data, got.data)};
    case Rule::kChallenge:
    case Rule::kSignature:
      return compare_lengths(expected, got);
    case Rule::kCertificate:
      return compare_certificate(command, expected, got);
    case Rule::kStructure:
      return compare_structure(command, expected, got);
    case Rule::kTokenInfo:
      return compare_token_info(command, expected, got);
  }
  return {};
}

}  // namespace mynasim::tools::replay
