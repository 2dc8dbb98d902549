#include "reader/client/secure_messaging.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <algorithm>

#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/ber_tlv.hpp"
#include "iso7816/status_words.hpp"
#include "reader/client/card_error.hpp"

namespace mynasim::client {
namespace {

namespace sw = iso7816::sw;
using CipherCtxPtr =
    std::unique_ptr<EVP_CIPHER_CTX, hostcrypto::OpenSslDeleter<EVP_CIPHER_CTX_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, hostcrypto::OpenSslDeleter<EVP_PKEY_CTX_free>>;

constexpr std::size_t kBlock = 16;
constexpr std::uint8_t kClaSm = 0x08;
constexpr std::uint32_t kTagCryptogram = 0x86;
constexpr std::uint8_t kPaddingIndicator = 0x01;

// Whole blocks through AES-128 (ECB for one block, CBC for a message), no OpenSSL padding.
Bytes aes128(const EVP_CIPHER* cipher, bool encrypt, ByteView key, ByteView iv, ByteView data) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  Bytes out(data.size() + kBlock);
  int n = 0, tail = 0;
  if (!ctx ||
      EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.empty() ? nullptr : iv.data(),
                        encrypt ? 1 : 0) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_CipherUpdate(ctx.get(), out.data(), &n, data.data(), static_cast<int>(data.size())) !=
          1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + n, &tail) != 1)
    throw RecordError("secure messaging: OpenSSL's AES-128 failed");
  out.resize(static_cast<std::size_t>(n + tail));
  return out;
}

// The card's secure-messaging layer refused (as sm.rs counts them): the session is gone, or was
// never there (6882).
bool is_sm_error(std::uint16_t word) {
  return word == sw::kSmDataObjectsMissing || word == sw::kSmDataObjectsIncorrect ||
         word == sw::kSecureMessagingUnsupportedJicsap || word == sw::kSecureMessagingNotSupported;
}

}  // namespace

SmCipher::SmCipher(ByteView seed) {
  if (seed.size() != kSmSeedSize)
    throw RecordError("secure messaging: a seed is " + std::to_string(kSmSeedSize) +
                      " bytes, got " + std::to_string(seed.size()));
  std::copy_n(seed.begin(), key_.size(), key_.begin());
}

SmCipher::~SmCipher() {
  secure_wipe(key_);
}

Bytes SmCipher::iv(std::uint32_t n) const {
  Bytes block(kBlock, 0x00);
  for (std::size_t i = 0; i < 4; ++i)
    block[kBlock - 1 - i] = static_cast<std::uint8_t>(n >> (8 * i));
  return aes128(EVP_aes_128_ecb(), true, key_, {}, block);
}

Bytes SmCipher::wrap(std::uint32_t n, ByteView plaintext) const {
  Bytes padded(plaintext.begin(), plaintext.end());
  padded.push_back(0x80);
  padded.resize((padded.size() + kBlock - 1) / kBlock * kBlock, 0x00);
  Bytes value{kPaddingIndicator};
  append(value, aes128(EVP_aes_128_cbc(), true, key_, iv(n), padded));
  secure_wipe(padded);
  Bytes out;
  iso7816::write_ber_tlv(out, kTagCryptogram, value);
  return out;
}

Bytes SmCipher::unwrap(std::uint32_t n, ByteView object) const {
  const auto read = iso7816::read_ber_tlv(object);
  if (!read.ok() || read.tlv.tag != kTagCryptogram || read.tlv.total_size() != object.size())
    throw RecordError("secure messaging: the response is not one 86 object");
  const ByteView value = read.tlv.value;
  if (value.empty() || value[0] != kPaddingIndicator)
    throw RecordError("secure messaging: the padding-content indicator is not 01");
  const ByteView cryptogram = value.subspan(1);
  if (cryptogram.empty() || cryptogram.size() % kBlock != 0)
    throw RecordError("secure messaging: a cryptogram of " + std::to_string(cryptogram.size()) +
                      " bytes is not whole blocks");
  Bytes plain = aes128(EVP_aes_128_cbc(), false, key_, iv(n), cryptogram);
  auto end = plain.end();
  while (end != plain.begin() && *(end - 1) == 0x00) --end;
  if (end == plain.begin() || *(end - 1) != 0x80) {
    secure_wipe(plain);
    throw RecordError(
        "secure messaging: the decrypted response has no 80 00... padding (the "
        "message counter is out of step with the card)");
  }
  plain.erase(end - 1, plain.end());
  return plain;
}

Bytes rsa_oaep_sha256_encrypt(const hostcrypto::RsaPublicKey& key, ByteView message) {
  hostcrypto::EvpPkeyPtr pkey;
  try {
    pkey = hostcrypto::evp_public_key(key);
  } catch (const hostcrypto::CryptoError&) {
    // reported below, as any other key OAEP cannot use
  }
  hostcrypto::EvpPkeyCtxPtr ctx(pkey ? EVP_PKEY_CTX_new(pkey.get(), nullptr) : nullptr);
  std::size_t size = 0;
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_encrypt(ctx.get(), nullptr, &size, message.data(), message.size()) <= 0)
    throw RecordError("secure messaging: EF 0006's key does not take RSA-OAEP-SHA256");
  Bytes out(size);
  if (EVP_PKEY_encrypt(ctx.get(), out.data(), &size, message.data(), message.size()) <= 0)
    throw RecordError("secure messaging: RSA-OAEP-SHA256 encryption failed");
  out.resize(size);
  return out;
}

Bytes session_key_delivery(const hostcrypto::RsaPublicKey& key, ByteView seed) {
  if (seed.size() != kSmSeedSize)
    throw RecordError("secure messaging: a seed is 32 bytes, got " + std::to_string(seed.size()));
  Bytes message{0xA0, 0x22, 0x80, 0x20};
  append(message, seed);
  try {
    Bytes out = rsa_oaep_sha256_encrypt(key, message);
    secure_wipe(message);
    return out;
  } catch (...) {
    secure_wipe(message);
    throw;
  }
}

Bytes expected_length_object(std::uint16_t length) {
  return {0x96, 0x03, 0x00, static_cast<std::uint8_t>(length >> 8),
          static_cast<std::uint8_t>(length)};
}

SecureSession::SecureSession(Channel& channel, const hostcrypto::RsaPublicKey& key)
    : channel_(channel) {
  Bytes seed(kSmSeedSize);
  if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1)
    throw RecordError("secure messaging: OpenSSL has no randomness for the session key");
  open(key, seed);
  secure_wipe(seed);
}

SecureSession::SecureSession(Channel& channel, const hostcrypto::RsaPublicKey& key, ByteView seed)
    : channel_(channel) {
  open(key, seed);
}

void SecureSession::open(const hostcrypto::RsaPublicKey& key, ByteView seed) {
  cipher_ = std::make_unique<SmCipher>(seed);
  auto r = channel_.transmit(
      iso7816::make_command(0x80, 0xAE, 0x00, 0x00, session_key_delivery(key, seed)));
  if (!r.ok()) throw CardError(r.sw, "open a secure-messaging session (SET SESSION KEY)");
}

iso7816::ResponseApdu SecureSession::send(iso7816::CommandApdu command) {
  if (broken_)
    throw CardError(sw::kSecureMessagingUnsupportedJicsap,
                    "secure messaging: the card ended the session after an error");
  auto r = channel_.transmit(command);
  ++counter_;
  if (is_sm_error(r.sw)) {
    broken_ = true;
    throw CardError(r.sw, "secure messaging: the card refused the message and ended the session");
  }
  return r;
}

VerifyResult SecureSession::verify(std::uint16_t key_fid, const Secret& value) {
  auto r = send(iso7816::make_command(kClaSm, 0x20, 0x00,
                                      static_cast<std::uint8_t>(0x80 | (key_fid & 0x1F)),
                                      cipher_->wrap(counter_, value.bytes())));
  return verify_result_from(r.sw);
}

void SecureSession::select_ef(std::uint16_t fid) {
  const Bytes id{static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)};
  auto r = send(iso7816::make_command(kClaSm, 0xA4, 0x02, 0x0C, cipher_->wrap(counter_, id)));
  if (!r.ok()) throw CardError(r.sw, "select EF " + to_hex(fid) + " under secure messaging");
}

Bytes SecureSession::read_binary(std::uint16_t offset, std::uint16_t length) {
  const std::uint32_t n = counter_;
  // Le 65536 (extended): the answer is the whole 86 object, however long the file.
  auto r = send(iso7816::make_command(kClaSm, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                                      static_cast<std::uint8_t>(offset),
                                      expected_length_object(length), iso7816::kMaxExtendedNe));
  if (!r.ok()) throw CardError(r.sw, "read binary under secure messaging");
  return cipher_->unwrap(n, r.data);
}

Bytes SecureSession::read_ef(std::uint16_t fid) {
  select_ef(fid);
  return read_binary(0, 0);
}

}  // namespace mynasim::client
