// mynasim: runs simulated My Number cards. For now one command, `demo`, the in-process main job;
// the virtual reader (exec, run, vpcd, install-reader) comes with the reader issue.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <string>

#include "tools/mynasim/demo.hpp"

namespace {

// Reads a secret from the named environment variable, or the demo default if none was named.
bool secret_from_env(const std::string& variable, const char* fallback, std::string& out,
                     const char* what) {
  if (variable.empty()) {
    out = fallback;
    return true;
  }
  const char* value = std::getenv(variable.c_str());
  if (!value) {
    std::fprintf(stderr, "mynasim: environment variable %s (the %s) is not set\n", variable.c_str(),
                 what);
    return false;
  }
  out = value;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mynasim: a simulated Japanese Individual Number Card (JPKI)"};
  app.require_subcommand(1);

  mynasim::tools::DemoOptions demo;
  std::string pin_env, password_env;
  auto* demo_cmd = app.add_subcommand(
      "demo", "issue a card into an image, then verify the PIN and sign with it, in-process");
  demo_cmd->add_option("--image", demo.image_path,
                       "card image to write (default: a temporary one)");
  demo_cmd->add_option("--pin-env", pin_env,
                       "environment variable holding the 4-digit PIN (default: demo PIN 1234)");
  demo_cmd->add_option("--sign-password-env", password_env,
                       "environment variable holding the signature password (default: DEMOPASS1)");
  demo_cmd->add_flag("--quiet,-q", demo.quiet, "do not print the APDU trace");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (demo_cmd->parsed()) {
    if (!secret_from_env(pin_env, "1234", demo.pin, "PIN") ||
        !secret_from_env(password_env, "DEMOPASS1", demo.sign_password, "signature password"))
      return 2;
    return mynasim::tools::run_demo(demo);
  }
  return 2;
}
