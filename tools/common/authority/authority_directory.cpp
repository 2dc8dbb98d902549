#include "tools/common/authority/authority_directory.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/files.hpp"
#include "pki/tsa/tsa_identity.hpp"

namespace mynasim::authority {
namespace {

namespace fs = std::filesystem;

// "auth-g01" -> the hierarchy, when `text` is exactly a generation label.
std::optional<pki::Hierarchy> generation_hierarchy(std::string_view text) {
  const auto dash = text.find("-g");
  if (dash == std::string_view::npos || text.size() != dash + 4) return std::nullopt;
  if (!std::isdigit(static_cast<unsigned char>(text[dash + 2])) ||
      !std::isdigit(static_cast<unsigned char>(text[dash + 3])))
    return std::nullopt;
  return pki::parse_hierarchy(text.substr(0, dash));
}

Bytes certificate_der(const std::string& path) {
  const hostcrypto::X509Ptr cert = hostcrypto::x509_from_der_or_pem(pki::read_file(path));
  if (!cert) throw std::runtime_error(path + ": no certificate");
  return hostcrypto::der_of(cert.get());
}

}  // namespace

AuthorityDirectory::AuthorityDirectory(std::string dir) : dir_(std::move(dir)) {
  if (!fs::exists(dir_ + "/ca/auth.pem"))
    throw std::runtime_error(dir_ +
                             ": not an authority directory (no ca/auth.pem; run mynaca init)");
}

pki::verify::TrustAnchors AuthorityDirectory::trust_anchors(
    std::optional<pki::Hierarchy> hierarchy) const {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_ + "/ca"))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());  // the same order on every file system
  const auto wanted = [&](std::optional<pki::Hierarchy> h) {
    return h && (!hierarchy || *h == *hierarchy);
  };
  pki::verify::TrustAnchors anchors;
  for (const std::string& name : names) {
    if (!name.ends_with(".pem")) continue;
    const std::string_view stem = std::string_view(name).substr(0, name.size() - 4);
    const auto by = stem.find("-by-");
    if (by == std::string_view::npos) {
      if (wanted(generation_hierarchy(stem)))
        anchors.roots.push_back(certificate_der(dir_ + "/ca/" + name));
    } else if (wanted(generation_hierarchy(stem.substr(0, by))) &&
               generation_hierarchy(stem.substr(by + 4))) {
      anchors.intermediates.push_back(certificate_der(dir_ + "/ca/" + name));
    }
  }
  return anchors;
}

pki::verify::TrustAnchors AuthorityDirectory::tsa_anchors() const {
  pki::verify::TrustAnchors anchors;
  if (const std::string path = dir_ + "/" + pki::tsa::kCaFile; fs::exists(path))
    anchors.roots.push_back(certificate_der(path));
  return anchors;
}

std::vector<Bytes> AuthorityDirectory::crls() const {
  std::vector<std::string> paths;
  if (fs::is_directory(crl_dir()))
    for (const auto& entry : fs::directory_iterator(crl_dir()))
      if (entry.path().extension() == ".crl") paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  std::vector<Bytes> out;
  for (const std::string& path : paths) out.push_back(pki::read_file(path));
  return out;
}

std::string AuthorityDirectory::registry_path() const {
  const std::string path = dir_ + "/mynaca.db";
  return fs::exists(path) ? path : "";
}

}  // namespace mynasim::authority
