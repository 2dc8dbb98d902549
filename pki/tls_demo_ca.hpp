// The simulator's demo TLS CA: a TLS server certificate for its web servers (mynaportal), from a
// small web-server CA kept in the authority's directory beside J-LIS's hierarchies (it is not a
// JPKI CA):
//   DIR/tls/ca.pem                 "mynasim demo TLS CA" (self-signed, 10 years)
//   DIR/private/tls-ca.key.pem     its key (0600)
// Clients trust DIR/tls/ca.pem (`mynatool login --cacert`).
#pragma once

#include <string>
#include <vector>

#include "pki/unix_time.hpp"

namespace mynasim::pki {

struct TlsServerCertificate {
  std::string certificate_pem;  // the server's, then the CA's (a chain for SSL_CTX)
  std::string key_pem;
  std::string ca_path;  // DIR/tls/ca.pem
};

// Makes the CA on first use; then a new key and a certificate for `hosts` (IP addresses or DNS
// names, in subjectAltName), serverAuth, valid `days` days from `now`.
TlsServerCertificate issue_tls_server_certificate(const std::string& dir,
                                                  const std::vector<std::string>& hosts,
                                                  UnixTime now, int days = 397);

}  // namespace mynasim::pki
