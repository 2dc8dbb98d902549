#include "pki/authority.hpp"

#include <openssl/rand.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/files.hpp"
#include "pki/pki_error.hpp"
#include "pki/private_files.hpp"
#include "pki/unix_time.hpp"
#include "pki/x509_text.hpp"

namespace mynasim::pki {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDatabaseFile = "mynaca.db";
constexpr std::string_view kSecretFile = "private/secret.bin";
// The same instant `years` calendar years later (29 February -> 1 March).
UnixTime add_years(UnixTime t, int years) {
  const time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  tm.tm_year += years;
  return static_cast<UnixTime>(timegm(&tm));
}

std::string key_file(Hierarchy h, int generation, bool responder) {
  return "private/" + generation_label(h, generation) + (responder ? "-ocsp" : "") + ".key.pem";
}

void make_dir(const fs::path& path, fs::perms perms) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw PkiError(path.string() + ": cannot create directory: " + ec.message());
  fs::permissions(path, perms, ec);
}

// Writes a new private key file (0600) and returns the key.
hostcrypto::EvpPkeyPtr new_key_file(const std::string& dir, const std::string& relative) {
  hostcrypto::EvpPkeyPtr key = hostcrypto::generate_rsa_key(2048);
  write_file_atomically(dir + "/" + relative,
                        hostcrypto::view_of(hostcrypto::private_key_pem(key.get())), 0600);
  return key;
}

}  // namespace

CertificateRecord record_of(X509* cert, CertificateKind kind, std::int64_t ca_id,
                            std::int64_t card_id) {
  CertificateRecord r;
  r.serial = serial_to_u64(X509_get0_serialNumber(cert));
  r.ca_id = ca_id;
  r.card_id = card_id;
  r.kind = kind;
  r.subject = name_to_string(X509_get_subject_name(cert));
  r.not_before = unix_time_of(X509_get0_notBefore(cert));
  r.not_after = unix_time_of(X509_get0_notAfter(cert));
  r.der = hostcrypto::der_of(cert);
  return r;
}

Authority::Authority(std::string dir, Registry registry)
    : dir_(std::move(dir)), registry_(std::move(registry)) {
  endpoints_.base_url = registry_.meta("base_url");
  office_code_ = registry_.meta("office_code");
}

Authority::Authority(Authority&&) noexcept = default;
Authority::~Authority() = default;

Authority Authority::init(const std::string& dir, UnixTime now, const InitOptions& options) {
  if (options.ca_years < 1 || options.ca_years > 30) throw PkiError("ca-years: must be 1 to 30");
  if (options.office_code.size() != 6 ||
      options.office_code.find_first_not_of("0123456789") != std::string::npos)
    throw PkiError("office-code: must be 6 digits");
  if (fs::exists(fs::path(dir) / kDatabaseFile))
    throw PkiError(dir + ": already holds an authority (" + std::string(kDatabaseFile) + ")");
  // The directory holds mynaca.db (names, addresses, My Numbers in clear) and private/ the
  // keys: both 0700. ca/ and crl/ hold only public documents.
  make_private_dir(dir);
  make_private_dir(dir + "/private");
  make_dir(fs::path(dir) / "ca", fs::perms::owner_all | fs::perms::group_read |
                                     fs::perms::group_exec | fs::perms::others_read |
                                     fs::perms::others_exec);
  make_dir(fs::path(dir) / "crl", fs::perms::owner_all | fs::perms::group_read |
                                      fs::perms::group_exec | fs::perms::others_read |
                                      fs::perms::others_exec);
  Bytes secret(32);
  hostcrypto::check(RAND_bytes(secret.data(), static_cast<int>(secret.size())), "RAND_bytes");
  write_file_atomically(dir + "/" + std::string(kSecretFile), secret, 0600);
  secure_wipe(secret);

  Registry registry = Registry::create(dir + "/" + std::string(kDatabaseFile));
  {
    auto tx = registry.transaction();
    registry.set_meta("base_url", options.endpoints.base_url);
    registry.set_meta("office_code", options.office_code);
    registry.set_meta("ca_years", std::to_string(options.ca_years));
    tx.commit();
  }
  Authority authority(dir, std::move(registry));
  for (Hierarchy h : {Hierarchy::kSign, Hierarchy::kAuth}) authority.new_generation(h, now);
  authority.registry_.set_meta("initialized", "1");
  return authority;
}

Authority Authority::open(const std::string& dir) {
  // At start, before any work: the directory, private/ and every key in it (a key that has been
  // opened up is refused before a card is written, not halfway through an issuance).
  require_private(dir);
  require_private(dir + "/private");
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir + "/private", ec))
    require_private(entry.path().string());
  Registry registry = Registry::open(dir + "/" + std::string(kDatabaseFile));
  if (registry.meta("initialized") != "1")
    throw PkiError(dir +
                   ": `mynaca init` did not finish here; remove the directory and run it "
                   "again");
  Authority authority(dir, std::move(registry));
  authority.load_generations();
  return authority;
}

void Authority::load_generations() {
  generations_.clear();
  for (const CaRecord& ca : registry_.cas()) {
    auto g = std::make_unique<Generation>();
    g->record = ca;
    auto cert = registry_.certificate(ca.serial);
    if (!cert) throw PkiError("database: CA certificate " + std::to_string(ca.serial) + " missing");
    g->certificate = hostcrypto::x509_from_der(cert->der);
    if (!g->certificate) throw PkiError("database: CA certificate does not decode");
    g->not_before = cert->not_before;
    g->not_after = cert->not_after;
    if (ca.responder_serial) {
      auto responder = registry_.certificate(ca.responder_serial);
      if (responder) g->responder = hostcrypto::x509_from_der(responder->der);
    }
    generations_.push_back(std::move(g));
  }
}

std::vector<const Generation*> Authority::generations(Hierarchy h) const {
  std::vector<const Generation*> out;
  for (const auto& g : generations_)
    if (g->record.hierarchy == h) out.push_back(g.get());
  return out;
}

const Generation& Authority::generation(Hierarchy h, int generation) const {
  for (const auto& g : generations_)
    if (g->record.hierarchy == h && g->record.generation == generation) return *g;
  throw PkiError("no generation " + std::to_string(generation) + " of the " +
                 std::string(hierarchy_tag(h)) + " CA");
}

const Generation* Authority::generation_by_id(std::int64_t ca_id) const {
  for (const auto& g : generations_)
    if (g->record.id == ca_id) return g.get();
  return nullptr;
}

EVP_PKEY* Authority::key(const std::string& relative_file) {
  auto it = keys_.find(relative_file);
  if (it == keys_.end()) {
    const Bytes pem = read_private_file(path(relative_file));
    it = keys_
             .emplace(relative_file, hostcrypto::private_key_from_pem(std::string_view(
                                         reinterpret_cast<const char*>(pem.data()), pem.size())))
             .first;
  }
  return it->second.get();
}

Signer Authority::signer(const Generation& g) {
  return {g.record.hierarchy, g.record.generation, g.certificate.get(), key(g.record.key_file)};
}

Signer Authority::responder_signer(const Generation& g) {
  if (!g.responder) throw PkiError("generation has no OCSP responder certificate");
  return {g.record.hierarchy, g.record.generation, g.responder.get(),
          key(g.record.responder_key_file)};
}

int Authority::new_generation(Hierarchy h, UnixTime now) {
  const auto existing = generations(h);
  const Generation* previous = existing.empty() ? nullptr : existing.back();
  const int number = previous ? previous->record.generation + 1 : 1;
  const int years = std::stoi(registry_.meta("ca_years"));
  const std::string label = generation_label(h, number);

  CaRecord ca{0, h, number, 0, key_file(h, number, false), 0, key_file(h, number, true)};
  hostcrypto::EvpPkeyPtr ca_key = new_key_file(dir_, ca.key_file);
  hostcrypto::EvpPkeyPtr responder_key = new_key_file(dir_, ca.responder_key_file);
  std::vector<std::pair<std::string, hostcrypto::X509Ptr>> links;
  {
    auto tx = registry_.transaction();
    ca.serial = registry_.allocate_serial();
    hostcrypto::X509Ptr cert =
        make_ca_certificate(h, ca_key.get(), {ca.serial, now, add_years(now, years)});
    ca.id = registry_.add_ca(ca);
    registry_.add_certificate(record_of(cert.get(), CertificateKind::kCa, ca.id, 0));
    const Signer self{h, number, cert.get(), ca_key.get()};
    const UnixTime ca_end = unix_time_of(X509_get0_notAfter(cert.get()));
    hostcrypto::X509Ptr responder = make_responder_certificate(
        responder_key.get(), self, {registry_.allocate_serial(), now, ca_end});
    registry_.add_certificate(record_of(responder.get(), CertificateKind::kResponder, ca.id, 0));
    registry_.set_responder(ca.id, serial_to_u64(X509_get0_serialNumber(responder.get())),
                            ca.responder_key_file);
    if (previous) {
      // NewWithOld: the new key under the old one; OldWithNew: the old key under the new one.
      // Both live as long as the old generation, the overlap in which relying parties may hold
      // either root.
      const Signer old = signer(*previous);
      const std::string old_label = generation_label(h, previous->record.generation);
      hostcrypto::X509Ptr new_with_old = make_link_certificate(
          h, ca_key.get(), old, {registry_.allocate_serial(), now, previous->not_after});
      hostcrypto::X509Ptr old_with_new = make_link_certificate(
          h, old.key, self, {registry_.allocate_serial(), now, previous->not_after});
      registry_.add_certificate(
          record_of(new_with_old.get(), CertificateKind::kLink, previous->record.id, 0));
      registry_.add_certificate(record_of(old_with_new.get(), CertificateKind::kLink, ca.id, 0));
      links.emplace_back("ca/" + label + "-by-" + old_label + ".pem", std::move(new_with_old));
      links.emplace_back("ca/" + old_label + "-by-" + label + ".pem", std::move(old_with_new));
    }
    tx.commit();
  }
  keys_[ca.key_file] = std::move(ca_key);
  keys_[ca.responder_key_file] = std::move(responder_key);
  load_generations();
  for (const auto& [file, cert] : links)
    write_file_atomically(path(file), hostcrypto::view_of(hostcrypto::pem_of(cert.get())));
  write_ca_files(h);
  return number;
}

void Authority::write_ca_files(Hierarchy h) {
  std::string bundle;
  for (const Generation* g : generations(h)) {
    const std::string label = generation_label(h, g->record.generation);
    const std::string pem = hostcrypto::pem_of(g->certificate.get());
    bundle += pem;
    write_file_atomically(path("ca/" + label + ".pem"), hostcrypto::view_of(pem));
    if (g->responder)
      write_file_atomically(path("ca/" + label + "-ocsp.pem"),
                            hostcrypto::view_of(hostcrypto::pem_of(g->responder.get())));
  }
  write_file_atomically(path("ca/" + std::string(hierarchy_tag(h)) + ".pem"),
                        hostcrypto::view_of(bundle));
}

void Authority::set_card_state(std::int64_t card_id, const std::string& state) {
  auto tx = registry_.transaction();
  registry_.set_card_state(card_id, state);
  tx.commit();
}

}  // namespace mynasim::pki
