// The card-info CV hierarchy of the simulated J-LIS. A root key (the 証明者鍵 of the card-info CV
// certificates, held by J-LIS) certifies one card-info signer key; the CV certificate of the
// signer goes into EF 0004 of both 券面 applications, and the signer key signs the records
// (text 0003/0007, surface 0001/0002/0003/0005). Verifiers take the root from outside the card.
//
// In an authority directory (mynaca), next to the X.509 CA material:
//   DIR/private/cv-root.key.pem     root key      (unencrypted PKCS#8, 0600, like the CA keys)
//   DIR/private/cv-signer.key.pem   signer key
//   DIR/ca/cv-root.cvc              the root as a self-signed CV certificate (7F21, 568 B)
//   DIR/ca/cv-root.pub.pem          the root public key (SubjectPublicKeyInfo PEM)
//   DIR/ca/cv-signer.cvc            the signer's CV certificate, by the root (= EF 0004)
// Key IDs: root "9000020" 08 05 "001" 00000000; signer "9" + the 6-digit office code, group "001".
#pragma once

#include <string>
#include <string_view>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"
#include "pki/card_info/cv_certificate.hpp"

namespace mynasim::pki::card_info {

struct CardInfoSigner {
  hostcrypto::EvpPkeyPtr key;  // private: signs the records
  hostcrypto::KeyId key_id{};  // 被証明者鍵ID of its certificate
  Bytes certificate;           // 7F21, 568 bytes, by the root
};

class CvAuthority {
 public:
  // Makes both keys and writes the files above (refuses if DIR/ca/cv-root.cvc exists).
  // `office_code`: 6 digits.
  static CvAuthority create(const std::string& dir, std::string_view office_code);
  // Throws PkiError naming the missing file (an authority made before card-info existed).
  static CvAuthority open(const std::string& dir);
  // Both keys in memory only (tests, mynasim's test cards).
  static CvAuthority in_memory(std::string_view office_code = "999999");

  static bool exists(const std::string& dir);
  static std::string root_certificate_path(const std::string& dir);
  static std::string root_public_key_path(const std::string& dir);
  static std::string signer_certificate_path(const std::string& dir);

  const hostcrypto::KeyId& root_key_id() const { return root_key_id_; }
  EVP_PKEY* root_public_key() const { return root_public_.get(); }
  const Bytes& root_certificate() const { return root_certificate_; }
  std::string root_public_key_pem() const;
  const CardInfoSigner& signer() const { return signer_; }

 private:
  CvAuthority() = default;
  static CvAuthority generate(std::string_view office_code, hostcrypto::EvpPkeyPtr* root_private);

  hostcrypto::KeyId root_key_id_{};
  hostcrypto::EvpPkeyPtr root_public_;
  Bytes root_certificate_;
  CardInfoSigner signer_;
};

}  // namespace mynasim::pki::card_info
