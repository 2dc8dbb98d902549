// Each mynatool command registers itself on the CLI11 app; its callback does the work and throws
// on failure (main prints the message and exits 1).
#pragma once

#include <CLI/CLI.hpp>

#include "iso7816/bytes.hpp"
#include "tools/common/cli/secret_input.hpp"
#include "tools/mynatool/session.hpp"

namespace mynasim::tools {

void add_readers_command(CLI::App& app, GlobalOptions& options);
void add_info_command(CLI::App& app, GlobalOptions& options);
void add_cert_command(CLI::App& app, GlobalOptions& options);
void add_pin_commands(CLI::App& app, GlobalOptions& options);
void add_sign_command(CLI::App& app, GlobalOptions& options);
void add_verify_command(CLI::App& app, GlobalOptions& options);
// `login URL [--code CODE]`: jpki-login:1 with a portal (login.cpp).
void add_login_command(CLI::App& app, GlobalOptions& options);
// `native-host [install|uninstall]`: the browser extension's host (native_host.cpp).
void add_native_host_command(CLI::App& app, GlobalOptions& options);
void add_conformance_command(CLI::App& app, GlobalOptions& options);
// `pin status` (every PIN of every application), under `pin`.
void add_pin_status_command(CLI::App& pin, GlobalOptions& options);
void add_text_commands(CLI::App& app, GlobalOptions& options);
void add_surface_command(CLI::App& app, GlobalOptions& options);
// `cms sign` and `cms verify` (cms.cpp).
void add_cms_command(CLI::App& app, GlobalOptions& options);
// `pdf sign` (pdf_sign.cpp), under `pdf`.
void add_pdf_sign_command(CLI::App& pdf, GlobalOptions& options);

// A failure the user caused or must act on; main prints it and exits 1.
struct CommandFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Hex of bytes without separators ("3BE000FF...") for JSON output.
std::string compact_hex(ByteView bytes);

}  // namespace mynasim::tools

namespace mynasim::tools {

struct PinOptions {
  cli::SecretSource source;     // --pin-env / --pin-fd
  bool allow_last_try = false;  // --allow-last-try
};

void add_pin_options(CLI::App& command, PinOptions& pin);

// Checks the retry counter first (never sends a PIN to a blocked key, nor with one try left unless
// allowed), asks for the PIN, and VERIFYs it. Throws CommandFailed saying how many tries are left.
void verify_pin(Session& session, client::PinType type, const PinOptions& pin);

client::PinType parse_pin_type(const std::string& text);

}  // namespace mynasim::tools
