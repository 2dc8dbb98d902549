// `mynatool pdf verify FILE --ca DIR [--json]`: every signature and document timestamp of a PDF
// checked as a signature verifier (署名検証者) does, through pki/pdfverify: the ByteRange, what
// was appended after each signature, the CMS and the signer's certificate at the time of signing,
// revocation from the file's DSS, else OCSP, else the directory's CRLs. docs/signing.md lists the
// codes. Exit 0 when every signature is valid, 1 otherwise (and for a file that is no signed PDF).
#include <memory>

#include "pki/pdfverify/pdf_verifier.hpp"
#include "tools/common/authority/authority_directory.hpp"
#include "tools/mynatool/certificate_output.hpp"
#include "tools/mynatool/commands.hpp"
#include "tools/mynatool/signature_report.hpp"

namespace mynasim::tools {
namespace {

using nlohmann::json;
namespace pdfverify = pki::pdfverify;

json findings_json(const std::vector<pdfverify::Finding>& findings) {
  json out = json::array();
  for (const auto& f : findings)
    out.push_back(
        {{"code", pdfverify::to_string(f.status)}, {"fatal", true}, {"detail", f.detail}});
  return out;
}

json signature_json(const pdfverify::SignatureResult& s) {
  json out = {{"field", s.field},
              {"kind", s.kind == pdfverify::Kind::kSignature ? "signature" : "document-timestamp"},
              {"sub_filter", s.sub_filter},
              {"byte_range", s.byte_range},
              {"revision", s.revision},
              {"valid", s.ok()},
              {"codes", s.codes()},
              {"findings", findings_json(s.findings)}};
  if (s.name) out["name"] = *s.name;
  if (s.reason) out["reason"] = *s.reason;
  if (s.signing_time) out["m"] = *s.signing_time;
  if (s.cms) {
    for (auto& f : tools::findings_json(*s.cms)) out["findings"].push_back(f);
    add_signature_fields(out, *s.cms);
  }
  return out;
}

std::string text_of(const json& document) {
  std::string text;
  for (const json& f : document["findings"])
    text += "\n  " + f["code"].get<std::string>() + ": " + f["detail"].get<std::string>();
  for (const json& s : document["signatures"]) {
    const bool timestamp = s["kind"] == "document-timestamp";
    text += "\n" + std::string(timestamp ? "document timestamp " : "signature ") +
            s["field"].get<std::string>() + " (revision " +
            std::to_string(s["revision"].get<int>()) + ", " + s["sub_filter"].get<std::string>() +
            "): ";
    if (s["valid"].get<bool>()) {
      text += "valid";
      if (!timestamp) text += ", " + s.value("signer", std::string("?"));
      text += ", good at " + s.value("validated_at", std::string("?"));
      if (!timestamp)
        text += s.contains("timestamp_time") ? " (timestamped" : " (no timestamp: checked at now";
      if (!timestamp) text += ", revocation: " + s.value("revocation", std::string("")) + ")";
    } else {
      text += "INVALID";
      for (const json& f : s["findings"])
        if (f["fatal"].get<bool>())
          text += "\n  " + f["code"].get<std::string>() + ": " + f["detail"].get<std::string>();
    }
  }
  return text.empty() ? text : text.substr(1);
}

}  // namespace

void add_pdf_verify_command(CLI::App& pdf, GlobalOptions& options) {
  struct Args {
    std::string file, ca;
    bool no_revocation = false;
  };
  auto args = std::make_shared<Args>();
  auto* verify = pdf.add_subcommand(
      "verify",
      "check every signature of a PDF: ByteRange, updates after it, CMS, signer, "
      "revocation at the time of signing, timestamps");
  verify->add_option("file", args->file, "the signed PDF")->required();
  verify->add_option("--ca", args->ca, "the authority directory mynaca made (trust anchors)")
      ->required();
  verify->add_flag("--no-revocation", args->no_revocation, "skip the DSS, OCSP and CRLs");
  verify->callback([&options, args] {
    const Bytes file = read_file(args->file);
    const authority::AuthorityDirectory dir(args->ca);
    const pki::cms::Options o = verifier_options(dir, !args->no_revocation);
    const pdfverify::Result r = pdfverify::verify(file, o);
    json signatures = json::array();
    for (const auto& s : r.signatures) signatures.push_back(signature_json(s));
    const std::vector<std::string> codes = r.codes();
    json document = {{"file", args->file},       {"valid", r.ok()},
                     {"codes", codes},           {"findings", findings_json(r.findings)},
                     {"revisions", r.revisions}, {"signatures", signatures}};
    if (r.dss)
      document["dss"] = {{"certificates", r.dss_certificates},
                         {"ocsp_responses", r.dss_ocsp_responses},
                         {"crls", r.dss_crls}};
    print_result(options, document, text_of(document));
    if (!r.ok()) {
      std::string joined;
      for (const std::string& code : codes) joined += (joined.empty() ? "" : ", ") + code;
      throw CommandFailed(args->file + ": not every signature is valid (" + joined + ")");
    }
  });
}

}  // namespace mynasim::tools
