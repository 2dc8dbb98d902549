#include "reader/client/office_client.hpp"

#include <algorithm>

#include "iso7816/status_words.hpp"

namespace mynasim::client {
namespace {

const Bytes kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
constexpr std::size_t kSerialOffset = 80;  // CK_TOKEN_INFO serialNumber
constexpr std::size_t kSerialSize = 16;
constexpr std::size_t kChallengeSize = 8;
constexpr std::size_t kPart = 255;  // UPDATE BINARY data per command

void expect_ok(const iso7816::ResponseApdu& r, const std::string& what) {
  if (!r.ok()) throw CardError(r.sw, what);
}

}  // namespace

iso7816::ResponseApdu OfficeClient::send(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
                                         Bytes data, std::uint32_t ne) {
  iso7816::CommandApdu c = iso7816::make_command(0x00, ins, p1, p2, std::move(data), ne);
  auto response = channel_.transmit(c);
  secure_wipe(c.data);
  return response;
}

void OfficeClient::select_ef(std::uint16_t fid) {
  Bytes name;
  append_u16(name, fid);
  expect_ok(send(0xA4, 0x02, 0x0C, name), "select EF " + to_hex(name, '\0'));
}

Bytes OfficeClient::card_serial() {
  expect_ok(send(0xA4, 0x04, 0x0C, kJpkiAid), "select the JPKI application");
  select_ef(0x0006);
  const auto r = send(0xB0, 0x00, 0x00, {}, 256);
  expect_ok(r, "read the token information (EF 0006)");
  if (r.data.size() < kSerialOffset + kSerialSize)
    throw CardError(r.sw, "the token information (EF 0006) is too short to hold a serial number");
  return Bytes(r.data.begin() + kSerialOffset, r.data.begin() + kSerialOffset + kSerialSize);
}

void OfficeClient::open(ByteView aid, ByteView card_serial) {
  expect_ok(send(0xA4, 0x04, 0x0C, Bytes(aid.begin(), aid.end())),
            "select application " + to_hex(aid, '\0'));
  const auto challenge = send(0x84, 0x00, 0x00, {}, kChallengeSize);
  expect_ok(challenge, "GET CHALLENGE");
  if (challenge.data.size() != kChallengeSize)
    throw CardError(challenge.sw, "GET CHALLENGE answered " +
                                      std::to_string(challenge.data.size()) + " bytes, not 8");
  const Bytes signature = signer_(challenge.data, card_serial);
  expect_ok(send(0x82, 0x00, 0x00, signature), "EXTERNAL AUTHENTICATE with the office key");
}

void OfficeClient::reset_retry_counter(std::uint16_t fid, const Secret* new_value) {
  select_ef(fid);
  Bytes fid_bytes;
  append_u16(fid_bytes, fid);
  const auto r = new_value ? send(0x2C, 0x02, 0x80,
                                  Bytes(new_value->bytes().begin(), new_value->bytes().end()))
                           : send(0x2C, 0x03, 0x80, {});
  expect_ok(r, "RESET RETRY COUNTER of key " + to_hex(fid_bytes, '\0'));
}

void OfficeClient::write_certificate(std::uint16_t fid, ByteView der) {
  select_ef(fid);
  Bytes fid_bytes;
  append_u16(fid_bytes, fid);
  for (std::size_t offset = 0; offset < der.size(); offset += kPart) {
    const std::size_t n = std::min(kPart, der.size() - offset);
    const auto chunk = der.subspan(offset, n);
    expect_ok(send(0xD6, static_cast<std::uint8_t>(offset >> 8), static_cast<std::uint8_t>(offset),
                   Bytes(chunk.begin(), chunk.end())),
              "write EF " + to_hex(fid_bytes, '\0') + " at offset " + std::to_string(offset));
  }
}

}  // namespace mynasim::client
