#include "reader/client/jpki_client.hpp"

#include "iso7816/ber_tlv.hpp"
#include "iso7816/status_words.hpp"
#include "reader/client/card_application.hpp"

namespace mynasim::client {
namespace {

using iso7816::CommandApdu;
namespace sw = iso7816::sw;

const Bytes kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};

std::uint16_t certificate_fid(CertificateType type) {
  switch (type) {
    case CertificateType::kAuth:
      return 0x000A;
    case CertificateType::kAuthCa:
      return 0x000B;
    case CertificateType::kSign:
      return 0x0001;
    case CertificateType::kSignCa:
      return 0x0002;
  }
  return 0;
}

std::uint16_t pin_fid(PinType type) {
  return type == PinType::kAuth ? 0x0018 : 0x001B;
}
std::uint16_t key_fid(PinType type) {
  return type == PinType::kAuth ? 0x0017 : 0x001A;
}

}  // namespace

const char* name_of(CertificateType type) {
  switch (type) {
    case CertificateType::kAuth:
      return "auth";
    case CertificateType::kAuthCa:
      return "auth-ca";
    case CertificateType::kSign:
      return "sign";
    case CertificateType::kSignCa:
      return "sign-ca";
  }
  return "?";
}

const char* name_of(PinType type) {
  return type == PinType::kAuth ? "auth" : "sign";
}

iso7816::ResponseApdu JpkiClient::send(CommandApdu c) {
  auto response = channel_.transmit(c);
  secure_wipe(c.data);
  return response;
}

void JpkiClient::select() {
  auto r = send(make_command(0x00, 0xA4, 0x04, 0x0C, kJpkiAid));
  if (!r.ok()) throw CardError(r.sw, "select the JPKI application");
}

void JpkiClient::select_ef(std::uint16_t fid) {
  auto r =
      send(make_command(0x00, 0xA4, 0x02, 0x0C,
                        {static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)}));
  if (!r.ok()) throw CardError(r.sw, "select EF " + std::to_string(fid));
}

Bytes JpkiClient::read_binary_all(std::uint16_t fid, bool der_sized) {
  select_ef(fid);
  std::size_t total = 0;
  if (der_sized) {
    // Every client reads the DER header first: 30 82 LL LL gives the size (OpenSC reads 4
    // bytes, myna 7); the EF may be longer than the certificate.
    auto header = send(make_command(0x00, 0xB0, 0x00, 0x00, {}, 8));
    if (!header.ok()) throw CardError(header.sw, "read the header of EF " + std::to_string(fid));
    std::uint32_t tag = 0;
    std::size_t header_size = 0, value_size = 0;
    if (iso7816::read_ber_header(header.data, &tag, &header_size, &value_size) !=
            iso7816::BerError::kNone ||
        tag != 0x30)
      throw CardError(sw::kSuccess, "EF " + std::to_string(fid) + " does not hold a DER object");
    total = header_size + value_size;
  }
  Bytes out;
  for (;;) {
    if (der_sized && out.size() >= total) break;
    const std::size_t want = der_sized ? std::min<std::size_t>(256, total - out.size()) : 256;
    auto r = send(make_command(0x00, 0xB0, static_cast<std::uint8_t>(out.size() >> 8),
                               static_cast<std::uint8_t>(out.size()), {},
                               static_cast<std::uint32_t>(want)));
    if (r.sw == sw::kWrongP1P2 && !der_sized && !out.empty()) break;  // past the end
    if (!r.ok()) throw CardError(r.sw, "read EF " + std::to_string(fid));
    append(out, r.data);
    if (r.data.size() < want) break;  // short read: the end of the file
    if (out.size() > 0x7FFF) break;   // the 15-bit offset cannot go further
  }
  return out;
}

Bytes JpkiClient::read_certificate(CertificateType type) {
  return read_binary_all(certificate_fid(type), true);
}

Bytes JpkiClient::token_info() {
  return read_binary_all(0x0006, false);
}

std::string JpkiClient::token_label(ByteView info) {
  std::string label(info.begin(), info.begin() + std::min<std::size_t>(32, info.size()));
  while (!label.empty() && (label.back() == ' ' || label.back() == '\0')) label.pop_back();
  return label;
}

Bytes JpkiClient::certificate_presence() {
  return read_binary_all(0x0008, false);
}

PinStatus JpkiClient::pin_status(PinType type) {
  select_ef(pin_fid(type));
  auto r = send(make_command(0x00, 0x20, 0x00, 0x80));
  return pin_status_from(r.sw, std::string(name_of(type)) + " PIN");
}

VerifyResult JpkiClient::verify(PinType type, const Secret& pin) {
  select_ef(pin_fid(type));
  auto r =
      send(make_command(0x00, 0x20, 0x00, 0x80, Bytes(pin.bytes().begin(), pin.bytes().end())));
  return verify_result_from(r.sw);
}

VerifyResult JpkiClient::change_pin(PinType type, const Secret& old_pin, const Secret& new_pin) {
  VerifyResult result = verify(type, old_pin);
  if (!result.ok) return result;
  auto r = send(
      make_command(0x00, 0x24, 0x01, 0x80, Bytes(new_pin.bytes().begin(), new_pin.bytes().end())));
  if (!r.ok()) throw CardError(r.sw, std::string("change the ") + name_of(type) + " PIN");
  return result;
}

Bytes JpkiClient::sign(PinType key, ByteView digest_info) {
  select_ef(key_fid(key));
  auto r = send(
      make_command(0x80, 0x2A, 0x00, 0x80, Bytes(digest_info.begin(), digest_info.end()), 256));
  if (!r.ok()) throw CardError(r.sw, std::string("sign with the ") + name_of(key) + " key");
  return r.data;
}

std::optional<Bytes> make_digest_info(const std::string& hash_name, ByteView hash) {
  // AlgorithmIdentifier prefixes from RFC 8017 §9.2, note 1.
  Bytes prefix;
  std::size_t size = 0;
  if (hash_name == "sha256") {
    prefix = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
              0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    size = 32;
  } else if (hash_name == "sha384") {
    prefix = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
              0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
    size = 48;
  } else if (hash_name == "sha512") {
    prefix = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
              0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};
    size = 64;
  } else {
    return std::nullopt;
  }
  if (hash.size() != size) return std::nullopt;
  append(prefix, hash);
  return prefix;
}

}  // namespace mynasim::client
