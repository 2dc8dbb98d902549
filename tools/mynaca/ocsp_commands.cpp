// mynaca ocsp serve: the authority's OCSP responder over HTTP (RFC 6960 appendix A: POST with
// application/ocsp-request, or GET /ocsp/<base64 request>), plus the published CRLs as
// GET /crl/<label>.crl from DIR/crl. Listens on 127.0.0.1 by default; stops on SIGINT/SIGTERM.
// The server (tools/common/http) bounds what a client may cost: header and body deadlines, a
// 16 KiB request body, 32 connections per client address (--max-per-address).
// mynaca ocsp respond: the same answer for a request file, without a network.

#include <openssl/evp.h>

#include <cstdio>
#include <filesystem>
#include <regex>

#include "hostcrypto/errors.hpp"
#include "pki/files.hpp"
#include "pki/ocsp_responder.hpp"
#include "tools/common/http/client.hpp"
#include "tools/common/http/server.hpp"
#include "tools/mynaca/commands.hpp"
#include "tools/mynaca/signal_stopper.hpp"

namespace mynasim::mynaca {
namespace {

constexpr const char* kResponseType = "application/ocsp-response";
// An OCSP request names one or a few certificates: ~100 bytes each. RFC 6960 A.1's GET form
// carries it in the URL, which the header limit (16 KiB) bounds.
constexpr std::size_t kMaxRequestBody = 16 * 1024;

// The port of the authority's base URL (http://host[:port][/...]), read by the http client's
// own URL parser; 80 when the URL says none or cannot be read.
int port_of(const std::string& base_url) {
  const auto url = http::parse_url(base_url);
  if (!url) return 80;
  try {
    return std::stoi(url->port);
  } catch (const std::exception&) {
    return 80;
  }
}

// RFC 6960 A.1: the GET form carries the DER request base64-encoded (then URL-encoded, which
// the server has already undone for the path).
bool decode_base64(const std::string& text, Bytes& out) {
  out.assign(text.size() / 4 * 3 + 3, 0);
  EVP_ENCODE_CTX* ctx = EVP_ENCODE_CTX_new();
  EVP_DecodeInit(ctx);
  int n = 0, tail = 0;
  const bool ok =
      EVP_DecodeUpdate(ctx, out.data(), &n, reinterpret_cast<const unsigned char*>(text.data()),
                       static_cast<int>(text.size())) >= 0 &&
      EVP_DecodeFinal(ctx, out.data() + n, &tail) == 1;
  EVP_ENCODE_CTX_free(ctx);
  out.resize(ok ? static_cast<std::size_t>(n + tail) : 0);
  return ok;
}

void answer(http::Response& res, const Bytes& der) {
  res.set_content(std::string(der.begin(), der.end()), kResponseType);
}

}  // namespace

int run_ocsp_serve(const Context& context, const OcspServeOptions& options) {
  if (options.validity_minutes < 1)
    throw CommandError("validity: must be at least 1 minute", 2, "validity");
  pki::Authority authority = pki::Authority::open(context.dir);
  pki::OcspResponder responder(authority, {options.validity_minutes * 60LL});
  const int port = options.port >= 0 ? options.port : port_of(authority.endpoints().base_url);

  http::ServerOptions server_options;
  server_options.workers = std::max(1, options.threads);
  server_options.max_connections_per_address = options.max_per_address;
  if (options.verbose)
    server_options.logger = [](const std::string& method, const std::string& path, int status) {
      std::fprintf(stderr, "%s %s -> %d\n", method.c_str(), path.c_str(), status);
    };
  http::Server server(std::move(server_options));
  const auto respond = [&](const Bytes& request, http::Response& res) {
    try {
      answer(res, responder.respond(request, context.now()));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mynaca ocsp: %s\n", e.what());
      answer(res, pki::ocsp_error_response(OCSP_RESPONSE_STATUS_INTERNALERROR));
    }
  };
  server.post("/ocsp", {kMaxRequestBody}, [&](const http::Request& req, http::Response& res) {
    respond(Bytes(req.body.begin(), req.body.end()), res);
  });
  server.route_prefix("GET", "/ocsp/", {0}, [&](const http::Request& req, http::Response& res) {
    Bytes request;
    if (!decode_base64(req.path.substr(std::string("/ocsp/").size()), request)) {
      answer(res, pki::ocsp_error_response(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST));
      return;
    }
    respond(request, res);
  });
  // Only names mynaca writes (auth-g1.crl ...): nothing else of the directory is reachable.
  const std::regex crl_name(R"([a-z]+-g[0-9]+\.crl)");
  server.route_prefix("GET", "/crl/", {0}, [&](const http::Request& req, http::Response& res) {
    const std::string name = req.path.substr(std::string("/crl/").size());
    if (std::regex_match(name, crl_name)) {
      try {
        const Bytes crl = pki::read_file(authority.path("crl/" + name));
        return res.set_content(std::string(crl.begin(), crl.end()), "application/pkix-crl");
      } catch (const hostcrypto::CryptoError&) {
      }
    }
    res.status = 404;
    res.set_content("no such CRL published (run `mynaca crl`)\n", "text/plain");
  });

  int bound = -1;
  try {
    bound = server.bind(options.host, port);
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
  const std::string url = "http://" + options.host + ":" + std::to_string(bound) + "/ocsp";
  emit(context, {{"listening", url}, {"pid", static_cast<long>(getpid())}},
       "OCSP responder listening on " + url + " (Ctrl-C stops it)");
  SignalStopper stopper(server);
  server.run();
  return 0;
}

int run_ocsp_respond(const Context& context, const OcspRespondOptions& options) {
  if (options.validity_minutes < 1)
    throw CommandError("validity: must be at least 1 minute", 2, "validity");
  pki::Authority authority = pki::Authority::open(context.dir);
  pki::OcspResponder responder(authority, {options.validity_minutes * 60LL});
  const Bytes request = pki::read_file(options.request);
  const Bytes response = responder.respond(request, context.now());
  pki::write_file_atomically(options.out, response);
  emit(context, {{"response", options.out}, {"bytes", response.size()}},
       "wrote " + std::to_string(response.size()) + " bytes to " + options.out);
  return 0;
}

}  // namespace mynasim::mynaca
