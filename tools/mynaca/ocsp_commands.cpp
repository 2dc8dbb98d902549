// mynaca ocsp serve: the authority's OCSP responder over HTTP (RFC 6960 appendix A: POST with
// application/ocsp-request, or GET /ocsp/<base64 request>), plus the published CRLs as
// GET /crl/<label>.crl from DIR/crl. Listens on 127.0.0.1 by default; stops on SIGINT/SIGTERM.
// mynaca ocsp respond: the same answer for a request file, without a network.
#include <httplib.h>
#include <openssl/evp.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "pki/ocsp_responder.hpp"
#include "tools/mynaca/commands.hpp"

namespace mynasim::mynaca {
namespace {

constexpr const char* kResponseType = "application/ocsp-response";

int port_of(const std::string& base_url) {
  // http://host[:port][/...]
  const std::string rest = base_url.substr(std::string("http://").size());
  const std::string authority = rest.substr(0, rest.find('/'));
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos) return 80;
  try {
    return std::stoi(authority.substr(colon + 1));
  } catch (const std::exception&) {
    return 80;
  }
}

// RFC 6960 A.1: the GET form carries the DER request base64-encoded (then URL-encoded, which
// cpp-httplib has already undone for the path).
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

void answer(httplib::Response& res, const Bytes& der) {
  res.set_content(std::string(der.begin(), der.end()), kResponseType);
}

// Stops the server on SIGINT / SIGTERM: the signals are blocked in every thread and one
// thread waits for them.
class SignalStopper {
 public:
  explicit SignalStopper(httplib::Server& server) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    thread_ = std::thread([this, &server] {
      int signal = 0;
      sigwait(&set_, &signal);
      if (!done_) server.stop();
    });
  }
  ~SignalStopper() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

 private:
  sigset_t set_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

int run_ocsp_serve(const Context& context, const OcspServeOptions& options) {
  if (options.validity_minutes < 1)
    throw CommandError("validity: must be at least 1 minute", 2, "validity");
  pki::Authority authority = pki::Authority::open(context.dir);
  pki::OcspResponder responder(authority, {options.validity_minutes * 60LL});
  const int port = options.port >= 0 ? options.port : port_of(authority.endpoints().base_url);

  httplib::Server server;
  // Without it, a client that writes headers and body separately meets Nagle and delayed ACK:
  // ~40 ms per request on loopback.
  server.set_tcp_nodelay(true);
  server.new_task_queue = [threads = options.threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(std::max(1, threads)));
  };
  const bool verbose = options.verbose;
  const auto respond = [&](const Bytes& request, httplib::Response& res) {
    try {
      answer(res, responder.respond(request, context.now()));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mynaca ocsp: %s\n", e.what());
      answer(res, pki::ocsp_error_response(OCSP_RESPONSE_STATUS_INTERNALERROR));
    }
  };
  server.Post("/ocsp", [&](const httplib::Request& req, httplib::Response& res) {
    respond(Bytes(req.body.begin(), req.body.end()), res);
  });
  server.Get(R"(/ocsp/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
    Bytes request;
    if (!decode_base64(req.matches[1].str(), request)) {
      answer(res, pki::ocsp_error_response(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST));
      return;
    }
    respond(request, res);
  });
  server.Get(R"(/crl/([a-z]+-g[0-9]+\.crl))",
             [&](const httplib::Request& req, httplib::Response& res) {
               try {
                 const Bytes crl = pki::read_file(authority.path("crl/" + req.matches[1].str()));
                 res.set_content(std::string(crl.begin(), crl.end()), "application/pkix-crl");
               } catch (const pki::PkiError&) {
                 res.status = 404;
                 res.set_content("no such CRL published (run `mynaca crl`)\n", "text/plain");
               }
             });
  server.set_logger([verbose](const httplib::Request& req, const httplib::Response& res) {
    if (verbose)
      std::fprintf(stderr, "%s %s -> %d (%zu bytes)\n", req.method.c_str(), req.path.c_str(),
                   res.status, res.body.size());
  });

  int bound = port;
  if (port == 0) {
    bound = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    bound = -1;
  }
  if (bound < 0)
    throw CommandError("cannot listen on " + options.host + ":" + std::to_string(port));
  const std::string url = "http://" + options.host + ":" + std::to_string(bound) + "/ocsp";
  emit(context, {{"listening", url}, {"pid", static_cast<long>(getpid())}},
       "OCSP responder listening on " + url + " (Ctrl-C stops it)");
  SignalStopper stopper(server);
  server.listen_after_bind();
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
