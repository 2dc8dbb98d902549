// libFuzzer target for the iso7816 codec: any bytes go through the command and response APDU
// parsers, the BER-TLV and SIMPLE-TLV readers and hex conversion. Beyond the sanitizers'
// findings, a broken invariant aborts: what parses must build back to the same bytes and
// re-parse to the same fields, and what a TLV reader accepts must survive a write and re-read.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "iso7816/apdu.hpp"
#include "iso7816/ber_tlv.hpp"
#include "iso7816/bytes.hpp"
#include "iso7816/simple_tlv.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::iso7816;

// Nesting depth the BER walk follows; deep enough for certificates, bounded for the stack.
constexpr int kMaxBerDepth = 16;

void require(bool condition) {
  if (!condition) std::abort();
}

bool same_bytes(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Whether `inner` lies within `outer`, i.e. a reader returned a view into its input.
bool within(ByteView inner, ByteView outer) {
  if (inner.empty()) return true;
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

void fuzz_command(ByteView input) {
  const ParsedCommand parsed = parse_command(input);
  require(describe(parsed.error) != nullptr);
  if (!parsed.ok()) return;
  const CommandApdu& command = parsed.command;
  require(command.data.size() <= kMaxExtendedNc);
  require(!command.has_le || (command.ne >= 1 && command.ne <= kMaxExtendedNe));
  require(command.has_le || command.ne == 0);

  ApduError error = ApduError::kTooShort;
  const std::optional<Bytes> built = build_command(command, &error);
  require(built.has_value() && error == ApduError::kNone);
  // The parser reports the form it saw, so building picks the same form: the very same bytes.
  require(same_bytes(*built, input));
  const ParsedCommand reparsed = parse_command(*built);
  require(reparsed.ok() && reparsed.command == command);
}

void fuzz_response(ByteView input) {
  const std::optional<ResponseApdu> response = parse_response(input);
  require(response.has_value() == (input.size() >= 2));
  if (response) require(same_bytes(response->to_bytes(), input));
}

void check_ber_rewrite(const BerTlv& tlv) {
  Bytes rewritten;
  write_ber_tlv(rewritten, tlv.tag, tlv.value);
  const BerRead reread = read_ber_tlv(rewritten);
  require(reread.ok() && reread.tlv.tag == tlv.tag && same_bytes(reread.tlv.value, tlv.value));
  require(reread.tlv.total_size() == rewritten.size());
}

void walk_ber(ByteView buffer, int depth) {
  BerReader reader(buffer);
  BerTlv tlv;
  std::size_t consumed = 0;
  while (reader.next(tlv)) {
    require(within(tlv.value, buffer));
    consumed += tlv.total_size();
    check_ber_rewrite(tlv);
    if (tlv.constructed() && depth < kMaxBerDepth) walk_ber(tlv.value, depth + 1);
  }
  require(describe(reader.error()) != nullptr);
  // Without an error the TLVs tile the buffer exactly.
  if (reader.error() == BerError::kNone) require(consumed == buffer.size());
}

void fuzz_ber(ByteView input) {
  const BerRead read = read_ber_tlv(input);
  std::uint32_t tag = 0;
  std::size_t header_size = 0;
  std::size_t value_length = 0;
  const BerError header_error = read_ber_header(input, &tag, &header_size, &value_length);
  // The header read is the full read minus the value check.
  if (read.ok()) {
    require(header_error == BerError::kNone && tag == read.tlv.tag);
    require(header_size == read.tlv.header_size && value_length == read.tlv.value.size());
    require(read.tlv.total_size() <= input.size());
    require(within(read.tlv.value, input));
  } else if (read.error == BerError::kValueTruncated) {
    require(header_error == BerError::kNone && header_size + value_length > input.size());
  } else {
    require(header_error == read.error);
  }
  walk_ber(input, 0);
}

void fuzz_simple_tlv(ByteView input) {
  ByteView rest = input;
  while (!rest.empty()) {
    const SimpleTlvRead read = read_simple_tlv(rest);
    require(describe(read.error) != nullptr);
    if (!read.ok()) return;
    const SimpleTlv& tlv = read.tlv;
    require(within(tlv.value, rest));
    Bytes rewritten;
    require(write_simple_tlv(rewritten, tlv.tag, tlv.value));
    const SimpleTlvRead reread = read_simple_tlv(rewritten);
    require(reread.ok() && reread.tlv.tag == tlv.tag && same_bytes(reread.tlv.value, tlv.value));
    rest = rest.subspan(tlv.header_size + tlv.value.size());
  }
}

void fuzz_hex(ByteView input) {
  Bytes decoded;
  require(from_hex(to_hex(input), decoded) && same_bytes(decoded, input));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  fuzz_command(input);
  fuzz_response(input);
  fuzz_ber(input);
  fuzz_simple_tlv(input);
  fuzz_hex(input);
  return 0;
}
