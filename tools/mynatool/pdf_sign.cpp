// `mynatool pdf sign`: a PDF signed with the card's signature key as an incremental update
// (registry format, PAdES B-B, B-T, B-LT), pki/pdf for the PDF, pki/cms for the SignedData, the
// TSA and the validation data over HTTP. docs/signing.md has the profiles. The output is written
// only once everything succeeded (to a temporary file renamed over --out): a failure leaves no
// --out and never touches --in.
#include <unistd.h>
#include <cstdio>
#include <ctime>
#include <memory>

#include "hostcrypto/der_pem.hpp"
#include "pki/holder_attributes.hpp"
#include "pki/pdf/pdf_error.hpp"
#include "pki/pdf/pdf_signer.hpp"
#include "tools/common/authority/timestamp_over_http.hpp"
#include "tools/mynatool/certificate_output.hpp"
#include "tools/mynatool/commands.hpp"
#include "tools/mynatool/pdf_validation_data.hpp"

namespace mynasim::tools {
namespace {

using client::CertificateType;
using client::PinType;

constexpr http::Deadline kNetworkDeadline{10'000};

// The holder's name as the signature certificate carries it (subjectAltName …8.5.5.1,
// pki/holder_attributes.hpp; the subject's CN is an identifier).
std::string holder_name(const Bytes& der) {
  const auto attributes = pki::holder_attributes(der);
  return attributes ? attributes->name : "";
}

// Written beside `path` and renamed over it: a reader never sees half a file.
void write_atomically(const std::string& path, ByteView bytes) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  try {
    write_file(temporary, bytes);
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw CommandFailed("cannot write " + path);
  }
}

}  // namespace

void add_pdf_sign_command(CLI::App& pdf, GlobalOptions& options) {
  struct Args {
    std::string in, out, profile = "registry", tsa, name, reason;
    std::size_t contents_size = pdf::kDefaultContentsBytes;
    PinOptions pin;
  };
  auto args = std::make_shared<Args>();
  auto* sign = pdf.add_subcommand(
      "sign", "sign a PDF with the card's signature key, as an incremental update");
  sign->add_option("--in", args->in, "the PDF to sign")->required();
  sign->add_option("--out", args->out, "the signed PDF to write")->required();
  sign->add_option("--profile", args->profile,
                   "registry (adbe.pkcs7.detached, the registry's format), pades-b-b, pades-b-t "
                   "(+ timestamp), pades-b-lt (+ DSS)")
      ->check(CLI::IsMember({"registry", "pades-b-b", "pades-b-t", "pades-b-lt"}))
      ->capture_default_str();
  sign->add_option("--tsa", args->tsa, "RFC 3161 TSA URL (pades-b-t, pades-b-lt)");
  sign->add_option("--name", args->name,
                   "/Name (default: the holder's name from the signature certificate)");
  sign->add_option("--reason", args->reason, "/Reason");
  sign->add_option("--contents-size", args->contents_size,
                   "bytes reserved for the signature in /Contents")
      ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 20))
      ->capture_default_str();
  add_pin_options(*sign, args->pin);
  sign->callback([&options, args] {
    const pdf::Profile profile = *pdf::parse_profile(args->profile);
    if (pdf::needs_timestamp(profile) && args->tsa.empty())
      throw CLI::ValidationError("--tsa", "--profile " + args->profile + " needs --tsa URL");
    const Bytes input = read_file(args->in);
    pdf::SignRequest request;
    request.pdf = input;
    request.pdf_name = args->in;
    request.profile = profile;
    request.reason = args->reason;
    request.contents_bytes = args->contents_size;
    request.signing_time = static_cast<pki::UnixTime>(std::time(nullptr));
    if (pdf::needs_timestamp(profile))
      request.timestamp = authority::timestamp_over_http(args->tsa, kNetworkDeadline);
    if (profile == pdf::Profile::kPadesBLT)
      request.validation_data = validation_data_over_http(kNetworkDeadline);
    // The input is checked before the card is asked for anything.
    { pdf::UpdatableDocument check(input, args->in); }

    pdf::SignResult result;
    {
      Session session(options);
      // VERIFY, the certificates and SIGN in one transaction, as `cms sign`.
      pcsc::CardConnection::Transaction transaction(session.card());
      session.jpki().select();
      verify_pin(session, PinType::kSign, args->pin);
      request.signer_certificate = session.jpki().read_certificate(CertificateType::kSign);
      request.ca_certificates = {session.jpki().read_certificate(CertificateType::kSignCa)};
      request.name = args->name.empty() ? holder_name(request.signer_certificate) : args->name;
      if (request.name.empty())
        throw CommandFailed(
            "the signature certificate names no holder (subjectAltName ...8.5.5.1); give --name");
      request.sign = [&session](ByteView digest_info) {
        return session.jpki().sign(PinType::kSign, Bytes(digest_info.begin(), digest_info.end()));
      };
      result = pdf::sign(request);
    }
    write_atomically(args->out, result.pdf);
    const auto& r = result.byte_range;
    print_result(options,
                 {{"out", args->out},
                  {"profile", args->profile},
                  {"field", result.field_name},
                  {"name", request.name},
                  {"bytes", result.pdf.size()},
                  {"signed_bytes", result.signed_size},
                  {"byte_range", {r[0], r[1], r[2], r[3]}},
                  {"cms_bytes", result.cms_bytes},
                  {"contents_bytes", args->contents_size},
                  {"dss", profile == pdf::Profile::kPadesBLT}},
                 "wrote " + args->out + ": " + args->profile + " signature " + result.field_name +
                     " by " + request.name + " (" + std::to_string(result.cms_bytes) + " of " +
                     std::to_string(args->contents_size) + " bytes of /Contents)");
  });
}

}  // namespace mynasim::tools
