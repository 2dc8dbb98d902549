// Owning handles for the CMS and timestamp types pki/cms and pki/tsa use (hostcrypto's
// openssl_handles.hpp holds those shared beyond pki), and their DER encoding.
#pragma once

#include <openssl/cms.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>

#include <memory>

#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::pki::cms {

using ContentInfoPtr =
    std::unique_ptr<CMS_ContentInfo, hostcrypto::OpenSslDeleter<CMS_ContentInfo_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, hostcrypto::OpenSslDeleter<PKCS7_free>>;
using TstInfoPtr = std::unique_ptr<TS_TST_INFO, hostcrypto::OpenSslDeleter<TS_TST_INFO_free>>;
using VerifyCtxPtr = std::unique_ptr<TS_VERIFY_CTX, hostcrypto::OpenSslDeleter<TS_VERIFY_CTX_free>>;

// The DER of `value` by OpenSSL's i2d function for its type; CryptoError naming `what`.
template <typename T, typename I2d>
Bytes der_of(T* value, I2d i2d, const char* what) {
  unsigned char* der = nullptr;
  const int length = i2d(value, &der);
  if (length <= 0) throw hostcrypto::CryptoError(std::string(what) + " failed");
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

}  // namespace mynasim::pki::cms
