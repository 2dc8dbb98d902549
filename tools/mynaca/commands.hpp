// The mynaca commands. main.cpp parses the command line (CLI11) into these options; each run_*
// returns the exit status (0 done, 1 failed) or throws CommandError / pki::PkiError /
// pki::InvalidField, which main reports.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pki/authority.hpp"
#include "pki/holder.hpp"
#include "tools/mynaca/context.hpp"

namespace mynasim::mynaca {

struct InitOptions {
  std::string base_url = "http://127.0.0.1:8090";
  int ca_years = 10;
  std::string office_code = "999999";
};
int run_init(const Context& context, const InitOptions& options);
int run_ca_new_generation(const Context& context, const std::string& hierarchy);
int run_ca_list(const Context& context);

struct IssueOptions {
  pki::HolderInput holder;
  std::set<std::string> given;  // which of name, address, birth, sex, out were on the command line
  std::string out;
  std::string pin_env;
  std::string sign_password_env;
  std::string batch;
  std::string format;
  std::string out_dir;
  // Card-info: the 全国地方公共団体コード, a portrait (PNG/JPEG; empty = generated), and where
  // the text PIN and resident PIN come from (empty = the user-authentication PIN).
  std::string municipality = "13101";
  std::string photo;
  std::string text_pin_env;
  std::string resident_pin_env;
};
int run_issue(const Context& context, const IssueOptions& options);

struct RevokeOptions {
  std::optional<std::uint64_t> serial;
  std::optional<std::int64_t> card;
  std::string which = "both";  // with --card: sign, auth or both
  std::string reason;
  bool hold = false;
  bool release = false;
};
int run_revoke(const Context& context, const RevokeOptions& options);

struct CrlOptions {
  std::string hierarchy = "both";
  int generation = 0;  // 0: every generation
  double next_update_hours = pki::kCrlValiditySeconds / 3600.0;
};
int run_crl(const Context& context, const CrlOptions& options);

struct OcspServeOptions {
  std::string host = "127.0.0.1";
  int port = -1;  // -1: the port of the authority's base URL; 0: any free port
  int validity_minutes = 60;
  int threads = 2;                   // workers that sign answers
  std::size_t max_per_address = 32;  // connections from one client address; 503 over it
  bool verbose = false;
};
int run_ocsp_serve(const Context& context, const OcspServeOptions& options);

struct OcspRespondOptions {
  std::string request;
  std::string out;
  int validity_minutes = 60;
};
int run_ocsp_respond(const Context& context, const OcspRespondOptions& options);

struct RenewOptions {
  std::int64_t card = 0;
  std::string name;
  std::string address;
};
int run_renew(const Context& context, const RenewOptions& options);

struct ListOptions {
  bool certificates = false;
};
int run_list(const Context& context, const ListOptions& options);

struct ShowOptions {
  std::optional<std::uint64_t> serial;
  std::optional<std::int64_t> card;
  bool pem = false;
};
int run_show(const Context& context, const ShowOptions& options);

struct VerifyOptions {
  std::string certificate;
  std::string purpose = "login";  // login or sign
  bool ocsp = false;
  std::string ocsp_url;  // default: the certificate's AIA
  int max_age_minutes = -1;
  std::vector<std::string> crls;
  bool soft_fail = false;
};
int run_verify(const Context& context, const VerifyOptions& options);

}  // namespace mynasim::mynaca
