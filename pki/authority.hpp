// The simulated J-LIS: one directory holding the authority's keys, its CA generations and the
// database of everything issued.
//
//   DIR/mynaca.db                     the registry (SQLite)
//   DIR/private/ (0700)               secret.bin (the My Number derivation key, 32 bytes),
//                                     <label>.key.pem, <label>-ocsp.key.pem (unencrypted PKCS#8,
//                                     mode 0600: a simulator's keys, not a real CA's)
//   DIR/ca/                           <label>.pem CA certificate, <label>-ocsp.pem responder,
//                                     <new>-by-<old>.pem / <old>-by-<new>.pem link certificates,
//                                     sign.pem / auth.pem: every generation of a hierarchy
//   DIR/crl/<label>.crl               DER CRLs: written at every revocation, hold and release of
//                                     a certificate of the generation, and by `mynaca crl`
// <label> is generation_label(): sign-g01, auth-g02, ...
//
// Policy choices (the task left them open):
//   - CA generations live `ca_years` (10 by default, as J-LIS's) from their creation; issuance
//     uses the newest generation whose certificate covers the whole end-entity validity, and
//     refuses when none does (make a new generation: `mynaca ca new-generation`).
//   - Holders under 15 on the day of issuance get no signature certificate (as on the real
//     service); the card is issued with the user-authentication certificate only.
//   - Both certificates of a card follow end_entity_not_after() (japanese_date.hpp).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"
#include "pki/holder.hpp"
#include "pki/profiles.hpp"
#include "pki/registry.hpp"
#include "pki/revocation_reason.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {

struct InitOptions {
  Endpoints endpoints;
  int ca_years = 10;
  std::string office_code = "999999";  // the issuing office in end-entity CNs (6 digits)
};

// A CA generation with its certificates loaded (keys stay on disk until needed).
struct Generation {
  CaRecord record;
  hostcrypto::X509Ptr certificate;
  hostcrypto::X509Ptr responder;
  UnixTime not_before = 0;
  UnixTime not_after = 0;
};

// What a card gets: its certificates and the CA certificates that go with them.
struct CardCertificates {
  CertificateRecord auth;
  std::optional<CertificateRecord> sign;  // absent for a holder under 15
  Bytes auth_ca;                          // DER of the issuing CA generations
  Bytes sign_ca;
};

struct Registration {
  std::int64_t holder_id = 0;
  std::int64_t card_id = 0;
  Holder holder;  // with my_number and resident_code as assigned
};

inline constexpr int kSignatureCertificateMinimumAge = 15;
// nextUpdate - thisUpdate of the CRL published at a status change (and `mynaca crl`'s default).
inline constexpr UnixTime kCrlValiditySeconds = 24 * 3600;

// A CRL made and written to DIR/crl/<label>.crl.
struct PublishedCrl {
  std::string label;  // auth-g01 ...
  std::string path;
  hostcrypto::X509CrlPtr crl;
};

class Authority {
 public:
  // Creates DIR (or uses an empty one): the secret, generation 1 of both hierarchies with their
  // responders, and the database. Refuses a directory that already holds a database.
  static Authority init(const std::string& dir, UnixTime now, const InitOptions& options);
  static Authority open(const std::string& dir);

  Authority(Authority&&) noexcept;
  ~Authority();

  Registry& registry() { return registry_; }
  const std::string& dir() const { return dir_; }
  std::string path(std::string_view relative) const { return dir_ + "/" + std::string(relative); }
  const Endpoints& endpoints() const { return endpoints_; }

  // Generations ordered oldest first; throws if `generation` does not exist.
  std::vector<const Generation*> generations(Hierarchy h) const;
  const Generation& generation(Hierarchy h, int generation) const;
  const Generation* generation_by_id(std::int64_t ca_id) const;
  Signer signer(const Generation& g);
  Signer responder_signer(const Generation& g);  // Signer whose certificate is the responder's
  // Adds the next generation of `h`, its responder and the two link certificates with the
  // previous generation. Returns the new generation number.
  int new_generation(Hierarchy h, UnixTime now);

  // --- issuance (issuance.cpp) ---
  // Step 1 (one transaction): finds or creates the holder, assigns resident-record code and
  // My Number as needed, and records a card in state "issuing".
  Registration register_card(const Holder& holder, const std::string& image_path, UnixTime now);
  // Step 2 (one transaction): certifies the card's keys (SPKI DER). sign_spki is ignored for a
  // holder under kSignatureCertificateMinimumAge. Card state becomes "certified".
  CardCertificates certify_card(std::int64_t card_id, ByteView auth_spki, ByteView sign_spki,
                                UnixTime now);
  void set_card_state(std::int64_t card_id, const std::string& state);
  // Renewal (one transaction): new certificates for the card's keys from the current
  // generations; the card's good (or held) certificates are revoked as superseded. `changed`
  // replaces the holder's data first; when it differs (a change of name or address), the old
  // signature certificate is revoked as affiliationChanged instead.
  CardCertificates renew_card(std::int64_t card_id, ByteView auth_spki, ByteView sign_spki,
                              UnixTime now, const std::optional<Holder>& changed);
  // The holder as validated data (prefecture etc. recomputed), for a card's holder id.
  Holder holder_of(std::int64_t holder_id, UnixTime now) const;

  // --- revocation (revocation.cpp) ---
  // Each changes the status in one transaction with the CRL it makes for the certificate's CA
  // generation (thisUpdate = now, kCrlValiditySeconds), then writes that CRL to
  // DIR/crl/<label>.crl atomically: the CRL a relying party falls back on is never older than
  // the last change the registry holds (a crash between the commit and the write leaves the
  // older CRL, which a relying party that compares with last_status_change() refuses).
  void revoke(std::uint64_t serial, const RevocationReason& reason, UnixTime now);
  void hold(std::uint64_t serial, UnixTime now);
  void release(std::uint64_t serial, UnixTime now);
  // A CRL for one generation: thisUpdate = now, nextUpdate = now + validity_seconds, crlNumber
  // from the generation's counter, AKI, one entry per revoked or held unexpired certificate with
  // its reasonCode (none for unspecified) and revocation date.
  hostcrypto::X509CrlPtr make_crl(Hierarchy h, int generation, UnixTime now,
                                  UnixTime validity_seconds);
  // make_crl(), written to DIR/crl/<label>.crl atomically (`mynaca crl`).
  PublishedCrl publish_crl(Hierarchy h, int generation, UnixTime now,
                           UnixTime validity_seconds = kCrlValiditySeconds);

 private:
  Authority(std::string dir, Registry registry);
  void load_generations();
  EVP_PKEY* key(const std::string& relative_file);
  const Generation& issuing_generation(Hierarchy h, UnixTime now, UnixTime not_after) const;
  CertificateRecord issue_end_entity(CertificateKind kind, std::int64_t card_id,
                                     const Holder& holder, ByteView spki, UnixTime now);
  CardCertificates certify(std::int64_t card_id, const Holder& holder, ByteView auth_spki,
                           ByteView sign_spki, UnixTime now);
  void write_ca_files(Hierarchy h);
  // Inside the caller's transaction: the next CRL of a generation (its number allocated).
  hostcrypto::X509CrlPtr build_crl(const Generation& g, UnixTime now, UnixTime validity_seconds);
  // The CRLs of these generations (CA ids) after a status change, made inside the caller's
  // transaction; write_crls() writes them once it has committed.
  std::vector<PublishedCrl> crls_after_change(const std::vector<std::int64_t>& ca_ids,
                                              UnixTime now);
  static void write_crls(const std::vector<PublishedCrl>& crls);
  // One status change of an end-entity certificate, refused unless it is in `from` now.
  void move_status(std::uint64_t serial, CertificateStatus from, CertificateStatus to, int reason,
                   UnixTime now, const char* action, const char* refusal);

  std::string dir_;
  Registry registry_;
  Endpoints endpoints_;
  std::string office_code_;
  std::vector<std::unique_ptr<Generation>> generations_;
  std::map<std::string, hostcrypto::EvpPkeyPtr> keys_;
};

// Sets the file's certificate record fields from a freshly built certificate.
CertificateRecord record_of(X509* cert, CertificateKind kind, std::int64_t ca_id,
                            std::int64_t card_id);

}  // namespace mynasim::pki
