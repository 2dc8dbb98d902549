// `mynatool cert`, `mynatool sign` and `mynatool verify`.
#include <cstdio>
#include <memory>

#include "hostcrypto/digest_info.hpp"
#include "tools/mynatool/certificate_output.hpp"
#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {
namespace {

using client::CertificateType;
using client::PinType;
using nlohmann::json;

CertificateType parse_certificate_type(const std::string& text) {
  if (text == "auth-ca") return CertificateType::kAuthCa;
  if (text == "sign") return CertificateType::kSign;
  if (text == "sign-ca") return CertificateType::kSignCa;
  return CertificateType::kAuth;
}

// The signature certificate is readable only after the signature password (reference §2.1).
Bytes read_certificate(Session& session, CertificateType type, const PinOptions& pin) {
  session.jpki().select();
  if (type == CertificateType::kSign) verify_pin(session, PinType::kSign, pin);
  return session.jpki().read_certificate(type);
}

void emit(const GlobalOptions& options, const std::string& out_path, const Bytes& bytes,
          const json& json_result, const std::string& text) {
  if (!out_path.empty()) {
    write_file(out_path, bytes);
    print_result(options, json_result, text);
  } else if (options.json) {
    print_result(options, json_result, "");
  } else {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  }
}

}  // namespace

void add_cert_command(CLI::App& app, GlobalOptions& options) {
  struct Args {
    std::string type = "auth";
    std::string format = "pem";
    std::string out;
    PinOptions pin;
  };
  auto args = std::make_shared<Args>();
  auto* cert = app.add_subcommand("cert", "read a certificate from the card");
  cert->add_option("--type", args->type, "auth, auth-ca, sign or sign-ca")
      ->check(CLI::IsMember({"auth", "auth-ca", "sign", "sign-ca"}));
  cert->add_option("--format", args->format, "pem, der or text")
      ->check(CLI::IsMember({"pem", "der", "text"}));
  cert->add_option("--out", args->out, "write to this file instead of standard output");
  add_pin_options(*cert, args->pin);
  cert->callback([&options, args] {
    Session session(options);
    const Bytes der = read_certificate(session, parse_certificate_type(args->type), args->pin);
    const std::string formatted = format_certificate(der, args->format);
    emit(options, args->out, Bytes(formatted.begin(), formatted.end()),
         {{"type", args->type}, {"der", compact_hex(der)}, {"size", der.size()}},
         args->out.empty() ? "" : "wrote " + args->out);
  });
}

void add_sign_command(CLI::App& app, GlobalOptions& options) {
  struct Args {
    std::string type = "auth";
    std::string in, out;
    std::string hash = "sha256";
    PinOptions pin;
  };
  auto args = std::make_shared<Args>();
  auto* sign = app.add_subcommand("sign", "sign a file with a key of the card (PKCS#1 v1.5)");
  sign->add_option("--type", args->type, "auth or sign")->check(CLI::IsMember({"auth", "sign"}));
  sign->add_option("--in", args->in, "file to sign")->required();
  sign->add_option("--out", args->out, "signature file (raw RSA signature)")->required();
  sign->add_option("--hash", args->hash, "sha256, sha384 or sha512")
      ->check(CLI::IsMember({"sha256", "sha384", "sha512"}));
  add_pin_options(*sign, args->pin);
  sign->callback([&options, args] {
    const Bytes data = read_file(args->in);
    const auto digest_info = hostcrypto::digest_info(args->hash, hash_data(args->hash, data));
    Session session(options);
    const PinType key = parse_pin_type(args->type);
    Bytes signature;
    during(session, "the signature", "nothing was signed", [&] {
      // VERIFY and SIGN in one transaction: no other program may slip a SELECT in between.
      pcsc::CardConnection::Transaction transaction(session.card());
      verify_pin(session, key, args->pin);
      signature = session.jpki().sign(key, *digest_info);
    });
    write_file(args->out, signature);
    print_result(
        options,
        {{"type", args->type}, {"hash", args->hash}, {"signature", compact_hex(signature)}},
        "wrote a " + std::to_string(signature.size()) + "-byte signature to " + args->out);
  });
}

void add_verify_command(CLI::App& app, GlobalOptions& options) {
  struct Args {
    std::string type = "auth";
    std::string in, signature, cert;
    std::string hash = "sha256";
    PinOptions pin;
  };
  auto args = std::make_shared<Args>();
  auto* verify = app.add_subcommand(
      "verify", "check a signature with the card's certificate (or --cert FILE, DER)");
  verify->add_option("--type", args->type, "auth or sign")->check(CLI::IsMember({"auth", "sign"}));
  verify->add_option("--in", args->in, "the signed file")->required();
  verify->add_option("--sig", args->signature, "the signature file")->required();
  verify->add_option("--cert", args->cert, "certificate file (DER) instead of the card's");
  verify->add_option("--hash", args->hash, "sha256, sha384 or sha512")
      ->check(CLI::IsMember({"sha256", "sha384", "sha512"}));
  add_pin_options(*verify, args->pin);
  verify->callback([&options, args] {
    const Bytes data = read_file(args->in);
    const Bytes signature = read_file(args->signature);
    Bytes cert;
    if (!args->cert.empty()) {
      cert = read_file(args->cert);
    } else {
      Session session(options);
      cert = read_certificate(
          session, args->type == "sign" ? CertificateType::kSign : CertificateType::kAuth,
          args->pin);
    }
    const bool valid = verify_signature(cert, args->hash, data, signature);
    print_result(options, {{"valid", valid}}, valid ? "signature valid" : "signature INVALID");
    if (!valid) throw CommandFailed("the signature does not verify");
  });
}

}  // namespace mynasim::tools
