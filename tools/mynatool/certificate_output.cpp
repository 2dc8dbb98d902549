#include "tools/mynatool/certificate_output.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {
namespace {

struct X509Deleter {
  void operator()(X509* p) const { X509_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

X509Ptr parse(const Bytes& der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) throw CommandFailed("the card's certificate is not valid DER X.509");
  return cert;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

const EVP_MD* digest(const std::string& hash) {
  if (hash == "sha256") return EVP_sha256();
  if (hash == "sha384") return EVP_sha384();
  if (hash == "sha512") return EVP_sha512();
  throw CommandFailed("unknown hash '" + hash + "' (sha256, sha384 or sha512)");
}

}  // namespace

std::string format_certificate(const Bytes& der, const std::string& format) {
  if (format == "der") return std::string(der.begin(), der.end());
  X509Ptr cert = parse(der);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (format == "pem")
    PEM_write_bio_X509(bio.get(), cert.get());
  else if (format == "text")
    X509_print(bio.get(), cert.get());
  else
    throw CommandFailed("unknown format '" + format + "' (pem, der or text)");
  return bio_text(bio.get());
}

Bytes hash_data(const std::string& hash, ByteView data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &size, digest(hash), nullptr) != 1)
    throw CommandFailed("hashing failed");
  out.resize(size);
  return out;
}

bool verify_signature(const Bytes& cert_der, const std::string& hash, ByteView data,
                      ByteView signature) {
  X509Ptr cert = parse(cert_der);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(X509_get_pubkey(cert.get()),
                                                          EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return key && EVP_DigestVerifyInit(ctx.get(), nullptr, digest(hash), nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data.data(),
                          data.size()) == 1;
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandFailed("cannot read " + path + ": " + std::strerror(errno));
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, ByteView bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw CommandFailed("cannot write " + path + ": " + std::strerror(errno));
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) throw CommandFailed("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace mynasim::tools
