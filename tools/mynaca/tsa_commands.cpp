// mynaca tsa: the timestamp authority beside the OCSP responder. Served on tools/common/http as
// the responder is (docs/http-server.md): header and body deadlines, connections per address,
// and a body limit on the route, here 4 KiB: a TimeStampReq is a hash (<= 64 bytes), a policy,
// a nonce and a flag, ~100 bytes; RFC 3161 extensions are not accepted anyway. A body of another
// media type is refused with 415 before it reaches OpenSSL; a body that is no TimeStampReq gets a
// TSA error response (rejection, badDataFormat) with 200, as RFC 3161 3.4 wants every answer
// from the TSA to be a TimeStampResp.

#include <unistd.h>

#include <cctype>

#include "pki/authority.hpp"
#include "pki/files.hpp"
#include "pki/tsa/tsa_responder.hpp"
#include "tools/common/http/server.hpp"
#include "tools/mynaca/commands.hpp"
#include "tools/mynaca/signal_stopper.hpp"
#include "tools/mynaca/tsa.hpp"

namespace mynasim::mynaca {
namespace {

constexpr const char* kQueryType = "application/timestamp-query";
constexpr const char* kReplyType = "application/timestamp-reply";
constexpr std::size_t kMaxRequestBody = 4 * 1024;

// The media type without parameters, lower case: "Application/Timestamp-Query; x=y" matches.
std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

nlohmann::json describe(const Context& context) {
  return {{"ca", context.dir + "/" + pki::tsa::kCaFile},
          {"certificate", context.dir + "/" + pki::tsa::kCertificateFile},
          {"policy", std::string(pki::tsa::kPolicyOid)}};
}

}  // namespace

TsaCommands add_tsa_commands(CLI::App& app, TsaOptions& options) {
  auto* tsa = app.add_subcommand("tsa", "The timestamp authority (RFC 3161)");
  tsa->require_subcommand(1);
  TsaCommands commands;
  commands.init = tsa->add_subcommand("init", "Make the TSA (if not yet) and name its files");
  commands.serve = tsa->add_subcommand("serve", "Answer timestamp requests over HTTP (POST /tsa)");
  commands.serve->add_option("--host", options.host, "Address to listen on")->capture_default_str();
  commands.serve->add_option("--port", options.port, "Port (0: any free port, printed)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  commands.serve->add_option("--threads", options.threads, "Worker threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  commands.serve
      ->add_option("--max-per-address", options.max_per_address,
                   "Connections one client address may hold")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  commands.serve->add_flag("--verbose", options.verbose, "Log every request on stderr");
  commands.respond = tsa->add_subcommand("respond", "Answer one DER request file, no network");
  commands.respond->add_option("--request", options.request, "DER TimeStampReq")->required();
  commands.respond->add_option("--out", options.out, "Where the DER TimeStampResp goes")
      ->required();
  return commands;
}

int run_tsa_init(const Context& context) {
  pki::Authority::open(context.dir);  // refuses a directory that is no authority
  pki::tsa::open_or_make(context.dir, context.now());
  const nlohmann::json document = describe(context);
  emit(context, document,
       "TSA certificate " + document["certificate"].get<std::string>() + " under " +
           document["ca"].get<std::string>() + ", policy " + std::string(pki::tsa::kPolicyOid));
  return 0;
}

int run_tsa_respond(const Context& context, const TsaOptions& options) {
  pki::Authority authority = pki::Authority::open(context.dir);
  const pki::tsa::Identity identity = pki::tsa::open_or_make(context.dir, context.now());
  const pki::tsa::Responder responder(identity, pki::tsa::registry_serials(authority.registry()));
  const Bytes response = responder.respond(pki::read_file(options.request), context.now());
  pki::write_file_atomically(options.out, response);
  emit(context, {{"response", options.out}, {"bytes", response.size()}},
       "wrote " + std::to_string(response.size()) + " bytes to " + options.out);
  return 0;
}

int run_tsa_serve(const Context& context, const TsaOptions& options) {
  pki::Authority authority = pki::Authority::open(context.dir);
  const pki::tsa::Identity identity = pki::tsa::open_or_make(context.dir, context.now());
  const pki::tsa::Responder responder(identity, pki::tsa::registry_serials(authority.registry()));

  http::ServerOptions server_options;
  server_options.workers = options.threads;
  server_options.max_connections_per_address = options.max_per_address;
  if (options.verbose)
    server_options.logger = [](const std::string& method, const std::string& path, int status) {
      std::fprintf(stderr, "%s %s -> %d\n", method.c_str(), path.c_str(), status);
    };
  http::Server server(std::move(server_options));
  server.post("/tsa", {kMaxRequestBody}, [&](const http::Request& req, http::Response& res) {
    if (media_type(req.get_header_value("Content-Type")) != kQueryType) {
      res.status = 415;
      res.set_content(std::string("send a DER TimeStampReq as ") + kQueryType + "\n", "text/plain");
      return;
    }
    try {
      const Bytes answer =
          responder.respond(Bytes(req.body.begin(), req.body.end()), context.now());
      res.set_content(std::string(answer.begin(), answer.end()), kReplyType);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mynaca tsa: %s\n", e.what());
      res.status = 500;
      res.set_content("the TSA failed\n", "text/plain");
    }
  });

  int bound = -1;
  try {
    bound = server.bind(options.host, options.port);
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
  const std::string url = "http://" + options.host + ":" + std::to_string(bound) + "/tsa";
  nlohmann::json document = describe(context);
  document["listening"] = url;
  document["pid"] = static_cast<long>(getpid());
  emit(context, document, "TSA listening on " + url + " (Ctrl-C stops it)");
  SignalStopper stopper(server);
  server.run();
  return 0;
}

}  // namespace mynasim::mynaca
