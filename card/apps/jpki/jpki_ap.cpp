#include "card/apps/jpki/jpki_ap.hpp"

#include <algorithm>

#include "card/apps/app_files.hpp"

namespace mynasim::card::jpki {
namespace {

void put_padded(Bytes& out, std::string_view text, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i)
    out.push_back(i < text.size() ? static_cast<std::uint8_t>(text[i]) : ' ');
}

void put_u32(Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

}  // namespace

const Bytes& aid() {
  static const Bytes kAid = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
  return kAid;
}

DfSpec make_df(const JpkiOptions& options) {
  const PinSpec auth_pin{PinCharset::kDigits, 4, 4, 3};
  const PinSpec sign_pin{PinCharset::kUpperAlnum, 6, 16, 5};
  const AccessRule auth_cert_read =
      options.auth_certificate_needs_pin ? AccessRule::pin(ef::kAuthPin) : AccessRule::free();
  DfSpec df{
      kDfId,
      "JPKI (公的個人認証AP)",
      aid(),
      {
          {ef::kSignCertificate,
           EfType::kTransparent,
           "signature certificate",
           AccessRule::pin(ef::kSignPin),
           {},
           {}},
          {ef::kSignCaCertificate, EfType::kTransparent, "signature CA certificate", {}, {}, {}},
          {ef::kTokenInfo, EfType::kTransparent, "token info", {}, {}, {}},
          {ef::kCertificatePresence, EfType::kTransparent, "certificate presence", {}, {}, {}},
          {ef::kAuthCertificate,
           EfType::kTransparent,
           "user-authentication certificate",
           auth_cert_read,
           {},
           {}},
          {ef::kAuthCaCertificate,
           EfType::kTransparent,
           "user-authentication CA certificate",
           {},
           {},
           {}},
          {ef::kAuthKey,
           EfType::kPrivateKey,
           "user-authentication private key",
           AccessRule::never(),
           AccessRule::pin(ef::kAuthPin),
           {}},
          {ef::kAuthPin,
           EfType::kPin,
           "user-authentication PIN",
           AccessRule::never(),
           {},
           auth_pin},
          {ef::kSignKey,
           EfType::kPrivateKey,
           "signature private key",
           AccessRule::never(),
           AccessRule::pin(ef::kSignPin),
           {}},
          {ef::kSignPin, EfType::kPin, "signature password", AccessRule::never(), {}, sign_pin},
      }};
  if (options.probed_key)
    df.efs.push_back(
        apps::key_reference_ef(ef::kProbedKey, "key 0010 (no retry limit)", apps::unlimited_key()));
  return df;
}

Bytes token_info(std::string_view label, std::string_view serial_number) {
  Bytes out;
  out.reserve(160);
  put_padded(out, label, 32);                               // label
  put_padded(out, "00000000000000000000000000000001", 32);  // manufacturerID (test vector)
  put_padded(out, "E16R01NJ", 16);                          // model (test vector)
  put_padded(out, serial_number, 16);                       // serialNumber
  put_u32(out, 0x0000040D);  // CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED |
                             // CKF_TOKEN_INITIALIZED
  put_u32(out, 1);           // ulMaxSessionCount
  put_u32(out, 0);           // ulSessionCount
  put_u32(out, 1);           // ulMaxRwSessionCount
  put_u32(out, 0);           // ulRwSessionCount
  put_u32(out, 16);          // ulMaxPinLen
  put_u32(out, 6);           // ulMinPinLen
  for (int i = 0; i < 4; ++i) put_u32(out, 0xFFFFFFFF);  // memory fields: unavailable
  put_padded(out, "03", 2);                              // hardwareVersion, ASCII as on the card
  put_padded(out, "01", 2);                              // firmwareVersion
  put_padded(out, "", 16);                               // utcTime: no clock on the card
  return out;
}

OfficeSpec office_spec() {
  OfficeSpec office;
  office.df_id = kDfId;
  office.certificates = {{{ef::kSignCertificate, ef::kSignKey},
                          {ef::kSignCaCertificate, 0},
                          {ef::kAuthCertificate, ef::kAuthKey},
                          {ef::kAuthCaCertificate, 0}}};
  office.presence_ef = ef::kCertificatePresence;
  office.presence_of = {ef::kSignCertificate,
                        ef::kAuthCertificate};  // certificate_presence's order
  office.serial_ef = ef::kTokenInfo;
  return office;
}

Bytes certificate_presence(bool has_sign_certificate, bool has_auth_certificate) {
  return {static_cast<std::uint8_t>(has_sign_certificate ? 0x8F : 0x00),
          static_cast<std::uint8_t>(has_auth_certificate ? 0x8F : 0x00), 0x00};
}

}  // namespace mynasim::card::jpki
