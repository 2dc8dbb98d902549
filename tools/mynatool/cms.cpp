// `mynatool cms sign` and `mynatool cms verify`: CMS signatures (CAdES-BES, CAdES-T with --tsa)
// with the card's signature key, and their verification as a signature verifier (署名検証者)
// does it: pki/cms for both, the authority directory's trust anchors, OCSP and CRLs through
// tools/common/authority. docs/signing.md has the profile and every verification code.
#include <ctime>
#include <memory>

#include "hostcrypto/der_pem.hpp"
#include "pki/cms/cms_signer.hpp"
#include "pki/cms/cms_verifier.hpp"
#include "pki/unix_time.hpp"
#include "tools/common/authority/authority_directory.hpp"
#include "tools/common/authority/ocsp_over_http.hpp"
#include "tools/common/authority/timestamp_over_http.hpp"
#include "tools/mynatool/certificate_output.hpp"
#include "tools/mynatool/commands.hpp"
#include "tools/mynatool/signature_report.hpp"

namespace mynasim::tools {
namespace {

using client::CertificateType;
using client::PinType;
using nlohmann::json;

constexpr http::Deadline kNetworkDeadline{10'000};  // a TSA that stalls

void add_sign(CLI::App& cms, GlobalOptions& options) {
  struct Args {
    std::string in, out, tsa;
    bool detached = false;
    PinOptions pin;
  };
  auto args = std::make_shared<Args>();
  auto* sign = cms.add_subcommand(
      "sign", "sign a file with the card's signature key as CMS (CAdES-BES; CAdES-T with --tsa)");
  sign->add_option("--in", args->in, "file to sign")->required();
  sign->add_option("--out", args->out, "the CMS SignedData (DER), e.g. F.p7s")->required();
  sign->add_flag("--detached", args->detached, "leave the content out of the SignedData");
  sign->add_option("--tsa", args->tsa, "RFC 3161 TSA URL for a signature timestamp");
  add_pin_options(*sign, args->pin);
  sign->callback([&options, args] {
    const Bytes content = read_file(args->in);
    pki::cms::SignRequest request;
    request.content = content;
    request.detached = args->detached;
    request.signing_time = static_cast<pki::UnixTime>(std::time(nullptr));
    if (!args->tsa.empty())
      request.timestamp = authority::timestamp_over_http(args->tsa, kNetworkDeadline);
    Session session(options);
    // VERIFY, the certificates and SIGN in one transaction: no other program slips in between.
    pcsc::CardConnection::Transaction transaction(session.card());
    session.jpki().select();
    verify_pin(session, PinType::kSign, args->pin);  // also opens the signature certificate
    request.signer_certificate = session.jpki().read_certificate(CertificateType::kSign);
    request.ca_certificates = {session.jpki().read_certificate(CertificateType::kSignCa)};
    request.sign = [&session](ByteView digest_info) {
      return session.jpki().sign(PinType::kSign, Bytes(digest_info.begin(), digest_info.end()));
    };
    const Bytes cms = pki::cms::sign(request);
    write_file(args->out, cms);
    print_result(options,
                 {{"out", args->out},
                  {"bytes", cms.size()},
                  {"detached", args->detached},
                  {"timestamp", !args->tsa.empty()},
                  {"signer", subject_of(request.signer_certificate)}},
                 "wrote a " + std::string(args->tsa.empty() ? "CAdES-BES" : "CAdES-T") + " " +
                     (args->detached ? "detached " : "") + "signature (" +
                     std::to_string(cms.size()) + " bytes) to " + args->out);
  });
}

void add_verify(CLI::App& cms, GlobalOptions& options) {
  struct Args {
    std::string file, content, ca;
    bool no_revocation = false;
  };
  auto args = std::make_shared<Args>();
  auto* verify = cms.add_subcommand(
      "verify", "check a CMS signature: content, signature, signer, revocation, timestamp");
  verify->add_option("file", args->file, "the CMS SignedData (DER)")->required();
  verify->add_option("--content", args->content, "the signed file of a detached signature");
  verify->add_option("--ca", args->ca, "the authority directory mynaca made (trust anchors)")
      ->required();
  verify->add_flag("--no-revocation", args->no_revocation, "skip OCSP and CRLs");
  verify->callback([&options, args] {
    const Bytes cms = read_file(args->file);
    std::optional<Bytes> content;
    if (!args->content.empty()) content = read_file(args->content);
    const authority::AuthorityDirectory dir(args->ca);
    const pki::cms::Options o = verifier_options(dir, !args->no_revocation);
    const pki::cms::Result r =
        pki::cms::verify(cms, content ? std::optional<ByteView>(*content) : std::nullopt, o);
    const std::vector<std::string> codes = r.codes();
    json document = {{"valid", r.ok()}, {"codes", codes}, {"findings", findings_json(r)}};
    add_signature_fields(document, r);
    std::string text;
    if (r.ok()) {
      text = "signature valid: " + document.value("signer", std::string("?")) + ", good at " +
             pki::iso8601(r.validated_at) +
             (r.timestamp_time ? " (timestamped)" : " (no timestamp: checked at now)");
    } else {
      text = "signature INVALID:";
      for (const auto& f : document["findings"])
        if (f["fatal"].get<bool>())
          text += "\n  " + f["code"].get<std::string>() + ": " + f["detail"].get<std::string>();
    }
    print_result(options, document, text);
    if (!r.ok()) {
      std::string joined;
      for (const std::string& code : codes) joined += (joined.empty() ? "" : ", ") + code;
      throw CommandFailed("the signature is not valid (" + joined + ")");
    }
  });
}

}  // namespace

void add_cms_command(CLI::App& app, GlobalOptions& options) {
  auto* cms = app.add_subcommand("cms", "CMS signatures with the signature key, and their check");
  cms->require_subcommand(1);
  add_sign(*cms, options);
  add_verify(*cms, options);
}

}  // namespace mynasim::tools
