#include "pki/card_info/cv_authority.hpp"

#include <openssl/pem.h>

#include <filesystem>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/files.hpp"
#include "pki/pki_error.hpp"
#include "pki/private_files.hpp"

namespace mynasim::pki::card_info {
namespace {

constexpr std::string_view kRootNumber = "9000020";
constexpr std::string_view kGroup = "001";

std::string root_key_path(const std::string& dir) {
  return dir + "/private/cv-root.key.pem";
}
std::string signer_key_path(const std::string& dir) {
  return dir + "/private/cv-signer.key.pem";
}

std::string text_of(const Bytes& b) {
  return std::string(b.begin(), b.end());
}

hostcrypto::CvCertificate parsed(const Bytes& bytes, const std::string& what) {
  try {
    return hostcrypto::parse_cv_certificate(bytes, what);
  } catch (const hostcrypto::FormatError& e) {
    throw PkiError(std::string(e.what()) + " (a CV certificate is 7F21 { 5F4E 297 B, 5F37 })");
  }
}

}  // namespace

CvAuthority CvAuthority::generate(std::string_view office_code,
                                  hostcrypto::EvpPkeyPtr* root_private) {
  if (office_code.size() != 6 || office_code.find_first_not_of("0123456789") != std::string::npos)
    throw PkiError("office code: 6 digits are needed for the card-info signer's key id");
  CvAuthority a;
  hostcrypto::EvpPkeyPtr root = hostcrypto::generate_rsa_key(2048);
  a.root_key_id_ = hostcrypto::make_key_id(kRootNumber, kGroup);
  const hostcrypto::RsaPublicKey root_numbers = hostcrypto::rsa_public_key_of(root.get());
  a.root_public_ = hostcrypto::evp_public_key(root_numbers);
  a.root_certificate_ =
      make_cv_certificate(a.root_key_id_, a.root_key_id_, root_numbers, root.get());
  a.signer_.key = hostcrypto::generate_rsa_key(2048);
  a.signer_.key_id = hostcrypto::make_key_id("9" + std::string(office_code), kGroup);
  a.signer_.certificate =
      make_cv_certificate(a.root_key_id_, a.signer_.key_id,
                          hostcrypto::rsa_public_key_of(a.signer_.key.get()), root.get());
  *root_private = std::move(root);
  return a;
}

CvAuthority CvAuthority::in_memory(std::string_view office_code) {
  hostcrypto::EvpPkeyPtr root;
  return generate(office_code, &root);
}

bool CvAuthority::exists(const std::string& dir) {
  std::error_code ec;
  return std::filesystem::exists(root_certificate_path(dir), ec);
}

std::string CvAuthority::root_certificate_path(const std::string& dir) {
  return dir + "/ca/cv-root.cvc";
}
std::string CvAuthority::root_public_key_path(const std::string& dir) {
  return dir + "/ca/cv-root.pub.pem";
}
std::string CvAuthority::signer_certificate_path(const std::string& dir) {
  return dir + "/ca/cv-signer.cvc";
}

CvAuthority CvAuthority::create(const std::string& dir, std::string_view office_code) {
  if (exists(dir))
    throw PkiError(root_certificate_path(dir) +
                   " already exists (the card-info root is made once)");
  hostcrypto::EvpPkeyPtr root;
  CvAuthority a = generate(office_code, &root);
  make_private_dir(dir + "/private");
  std::filesystem::create_directories(dir + "/ca");
  write_file_atomically(root_key_path(dir),
                        hostcrypto::view_of(hostcrypto::private_key_pem(root.get())), 0600);
  write_file_atomically(signer_key_path(dir),
                        hostcrypto::view_of(hostcrypto::private_key_pem(a.signer_.key.get())),
                        0600);
  write_file_atomically(signer_certificate_path(dir), a.signer_.certificate);
  write_file_atomically(root_public_key_path(dir), hostcrypto::view_of(a.root_public_key_pem()));
  // Last: its presence is what exists() tests.
  write_file_atomically(root_certificate_path(dir), a.root_certificate_);
  return a;
}

CvAuthority CvAuthority::open(const std::string& dir) {
  if (!exists(dir))
    throw PkiError("the authority has no card-info CV root (" + root_certificate_path(dir) +
                   " is missing): it predates card-info issuance; make a new one with mynaca init");
  CvAuthority a;
  a.root_certificate_ = read_file(root_certificate_path(dir));
  const hostcrypto::CvCertificate root = parsed(a.root_certificate_, root_certificate_path(dir));
  a.root_key_id_ = root.subject_key_id;
  a.root_public_ = hostcrypto::evp_public_key(root.public_key);
  a.signer_.certificate = read_file(signer_certificate_path(dir));
  const hostcrypto::CvCertificate signer =
      parsed(a.signer_.certificate, signer_certificate_path(dir));
  if (signer.issuer_key_id != a.root_key_id_ ||
      !hostcrypto::verify_cv_certificate(signer, a.root_public_.get()))
    throw PkiError(signer_certificate_path(dir) + ": not certified by the card-info root");
  a.signer_.key_id = signer.subject_key_id;
  a.signer_.key =
      hostcrypto::private_key_from_pem(text_of(read_private_file(signer_key_path(dir))));
  if (hostcrypto::rsa_public_key_of(a.signer_.key.get()).modulus != signer.public_key.modulus)
    throw PkiError(signer_key_path(dir) + ": does not match " + signer_certificate_path(dir));
  return a;
}

std::string CvAuthority::root_public_key_pem() const {
  hostcrypto::BioPtr bio(hostcrypto::check(BIO_new(BIO_s_mem()), "BIO_new"));
  hostcrypto::check(PEM_write_bio_PUBKEY(bio.get(), root_public_.get()), "PEM_write_bio_PUBKEY");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace mynasim::pki::card_info
