#include "reader/client/card_application.hpp"

#include <cstdio>

#include "iso7816/ber_tlv.hpp"
#include "iso7816/status_words.hpp"
#include "reader/client/card_info_fields.hpp"

namespace mynasim::client {
namespace {

namespace sw = iso7816::sw;
using iso7816::CommandApdu;

Bytes fid_bytes(std::uint16_t fid) {
  return {static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)};
}

// READ BINARY with a 15-bit offset (P1 b8 = 0): the furthest a file can be read this way.
constexpr std::size_t kMaxOffset = 0x7FFF;
constexpr std::size_t kHeaderRead = 8;

}  // namespace

std::string ef_name(std::uint16_t fid) {
  return "EF " + to_hex(fid);
}

iso7816::ResponseApdu CardApplication::send(CommandApdu c) {
  auto response = channel_.transmit(c);
  secure_wipe(c.data);  // a VERIFY's value
  return response;
}

void CardApplication::select() {
  auto r = send(make_command(0x00, 0xA4, 0x04, 0x0C, aid_));
  if (!r.ok()) throw CardError(r.sw, "select " + name_);
}

bool CardApplication::select_if_present() {
  auto r = send(make_command(0x00, 0xA4, 0x04, 0x0C, aid_));
  if (r.sw == sw::kFileNotFound) return false;
  if (!r.ok()) throw CardError(r.sw, "select " + name_);
  return true;
}

void CardApplication::select_ef(std::uint16_t fid) {
  auto r = send(make_command(0x00, 0xA4, 0x02, 0x0C, fid_bytes(fid)));
  if (!r.ok()) throw CardError(r.sw, "select " + ef_name(fid) + " of " + name_);
}

Bytes CardApplication::read_binary_prefix(std::uint16_t fid, std::size_t length) {
  select_ef(fid);
  auto r = send(make_command(0x00, 0xB0, 0x00, 0x00, {}, static_cast<std::uint32_t>(length)));
  if (!r.ok()) throw CardError(r.sw, "read " + ef_name(fid) + " of " + name_);
  return r.data;
}

Bytes CardApplication::read_ber_object(std::uint16_t fid, std::uint32_t expected_tag,
                                       const std::string& what) {
  select_ef(fid);
  const std::string where = what + " (" + ef_name(fid) + " of " + name_ + ")";
  auto header = send(make_command(0x00, 0xB0, 0x00, 0x00, {}, kHeaderRead));
  if (!header.ok()) throw CardError(header.sw, "read the header of " + where);
  std::uint32_t tag = 0;
  std::size_t header_size = 0, value_size = 0;
  const auto error = iso7816::read_ber_header(header.data, &tag, &header_size, &value_size);
  if (error != iso7816::BerError::kNone)
    throw RecordError(where + ": no BER object at the start: " + iso7816::describe(error));
  if (tag != expected_tag)
    throw RecordError(where + ": starts with tag " + tag_name(tag) + ", not " +
                      tag_name(expected_tag));
  const std::size_t total = header_size + value_size;
  if (total > kMaxOffset + 256)
    throw RecordError(where + ": the header says " + std::to_string(total) +
                      " bytes, more than READ BINARY can reach");
  Bytes out;
  while (out.size() < total) {
    const std::size_t want = std::min<std::size_t>(256, total - out.size());
    auto r = send(make_command(0x00, 0xB0, static_cast<std::uint8_t>(out.size() >> 8),
                               static_cast<std::uint8_t>(out.size()), {},
                               static_cast<std::uint32_t>(want)));
    if (!r.ok())
      throw CardError(r.sw, "read " + where + " at offset " + std::to_string(out.size()));
    if (r.data.empty() || r.data.size() > want)
      throw RecordError(where + ": the card returned " + std::to_string(r.data.size()) +
                        " bytes at offset " + std::to_string(out.size()) + " where " +
                        std::to_string(want) + " were asked");
    append(out, r.data);
    if (r.data.size() < want)
      throw RecordError(where + ": the file ends at " + std::to_string(out.size()) +
                        " bytes but its header says " + std::to_string(total));
  }
  return out;
}

Bytes CardApplication::read_whole_ef(std::uint16_t fid, const std::string& what) {
  select_ef(fid);
  const std::string where = what + " (" + ef_name(fid) + " of " + name_ + ")";
  constexpr std::size_t kPart = 256;
  Bytes out;
  while (out.size() <= kMaxOffset) {
    auto r = send(make_command(0x00, 0xB0, static_cast<std::uint8_t>(out.size() >> 8),
                               static_cast<std::uint8_t>(out.size()), {}, kPart));
    if (r.sw == sw::kWrongP1P2 && !out.empty()) break;  // the file ended on a part boundary
    if (!r.ok())
      throw CardError(
          r.sw, "read " + where + (out.empty() ? "" : " at offset " + std::to_string(out.size())));
    if (r.data.size() > kPart)
      throw RecordError(where + ": the card returned " + std::to_string(r.data.size()) +
                        " bytes at offset " + std::to_string(out.size()) + " where 256 were asked");
    append(out, r.data);
    if (r.data.size() < kPart) break;  // a short part: the end of the file
  }
  return out;
}

Bytes CardApplication::read_record(std::uint8_t sfi, std::uint8_t record, const std::string& what) {
  auto r =
      send(make_command(0x00, 0xB2, record, static_cast<std::uint8_t>((sfi << 3) | 0x04), {}, 256));
  if (!r.ok())
    throw CardError(r.sw,
                    "read record " + std::to_string(record) + " of " + what + " (" + name_ + ")");
  return r.data;
}

PinStatus CardApplication::key_status(std::uint16_t fid, const std::string& what) {
  select_ef(fid);
  auto r = send(make_command(0x00, 0x20, 0x00, 0x80));
  return pin_status_from(r.sw, what + " (" + ef_name(fid) + " of " + name_ + ")");
}

bool CardApplication::key_present(std::uint16_t fid) {
  auto r = send(make_command(0x00, 0xA4, 0x02, 0x0C, fid_bytes(fid)));
  if (r.sw == sw::kFileNotFound) return false;
  if (!r.ok()) throw CardError(r.sw, "select " + ef_name(fid) + " of " + name_);
  return true;
}

VerifyResult CardApplication::verify(std::uint16_t fid, const Secret& value) {
  select_ef(fid);
  auto r =
      send(make_command(0x00, 0x20, 0x00, 0x80, Bytes(value.bytes().begin(), value.bytes().end())));
  return verify_result_from(r.sw);
}

Bytes CardApplication::sign_with_ap_key(ByteView digest_info) {
  auto r = send(
      make_command(0x80, 0x2A, 0x00, 0x00, Bytes(digest_info.begin(), digest_info.end()), 256));
  if (!r.ok()) throw CardError(r.sw, "sign with the key of " + name_);
  return r.data;
}

}  // namespace mynasim::client
