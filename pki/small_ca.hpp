// Small CAs kept in the authority's directory beside J-LIS's hierarchies, for services that are
// not JPKI certificates: the demo TLS CA (tls_demo_ca.hpp) and the timestamp authority's CA
// (tsa/tsa_identity.hpp). Each is a self-signed certificate and its key, made on first use.
#pragma once

#include <string>

#include "hostcrypto/openssl_handles.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {

struct KeyedCertificate {
  hostcrypto::X509Ptr certificate;
  hostcrypto::EvpPkeyPtr key;
};

// An extension from OpenSSL's config syntax ("critical,CA:TRUE"), issuer and subject set.
void add_extension(X509* cert, X509* issuer, int nid, const std::string& value);

// Version 3, a random 127-bit serial, subject C=JP, O=mynasim, CN=cn, valid from five minutes
// before `now` for `days` days, `key`'s public key. Issuer, extensions and signature: the caller's.
hostcrypto::X509Ptr new_certificate(const std::string& cn, EVP_PKEY* key, UnixTime now, int days);

// DIR/<cert_file> and DIR/<key_file> when both exist; else a new RSA-2048 CA "cn" (self-signed,
// 10 years, pathlen 0, keyCertSign and cRLSign) written there (key 0600 in a 0700 directory).
// Throws PkiError naming the file that holds no certificate or key.
KeyedCertificate load_or_make_small_ca(const std::string& dir, const std::string& cert_file,
                                       const std::string& key_file, const std::string& cn,
                                       UnixTime now);

// Loads a certificate and its private key written by this module; PkiError naming the file.
KeyedCertificate load_keyed_certificate(const std::string& cert_path, const std::string& key_path);

// Writes them: the key 0600 (its directory made 0700), the certificate 0644, atomically.
void write_keyed_certificate(const KeyedCertificate& pair, const std::string& cert_path,
                             const std::string& key_path);

}  // namespace mynasim::pki
