// Shared by the pki tests: a fixed "now", temporary directories, card-like RSA key pairs made
// once per program (generation is slow), holders, and OpenSSL helpers to look inside DER.
#pragma once

#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/bytes.hpp"
#include "pki/holder.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki::test {

// 2026-09-21T22:13:20Z = 2026-09-22 07:13:20 JST.
inline constexpr UnixTime kNow = 1'790'028'800;
inline constexpr UnixTime kDay = 86400;

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/mynasim-pki-test.XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Card-like key pairs: index 0..3, each generated once per test program.
inline EVP_PKEY* card_key(int index) {
  static hostcrypto::EvpPkeyPtr keys[4];
  if (!keys[index]) keys[index] = hostcrypto::generate_rsa_key(2048);
  return keys[index].get();
}

inline Bytes spki(int index) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(card_key(index), &der);
  REQUIRE(n > 0);
  Bytes out(der, der + n);
  OPENSSL_free(der);
  return out;
}

inline HolderInput adult_input() {
  return {"個人番号\u3000花子", "東京都千代田区霞が関２丁目１番２号", "1980-02-17", "2", "", ""};
}

inline Holder holder_from(const HolderInput& input) {
  return validate_holder(input, jst_date_of(kNow));
}

inline hostcrypto::X509Ptr parse(const Bytes& der) {
  hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(der);
  REQUIRE(cert);
  return cert;
}

// The DER of extension `nid` (its extnValue contents), or empty when absent.
inline Bytes extension_value(X509* cert, int nid) {
  const int at = X509_get_ext_by_NID(cert, nid, -1);
  if (at < 0) return {};
  X509_EXTENSION* ext = X509_get_ext(cert, at);
  const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(ext);
  return Bytes(value->data, value->data + value->length);
}

inline bool extension_critical(X509* cert, int nid) {
  const int at = X509_get_ext_by_NID(cert, nid, -1);
  REQUIRE(at >= 0);
  return X509_EXTENSION_get_critical(X509_get_ext(cert, at)) == 1;
}

// The extension printed the way `openssl x509 -text` prints it.
inline std::string extension_text(X509* cert, int nid) {
  const int at = X509_get_ext_by_NID(cert, nid, -1);
  if (at < 0) return {};
  hostcrypto::BioPtr bio(BIO_new(BIO_s_mem()));
  X509V3_EXT_print(bio.get(), X509_get_ext(cert, at), 0, 0);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace mynasim::pki::test
