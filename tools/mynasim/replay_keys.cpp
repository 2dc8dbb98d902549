#include "tools/mynasim/replay_keys.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "iso7816/ber_tlv.hpp"
#include "reader/client/card_info_verify.hpp"
#include "reader/client/surface_records.hpp"
#include "reader/client/text_records.hpp"
#include "reader/emulator/simulated_card.hpp"

namespace mynasim::tools::replay {
namespace {

const Bytes kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};

// The certificate EF that holds the public half of a JPKI key.
std::optional<std::uint16_t> certificate_of_key(App app, std::optional<std::uint16_t> key) {
  if (app != App::kJpki || !key) return std::nullopt;
  if (*key == 0x0017) return 0x000A;  // user authentication
  if (*key == 0x001A) return 0x0001;  // signature
  return std::nullopt;
}

// RSASSA-PSS with SHA-256 over a 32-byte hash (80 2A P1 04 and 05), salt length from the signature.
bool verify_pss(EVP_PKEY* key, ByteView hash, ByteView signature) {
  std::unique_ptr<EVP_PKEY_CTX, hostcrypto::OpenSslDeleter<EVP_PKEY_CTX_free>> ctx(
      EVP_PKEY_CTX_new(key, nullptr));
  const bool ok =
      ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) == 1 &&
      EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_AUTO) == 1 &&
      EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1 &&
      EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), hash.data(), hash.size()) == 1;
  ERR_clear_error();
  return ok;
}

// Pieces read at known offsets, joined from offset 0 as far as they are contiguous.
Bytes assemble(const std::map<std::size_t, Bytes>& pieces) {
  Bytes out;
  for (const auto& [offset, data] : pieces) {
    if (offset > out.size()) break;
    if (offset + data.size() > out.size())
      out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(out.size() - offset),
                 data.end());
  }
  return out;
}

}  // namespace

std::size_t tlv_length(ByteView data) {
  std::uint32_t tag = 0;
  std::size_t header = 0, length = 0;
  if (iso7816::read_ber_header(data, &tag, &header, &length) != iso7816::BerError::kNone ||
      header + length > data.size())
    return 0;
  return header + length;
}

std::size_t der_length(ByteView data) {
  return !data.empty() && data[0] == 0x30 ? tlv_length(data) : 0;
}

KeyChecks::KeyChecks(std::string image_copy) : image_copy_(std::move(image_copy)) {}

KeyChecks::~KeyChecks() {
  set_sign_password("");
}

void KeyChecks::set_sign_password(const std::string& value) {
  secure_wipe({reinterpret_cast<std::uint8_t*>(sign_password_.data()), sign_password_.size()});
  sign_password_ = value;
}

void KeyChecks::record_read(App app, std::uint16_t ef, const iso7816::CommandApdu& command,
                            ByteView data) {
  if (command.p1 & 0x80) return;  // SFI form: reads from a short offset, not worth joining
  const std::size_t offset = static_cast<std::size_t>((command.p1 << 8) | command.p2);
  // A header probe after a whole read (OpenSC sizes the EF again) keeps the longer piece.
  Bytes& piece = reads_[{app, ef}][offset];
  if (data.size() > piece.size()) piece.assign(data.begin(), data.end());
}

std::optional<Bytes> KeyChecks::read_from_copy(std::uint16_t ef, std::string& why) {
  std::string error;
  auto card = emulator::SimulatedCard::load(image_copy_, error);
  if (!card) {
    why = error;
    return std::nullopt;
  }
  card->power_on();
  const auto send = [&](Bytes apdu, std::uint16_t& sw) {
    const auto response = iso7816::parse_response(card->transmit(apdu));
    sw = response ? response->sw : 0;
    return response ? response->data : Bytes{};
  };
  std::uint16_t sw = 0;
  Bytes select = {0x00, 0xA4, 0x04, 0x0C, static_cast<std::uint8_t>(kJpkiAid.size())};
  append(select, kJpkiAid);
  send(select, sw);
  if (sw != 0x9000) {
    why = "the card has no JPKI application";
    return std::nullopt;
  }
  if (ef == 0x0001) {
    if (sign_password_.empty()) {
      why = "EF 0001 needs the signature password, which the replay did not verify";
      return std::nullopt;
    }
    send({0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x1B}, sw);
    Bytes verify = {0x00, 0x20, 0x00, 0x80, static_cast<std::uint8_t>(sign_password_.size())};
    verify.insert(verify.end(), sign_password_.begin(), sign_password_.end());
    send(verify, sw);
    secure_wipe(verify);
    if (sw != 0x9000) {
      why = "the signature password did not open EF 0001";
      return std::nullopt;
    }
  }
  send({0x00, 0xA4, 0x02, 0x0C, 0x02, static_cast<std::uint8_t>(ef >> 8),
        static_cast<std::uint8_t>(ef)},
       sw);
  Bytes der = send({0x00, 0xB0, 0x00, 0x00, 0x07}, sw);
  std::uint32_t tag = 0;
  std::size_t header = 0, length = 0;
  if (sw != 0x9000 ||
      iso7816::read_ber_header(der, &tag, &header, &length) != iso7816::BerError::kNone) {
    why = "EF " + to_hex(ef) + " does not start with a DER header";
    return std::nullopt;
  }
  while (der.size() < header + length) {
    const Bytes chunk = send({0x00, 0xB0, static_cast<std::uint8_t>(der.size() >> 8),
                              static_cast<std::uint8_t>(der.size()), 0x00},
                             sw);
    if (sw != 0x9000 || chunk.empty()) break;
    append(der, chunk);
  }
  der.resize(std::min(der.size(), header + length));
  return der;
}

std::optional<Bytes> KeyChecks::certificate(std::uint16_t ef, std::string& why) {
  if (const auto it = certificates_.find(ef); it != certificates_.end()) return it->second;
  Bytes der;
  if (const auto it = reads_.find({App::kJpki, ef}); it != reads_.end()) der = assemble(it->second);
  if (const std::size_t length = der_length(der); length > 0) {
    der.resize(length);
  } else {
    auto read = read_from_copy(ef, why);
    if (!read) return std::nullopt;
    der = std::move(*read);
  }
  certificates_[ef] = der;
  return der;
}

std::optional<Divergence> KeyChecks::check_signature(App app, std::optional<std::uint16_t> key_ef,
                                                     const iso7816::CommandApdu& command,
                                                     ByteView signature, bool& checked) {
  checked = false;
  if (command.ins != 0x2A) return std::nullopt;
  if ((app == App::kText || app == App::kSurface) && command.p1 == 0x00 && command.p2 == 0x00)
    return check_ap_signature(app, command, signature, checked);
  const auto cert_ef = certificate_of_key(app, key_ef);
  if (!cert_ef) return std::nullopt;
  std::string why;
  const auto der = certificate(*cert_ef, why);
  const std::string with = "verifies with the certificate in EF " + to_hex(*cert_ef);
  if (!der) return Divergence{"signature", with, "cannot be checked: " + why, false, ""};
  const hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(*der);
  EVP_PKEY* key = cert ? X509_get0_pubkey(cert.get()) : nullptr;
  if (!key)
    return Divergence{"signature", with, "EF " + to_hex(*cert_ef) + " holds no RSA key", false, ""};
  checked = true;
  const ByteView data = command.data;
  bool ok = false;
  if (command.p1 == 0x04 || command.p1 == 0x05) {
    ok = verify_pss(key,
                    command.p1 == 0x04 ? Bytes(data.begin(), data.end()) : hostcrypto::sha256(data),
                    signature);
  } else {
    // PKCS#1 v1.5: 00 the data as given (a DigestInfo), 01 the card's SHA-256 bare, 02 a
    // 32-byte hash in a DigestInfo, 03 the card's SHA-256 in a DigestInfo (reference §3).
    Bytes payload;
    if (command.p1 == 0x00) payload.assign(data.begin(), data.end());
    if (command.p1 == 0x01) payload = hostcrypto::sha256(data);
    if (command.p1 == 0x02) payload = hostcrypto::sha256_digest_info(data);
    if (command.p1 == 0x03) payload = hostcrypto::sha256_digest_info(hostcrypto::sha256(data));
    std::string reason;
    ok = command.p1 <= 0x03 && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA &&
         client::verify_pkcs1_payload(hostcrypto::rsa_public_key_of(key), signature, payload,
                                      reason);
  }
  if (ok) return std::nullopt;
  return Divergence{"signature", with, "does not verify", false, ""};
}

std::optional<Bytes> KeyChecks::whole_object(App app, std::uint16_t ef) const {
  const auto it = reads_.find({app, ef});
  if (it == reads_.end()) return std::nullopt;
  Bytes data = assemble(it->second);
  const std::size_t length = tlv_length(data);
  if (length == 0) return std::nullopt;
  data.resize(length);
  return data;
}

std::optional<Divergence> KeyChecks::check_ap_signature(App app,
                                                        const iso7816::CommandApdu& command,
                                                        ByteView signature, bool& checked) const {
  // The application's own key (80 2A 00 00): its public half in the records the trace read -
  // text EF 0007 (the signed AP key); surface EF 0002 (card face), 0001 (age record) or 0005
  // (My Number image).
  std::optional<hostcrypto::RsaPublicKey> key;
  std::string source;
  try {
    if (app == App::kText) {
      if (auto file = whole_object(app, 0x0007)) {
        key = client::parse_signed_ap_key(*file).public_key;
        source = "the key in EF 0007";
      }
    } else {
      if (auto file = whole_object(app, 0x0002)) {
        key = client::parse_card_face(*file).public_key;
        source = "the key in the card face (EF 0002)";
      } else if (auto age = whole_object(app, 0x0001)) {
        key = client::parse_age_record(*age).public_key;
        source = "the key in the age record (EF 0001)";
      } else if (auto image = whole_object(app, 0x0005)) {
        key = client::parse_rendered_my_number(*image).public_key;
        source = "the key in EF 0005";
      }
    }
  } catch (const std::exception& e) {
    return Divergence{"signature", "a readable AP key record", e.what(), false, ""};
  }
  if (!key) return std::nullopt;
  checked = true;
  std::string why;
  if (client::verify_pkcs1_payload(*key, signature, command.data, why)) return std::nullopt;
  return Divergence{"signature", "verifies with " + source, "does not verify: " + why, false, ""};
}

std::vector<std::string> KeyChecks::check_certificates(std::vector<std::string>& partial) const {
  std::vector<std::string> bad;
  for (const auto& [where, pieces] : reads_) {
    const auto [app, ef] = where;
    if (app != App::kJpki || (ef != 0x0001 && ef != 0x0002 && ef != 0x000A && ef != 0x000B))
      continue;
    const Bytes data = assemble(pieces);
    std::uint32_t tag = 0;
    std::size_t header = 0, length = 0;
    if (data.size() < 4) continue;  // a header probe (OpenSC reads 4 bytes): nothing to judge
    if (iso7816::read_ber_header(data, &tag, &header, &length) != iso7816::BerError::kNone ||
        tag != 0x30) {
      bad.push_back("EF " + to_hex(ef) + " does not start with a DER SEQUENCE");
      continue;
    }
    if (data.size() < header + length) {
      // Header probes (4 or 7 bytes) say nothing; a longer partial read means the client
      // stopped where the trace card's certificate ended.
      if (data.size() > 8)
        partial.push_back("EF " + to_hex(ef) + ": the trace read " + std::to_string(data.size()) +
                          " of the simulated card's " + std::to_string(header + length) +
                          " bytes (the client's reads followed the trace card's length)");
      continue;
    }
    if (!hostcrypto::x509_from_der(ByteView(data).first(header + length)))
      bad.push_back("EF " + to_hex(ef) + " is not a DER X.509 certificate");
  }
  return bad;
}

}  // namespace mynasim::tools::replay
