#include "tools/mynaportal/oidc/operator_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

#include <nlohmann/json.hpp>

#include "pki/files.hpp"
#include "pki/private_files.hpp"
#include "tools/mynaportal/oidc/provider.hpp"
#include "tools/mynaportal/portal_database.hpp"

namespace mynasim::portal::oidc {
namespace {

struct Options {
  std::string data_dir = "mynaportal-data";
  std::string db;  // "" : DATA/oidc.db; postgresql://...: the database the instances share
  std::string id;
  std::vector<std::string> redirect_uris;
  std::string secret_env;
  std::string jwks_file;
  bool json = false;
};

std::unique_ptr<OidcStore> open_store(const Options& o) {
  if (o.db.empty()) pki::make_private_dir(o.data_dir);
  return open_oidc_store(o.db, o.data_dir);
}

UnixTime now() {
  return static_cast<UnixTime>(std::time(nullptr));
}

std::string method_of(const Client& c) {
  return c.jwks.empty() ? "client_secret_basic" : "private_key_jwt";
}

int add_client(const Options& o) {
  if (o.jwks_file.empty() == o.secret_env.empty()) {
    std::fprintf(stderr, "mynaportal: client add: give --secret-env VAR or --jwks FILE\n");
    return 2;
  }
  Client client{o.id, o.redirect_uris, o.jwks_file.empty(), now(), {}};
  std::string secret;
  if (!o.jwks_file.empty()) {
    const Bytes jwks = pki::read_file(o.jwks_file);
    client.jwks.assign(jwks.begin(), jwks.end());
  } else {
    const char* value = std::getenv(o.secret_env.c_str());
    if (!value || !*value) {
      std::fprintf(stderr, "mynaportal: client add: --secret-env %s: the variable is not set\n",
                   o.secret_env.c_str());
      return 2;
    }
    secret = value;
  }
  open_store(o)->add_client(client, secret);
  std::printf(o.json ? "{\"added\": \"%s\"}\n" : "client %s added (%s)\n", o.id.c_str(),
              method_of(client).c_str());
  return 0;
}

int list_clients(const Options& o) {
  const auto clients = open_store(o)->clients();
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Client& c : clients)
      out.push_back({{"id", c.id},
                     {"redirect_uris", c.redirect_uris},
                     {"auth", method_of(c)},
                     {"created_at", c.created_at}});
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  for (const Client& c : clients) {
    std::printf("%s  %s ", c.id.c_str(), method_of(c).c_str());
    for (const std::string& uri : c.redirect_uris) std::printf(" %s", uri.c_str());
    std::printf("\n");
  }
  return 0;
}

int remove_client(const Options& o) {
  if (!open_store(o)->remove_client(o.id)) {
    std::fprintf(stderr, "mynaportal: client remove: no client %s\n", o.id.c_str());
    return 1;
  }
  std::printf("client %s removed; its access tokens no longer work\n", o.id.c_str());
  return 0;
}

int rotate_key(const Options& o) {
  const ProviderConfig defaults;
  const std::string kid = open_store(o)->rotate_key(now(), defaults.token_lifetime);
  std::printf("new signing key %s; the previous one stays in the JWKS for %lld s\n", kid.c_str(),
              static_cast<long long>(defaults.token_lifetime));
  return 0;
}

// A command with its --db checked first (a usage error, 2).
std::function<int()> command(std::shared_ptr<Options> o, int (*body)(const Options&)) {
  return [o, body] {
    if (const std::string problem = check_database_option(o->db); !problem.empty()) {
      std::fprintf(stderr, "mynaportal: %s\n", problem.c_str());
      return 2;
    }
    return body(*o);
  };
}

}  // namespace

void add_operator_commands(CLI::App& app, std::function<int()>& run) {
  auto o = std::make_shared<Options>();
  auto data = [o](CLI::App* command) {
    command->add_option("--data", o->data_dir,
                        "The portal's directory (default: ./mynaportal-data)");
    command->add_option("--db", o->db,
                        "postgresql://...: the database the instances serve from (mynaportal serve "
                        "--db); default: DATA/oidc.db");
    command->add_flag("--json", o->json, "Print JSON");
  };
  auto* client =
      app.add_subcommand("client", "Register the OpenID Connect clients (relying parties)");
  client->require_subcommand(1);
  auto* add = client->add_subcommand("add", "Register a client (a secret or a JWKS)");
  add->add_option("--id", o->id, "The client_id")->required();
  add->add_option("--redirect-uri", o->redirect_uris,
                  "A redirect URI, matched exactly (repeat for more)")
      ->required();
  auto* secret = add->add_option("--secret-env", o->secret_env,
                                 "client_secret_basic: the variable holding the secret (32 "
                                 "characters at least; stored hashed)");
  auto* jwks = add->add_option("--jwks", o->jwks_file,
                               "private_key_jwt: the client's public keys (JWKS file; EC P-256 or "
                               "RSA, assertions ES256 or RS256)");
  secret->excludes(jwks);
  data(add);
  add->callback([o, &run] { run = command(o, add_client); });
  auto* list = client->add_subcommand("list", "List the registered clients");
  data(list);
  list->callback([o, &run] { run = command(o, list_clients); });
  auto* remove = client->add_subcommand("remove", "Remove a client; its tokens stop working");
  remove->add_option("--id", o->id, "The client_id")->required();
  data(remove);
  remove->callback([o, &run] { run = command(o, remove_client); });
  auto* key = app.add_subcommand("key", "The ID-token signing keys");
  key->require_subcommand(1);
  auto* rotate = key->add_subcommand(
      "rotate", "Make a new signing key now; the old one stays published until its tokens expire");
  data(rotate);
  rotate->callback([o, &run] { run = command(o, rotate_key); });
}

}  // namespace mynasim::portal::oidc
