#include "reader/emulator/t0_card.hpp"

#include <algorithm>
#include <string>

#include "reader/emulator/t0_atr.hpp"

namespace mynasim::emulator {
namespace {

using reader::Exchange;

constexpr std::uint8_t kGetResponse = 0xC0;

Bytes status(std::uint16_t sw) {
  return {static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw)};
}

Exchange answer(Bytes response) {
  return {Exchange::Kind::kAnswer, std::move(response), -1};
}

bool carries_response(const Exchange& exchange) {
  return exchange.kind == Exchange::Kind::kAnswer ||
         exchange.kind == Exchange::Kind::kAnswerThenRemove ||
         exchange.kind == Exchange::Kind::kAnswerThenReset;
}

bool is_6700(const Exchange& exchange) {
  return exchange.response.size() == 2 && exchange.response[0] == 0x67 &&
         exchange.response[1] == 0x00;
}

// xx of 61xx / 6Cxx for n bytes: 00 stands for 256 (and, after 61, for "256 or more").
std::uint8_t length_byte(std::size_t n) {
  return static_cast<std::uint8_t>(std::min<std::size_t>(n, 256) & 0xFF);
}

}  // namespace

T0Card::T0Card(std::unique_ptr<reader::CardEndpoint> inner)
    : CardDecorator(*inner), owned_(std::move(inner)) {}

T0Card::~T0Card() = default;

Bytes T0Card::atr() {
  const Bytes inner_atr = inner().atr();
  std::string problem;
  Bytes t0 = t0_only_atr(inner_atr, problem);
  return t0.empty() ? inner_atr : t0;
}

void T0Card::power_on() {
  has_pending_ = false;
  inner().power_on();
}

void T0Card::reset() {
  has_pending_ = false;
  inner().reset();
}

void T0Card::power_off() {
  has_pending_ = false;
  inner().power_off();
}

Exchange T0Card::exchange(ByteView raw) {
  const iso7816::ParsedCommand parsed = iso7816::parse_command(raw);
  if (parsed.ok() && parsed.command.cla == 0x00 && parsed.command.ins == kGetResponse)
    return get_response(parsed.command);
  has_pending_ = false;  // GET RESPONSE must come next, or what waited is gone
  if (!parsed.ok()) return inner().exchange(raw);  // the card answers malformed lengths itself
  const iso7816::CommandApdu& command = parsed.command;
  if (command.data.size() > iso7816::kMaxShortNc) return answer(status(0x6700));

  Exchange result = inner().exchange(raw);
  if (!carries_response(result)) return result;
  if (command.apdu_case() == iso7816::ApduCase::k3 && is_6700(result)) {
    // Perhaps a case-4 command sent as T=0 sends it, without Le: ask again with Le = 00.
    iso7816::CommandApdu with_le = command;
    with_le.has_le = true;
    with_le.ne = iso7816::kMaxShortNe;
    with_le.extended = false;
    if (auto again = iso7816::build_command(with_le)) {
      result = inner().exchange(*again);
      if (!carries_response(result)) return result;
    }
  }
  if (raw.size() == 5 && raw[4] == 0x00 && is_6700(result)) {
    // P3 = 00 is case 1 at T=0 (ISO/IEC 7816-3 §12.2.2: a case-1 C-TPDU carries P3 = 00, and
    // OpenSC sends the empty VERIFY so), or case 2 asking 256 bytes; only the card knows which.
    // Refused as case 2: the command as case 1.
    result = inner().exchange(raw.first(4));
    return result;
  }
  to_t0(command, result.response);
  return result;
}

void T0Card::to_t0(const iso7816::CommandApdu& command, Bytes& response) {
  if (response.size() < 2) return;
  const std::size_t data = response.size() - 2;
  if (data == 0) return;
  const bool short_case_2 = command.data.empty() && command.has_le && !command.extended;
  if (short_case_2) {
    // The terminal asked for exactly Ne bytes; fewer: say how many there are.
    if (data < command.ne) response = {0x6C, length_byte(data)};
    return;
  }
  // Data after data in (case 4, or case 3 answered with data), or an extended Le: 61xx.
  final_sw_ = static_cast<std::uint16_t>(response[data] << 8 | response[data + 1]);
  pending_.assign(response.begin(), response.begin() + static_cast<std::ptrdiff_t>(data));
  has_pending_ = true;
  response = {0x61, length_byte(data)};
}

Exchange T0Card::get_response(const iso7816::CommandApdu& command) {
  if (command.p1 != 0x00 || command.p2 != 0x00) return answer(status(0x6A86));
  if (!command.data.empty() || !command.has_le) return answer(status(0x6700));
  if (!has_pending_) return answer(status(0x6985));
  if (command.ne > pending_.size()) return answer({0x6C, length_byte(pending_.size())});
  const auto take = static_cast<std::ptrdiff_t>(command.ne);
  Bytes response(pending_.begin(), pending_.begin() + take);
  pending_.erase(pending_.begin(), pending_.begin() + take);
  if (pending_.empty()) {
    has_pending_ = false;
    append(response, status(final_sw_));
  } else {
    response.push_back(0x61);
    response.push_back(length_byte(pending_.size()));
  }
  return answer(std::move(response));
}

}  // namespace mynasim::emulator
