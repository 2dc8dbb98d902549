#include "pki/openssl_util.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace mynasim::pki {

void free_x509_stack(STACK_OF(X509) * stack) {
  sk_X509_pop_free(stack, X509_free);
}

void throw_openssl(std::string_view what) {
  std::string message(what);
  const char* sep = ": ";
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    message += sep;
    message += buffer;
    sep = "; ";
  }
  throw PkiError(message);
}

namespace {

template <typename T, typename Encode>
Bytes der_with(const T* object, Encode encode, std::string_view what) {
  unsigned char* der = nullptr;
  const int n = encode(object, &der);
  if (n <= 0) throw_openssl(what);
  Bytes out(der, der + n);
  OPENSSL_free(der);
  return out;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

bool looks_like_pem(ByteView bytes) {
  static constexpr std::string_view kBegin = "-----BEGIN";
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return text.find(kBegin) != std::string_view::npos;
}

BioPtr memory_bio(ByteView bytes) {
  return BioPtr(check(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())), "BIO"));
}

}  // namespace

Bytes der_of(const X509* cert) {
  return der_with(
      cert, [](const X509* c, unsigned char** p) { return i2d_X509(c, p); }, "i2d_X509");
}

Bytes der_of(const X509_CRL* crl) {
  return der_with(
      crl, [](const X509_CRL* c, unsigned char** p) { return i2d_X509_CRL(c, p); }, "i2d_X509_CRL");
}

Bytes der_of(const OCSP_REQUEST* request) {
  return der_with(
      request, [](const OCSP_REQUEST* r, unsigned char** p) { return i2d_OCSP_REQUEST(r, p); },
      "i2d_OCSP_REQUEST");
}

Bytes der_of(const OCSP_RESPONSE* response) {
  return der_with(
      response, [](const OCSP_RESPONSE* r, unsigned char** p) { return i2d_OCSP_RESPONSE(r, p); },
      "i2d_OCSP_RESPONSE");
}

Bytes der_of(const EVP_PKEY* key) {
  return der_with(
      key, [](const EVP_PKEY* k, unsigned char** p) { return i2d_PUBKEY(k, p); }, "i2d_PUBKEY");
}

std::string pem_of(const X509* cert) {
  BioPtr bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
  check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
  return bio_text(bio.get());
}

std::string pem_of(const X509_CRL* crl) {
  BioPtr bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
  check(PEM_write_bio_X509_CRL(bio.get(), const_cast<X509_CRL*>(crl)), "PEM_write_bio_X509_CRL");
  return bio_text(bio.get());
}

X509Ptr x509_from_der(ByteView der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != der.data() + der.size()) {
    ERR_clear_error();
    return nullptr;
  }
  return cert;
}

X509Ptr x509_from_der_or_pem(ByteView bytes) {
  if (!looks_like_pem(bytes)) return x509_from_der(bytes);
  BioPtr bio = memory_bio(bytes);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  return cert;
}

X509CrlPtr crl_from_der_or_pem(ByteView bytes) {
  X509CrlPtr crl;
  if (looks_like_pem(bytes)) {
    BioPtr bio = memory_bio(bytes);
    crl.reset(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const unsigned char* p = bytes.data();
    crl.reset(d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size())));
    if (crl && p != bytes.data() + bytes.size()) crl.reset();
  }
  ERR_clear_error();
  return crl;
}

EvpPkeyPtr generate_rsa_key(unsigned bits) {
  return EvpPkeyPtr(check(EVP_RSA_gen(bits), "RSA key generation"));
}

std::string private_key_pem(EVP_PKEY* key) {
  BioPtr bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
        "PEM_write_bio_PrivateKey");
  return bio_text(bio.get());
}

EvpPkeyPtr private_key_from_pem(std::string_view pem) {
  BioPtr bio = memory_bio(view_of(pem));
  return EvpPkeyPtr(
      check(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), "private key PEM"));
}

EvpPkeyPtr public_key_from_spki(ByteView spki, std::string_view what) {
  const unsigned char* p = spki.data();
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size())));
  if (!key || p != spki.data() + spki.size()) {
    ERR_clear_error();
    throw PkiError(std::string(what) + ": not a DER SubjectPublicKeyInfo");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key.get()) != 2048)
    throw PkiError(std::string(what) + ": not an RSA-2048 public key");
  return key;
}

std::string name_to_string(const X509_NAME* name) {
  BioPtr bio(check(BIO_new(BIO_s_mem()), "BIO_new"));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return bio_text(bio.get());
}

std::string serial_to_string(const ASN1_INTEGER* serial) {
  BIGNUM* bn = check(ASN1_INTEGER_to_BN(serial, nullptr), "serial");
  char* text = BN_bn2dec(bn);
  std::string out = text ? text : "";
  OPENSSL_free(text);
  BN_free(bn);
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

Asn1TimePtr asn1_time(UnixTime t) {
  return Asn1TimePtr(check(ASN1_TIME_set(nullptr, static_cast<time_t>(t)), "ASN1_TIME_set"));
}

UnixTime unix_time_of(const ASN1_TIME* t) {
  std::tm tm{};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) throw PkiError("malformed ASN.1 time");
  return static_cast<UnixTime>(timegm(&tm));
}

std::string iso8601(UnixTime t) {
  const time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

bool parse_iso8601(std::string_view text, UnixTime& out) {
  if (!text.empty() && text[0] == '@') {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(std::string(text.substr(1)), &used);
      if (used != text.size() - 1) return false;
      out = v;
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }
  std::tm tm{};
  const std::string s(text);
  for (const char* format : {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"}) {
    tm = {};
    const char* end = strptime(s.c_str(), format, &tm);
    if (end && *end == '\0') {
      out = static_cast<UnixTime>(timegm(&tm));
      return true;
    }
  }
  return false;
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PkiError(path + ": cannot open: " + std::strerror(errno));
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file_atomically(const std::string& path, ByteView bytes, unsigned mode) {
  const std::string temp = path + ".tmp";
  auto fail = [&](const char* step) {
    throw PkiError(path + ": " + step + " failed: " + std::strerror(errno));
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) fail("create");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
    ::close(fd);
    fail("fsync");
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) fail("rename");
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace mynasim::pki
