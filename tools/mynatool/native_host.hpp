// `mynatool native-host`: the browser extension's native messaging host (docs/native-host.md).
// The host name, the extension's fixed IDs, and the install/uninstall of the host manifest.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "tools/mynatool/session.hpp"

namespace mynasim::tools {

inline constexpr const char* kNativeHostName = "org.mynasim.login";
// The Chromium ID follows from the "key" in tools/extension/manifest.json (SHA-256 of the
// public key, first 32 hex digits as a-p); Firefox's is browser_specific_settings.gecko.id.
inline constexpr const char* kChromiumExtensionId = "kpkiklppljkgbjbifjafmfkkelklmlip";
inline constexpr const char* kFirefoxExtensionId = "login@mynasim.example";

// `native-host install|uninstall` (native_host_install.cpp), under `native-host`.
void add_native_host_install_commands(CLI::App& native_host, GlobalOptions& options);

}  // namespace mynasim::tools
