// Secure messaging with the text application, host side (OpenSSL), as myna-card's src/sm.rs
// documents the real card: the 4-digit PIN is verified in the clear first (the card opens no
// session before it), SET SESSION KEY delivers a fresh 32-byte seed under RSA-OAEP-SHA256 to the
// key of EF 0006, and then VERIFY, SELECT and READ BINARY travel as CLA 08 with their data
// AES-128-CBC encrypted (key = the seed's first 16 bytes, IV = AES(key, N), N = 1, 2, ... one
// per SM command). What it protects: 照合番号A (the My Number) as it is presented, and the
// My Number and attributes as they are read. The card side is card/runtime/secure_messaging.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/apdu.hpp"
#include "iso7816/bytes.hpp"
#include "reader/client/card_info_fields.hpp"
#include "reader/client/channel.hpp"
#include "reader/client/key_reference.hpp"
#include "reader/client/secret.hpp"

namespace mynasim::client {

inline constexpr std::size_t kSmSeedSize = 32;

// One session's cipher, without I/O (tests build the exact APDUs a card must take with it).
class SmCipher {
 public:
  explicit SmCipher(ByteView seed);  // kSmSeedSize bytes; the first 16 are the AES key
  ~SmCipher();
  SmCipher(const SmCipher&) = delete;
  SmCipher& operator=(const SmCipher&) = delete;

  // AES-128(key, N as 16 big-endian bytes): the CBC IV of message N, both directions.
  Bytes iv(std::uint32_t n) const;
  // `86 L 01 ‖ AES-CBC(pad(plaintext))`, ISO padding 80 00... always added.
  Bytes wrap(std::uint32_t n, ByteView plaintext) const;
  // The plaintext inside a response's `86 L 01 ‖ cryptogram`; throws RecordError when the object,
  // the indicator, the block length or the padding is wrong (a counter out of step).
  Bytes unwrap(std::uint32_t n, ByteView object) const;

 private:
  std::array<std::uint8_t, 16> key_{};
};

// RSA-OAEP with SHA-256 and MGF1-SHA256, no label. Throws RecordError when `key` cannot.
Bytes rsa_oaep_sha256_encrypt(const hostcrypto::RsaPublicKey& key, ByteView message);
// SET SESSION KEY's data: `A0 22 80 20 <seed>` encrypted so.
Bytes session_key_delivery(const hostcrypto::RsaPublicKey& key, ByteView seed);
// READ BINARY's data object: `96 03 00 Le-hi Le-lo` (0: the rest of the file).
Bytes expected_length_object(std::uint16_t length);

// A session on the card behind `channel`, after the PIN. The counter is kept here; plain
// commands may be interleaved (they do not move it), but a SELECT of an application ends the
// session on the card. After an SM error (6987, 6988, 69FC; 6882: no session on the card) it is
// gone: every later call throws CardError 69FC without sending anything.
class SecureSession {
 public:
  // SET SESSION KEY `80 AE 00 00` with a fresh seed from OpenSSL's RNG (or `seed`, for tests).
  // Throws CardError: 6982 (the PIN not verified), 6A80 (the card refused the delivery) ...
  SecureSession(Channel& channel, const hostcrypto::RsaPublicKey& key);
  SecureSession(Channel& channel, const hostcrypto::RsaPublicKey& key, ByteView seed);

  // `08 20 00 <80|fid>` with the value encrypted: the key by its short EF identifier.
  VerifyResult verify(std::uint16_t key_fid, const Secret& value);
  // `08 A4 02 0C` with the FID encrypted. Throws CardError on a refusal.
  void select_ef(std::uint16_t fid);
  // `08 B0 <offset>` with `96 03 00 <length>`: exactly `length` bytes, 0 = the rest of the file.
  Bytes read_binary(std::uint16_t offset, std::uint16_t length);
  // select_ef + read_binary(0, 0): the whole file as stored, filler included.
  Bytes read_ef(std::uint16_t fid);

  std::uint32_t counter() const { return counter_; }  // N of the next SM command

 private:
  iso7816::ResponseApdu send(iso7816::CommandApdu command);
  void open(const hostcrypto::RsaPublicKey& key, ByteView seed);

  Channel& channel_;
  std::unique_ptr<SmCipher> cipher_;
  std::uint32_t counter_ = 1;
  bool broken_ = false;
};

}  // namespace mynasim::client
