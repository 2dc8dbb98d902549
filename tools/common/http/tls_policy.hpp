// The TLS every server of this project offers (issue 12 point 5): TLS 1.3, or TLS 1.2 with an
// ephemeral (EC)DHE key exchange and an AEAD cipher only: no CBC, no RSA key transport, no
// renegotiation, no compression. OpenSSL only, so that it is tested without a server.
#pragma once

#include <string>

struct ssl_ctx_st;

namespace mynasim::http {

// The TLS 1.2 suites offered, in OpenSSL's names (TLS 1.3's are all AEAD and left as OpenSSL's).
extern const char* const kTls12Ciphers;

// Applies the policy to a server context and loads the certificate chain and key (PEM files);
// throws std::runtime_error naming the file that cannot be used.
void configure_tls_server(ssl_ctx_st* ctx, const std::string& cert_chain_pem,
                          const std::string& key_pem);

}  // namespace mynasim::http
