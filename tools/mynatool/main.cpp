// mynatool: the holder's tool for any My Number card in any PC/SC reader (simulated or real).
// Exit status: 0 success, 1 failure (the message says what), 2 usage.
#include <cstdio>

#include "reader/client/card_error.hpp"
#include "reader/pcsc/pcsc_error.hpp"
#include "tools/common/cli/exit_status.hpp"
#include "tools/mynatool/commands.hpp"

int main(int argc, char** argv) {
  using namespace mynasim::tools;
  CLI::App app{"mynatool: read and use a My Number card (JPKI) over PC/SC"};
  app.require_subcommand(1);
  GlobalOptions options;
  app.add_option("--reader", options.reader, "reader name (or a unique prefix of it)");
  app.add_flag("--json", options.json, "print one JSON document");
  app.add_flag("--trace", options.trace, "print every APDU on stderr (PINs masked)");
  add_readers_command(app, options);
  add_info_command(app, options);
  add_cert_command(app, options);
  add_pin_commands(app, options);
  add_sign_command(app, options);
  add_verify_command(app, options);
  add_login_command(app, options);
  add_native_host_command(app, options);
  add_conformance_command(app, options);
  add_text_commands(app, options);
  add_surface_command(app, options);
  add_cms_command(app, options);
  auto* pdf = app.add_subcommand("pdf", "PDF signatures with the signature key");
  pdf->require_subcommand(1);
  add_pdf_sign_command(*pdf, options);
  using mynasim::cli::kExitFailure;
  try {
    // The commands run from their callbacks, inside the parse.
    if (const auto status = mynasim::cli::parse_command_line(app, argc, argv)) return *status;
  } catch (const mynasim::pcsc::PcscError& e) {
    std::fprintf(stderr, "mynatool: %s\n", e.what());
    return kExitFailure;
  } catch (const mynasim::client::CardError& e) {
    std::fprintf(stderr, "mynatool: %s\n", e.what());
    return kExitFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mynatool: %s\n", e.what());
    return kExitFailure;
  }
  return mynasim::cli::kExitOk;
}
