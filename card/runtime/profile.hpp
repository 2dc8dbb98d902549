// The card's layout as data: applications (DFs), their files (EFs), PIN rules, access rules, the
// ATR, and every choice made where the reference (shared/reference/jpki-card.md) is silent or
// marks a fact UNCONFIRMED. Variants (contactless ATR, smartphone token) are other profiles, not
// forks of the code.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::card {

enum class EfType : std::uint8_t {
  kTransparent,  // READ BINARY
  kRecord,       // READ RECORD; content is the records, each prefixed by its length (see below)
  kPin,          // a key reference for VERIFY / CHANGE REFERENCE DATA (an IEF: not readable)
  kPrivateKey,   // an RSA private key for COMPUTE DIGITAL SIGNATURE (an IEF: not readable)
  kInternal,     // selectable, but every read answers 6981 (MF-level 001E, reference §1)
};

enum class PinCharset : std::uint8_t {
  kDigits,      // ASCII 0-9
  kUpperAlnum,  // ASCII A-Z and 0-9
};

// Which credential opens a file. Any one of the listed PINs (key references of the same DF)
// suffices.
struct AccessRule {
  enum class Kind : std::uint8_t { kFree, kPin, kNever };
  Kind kind = Kind::kFree;
  std::array<std::uint16_t, 3> pins{};  // FIDs; 0 = unused

  static constexpr AccessRule free() { return {}; }
  static constexpr AccessRule never() { return {Kind::kNever, {}}; }
  static constexpr AccessRule pin(std::uint16_t a, std::uint16_t b = 0, std::uint16_t c = 0) {
    return {Kind::kPin, {a, b, c}};
  }
};

struct PinSpec {
  PinCharset charset = PinCharset::kDigits;
  std::uint8_t min_length = 4;
  std::uint8_t max_length = 4;
  std::uint8_t max_tries = 3;
  // CHANGE REFERENCE DATA / CHANGE KEY may replace the value after a VERIFY. The 照合番号 and the
  // 生年月日 key are what is printed on the card: no command changes them (6982).
  bool changeable = true;
  // Issued with no tries at all (text 0012: empty VERIFY 63C0, VERIFY 6984 from issuance).
  bool blocked_at_issuance = false;
  // No retry counter: the empty VERIFY answers 6300, never a count (myna-card README "Retry
  // counters"). Issued with no value, so a VERIFY answers 6300 too and nothing is ever spent.
  bool unlimited = false;
};

struct EfSpec {
  std::uint16_t fid = 0;
  EfType type = EfType::kTransparent;
  std::string_view label;  // what it holds, for traces and documentation
  AccessRule read;         // READ BINARY / READ RECORD
  AccessRule use;          // kPrivateKey: who may have it sign
  PinSpec pin;             // kPin only
};

struct DfSpec {
  std::uint8_t id = 0;  // stable number used in the card image's object ids (never reuse)
  std::string_view label;
  Bytes aid;
  std::vector<EfSpec> efs;
  // The application's own RSA key that COMPUTE DIGITAL SIGNATURE with P2=00 uses, with no
  // credential (text 0013, the surface key); 0 = none. It need not be an EF of `efs`.
  std::uint16_t ap_signing_key = 0;
  // The key INTERNAL AUTHENTICATE answers with (共通 0019); 0 = none.
  std::uint16_t internal_auth_key = 0;
  // SET SESSION KEY (80 AE): what the application answers (myna-card: 66F1 for 共通 and surface,
  // 6982 for JPKI and 住基). Where the real card offers secure messaging (text, after its PIN),
  // `secure_messaging` names the credential and `session_key` the card's RSA key the session key
  // is delivered under (stored as a private key object under that number; its public half is the
  // issuer's EF 0006). card/runtime/secure_messaging.hpp runs the session.
  std::uint16_t set_session_key_sw = 0x6982;
  AccessRule secure_messaging = AccessRule::never();
  std::uint16_t session_key = 0;

  const EfSpec* find_ef(std::uint16_t fid) const {
    for (const auto& ef : efs)
      if (ef.fid == fid) return &ef;
    return nullptr;
  }
};

// Choices on points the reference leaves open. Each has a test in tests/unit/card.
struct ProfileChoices {
  // VERIFY of a blocked key: 6984 (myna-card, MYNA-GO) rather than 6983 (generic client code only).
  std::uint16_t blocked_sw = 0x6984;
  // Reading a file whose PIN is not verified (the signature certificate): 6982. The reference
  // marks the exact word UNCONFIRMED.
  std::uint16_t unverified_access_sw = 0x6982;
  // A VERIFY whose length is outside the key's min..max is refused with 6700 before the counter
  // is touched (a syntax check, as for every other malformed command). A value of the right
  // length with wrong characters (a lowercase letter in the signature password) is compared and
  // costs a try, as the reference says.
  bool bad_length_costs_try = false;
  // CHANGE REFERENCE DATA with a new value outside the key's format: 6A80, nothing changed.
  std::uint16_t bad_new_pin_sw = 0x6A80;
  // SELECT of a DF clears the verified state (inferred from OpenSC's logout; reference §3).
  bool select_df_clears_security = true;
};

// A data object GET DATA (00 CA tag) answers at the MF level (reference §2.4, myna-card mf.rs).
// Its value is `fixed` when the profile gives it, else what the issuer wrote (EfContent with
// df_id 0 and fid = tag); absent: 6A88.
struct DataObjectSpec {
  std::uint16_t tag = 0;
  std::string_view label;
  Bytes fixed;
  bool also_in_dfs = false;  // answers with an application selected too (5F51, myna-card)
};

// What the municipal office may write once it has authenticated (EXTERNAL AUTHENTICATE, then
// UPDATE BINARY: card/runtime/commands/office_commands.cpp): certificate EFs of one application,
// and the EF that records which of them are present. The office's signature also covers the
// card's serial number, read from `serial_ef` of that application (office_key.hpp).
struct OfficeCertificate {
  std::uint16_t fid = 0;
  // The private key of the same application whose modulus the certificate must carry (an
  // end-entity certificate); 0 for a CA certificate.
  std::uint16_t key = 0;
};

struct OfficeSpec {
  std::uint8_t df_id = 0;  // the application (DfSpec::id); 0: the office writes nothing
  std::array<OfficeCertificate, 4> certificates{};  // fid 0 = unused
  // Rewritten with every certificate: one byte per EF of `presence_of`, 8F when that certificate
  // is present and 00 when not, then 00.
  std::uint16_t presence_ef = 0;
  std::array<std::uint16_t, 2> presence_of{};
  std::uint16_t serial_ef = 0;  // CK_TOKEN_INFO: serialNumber at office::kSerialOffset

  const OfficeCertificate* find_certificate(std::uint16_t fid) const {
    for (const auto& certificate : certificates)
      if (certificate.fid != 0 && certificate.fid == fid) return &certificate;
    return nullptr;
  }
};

struct CardProfile {
  std::string_view name;  // stored in the image; a card loads only under its own profile
  Bytes atr;
  Bytes isd_aid;                 // GlobalPlatform ISD: selected at power on (the MF-level state)
  std::vector<EfSpec> mf_efs;    // files reachable with no DF selected
  std::vector<DfSpec> dfs;       // in the order SELECT by prefix searches them
  std::string_view token_label;  // JPKI EF 0006 label: JPKIAPICCTOKEN2 on the physical card
  std::vector<DataObjectSpec> data_objects;  // GET DATA
  OfficeSpec office;                         // what the municipal office may write
  ProfileChoices choices;

  const DfSpec* find_df(std::uint8_t id) const {
    for (const auto& df : dfs)
      if (df.id == id) return &df;
    return nullptr;
  }
  const DataObjectSpec* find_data_object(std::uint16_t tag) const {
    for (const auto& object : data_objects)
      if (object.tag == tag) return &object;
    return nullptr;
  }
};

// Record EFs are stored as a sequence of records, each as one length byte + the record.
// (Only the storage form; READ RECORD returns the record alone.)

}  // namespace mynasim::card
