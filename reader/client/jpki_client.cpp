#include "reader/client/jpki_client.hpp"

#include <algorithm>

namespace mynasim::client {
namespace {

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

const char* certificate_label(CertificateType type) {
  switch (type) {
    case CertificateType::kAuth:
      return "the user-authentication certificate";
    case CertificateType::kAuthCa:
      return "the user-authentication CA certificate";
    case CertificateType::kSign:
      return "the signature certificate";
    case CertificateType::kSignCa:
      return "the signature CA certificate";
  }
  return "the certificate";
}

// The private key each PIN opens.
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

JpkiClient::JpkiClient(Channel& channel)
    : ApplicationClient(channel, kJpkiAid, "the JPKI application") {}

Bytes JpkiClient::read_certificate(CertificateType type) {
  // Every client reads the DER header first: 30 82 LL LL gives the size (OpenSC reads 4 bytes,
  // myna 7); the EF may be longer than the certificate.
  return ap_.read_ber_object(certificate_fid(type), 0x30, certificate_label(type));
}

Bytes JpkiClient::token_info() {
  return ap_.read_whole_ef(0x0006, "the token information");
}

std::string JpkiClient::token_label(ByteView info) {
  std::string label(info.begin(), info.begin() + std::min<std::size_t>(32, info.size()));
  while (!label.empty() && (label.back() == ' ' || label.back() == '\0')) label.pop_back();
  return label;
}

Bytes JpkiClient::certificate_presence() {
  return ap_.read_whole_ef(0x0008, "the certificate presence");
}

PinStatus JpkiClient::pin_status(PinType type) {
  return ap_.key_status(fid(type), std::string(name_of(type)) + " PIN");
}

VerifyResult JpkiClient::change_pin(PinType type, const Secret& old_pin, const Secret& new_pin) {
  VerifyResult result = verify(type, old_pin);
  if (!result.ok) return result;
  auto r = ap_.send(
      make_command(0x00, 0x24, 0x01, 0x80, Bytes(new_pin.bytes().begin(), new_pin.bytes().end())));
  if (!r.ok()) throw CardError(r.sw, std::string("change the ") + name_of(type) + " PIN");
  return result;
}

Bytes JpkiClient::sign(PinType key, ByteView digest_info) {
  ap_.select_ef(key_fid(key));
  auto r = ap_.send(
      make_command(0x80, 0x2A, 0x00, 0x80, Bytes(digest_info.begin(), digest_info.end()), 256));
  if (!r.ok()) throw CardError(r.sw, std::string("sign with the ") + name_of(key) + " key");
  return r.data;
}

}  // namespace mynasim::client
