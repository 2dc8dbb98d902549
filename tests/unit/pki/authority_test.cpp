#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/authority.hpp"
#include "pki/files.hpp"
#include "pki/my_number.hpp"
#include "pki/unix_time.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki {
namespace {

using test::kDay;
using test::kNow;

Authority init(const test::TempDir& dir, int ca_years = 10) {
  InitOptions options;
  options.ca_years = ca_years;
  return Authority::init(dir / "ca", kNow, options);
}

struct IssuedCard {
  Registration registration;
  CardCertificates certificates;
};

IssuedCard issue(Authority& a, HolderInput input = test::adult_input(), UnixTime at = kNow) {
  const Holder holder = validate_holder(input, jst_date_of(at));
  IssuedCard out;
  out.registration = a.register_card(holder, "/tmp/card.img", at);
  out.certificates = a.certify_card(out.registration.card_id, test::spki(0), test::spki(1), at);
  a.set_card_state(out.registration.card_id, "active");
  return out;
}

std::int64_t serial_counter(Authority& a) {
  auto s = a.registry().database().prepare("SELECT value FROM counters WHERE name = 'serial'");
  REQUIRE(s.step());
  return s.int64(0);
}

std::int64_t count(Authority& a, const std::string& sql) {
  auto s = a.registry().database().prepare(sql);
  REQUIRE(s.step());
  return s.int64(0);
}

TEST_CASE("init: directory layout, key files private, generation 1 of both hierarchies") {
  test::TempDir dir;
  Authority a = init(dir);
  namespace fs = std::filesystem;
  for (const char* file : {"mynaca.db", "private/secret.bin", "private/sign-g01.key.pem",
                           "private/sign-g01-ocsp.key.pem", "ca/sign-g01.pem",
                           "ca/sign-g01-ocsp.pem", "ca/auth-g01.pem", "ca/sign.pem", "ca/auth.pem"})
    CHECK(fs::exists(dir / ("ca/" + std::string(file))));
  CHECK(fs::file_size(dir / "ca/private/secret.bin") == 32);
  struct stat st {};
  REQUIRE(stat((dir / "ca/private/sign-g01.key.pem").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(stat((dir / "ca/private").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  // Serials: sign CA 1, its responder 2, auth CA 3, its responder 4.
  CHECK(serial_counter(a) == 4);
  REQUIRE(a.generations(Hierarchy::kSign).size() == 1);
  CHECK(a.generations(Hierarchy::kSign)[0]->record.serial == 1);
  CHECK(a.generations(Hierarchy::kAuth)[0]->record.serial == 3);
  CHECK(a.generations(Hierarchy::kAuth)[0]->not_after - kNow > 10 * 365 * kDay);
  CHECK_THROWS_WITH(init(dir), dir / "ca" + ": already holds an authority (mynaca.db)");
  CHECK_NOTHROW(Authority::open(dir / "ca"));
}

TEST_CASE("init refuses bad options; open refuses a directory without an authority") {
  test::TempDir dir;
  InitOptions options;
  options.office_code = "12345";
  CHECK_THROWS_WITH(Authority::init(dir / "x", kNow, options), "office-code: must be 6 digits");
  options = {};
  options.ca_years = 0;
  CHECK_THROWS_WITH(Authority::init(dir / "x", kNow, options), "ca-years: must be 1 to 30");
  CHECK_THROWS_WITH(Authority::open(dir.path()),
                    dir / "mynaca.db" + ": no authority database here (run `mynaca init` first)");
}

TEST_CASE("issuing: My Number derived and valid, both certificates linked to one card") {
  test::TempDir dir;
  Authority a = init(dir);
  const IssuedCard card = issue(a);
  const Registration& r = card.registration;
  CHECK(my_number::is_valid(r.holder.my_number));
  CHECK(my_number::is_resident_code(r.holder.resident_code));
  const Bytes secret = read_file(dir / "ca/private/secret.bin");
  CHECK(r.holder.my_number == my_number::derive(secret, r.holder.resident_code, 0));
  REQUIRE(card.certificates.sign);
  CHECK(card.certificates.auth.serial == 5);
  CHECK(card.certificates.sign->serial == 6);
  const auto linked = a.registry().certificates_of_card(r.card_id);
  REQUIRE(linked.size() == 2);
  CHECK(linked[0].kind == CertificateKind::kAuth);
  CHECK(linked[1].kind == CertificateKind::kSign);
  CHECK(linked[1].der == card.certificates.sign->der);
  CHECK(a.registry().card(r.card_id)->state == "active");
  CHECK(card.certificates.auth_ca ==
        hostcrypto::der_of(a.generation(Hierarchy::kAuth, 1).certificate.get()));
  hostcrypto::X509Ptr sign = test::parse(card.certificates.sign->der);
  CHECK(X509_verify(sign.get(),
                    X509_get0_pubkey(a.generation(Hierarchy::kSign, 1).certificate.get())) == 1);
}

TEST_CASE("issuing: a resident code keeps its number; numbers stay unique") {
  test::TempDir dir;
  Authority a = init(dir);
  HolderInput input = test::adult_input();
  input.resident_code = "12345678901";
  const auto first = issue(a, input).registration;
  const auto again = issue(a, input).registration;
  CHECK(again.holder_id == first.holder_id);
  CHECK(again.holder.my_number == first.holder.my_number);
  input.resident_code = "12345678902";
  const auto other = issue(a, input).registration;
  CHECK(other.holder.my_number != first.holder.my_number);
  // A number given from outside that someone with another code holds is refused.
  input.my_number = first.holder.my_number;
  CHECK_THROWS_WITH(issue(a, input),
                    "my-number: is already held by a person with another resident-record code");
  // A number given from outside: used as is; the same number later means the same person.
  HolderInput imported = test::adult_input();
  imported.my_number = "621498320257";
  const auto a1 = issue(a, imported).registration;
  const auto a2 = issue(a, imported).registration;
  CHECK(a1.holder.my_number == "621498320257");
  CHECK(a2.holder_id == a1.holder_id);
  CHECK(count(a, "SELECT count(*) FROM holders") == 3);
  CHECK(count(a, "SELECT count(DISTINCT my_number) FROM holders") == 3);
}

TEST_CASE("issuing: a holder under 15 gets no signature certificate") {
  test::TempDir dir;
  Authority a = init(dir);
  HolderInput child = test::adult_input();
  child.birth = "2011-09-23";  // 14 on 2026-09-22 JST
  const IssuedCard card = issue(a, child);
  CHECK_FALSE(card.certificates.sign);
  CHECK_FALSE(card.certificates.sign_ca.empty());
  CHECK(a.registry().certificates_of_card(card.registration.card_id).size() == 1);
  child.birth = "2011-09-22";  // 15 today
  CHECK(issue(a, child).certificates.sign);
}

TEST_CASE("issuing refuses when no CA generation covers the validity; nothing is recorded") {
  test::TempDir dir;
  Authority a = init(dir, 1);
  const Holder holder = test::holder_from(test::adult_input());
  const auto r = a.register_card(holder, "/tmp/card.img", kNow);
  const auto before = serial_counter(a);
  CHECK_THROWS_WITH(a.certify_card(r.card_id, test::spki(0), test::spki(1), kNow),
                    "no generation of the auth CA is valid from 2026-09-21T22:13:20Z to "
                    "2031-02-17T14:59:59Z; make one with `mynaca ca new-generation`");
  CHECK(serial_counter(a) == before);
  CHECK(a.registry().certificates_of_card(r.card_id).empty());
  CHECK(a.registry().card(r.card_id)->state == "issuing");
}

TEST_CASE("certify_card only once per card, and only for a card being issued") {
  test::TempDir dir;
  Authority a = init(dir);
  const IssuedCard card = issue(a);
  CHECK_THROWS_WITH(a.certify_card(card.registration.card_id, test::spki(0), test::spki(1), kNow),
                    "card " + std::to_string(card.registration.card_id) +
                        " is active, not waiting for certificates");
  CHECK_THROWS_WITH(a.certify_card(999, test::spki(0), test::spki(1), kNow), "no card 999");
}

TEST_CASE("a CA change: generation 2, link certificates, issuance moves to it") {
  test::TempDir dir;
  Authority a = init(dir);
  const IssuedCard old_card = issue(a);
  CHECK(a.new_generation(Hierarchy::kSign, kNow + kDay) == 2);
  const Generation& g1 = a.generation(Hierarchy::kSign, 1);
  const Generation& g2 = a.generation(Hierarchy::kSign, 2);
  CHECK(X509_NAME_cmp(X509_get_subject_name(g1.certificate.get()),
                      X509_get_subject_name(g2.certificate.get())) == 0);
  CHECK(EVP_PKEY_eq(X509_get0_pubkey(g1.certificate.get()),
                    X509_get0_pubkey(g2.certificate.get())) != 1);
  const Bytes new_by_old = read_file(dir / "ca/ca/sign-g02-by-sign-g01.pem");
  const Bytes old_by_new = read_file(dir / "ca/ca/sign-g01-by-sign-g02.pem");
  hostcrypto::X509Ptr link1 = hostcrypto::x509_from_der_or_pem(new_by_old);
  hostcrypto::X509Ptr link2 = hostcrypto::x509_from_der_or_pem(old_by_new);
  REQUIRE(link1);
  REQUIRE(link2);
  CHECK(X509_verify(link1.get(), X509_get0_pubkey(g1.certificate.get())) == 1);
  CHECK(EVP_PKEY_eq(X509_get0_pubkey(link1.get()), X509_get0_pubkey(g2.certificate.get())) == 1);
  CHECK(X509_verify(link2.get(), X509_get0_pubkey(g2.certificate.get())) == 1);
  CHECK(EVP_PKEY_eq(X509_get0_pubkey(link2.get()), X509_get0_pubkey(g1.certificate.get())) == 1);
  const IssuedCard new_card = issue(a, test::adult_input(), kNow + kDay);
  CHECK(new_card.certificates.sign->ca_id == g2.record.id);
  CHECK(new_card.certificates.auth.ca_id == a.generation(Hierarchy::kAuth, 1).record.id);
  CHECK(old_card.certificates.sign->ca_id == g1.record.id);
  // Both generations survive a reopen.
  Authority reopened = Authority::open(dir / "ca");
  CHECK(reopened.generations(Hierarchy::kSign).size() == 2);
  CHECK(reopened.generations(Hierarchy::kAuth).size() == 1);
  const std::string bundle = [&] {
    const Bytes b = read_file(dir / "ca/ca/sign.pem");
    return std::string(b.begin(), b.end());
  }();
  CHECK(bundle ==
        hostcrypto::pem_of(g1.certificate.get()) + hostcrypto::pem_of(g2.certificate.get()));
}

TEST_CASE("renewal: new certificates, old ones superseded and linked to them") {
  test::TempDir dir;
  Authority a = init(dir);
  const IssuedCard card = issue(a);
  const auto id = card.registration.card_id;
  Holder moved = card.registration.holder;
  moved.address = "大阪府大阪市北区中之島１丁目３番２０号";
  moved.prefecture = "大阪府";
  moved.municipality = "大阪市";
  const CardCertificates renewed =
      a.renew_card(id, test::spki(0), test::spki(1), kNow + 30 * kDay, moved);
  const auto old_auth = *a.registry().certificate(card.certificates.auth.serial);
  const auto old_sign = *a.registry().certificate(card.certificates.sign->serial);
  CHECK(old_auth.status == CertificateStatus::kRevoked);
  CHECK(old_auth.reason == 4);
  CHECK(old_sign.reason == 3);  // the address changed
  CHECK(old_auth.replaced_by == renewed.auth.serial);
  CHECK(old_sign.replaced_by == renewed.sign->serial);
  CHECK(renewed.sign->subject.find("L=大阪市,L=大阪府") != std::string::npos);
  CHECK(a.registry().holder(card.registration.holder_id)->address ==
        "大阪府大阪市北区中之島１丁目３番２０号");
  CHECK(a.registry().certificates_of_card(id).size() == 4);
}

}  // namespace
}  // namespace mynasim::pki

namespace mynasim::pki {
namespace {

TEST_CASE("renewal without a change supersedes both certificates") {
  test::TempDir dir;
  Authority a = Authority::init(dir / "ca", test::kNow, InitOptions{});
  const auto r =
      a.register_card(test::holder_from(test::adult_input()), "/tmp/card.img", test::kNow);
  const auto first = a.certify_card(r.card_id, test::spki(0), test::spki(1), test::kNow);
  a.set_card_state(r.card_id, "active");
  const auto renewed = a.renew_card(r.card_id, test::spki(0), test::spki(1), test::kNow + 60, {});
  CHECK(a.registry().certificate(first.sign->serial)->reason == 4);
  CHECK(a.registry().certificate(first.auth.serial)->reason == 4);
  CHECK(renewed.sign->serial == first.sign->serial + 2);
  CHECK_THROWS_WITH(a.renew_card(999, test::spki(0), test::spki(1), test::kNow, {}), "no card 999");
}

}  // namespace
}  // namespace mynasim::pki
