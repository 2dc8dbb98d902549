// Certificates as the user asked for them (OpenSSL): DER, PEM or text; and their public keys.
#pragma once

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::tools {

// "der" -> the bytes; "pem" -> PEM text; "text" -> `openssl x509 -text` style. Throws
// CommandFailed for another format or a certificate OpenSSL cannot parse.
std::string format_certificate(const Bytes& der, const std::string& format);

// Verifies an RSA PKCS#1 v1.5 signature over `data` with the certificate's key and the hash.
bool verify_signature(const Bytes& cert_der, const std::string& hash, ByteView data,
                      ByteView signature);

// The hash of `data` with "sha256" / "sha384" / "sha512".
Bytes hash_data(const std::string& hash, ByteView data);

// Whole file; throws CommandFailed naming the file.
Bytes read_file(const std::string& path);
void write_file(const std::string& path, ByteView bytes);

}  // namespace mynasim::tools
