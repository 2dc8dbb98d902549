// The TLS policy (tls_policy.hpp) as a client meets it: TLS 1.3 and TLS 1.2 ECDHE+AEAD work;
// TLS 1.1, TLS 1.2 with CBC suites only, and RSA key transport are refused in the handshake.
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <catch2/catch.hpp>

#include "http/http_fixture.hpp"
#include "tools/common/http/tls_policy.hpp"

namespace mynasim::http::testing {

namespace {

struct TlsServer {
  TlsFiles files;
  std::unique_ptr<TestServer> server;
  TlsServer() {
    ServerOptions options = quick_options();
    options.tls_cert = files.cert;
    options.tls_key = files.key;
    server = std::make_unique<TestServer>(options);
  }
};

// A handshake with the client limited to [min, max] and the TLS 1.2 suites `ciphers`; on success
// GET /hello. Returns the response's status, or -1 when the handshake fails.
int get_hello(int port, int min, int max, const char* ciphers, std::string* version = nullptr) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(ctx, min);
  SSL_CTX_set_max_proto_version(ctx, max);
  if (ciphers) SSL_CTX_set_cipher_list(ctx, ciphers);
  RawClient raw(port);
  SSL* ssl = SSL_new(ctx);
  BIO* bio = BIO_new_socket(raw.fd(), BIO_NOCLOSE);
  SSL_set_bio(ssl, bio, bio);
  int status = -1;
  if (SSL_connect(ssl) == 1) {
    if (version) *version = SSL_get_version(ssl);
    const std::string request = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
    SSL_write(ssl, request.data(), static_cast<int>(request.size()));
    char buffer[4096];
    const int n = SSL_read(ssl, buffer, sizeof buffer);
    if (n > 0) status = status_of(std::string(buffer, static_cast<std::size_t>(n)));
  }
  ERR_clear_error();
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  return status;
}

}  // namespace

TEST_CASE("TLS 1.3 is served", "[http][tls]") {
  TlsServer tls;
  std::string version;
  CHECK(get_hello(tls.server->port(), TLS1_3_VERSION, TLS1_3_VERSION, nullptr, &version) == 200);
  CHECK(version == "TLSv1.3");
}

TEST_CASE("TLS 1.2 with ECDHE and AES-GCM is served", "[http][tls]") {
  TlsServer tls;
  std::string version;
  CHECK(get_hello(tls.server->port(), TLS1_2_VERSION, TLS1_2_VERSION,
                  "ECDHE-ECDSA-AES128-GCM-SHA256", &version) == 200);
  CHECK(version == "TLSv1.2");
}

TEST_CASE("a TLS 1.1 client is refused", "[http][tls]") {
  TlsServer tls;
  CHECK(get_hello(tls.server->port(), TLS1_1_VERSION, TLS1_1_VERSION, "ALL:@SECLEVEL=0") == -1);
}

TEST_CASE("a TLS 1.2 client with CBC suites only is refused", "[http][tls]") {
  TlsServer tls;
  CHECK(get_hello(tls.server->port(), TLS1_2_VERSION, TLS1_2_VERSION,
                  "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA256:"
                  "ECDHE-ECDSA-AES256-SHA384") == -1);
}

TEST_CASE("the TLS 1.2 suites offered are all ECDHE with an AEAD", "[http][tls]") {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  REQUIRE(SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) == 1);
  const STACK_OF(SSL_CIPHER)* list = SSL_CTX_get_ciphers(ctx);
  int tls12 = 0;
  for (int i = 0; i < sk_SSL_CIPHER_num(list); ++i) {
    const SSL_CIPHER* c = sk_SSL_CIPHER_value(list, i);
    if (std::string(SSL_CIPHER_get_version(c)) == "TLSv1.3") continue;
    ++tls12;
    CHECK(SSL_CIPHER_get_kx_nid(c) == NID_kx_ecdhe);
    CHECK(SSL_CIPHER_is_aead(c) == 1);
  }
  CHECK(tls12 == 6);
  SSL_CTX_free(ctx);
}

TEST_CASE("a key that is not the certificate's is refused with the file names", "[http][tls]") {
  TlsFiles a, b;
  ServerOptions options;
  options.tls_cert = a.cert;
  options.tls_key = b.key;
  CHECK_THROWS_WITH(Server(options),
                    Catch::Contains(b.key + " is not a key, or not the key of " + a.cert));
}

}  // namespace mynasim::http::testing
