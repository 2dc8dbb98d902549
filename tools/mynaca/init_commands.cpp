// mynaca init, mynaca ca new-generation, mynaca ca list.

#include "pki/authority.hpp"
#include "tools/mynaca/card_info_issue.hpp"
#include "tools/mynaca/commands.hpp"
#include "tools/mynaca/office.hpp"

namespace mynasim::mynaca {
namespace {

nlohmann::json generation_json(const pki::Authority& authority, const pki::Generation& g) {
  const std::string label = pki::generation_label(g.record.hierarchy, g.record.generation);
  return {{"label", label},
          {"hierarchy", pki::hierarchy_tag(g.record.hierarchy)},
          {"generation", g.record.generation},
          {"serial", g.record.serial},
          {"not_before", pki::iso8601(g.not_before)},
          {"not_after", pki::iso8601(g.not_after)},
          {"certificate", authority.path("ca/" + label + ".pem")},
          {"responder", authority.path("ca/" + label + "-ocsp.pem")}};
}

std::string generation_line(const nlohmann::json& g) {
  return g["label"].get<std::string>() + "\t" + g["not_before"].get<std::string>() + ".." +
         g["not_after"].get<std::string>() + "\t" + g["certificate"].get<std::string>();
}

}  // namespace

int run_init(const Context& context, const InitOptions& options) {
  if (options.base_url.rfind("http://", 0) != 0)
    throw CommandError("base-url: must start with http:// (got \"" + options.base_url + "\")", 2);
  pki::InitOptions init;
  init.endpoints.base_url = options.base_url;
  while (!init.endpoints.base_url.empty() && init.endpoints.base_url.back() == '/')
    init.endpoints.base_url.pop_back();
  init.ca_years = options.ca_years;
  init.office_code = options.office_code;
  pki::Authority authority = pki::Authority::init(context.dir, context.now(), init);
  create_office_key(authority);
  nlohmann::json generations = nlohmann::json::array();
  std::string text = "initialized the authority in " + context.dir + "\n";
  for (pki::Hierarchy h : {pki::Hierarchy::kSign, pki::Hierarchy::kAuth}) {
    for (const pki::Generation* g : authority.generations(h)) {
      generations.push_back(generation_json(authority, *g));
      text += generation_line(generations.back()) + "\n";
    }
  }
  const nlohmann::json card_info_root = create_card_info_root(authority.dir(), init.office_code);
  text += card_info_root_line(card_info_root) + "\n";
  text += "OCSP: " + authority.endpoints().ocsp_url() + " (serve it with `mynaca ocsp serve`)";
  emit(context,
       {{"dir", context.dir},
        {"database", authority.path("mynaca.db")},
        {"ocsp_url", authority.endpoints().ocsp_url()},
        {"generations", generations},
        {"card_info_root", card_info_root}},
       text);
  return 0;
}

int run_ca_new_generation(const Context& context, const std::string& hierarchy) {
  pki::Authority authority = pki::Authority::open(context.dir);
  nlohmann::json made = nlohmann::json::array();
  std::string text;
  for (pki::Hierarchy h : {pki::Hierarchy::kSign, pki::Hierarchy::kAuth}) {
    if (hierarchy != "both" && hierarchy != pki::hierarchy_tag(h)) continue;
    const int number = authority.new_generation(h, context.now());
    made.push_back(generation_json(authority, authority.generation(h, number)));
    text += "new generation " + generation_line(made.back()) + "\n";
  }
  emit(context, {{"generations", made}}, text);
  return 0;
}

int run_ca_list(const Context& context) {
  pki::Authority authority = pki::Authority::open(context.dir);
  nlohmann::json all = nlohmann::json::array();
  std::string text;
  for (pki::Hierarchy h : {pki::Hierarchy::kSign, pki::Hierarchy::kAuth}) {
    for (const pki::Generation* g : authority.generations(h)) {
      all.push_back(generation_json(authority, *g));
      text += generation_line(all.back()) + "\n";
    }
  }
  const nlohmann::json card_info_root = card_info_root_json(authority.dir());
  text += card_info_root_line(card_info_root);
  emit(context, {{"generations", all}, {"card_info_root", card_info_root}}, text);
  return 0;
}

}  // namespace mynasim::mynaca
