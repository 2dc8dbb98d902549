// An authority directory as mynaca writes it (pki/authority.cpp), read by a host tool:
//   DIR/ca/<tag>-gNN.pem            each CA generation's certificate (tag: auth, sign)
//   DIR/ca/<tag>-gNN-by-<tag>-gMM.pem  the link certificates between generations
//   DIR/ca/<tag>.pem                the hierarchy's bundle (present once `mynaca init` ran)
//   DIR/crl/<tag>-gNN.crl           the CRLs;  DIR/mynaca.db  J-LIS's registry
//   DIR/tls/ca.pem                  the demo TLS CA (pki/tls_demo_ca.hpp)
//   DIR/tsa/ca.pem                  the timestamp authority's CA (pki/tsa/tsa_identity.hpp)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pki/jpki_names.hpp"
#include "pki/verify/validator.hpp"

namespace mynasim::authority {

class AuthorityDirectory {
 public:
  // Throws std::runtime_error "DIR: not an authority directory (no ca/auth.pem; run mynaca
  // init)" when DIR holds no authority.
  explicit AuthorityDirectory(std::string dir);

  const std::string& path() const { return dir_; }
  // Every generation's CA certificate as a root and every link certificate as an intermediate
  // (DER), of one hierarchy or of both. Throws std::runtime_error naming a file that holds no
  // certificate.
  pki::verify::TrustAnchors trust_anchors(std::optional<pki::Hierarchy> hierarchy) const;
  std::string crl_dir() const { return dir_ + "/crl"; }
  // The TSA's CA as the one root (no roots when the TSA was never used): what a timestamp in a
  // signature must chain to.
  pki::verify::TrustAnchors tsa_anchors() const;
  // Every DIR/crl/*.crl as it is now (DER), in name order; none when there are none.
  std::vector<Bytes> crls() const;
  // DIR/mynaca.db, or "" when the directory has none (a copy of the public files only).
  std::string registry_path() const;

 private:
  std::string dir_;
};

}  // namespace mynasim::authority
