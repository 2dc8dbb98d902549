#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "authority_fixture.hpp"
#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/authority.hpp"
#include "pki/files.hpp"
#include "pki/unix_time.hpp"
#include "pki/x509_text.hpp"

namespace mynasim::pki {
namespace {

using test::kDay;
using test::kNow;

struct Fixture : test::AuthorityFixture {
  Authority& a = authority;
};

RevocationReason reason(std::string_view name) {
  auto r = parse_revocation_reason(name);
  REQUIRE(r);
  return *r;
}

CertificateRecord record(Authority& a, std::uint64_t serial) {
  auto r = a.registry().certificate(serial);
  REQUIRE(r);
  return *r;
}

// serial -> reason code (-1 when the entry carries none), read back with OpenSSL.
std::map<std::uint64_t, int> crl_entries(X509_CRL* crl) {
  std::map<std::uint64_t, int> out;
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl);
  for (int i = 0; i < sk_X509_REVOKED_num(revoked); ++i) {
    X509_REVOKED* entry = sk_X509_REVOKED_value(revoked, i);
    auto* code = static_cast<ASN1_ENUMERATED*>(
        X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nullptr, nullptr));
    out[serial_to_u64(X509_REVOKED_get0_serialNumber(entry))] =
        code ? static_cast<int>(ASN1_ENUMERATED_get(code)) : -1;
    ASN1_ENUMERATED_free(code);
  }
  return out;
}

long crl_number(X509_CRL* crl) {
  auto* number =
      static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl, NID_crl_number, nullptr, nullptr));
  REQUIRE(number);
  const long n = ASN1_INTEGER_get(number);
  ASN1_INTEGER_free(number);
  return n;
}

TEST_CASE("reason names map to RFC 5280 codes") {
  CHECK(static_cast<int>(reason("lost").code) == 1);
  CHECK(static_cast<int>(reason("address-changed").code) == 3);
  CHECK(reason("address-changed").signature_only);
  CHECK(reason("name-changed").signature_only);
  CHECK_FALSE(reason("lost").signature_only);
  CHECK(static_cast<int>(reason("renewed").code) == 4);
  CHECK(static_cast<int>(reason("deceased").code) == 5);
  CHECK(static_cast<int>(reason("aa-compromise").code) == 10);
  CHECK_FALSE(parse_revocation_reason("certificate-hold"));
  CHECK_FALSE(parse_revocation_reason("remove-from-crl"));
  CHECK(crl_reason_name(6) == "certificateHold");
  CHECK(crl_reason_name(7) == "unknown(7)");
}

TEST_CASE("revoke, hold and release follow the status rules") {
  Fixture f;
  const auto card = f.issue();
  const auto auth = card.auth.serial;
  const auto sign = card.sign->serial;
  CHECK_THROWS_WITH(f.a.revoke(auth, reason("address-changed"), kNow),
                    "reason address-changed revokes signature certificates only: the "
                    "user-authentication certificate carries no personal data");
  CHECK(record(f.a, auth).status == CertificateStatus::kGood);
  f.a.revoke(sign, reason("address-changed"), kNow + 10);
  CHECK(record(f.a, sign).status == CertificateStatus::kRevoked);
  CHECK(record(f.a, sign).reason == 3);
  CHECK(record(f.a, sign).revoked_at == kNow + 10);
  CHECK_THROWS_WITH(
      f.a.revoke(sign, reason("lost"), kNow),
      "certificate " + std::to_string(sign) + " is already revoked (affiliationChanged)");
  CHECK_THROWS_WITH(f.a.hold(sign, kNow), "certificate " + std::to_string(sign) +
                                              " is revoked; only a good certificate can be held");

  f.a.hold(auth, kNow + 20);
  CHECK(record(f.a, auth).status == CertificateStatus::kHold);
  CHECK(record(f.a, auth).reason == 6);
  f.a.release(auth, kNow + 30);
  CHECK(record(f.a, auth).status == CertificateStatus::kGood);
  CHECK(record(f.a, auth).reason == -1);
  CHECK_THROWS_WITH(f.a.release(auth, kNow),
                    "certificate " + std::to_string(auth) + " is good; not on hold");
  // A held certificate may then be revoked for good.
  f.a.hold(auth, kNow + 40);
  f.a.revoke(auth, reason("lost"), kNow + 50);
  CHECK(record(f.a, auth).reason == 1);

  const auto events = f.a.registry().events(auth);
  REQUIRE(events.size() == 4);
  CHECK(events[0].action == "hold");
  CHECK(events[1].action == "release");
  CHECK(events[1].reason == -1);
  CHECK(events[3].action == "revoke");
  CHECK(events[3].at == kNow + 50);

  CHECK_THROWS_WITH(f.a.revoke(1, reason("lost"), kNow),
                    "serial 1 is a ca certificate; only card certificates are revoked");
  CHECK_THROWS_WITH(f.a.revoke(9999, reason("lost"), kNow), "no certificate with serial 9999");
}

TEST_CASE("CRL: entries with their reasons, hold and release, number, times, signature") {
  Fixture f;
  const auto c1 = f.issue();
  const auto c2 = f.issue();
  const auto c3 = f.issue();
  f.a.revoke(c1.sign->serial, reason("unspecified"), kNow + 1);
  f.a.revoke(c1.auth.serial, reason("lost"), kNow + 2);
  f.a.hold(c2.sign->serial, kNow + 3);
  f.a.hold(c3.sign->serial, kNow + 4);
  f.a.release(c3.sign->serial, kNow + 5);

  hostcrypto::X509CrlPtr crl = f.a.make_crl(Hierarchy::kSign, 1, kNow + 100, 86400);
  CHECK(crl_entries(crl.get()) ==
        std::map<std::uint64_t, int>{{c1.sign->serial, -1}, {c2.sign->serial, 6}});
  CHECK(unix_time_of(X509_CRL_get0_lastUpdate(crl.get())) == kNow + 100);
  CHECK(unix_time_of(X509_CRL_get0_nextUpdate(crl.get())) == kNow + 100 + 86400);
  CHECK(X509_CRL_get_version(crl.get()) == X509_CRL_VERSION_2);
  CHECK(crl_number(crl.get()) == 5);  // after the four the status changes published
  const Generation& g = f.a.generation(Hierarchy::kSign, 1);
  CHECK(X509_CRL_verify(crl.get(), X509_get0_pubkey(g.certificate.get())) == 1);
  CHECK(X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(g.certificate.get())) ==
        0);
  CHECK(X509_CRL_get_ext_by_NID(crl.get(), NID_authority_key_identifier, -1) >= 0);

  hostcrypto::X509CrlPtr auth_crl = f.a.make_crl(Hierarchy::kAuth, 1, kNow + 100, 3600);
  CHECK(crl_entries(auth_crl.get()) == std::map<std::uint64_t, int>{{c1.auth.serial, 1}});
  CHECK(crl_number(auth_crl.get()) == 2);
  CHECK(crl_number(f.a.make_crl(Hierarchy::kSign, 1, kNow + 200, 86400).get()) == 6);
  CHECK_THROWS_WITH(f.a.make_crl(Hierarchy::kSign, 1, kNow, 0),
                    "next-update: must be after thisUpdate");
  CHECK_THROWS_WITH(f.a.make_crl(Hierarchy::kSign, 3, kNow, 10), "no generation 3 of the sign CA");
}

// The CRL file a relying party falls back on, as DIR/crl holds it now.
hostcrypto::X509CrlPtr published(Authority& a, const std::string& label) {
  const Bytes der = read_file(a.path("crl/" + label + ".crl"));
  hostcrypto::X509CrlPtr crl = hostcrypto::crl_from_der_or_pem(der);
  REQUIRE(crl);
  return crl;
}

TEST_CASE("CRL: every revocation, hold and release publishes its generation's CRL") {
  Fixture f;
  const auto card = f.issue();
  const std::int64_t auth_ca = f.a.generation(Hierarchy::kAuth, 1).record.id;
  const std::int64_t sign_ca = f.a.generation(Hierarchy::kSign, 1).record.id;
  CHECK(f.a.registry().last_status_change(auth_ca).at == 0);
  CHECK(f.a.registry().last_status_change(auth_ca).crl_number == 0);
  CHECK_FALSE(std::filesystem::exists(f.a.path("crl/auth-g01.crl")));

  f.a.revoke(card.auth.serial, reason("lost"), kNow + 10);
  hostcrypto::X509CrlPtr auth = published(f.a, "auth-g01");
  CHECK(crl_entries(auth.get()) == std::map<std::uint64_t, int>{{card.auth.serial, 1}});
  CHECK(unix_time_of(X509_CRL_get0_lastUpdate(auth.get())) == kNow + 10);
  CHECK(unix_time_of(X509_CRL_get0_nextUpdate(auth.get())) == kNow + 10 + kCrlValiditySeconds);
  CHECK(crl_number(auth.get()) == 1);
  CHECK(X509_CRL_verify(auth.get(),
                        X509_get0_pubkey(f.a.generation(Hierarchy::kAuth, 1).certificate.get())) ==
        1);
  CHECK_FALSE(std::filesystem::exists(f.a.path("crl/sign-g01.crl")));  // not affected
  CHECK(f.a.registry().last_status_change(auth_ca).at == kNow + 10);
  CHECK(f.a.registry().last_status_change(auth_ca).crl_number == 1);
  CHECK(f.a.registry().last_status_change(sign_ca).at == 0);

  f.a.hold(card.sign->serial, kNow + 20);
  CHECK(crl_entries(published(f.a, "sign-g01").get()) ==
        std::map<std::uint64_t, int>{{card.sign->serial, 6}});
  f.a.release(card.sign->serial, kNow + 30);
  hostcrypto::X509CrlPtr sign = published(f.a, "sign-g01");
  CHECK(crl_entries(sign.get()).empty());
  CHECK(unix_time_of(X509_CRL_get0_lastUpdate(sign.get())) == kNow + 30);
  CHECK(crl_number(sign.get()) == 2);
  CHECK(f.a.registry().last_status_change(sign_ca).at == kNow + 30);
  CHECK(f.a.registry().last_status_change(sign_ca).crl_number == 2);

  // `mynaca crl` publishes through the same door; the last change stays what it was.
  const PublishedCrl again = f.a.publish_crl(Hierarchy::kAuth, 1, kNow + 40, 3600);
  CHECK(again.path == f.a.path("crl/auth-g01.crl"));
  CHECK(crl_number(published(f.a, "auth-g01").get()) == 2);
  CHECK(f.a.registry().last_status_change(auth_ca).at == kNow + 10);
  CHECK(f.a.registry().last_status_change(auth_ca).crl_number == 2);

  // A refused change publishes nothing.
  CHECK_THROWS(f.a.release(card.sign->serial, kNow + 50));
  CHECK(crl_number(published(f.a, "sign-g01").get()) == 2);
}

TEST_CASE("CRL: a renewal publishes the CRLs of the generations it revoked in") {
  Fixture f;
  const auto card = f.issue();
  const auto reissued =
      f.a.renew_card(card.auth.card_id, test::spki(0), test::spki(1), kNow + 60, std::nullopt);
  CHECK(crl_entries(published(f.a, "auth-g01").get()) ==
        std::map<std::uint64_t, int>{{card.auth.serial, 4}});
  CHECK(crl_entries(published(f.a, "sign-g01").get()) ==
        std::map<std::uint64_t, int>{{card.sign->serial, 4}});
  CHECK(f.a.registry().last_status_change(f.a.generation(Hierarchy::kAuth, 1).record.id).at ==
        kNow + 60);
  CHECK(reissued.auth.serial > card.auth.serial);
}

TEST_CASE("registry: a read-only reader sees the records and cannot write") {
  Fixture f;
  const auto card = f.issue();
  f.a.hold(card.auth.serial, kNow + 5);
  Registry reader = Registry::open_read_only(f.a.path("mynaca.db"));
  const std::int64_t auth_ca = f.a.generation(Hierarchy::kAuth, 1).record.id;
  CHECK(reader.last_status_change(auth_ca).at == kNow + 5);
  CHECK(reader.certificate(card.auth.serial)->status == CertificateStatus::kHold);
  CHECK_THROWS_WITH(reader.set_meta("x", "y"), Catch::Contains("readonly"));
  f.a.release(card.auth.serial, kNow + 9);  // the writer goes on; the reader sees it
  CHECK(reader.last_status_change(auth_ca).at == kNow + 9);
  CHECK_THROWS_WITH(reader.last_status_change(999), "database: no CA with id 999");
}

TEST_CASE("CRL: an entry leaves once its certificate has expired") {
  Fixture f;
  const auto card = f.issue();
  f.a.revoke(card.auth.serial, reason("lost"), kNow + 1);
  const UnixTime not_after = card.auth.not_after;
  CHECK(crl_entries(f.a.make_crl(Hierarchy::kAuth, 1, not_after, 60).get()).size() == 1);
  CHECK(crl_entries(f.a.make_crl(Hierarchy::kAuth, 1, not_after + 1, 60).get()).empty());
}

// Runs `work` in a child process that dies (_exit) at the named fault point, as a power cut or
// kill -9 would end it; returns once the child is gone.
template <typename Work>
void crash_at(const std::string& dir, const std::string& point, Work work) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      Authority a = Authority::open(dir);
      a.registry().set_fault_hook([&](std::string_view at) {
        if (at == point) _exit(42);
      });
      work(a);
    } catch (...) {
      _exit(1);
    }
    _exit(0);  // the fault point was never reached
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 42);
}

void check_consistent(Authority& a) {
  auto& db = a.registry().database();
  auto integrity = db.prepare("PRAGMA integrity_check");
  REQUIRE(integrity.step());
  CHECK(integrity.text(0) == "ok");
  auto fk = db.prepare("PRAGMA foreign_key_check");
  CHECK_FALSE(fk.step());
  auto counter = db.prepare(
      "SELECT (SELECT value FROM counters WHERE name = 'serial') >= "
      "(SELECT max(serial) FROM certificates)");
  REQUIRE(counter.step());
  CHECK(counter.int64(0) == 1);
}

TEST_CASE("a crash while certifying leaves no certificate and no used serial behind") {
  test::TempDir dir;
  std::int64_t card_id = 0;
  {
    Authority a = Authority::init(dir / "ca", kNow, InitOptions{});
    card_id = a.register_card(test::holder_from(test::adult_input()), "/tmp/c.img", kNow).card_id;
  }
  for (const char* point : {"serial-allocated", "certificate-stored"}) {
    DYNAMIC_SECTION(point) {
      crash_at(dir / "ca", point,
               [&](Authority& a) { a.certify_card(card_id, test::spki(0), test::spki(1), kNow); });
      Authority a = Authority::open(dir / "ca");
      check_consistent(a);
      CHECK(a.registry().certificates_of_card(card_id).empty());
      CHECK(a.registry().card(card_id)->state == "issuing");
      // The issuance can be done again, and its serials are the next ones.
      const auto certs = a.certify_card(card_id, test::spki(0), test::spki(1), kNow);
      CHECK(certs.auth.serial == 5);
      CHECK(certs.sign->serial == 6);
      check_consistent(a);
    }
  }
}

TEST_CASE("a crash while revoking leaves the certificate as it was, with no event") {
  test::TempDir dir;
  std::uint64_t serial = 0;
  {
    Authority a = Authority::init(dir / "ca", kNow, InitOptions{});
    const auto r = a.register_card(test::holder_from(test::adult_input()), "/tmp/c.img", kNow);
    serial = a.certify_card(r.card_id, test::spki(0), test::spki(1), kNow).auth.serial;
  }
  crash_at(dir / "ca", "status-changed",
           [&](Authority& a) { a.revoke(serial, *parse_revocation_reason("lost"), kNow + 5); });
  Authority a = Authority::open(dir / "ca");
  check_consistent(a);
  CHECK(a.registry().certificate(serial)->status == CertificateStatus::kGood);
  CHECK(a.registry().events(serial).empty());
}

}  // namespace
}  // namespace mynasim::pki
