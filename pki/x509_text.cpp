#include "pki/x509_text.hpp"

#include <openssl/err.h>

#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki {

std::string name_to_string(const X509_NAME* name) {
  hostcrypto::BioPtr bio(hostcrypto::check(BIO_new(BIO_s_mem()), "BIO_new"));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string serial_to_string(const ASN1_INTEGER* serial) {
  hostcrypto::BignumPtr bn(hostcrypto::check(ASN1_INTEGER_to_BN(serial, nullptr), "serial"));
  char* text = BN_bn2dec(bn.get());
  std::string out = text ? text : "";
  OPENSSL_free(text);
  return out;
}

std::uint64_t serial_to_u64(const ASN1_INTEGER* serial) {
  std::uint64_t value = 0;
  if (ASN1_INTEGER_get_uint64(&value, serial) != 1) {
    ERR_clear_error();
    throw PkiError("serial number is not a non-negative 64-bit integer");
  }
  return value;
}

}  // namespace mynasim::pki
