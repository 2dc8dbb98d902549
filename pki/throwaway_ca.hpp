// A throwaway certificate authority for the time before the real J-LIS simulation (pki/ issue):
// one RSA-2048 CA per hierarchy, self-signed, that certifies a card's public keys with just
// enough of the JPKI profile (subject forms, key usage) for tests and the in-process demo.
// Host side: OpenSSL 3.
#pragma once

#include <memory>
#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::pki {

class ThrowawayCa {
 public:
  // `hierarchy`: "JPKI for user authentication" or "JPKI for digital signature".
  explicit ThrowawayCa(std::string hierarchy);
  ~ThrowawayCa();
  ThrowawayCa(const ThrowawayCa&) = delete;
  ThrowawayCa& operator=(const ThrowawayCa&) = delete;

  const Bytes& certificate_der() const { return ca_certificate_; }

  // Certifies the key in `subject_public_key_info` (DER), sha256WithRSAEncryption, valid for
  // 5 years from now. `non_repudiation` adds nonRepudiation to keyUsage (signature certificate).
  Bytes issue(ByteView subject_public_key_info, const std::string& common_name,
              bool non_repudiation);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Bytes ca_certificate_;
};

}  // namespace mynasim::pki
