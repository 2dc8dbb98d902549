// pki/pdfverify against PDFs signed here (test_pdf.hpp) by pki/cms with a key that signs as the
// card does, under a real authority, OCSP responder and TSA: each attack and each certificate
// problem has its exact code; what PAdES lets an update add (a DSS, a document timestamp, a
// further signature) keeps every signature valid.
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>

#include "hostcrypto/der_pem.hpp"
#include "pki/cms/cms_signer.hpp"
#include "pki/ocsp_responder.hpp"
#include "pki/pdfverify/pdf_verifier.hpp"
#include "pki/revocation_reason.hpp"
#include "pki/signing_fixture.hpp"
#include "pki/tsa/tsa_client.hpp"
#include "pki/tsa/tsa_responder.hpp"
#include "test_pdf.hpp"

namespace mynasim::pki::pdfverify {
namespace {

using pdftest::TestPdf;
using test::kDay;
using test::kNow;
using Codes = std::vector<std::string>;

struct Fixture : test::SigningFixture {
  bool online_ocsp = true;

  Bytes token_over(ByteView bytes, UnixTime at) {
    const tsa::Query query = tsa::make_query(bytes);
    return tsa::token_of(tsa.respond(query.der, at), query);
  }
  // A PAdES B-T CMS over the signed bytes (detached, CAdES, a signature timestamp).
  std::function<Bytes(ByteView)> signer(bool stamped = true, bool user_auth = false) {
    return [this, stamped, user_auth](ByteView bytes) {
      cms::SignRequest r;
      r.content = bytes;  // a view: the caller's bytes live until sign() returns
      r.detached = true;
      r.signer_certificate = user_auth ? card.auth.der : card.sign->der;
      r.ca_certificates = {user_auth ? card.auth_ca : card.sign_ca};
      r.signing_time = signed_at;
      r.sign = test::software_signer(test::card_key(user_auth ? 0 : 1));
      if (stamped)
        r.timestamp = [this](ByteView signature) { return token_over(signature, signed_at); };
      return cms::sign(r);
    };
  }
  Options options() {
    Options o = verifier_options();
    if (!online_ocsp) o.ocsp = nullptr;
    return o;
  }
  Result check(const Bytes& pdf) { return verify(pdf, options()); }
  Result check(const TestPdf& pdf) { return check(pdf.bytes()); }
  // An OCSP response about the signer as a B-LT signer fetches it, at `at`.
  Bytes ocsp_response(UnixTime at) {
    hostcrypto::X509Ptr leaf = hostcrypto::x509_from_der(card.sign->der);
    hostcrypto::X509Ptr issuer = hostcrypto::x509_from_der(card.sign_ca);
    hostcrypto::OcspRequestPtr request(OCSP_REQUEST_new());
    OCSP_request_add0_id(request.get(), OCSP_cert_to_id(EVP_sha1(), leaf.get(), issuer.get()));
    return ocsp.respond(hostcrypto::der_of(request.get()), at);
  }
};

std::string details(const SignatureResult& s) {
  std::string out;
  for (const auto& f : s.findings) out += f.detail + "\n";
  return out;
}

TEST_CASE("a PAdES B-T signature verifies at its timestamp's time") {
  Fixture f;
  TestPdf pdf;
  pdf.sign("Signature1", f.signer());
  const Result r = f.check(pdf);
  CHECK(r.codes() == Codes{});
  CHECK(r.ok());
  CHECK(r.revisions == 2);
  REQUIRE(r.signatures.size() == 1);
  const SignatureResult& s = r.signatures[0];
  CHECK(s.field == "Signature1");
  CHECK(s.kind == Kind::kSignature);
  CHECK(s.sub_filter == "ETSI.CAdES.detached");
  CHECK(s.revision == 2);
  CHECK(s.name == "test signer");
  CHECK(s.signing_time == "D:20260101000000Z");
  REQUIRE(s.cms);
  CHECK(s.cms->timestamp_time == f.signed_at);
  CHECK(s.cms->revocation_source == "ocsp");
}

TEST_CASE("bytes appended after the signature are reported") {
  Fixture f;
  TestPdf pdf;
  pdf.sign("Signature1", f.signer());
  Bytes appended = pdf.bytes();
  const std::string extra = "% a comment nobody signed\n";
  appended.insert(appended.end(), extra.begin(), extra.end());
  CHECK(f.check(appended).codes() == Codes{"appended-bytes"});
  // A forged "startxref ... %%EOF" that points back into the signed revision is no update either.
  Bytes forged = pdf.bytes();
  const std::string text = pdftest::as_string(pdf.bytes());
  const std::size_t startxref = text.rfind("startxref");
  const std::string tail = "1 0 obj\n<< /Type /Catalog >>\nendobj\n" + text.substr(startxref);
  forged.insert(forged.end(), tail.begin(), tail.end());
  const Result r = f.check(forged);
  CHECK(r.codes() == Codes{"appended-bytes"});
}

TEST_CASE("a ByteRange with a gap, an overlap, past the end of the file") {
  Fixture f;
  TestPdf pdf;
  pdf.sign("Signature1", f.signer());
  const Result good = f.check(pdf);
  REQUIRE(good.ok());
  const auto br = good.signatures[0].byte_range;
  TestPdf gap = pdf;
  gap.set_byte_range(0, br[1] - 20, br[2], br[3]);  // 20 bytes before /Contents unsigned
  CHECK(f.check(gap).codes() == Codes{"byte-range-gap"});
  TestPdf overlap = pdf;
  overlap.set_byte_range(0, br[1], br[1] - 1, br[3] + br[2] - br[1] + 1);
  CHECK(f.check(overlap).codes() == Codes{"byte-range-overlap"});
  TestPdf past = pdf;
  past.set_byte_range(0, br[1], br[2], br[3] + 1);
  CHECK(f.check(past).codes() == Codes{"byte-range-past-eof"});
  TestPdf short_range = pdf;
  short_range.set_byte_range(0, br[1], br[2], br[3] - 30);  // stops inside the revision
  // The CMS signed other bytes than those the shortened range names.
  CHECK(f.check(short_range).codes() == Codes{"appended-bytes", "digest-mismatch"});
}

TEST_CASE("changed content inside the signed bytes is a digest mismatch") {
  Fixture f;
  TestPdf pdf;
  pdf.sign("Signature1", f.signer());
  Bytes changed = pdf.bytes();
  const std::string text = pdftest::as_string(changed);
  changed[text.find("pay 100 yen") + 4] = '9';  // "pay 900 yen", same length
  CHECK(f.check(changed).codes() == Codes{"digest-mismatch"});
}

TEST_CASE(
    "an update after the signature may not change a page, a form value or add an annotation") {
  Fixture f;
  TestPdf signed_pdf;
  signed_pdf.sign("Signature1", f.signer());

  TestPdf content = signed_pdf;
  content.update({{4, pdftest::stream("BT /F1 12 Tf 20 150 Td (pay 900 yen) Tj ET")}});
  Result r = f.check(content);
  CHECK(r.codes() == Codes{"modified-after-signing"});
  CHECK(details(r.signatures[0]) == "page 1's content (object 4 0) changed after the signature\n");

  TestPdf value = signed_pdf;
  value.update({{5,
                 "<< /FT /Tx /T (amount) /V (900) /Type /Annot /Subtype /Widget "
                 "/Rect [20 100 120 120] /P 3 0 R >>"}});
  r = f.check(value);
  CHECK(r.codes() == Codes{"modified-after-signing"});
  CHECK(details(r.signatures[0]) ==
        "form field 'amount': its value (/V) changed after the signature\n");

  TestPdf note = signed_pdf;
  const int n = note.next_object();
  note.annots.push_back(std::to_string(n) + " 0 R");
  note.update({{3, note.page()},
               {n, "<< /Type /Annot /Subtype /FreeText /Rect [0 0 90 20] /Contents (void) >>"}});
  r = f.check(note);
  CHECK(r.codes() == Codes{"modified-after-signing"});
  CHECK(details(r.signatures[0]) == "page 1: /Annots gained " + std::to_string(n) +
                                        " 0 R, which is no new signature changed\n"
                                        "a new annotation (/FreeText, object " +
                                        std::to_string(n) + " 0) added after the signature\n");
}

TEST_CASE("a second signature, a DSS and a document timestamp keep the first valid") {
  Fixture f;
  TestPdf pdf;
  pdf.sign("Signature1", f.signer());
  pdf.sign("Signature2", f.signer());
  pdf.add_dss({f.card.sign->der, f.card.sign_ca}, {f.ocsp_response(f.signed_at + 60)}, {});
  pdf.sign(
      "Timestamp1", [&f](ByteView bytes) { return f.token_over(bytes, f.signed_at + 120); }, true);
  const Result r = f.check(pdf);
  CHECK(r.codes() == Codes{});
  CHECK(r.revisions == 5);
  REQUIRE(r.signatures.size() == 3);
  CHECK(r.signatures[0].revision == 2);
  CHECK(r.signatures[1].revision == 3);
  CHECK(r.signatures[2].kind == Kind::kDocumentTimestamp);
  CHECK(r.signatures[2].cms->timestamp_time == f.signed_at + 120);
  CHECK(r.dss);
  CHECK(r.dss_ocsp_responses == 1);
  // Revocation from the DSS: no OCSP asked for.
  CHECK(r.signatures[0].cms->revocation_source == "dss-ocsp");
}

TEST_CASE("a document timestamp over other bytes or from another TSA is refused") {
  Fixture f;
  TestPdf pdf;
  pdf.sign("Signature1", f.signer());
  TestPdf other = pdf;
  other.sign(
      "Timestamp1",
      [&f](ByteView) {
        return f.token_over(Bytes{1, 2, 3}, f.signed_at);
      },
      true);
  CHECK(f.check(other).codes() == Codes{"timestamp-imprint-mismatch"});
  test::TempDir elsewhere;
  const tsa::Identity stranger_identity = tsa::open_or_make(elsewhere.path(), kNow);
  const tsa::Responder stranger(stranger_identity, [] { return std::uint64_t{1}; });
  TestPdf untrusted = pdf;
  untrusted.sign(
      "Timestamp1",
      [&](ByteView bytes) {
        const tsa::Query query = tsa::make_query(bytes);
        return tsa::token_of(stranger.respond(query.der, f.signed_at), query);
      },
      true);
  CHECK(f.check(untrusted).codes() == Codes{"timestamp-untrusted"});
}

TEST_CASE("the user-authentication certificate as signer is the wrong purpose") {
  Fixture f;
  TestPdf pdf;
  pdf.sign("Signature1", f.signer(false, true));
  Options o = f.options();
  o.signature_anchors.roots.push_back(
      hostcrypto::der_of(f.authority.generation(Hierarchy::kAuth, 1).certificate.get()));
  CHECK(verify(pdf.bytes(), o).codes() == Codes{"signer-wrong-purpose"});
  CHECK(f.check(pdf).codes() == Codes{"signer-untrusted", "signer-wrong-purpose"});
}

TEST_CASE("revoked before the timestamped time of signing fails; revoked after passes") {
  Fixture f;
  TestPdf stamped;
  stamped.sign("Signature1", f.signer());
  TestPdf unstamped;
  unstamped.sign("Signature1", f.signer(false));
  f.authority.revoke(f.card.sign->serial, *parse_revocation_reason("key-compromise"),
                     f.signed_at + 3600);
  CHECK(f.check(stamped).codes() == Codes{});
  CHECK(f.check(unstamped).codes() == Codes{"signer-revoked"});
  f.signed_at += 7200;  // a timestamp after the revocation
  TestPdf late;
  late.sign("Signature1", f.signer());
  CHECK(f.check(late).codes() == Codes{"signer-revoked"});
}

TEST_CASE("a certificate expired at the timestamped time of signing fails") {
  Fixture f;
  hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(f.card.sign->der);
  const UnixTime not_after = unix_time_of(X509_get0_notAfter(cert.get()));
  // A TSA of that later day, trusted in place of the fixture's (whose certificate has expired).
  test::TempDir later_dir;
  const tsa::Identity later_identity = tsa::open_or_make(later_dir.path(), not_after);
  const tsa::Responder later(later_identity, [] { return std::uint64_t{1}; });
  f.signed_at = not_after + kDay;
  f.verified_at = not_after + 2 * kDay;
  TestPdf pdf;
  pdf.sign("Signature1", [&](ByteView bytes) {
    cms::SignRequest r;
    r.content = bytes;
    r.detached = true;
    r.signer_certificate = f.card.sign->der;
    r.ca_certificates = {f.card.sign_ca};
    r.signing_time = f.signed_at;
    r.sign = test::software_signer(test::card_key(1));
    r.timestamp = [&](ByteView signature) {
      const tsa::Query query = tsa::make_query(signature);
      return tsa::token_of(later.respond(query.der, f.signed_at), query);
    };
    return cms::sign(r);
  });
  Options o = f.options();
  o.tsa_anchors = {{hostcrypto::der_of(later_identity.ca.certificate.get())}, {}};
  const Result r = verify(pdf.bytes(), o);
  CHECK(r.codes() == Codes{"signer-expired"});
  CHECK(r.signatures[0].cms->validated_at == f.signed_at);
}

TEST_CASE("DSS evidence from after the time of signing decides; older evidence falls back") {
  Fixture f;
  f.online_ocsp = false;  // and no CRL: only the DSS can answer
  TestPdf pdf;
  pdf.sign("Signature1", f.signer());
  TestPdf lt = pdf;
  lt.add_dss({}, {f.ocsp_response(f.signed_at + 5)}, {});
  Result r = f.check(lt);
  CHECK(r.codes() == Codes{});
  CHECK(r.signatures[0].cms->revocation_source == "dss-ocsp");
  // Revoked an hour after the time of signing, and the DSS answer says so: still valid.
  f.authority.revoke(f.card.sign->serial, *parse_revocation_reason("key-compromise"),
                     f.signed_at + 3600);
  TestPdf revoked_later = pdf;
  revoked_later.add_dss({}, {f.ocsp_response(f.signed_at + 7200)}, {});
  CHECK(f.check(revoked_later).codes() == Codes{});
  // Evidence older than the time of signing proves nothing: the CRL (none here) decides.
  TestPdf old = pdf;
  old.add_dss({}, {f.ocsp_response(f.signed_at - 60)}, {});
  r = f.check(old);
  CHECK(r.codes() == Codes{"signer-crl-missing"});
  CHECK(r.signatures[0].cms->signer.findings.back().detail.rfind("dss-ocsp: thisUpdate", 0) == 0);
  // A CRL in the DSS, issued after the revocation but dated... before it the signing: revoked.
  TestPdf crl = pdf;
  crl.add_dss({}, {},
              {hostcrypto::der_of(
                  f.authority.make_crl(Hierarchy::kSign, 1, f.signed_at + 7200, kDay).get())});
  r = f.check(crl);
  CHECK(r.codes() == Codes{});
  CHECK(r.signatures[0].cms->revocation_source == "dss-crl");
}

TEST_CASE("not a PDF, damaged, encrypted, unsigned: a clear code") {
  Fixture f;
  CHECK(f.check(Bytes{'h', 'e', 'l', 'l', 'o'}).codes() == Codes{"not-pdf"});
  TestPdf pdf;
  pdf.sign("Signature1", f.signer());
  Bytes damaged = pdf.bytes();
  const std::string text = pdftest::as_string(damaged);
  const std::size_t xref = text.rfind("xref\n", text.rfind("startxref") - 1);
  damaged[xref] = 'X';
  const Result broken = f.check(damaged);
  CHECK(broken.codes() == Codes{"damaged"});
  CHECK_FALSE(broken.findings[0].detail.empty());
  CHECK(f.check(TestPdf().bytes()).codes() == Codes{"no-signatures"});

  // Encrypted with qpdf (RC4-128 with an empty user password: it opens without one).
  const Bytes plain = TestPdf().bytes();
  QPDF in;
  in.processMemoryFile("plain", reinterpret_cast<const char*>(plain.data()), plain.size());
  QPDFWriter writer(in);
  writer.setOutputMemory();
  writer.setR6EncryptionParameters("", "owner", true, true, true, true, true, true, qpdf_r3p_full,
                                   true);
  writer.write();
  auto buffer = writer.getBufferSharedPointer();
  const Bytes encrypted(buffer->getBuffer(), buffer->getBuffer() + buffer->getSize());
  CHECK(f.check(encrypted).codes() == Codes{"encrypted"});
  QPDFWriter locked_writer(in);
  locked_writer.setOutputMemory();
  locked_writer.setR6EncryptionParameters("user", "owner", true, true, true, true, true, true,
                                          qpdf_r3p_full, true);
  locked_writer.write();
  buffer = locked_writer.getBufferSharedPointer();
  CHECK(f.check(Bytes(buffer->getBuffer(), buffer->getBuffer() + buffer->getSize())).codes() ==
        Codes{"encrypted"});
}

}  // namespace
}  // namespace mynasim::pki::pdfverify
