#include "pki/pdfverify/pdf_verifier.hpp"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFFormFieldObjectHelper.hh>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "pki/pdfverify/byte_range.hpp"
#include "pki/pdfverify/changes.hpp"
#include "pki/pdfverify/revisions.hpp"

namespace mynasim::pki::pdfverify {
namespace {

// qpdf over the first `end` bytes: strict (no repair of a damaged file, no warnings printed).
std::unique_ptr<QPDF> open_prefix(ByteView file, std::size_t end) {
  auto pdf = std::make_unique<QPDF>();
  pdf->setSuppressWarnings(true);
  pdf->setAttemptRecovery(false);
  pdf->processMemoryFile("the PDF", reinterpret_cast<const char*>(file.data()), end);
  return pdf;
}

std::optional<std::string> text_of(QPDFObjectHandle dict, const char* key) {
  QPDFObjectHandle value = dict.getKey(key);
  if (!value.isString()) return std::nullopt;
  return value.getUTF8Value();
}

Bytes bytes_of(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

// The DSS's certificates, OCSP responses and CRLs (ISO 32000-2 12.8.4.3), decoded.
void read_dss(QPDF& pdf, Result& result, Options& options) {
  QPDFObjectHandle dss = pdf.getRoot().getKey("/DSS");
  if (!dss.isDictionary()) return;
  result.dss = true;
  const auto streams = [](QPDFObjectHandle list) {
    std::vector<Bytes> out;
    if (list.isArray())
      for (auto& s : list.getArrayAsVector())
        if (s.isStream()) {
          const auto data = s.getStreamData(qpdf_dl_generalized);
          out.emplace_back(data->getBuffer(), data->getBuffer() + data->getSize());
        }
    return out;
  };
  const std::vector<Bytes> certificates = streams(dss.getKey("/Certs"));
  options.evidence_ocsp = streams(dss.getKey("/OCSPs"));
  options.evidence_crls = streams(dss.getKey("/CRLs"));
  result.dss_certificates = certificates.size();
  result.dss_ocsp_responses = options.evidence_ocsp.size();
  result.dss_crls = options.evidence_crls.size();
  // Untrusted helpers for building a chain; the roots stay the caller's.
  for (const Bytes& c : certificates) options.signature_anchors.intermediates.push_back(c);
}

// Every field with /FT /Sig (inherited) and a value, depth first in /Fields order.
void collect_signature_fields(QPDFObjectHandle fields, std::set<QPDFObjGen>& seen,
                              std::vector<QPDFObjectHandle>& out, int depth = 0) {
  if (!fields.isArray() || depth > 32) return;
  for (auto& field : fields.getArrayAsVector()) {
    if (!field.isDictionary() || (field.isIndirect() && !seen.insert(field.getObjGen()).second))
      continue;
    QPDFFormFieldObjectHelper helper(field);
    if (helper.getFieldType() == "/Sig" && field.getKey("/V").isDictionary()) out.push_back(field);
    collect_signature_fields(field.getKey("/Kids"), seen, out, depth + 1);
  }
}

class Verifier {
 public:
  Verifier(ByteView file, const Options& options) : file_(file), options_(options) {}

  Result run() {
    constexpr std::string_view kHeader = "%PDF-";
    if (file_.size() < kHeader.size() ||
        std::memcmp(file_.data(), kHeader.data(), kHeader.size()) != 0) {
      result_.findings.push_back({Status::kNotPdf, "the file does not start with %PDF-"});
      return std::move(result_);
    }
    try {
      analyse();
    } catch (const QPDFExc& e) {
      const Status status =
          e.getErrorCode() == qpdf_e_password ? Status::kEncrypted : Status::kDamaged;
      result_.findings.push_back({status, e.getMessageDetail()});
      result_.signatures.clear();
    } catch (const std::exception& e) {  // qpdf's logic_error and runtime_error on bad input
      result_.findings.push_back({Status::kDamaged, e.what()});
      result_.signatures.clear();
    }
    return std::move(result_);
  }

 private:
  QPDF& revision(std::size_t end) {
    auto& slot = prefixes_[end];
    if (!slot) slot = open_prefix(file_, end);
    return *slot;
  }

  void analyse() {
    revisions_ = find_revisions(file_, [this](std::size_t end) -> std::optional<std::int64_t> {
      QPDFObjectHandle prev = revision(end).getTrailer().getKey("/Prev");
      if (prev.isNull()) return std::nullopt;
      return prev.getIntValue();
    });
    if (!revisions_.problem.empty())
      return result_.findings.push_back({Status::kDamaged, revisions_.problem});
    result_.revisions = revisions_.chain.size();
    QPDF& pdf = revision(revisions_.chain.back().end);
    if (pdf.isEncrypted())
      return result_.findings.push_back(
          {Status::kEncrypted, "the file is encrypted: its signatures are not checked"});
    read_dss(pdf, result_, options_);
    std::vector<QPDFObjectHandle> fields;
    std::set<QPDFObjGen> seen;
    collect_signature_fields(pdf.getRoot().getKey("/AcroForm").getKey("/Fields"), seen, fields);
    for (auto& field : fields) result_.signatures.push_back(check_field(pdf, field));
    if (result_.signatures.empty())
      result_.findings.push_back(
          {Status::kNoSignatures,
           "no signature field has a value and there is no document timestamp"});
  }

  SignatureResult check_field(QPDF& pdf, QPDFObjectHandle field) {
    SignatureResult s;
    s.field = QPDFFormFieldObjectHelper(field).getFullyQualifiedName();
    QPDFObjectHandle v = field.getKey("/V");
    QPDFObjectHandle sub_filter = v.getKey("/SubFilter"), type = v.getKey("/Type");
    s.sub_filter = sub_filter.isName() ? sub_filter.getName().substr(1) : "";
    const bool doc_timestamp =
        (type.isName() && type.getName() == "/DocTimeStamp") || s.sub_filter == "ETSI.RFC3161";
    s.kind = doc_timestamp ? Kind::kDocumentTimestamp : Kind::kSignature;
    s.name = text_of(v, "/Name");
    s.reason = text_of(v, "/Reason");
    s.signing_time = text_of(v, "/M");

    QPDFObjectHandle range = v.getKey("/ByteRange"), contents = v.getKey("/Contents");
    if (!range.isArray() || !contents.isString()) {
      s.findings.push_back({Status::kSignatureMalformed,
                            "the signature dictionary lacks /ByteRange or a /Contents string"});
      return s;
    }
    for (auto& item : range.getArrayAsVector())
      s.byte_range.push_back(item.isInteger() ? item.getIntValue() : -1);
    ByteRange br;
    s.findings = check_byte_range(s.byte_range, file_, contents.getParsedOffset(), br);
    if (!s.findings.empty()) return s;
    check_coverage(pdf, br, s);

    const bool known = doc_timestamp ? s.sub_filter == "ETSI.RFC3161"
                                     : s.sub_filter == "adbe.pkcs7.detached" ||
                                           s.sub_filter == "ETSI.CAdES.detached";
    if (!known) {
      s.findings.push_back(
          {Status::kUnsupportedSubFilter, "/SubFilter /" + s.sub_filter + " is not verified here"});
      return s;
    }
    const Bytes value = bytes_of(contents.getStringValue());
    ByteView cms = value;
    if (const auto length = der_length(value)) {
      cms = ByteView(value).first(*length);
      if (std::any_of(value.begin() + static_cast<std::ptrdiff_t>(*length), value.end(),
                      [](std::uint8_t b) { return b != 0; }))
        s.findings.push_back(
            {Status::kContentsPadding, "/Contents holds non-zero bytes after the CMS"});
    }
    const Bytes signed_part = signed_bytes(file_, br);
    s.cms = doc_timestamp ? cms::verify_timestamp(cms, signed_part, options_)
                          : cms::verify(cms, ByteView(signed_part), options_);
    return s;
  }

  // The signed range ends where a revision of the chain ends; what comes after is updates that
  // only add a DSS, timestamps or signatures.
  void check_coverage(QPDF& pdf, const ByteRange& br, SignatureResult& s) {
    const auto end = static_cast<std::size_t>(br.end());
    const auto index = revisions_.index_ending_at(end);
    if (!index) {
      s.findings.push_back(
          {Status::kAppendedBytes, "the signed bytes end at " + std::to_string(end) +
                                       ", where no revision of the file ends: bytes " +
                                       std::to_string(end) + ".." + std::to_string(file_.size()) +
                                       " are no update the file's trailers lead to"});
      return;
    }
    s.revision = *index + 1;
    if (revisions_.trailing > 0)
      s.findings.push_back({Status::kAppendedBytes,
                            std::to_string(revisions_.trailing) + " bytes follow the last %%EOF"});
    if (*index + 1 == revisions_.chain.size()) return;
    for (Finding& f : detail::changes_after_signing(revision(end), pdf, end))
      s.findings.push_back(std::move(f));
  }

  ByteView file_;
  Options options_;
  Result result_;
  Revisions revisions_;
  std::map<std::size_t, std::unique_ptr<QPDF>> prefixes_;
};

}  // namespace

bool SignatureResult::ok() const {
  return findings.empty() && cms && cms->ok();
}

std::vector<std::string> SignatureResult::codes() const {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.emplace_back(to_string(f.status));
  if (cms)
    for (std::string& c : cms->codes()) out.push_back(std::move(c));
  return out;
}

bool Result::ok() const {
  return findings.empty() && !signatures.empty() &&
         std::all_of(signatures.begin(), signatures.end(), [](const auto& s) { return s.ok(); });
}

std::vector<std::string> Result::codes() const {
  std::vector<std::string> out;
  const auto add = [&out](std::string code) {
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(std::move(code));
  };
  for (const Finding& f : findings) add(std::string(to_string(f.status)));
  for (const SignatureResult& s : signatures)
    for (std::string& c : s.codes()) add(std::move(c));
  return out;
}

Result verify(ByteView pdf, const Options& options) {
  return Verifier(pdf, options).run();
}

}  // namespace mynasim::pki::pdfverify
