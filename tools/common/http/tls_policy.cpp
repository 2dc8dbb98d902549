#include "tools/common/http/tls_policy.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <stdexcept>

namespace mynasim::http {

// Forward secret key exchange (ECDHE) with an AEAD (GCM, ChaCha20-Poly1305): Mozilla's
// "intermediate" list without the finite-field DHE suites.
const char* const kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

namespace {

[[noreturn]] void fail(const std::string& what) {
  const unsigned long code = ERR_get_error();
  char reason[256] = "";
  if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
  ERR_clear_error();
  throw std::runtime_error("TLS: " + what + (code != 0 ? std::string(": ") + reason : ""));
}

}  // namespace

void configure_tls_server(SSL_CTX* ctx, const std::string& cert_chain_pem,
                          const std::string& key_pem) {
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) fail("cannot require TLS 1.2");
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) fail("cannot set the TLS 1.2 suites");
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_chain_pem.c_str()) != 1)
    fail("cannot use the certificate chain " + cert_chain_pem);
  if (SSL_CTX_use_PrivateKey_file(ctx, key_pem.c_str(), SSL_FILETYPE_PEM) != 1)
    fail(key_pem + " is not a key, or not the key of " + cert_chain_pem);
  if (SSL_CTX_check_private_key(ctx) != 1) fail(key_pem + " is not the key of " + cert_chain_pem);
}

}  // namespace mynasim::http
