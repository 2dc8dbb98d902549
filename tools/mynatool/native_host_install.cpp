// `mynatool native-host install|uninstall`: the host manifest where each browser looks for it
// (reference anchors.md §G), and the small launcher it names: the browser runs `path` with the
// caller as arguments, and the launcher turns that into `mynatool native-host`.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tools/mynatool/commands.hpp"
#include "tools/mynatool/native_host.hpp"

namespace mynasim::tools {
namespace {

namespace fs = std::filesystem;

struct InstallArgs {
  std::string browser = "chromium";
  std::string user_data_dir;
  bool system = false;
  std::string reader;
};

std::string home_config() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return xdg;
  const char* home = std::getenv("HOME");
  if (!home || !*home) throw CommandFailed("HOME is not set: pass --user-data-dir or --system");
  return std::string(home) + "/.config";
}

// Where `browser` looks for host manifests.
fs::path manifest_dir(const InstallArgs& args) {
  if (!args.user_data_dir.empty()) {
    if (args.browser == "firefox")
      throw CommandFailed("--user-data-dir is Chromium's; Firefox reads ~/.mozilla or --system");
    // Chromium started with --user-data-dir reads only this one (anchors.md §G, measured).
    return fs::path(args.user_data_dir) / "NativeMessagingHosts";
  }
  if (args.browser == "firefox") {
    if (args.system) return "/usr/lib/mozilla/native-messaging-hosts";
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw CommandFailed("HOME is not set: pass --system");
    // Even a Firefox that keeps its profiles under ~/.config/mozilla (XDG) reads host manifests
    // only here (firefox-esr 153, measured: docs/native-host.md).
    return fs::path(home) / ".mozilla/native-messaging-hosts";
  }
  if (args.browser == "chrome")
    return args.system ? fs::path("/etc/opt/chrome/native-messaging-hosts")
                       : fs::path(home_config()) / "google-chrome/NativeMessagingHosts";
  return args.system ? fs::path("/etc/chromium/native-messaging-hosts")
                     : fs::path(home_config()) / "chromium/NativeMessagingHosts";
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void write_file(const fs::path& path, const std::string& content, fs::perms mode) {
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << content;
    if (!out.flush()) throw CommandFailed("cannot write " + temporary.string());
  }
  fs::permissions(temporary, mode);
  fs::rename(temporary, path);
}

void install(const GlobalOptions& options, const InstallArgs& args) {
  if (args.system && !args.user_data_dir.empty())
    throw CommandFailed("--system and --user-data-dir exclude each other");
  const fs::path dir = manifest_dir(args);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw CommandFailed("cannot create " + dir.string() + ": " + ec.message());
  const fs::path self = fs::read_symlink("/proc/self/exe");
  const fs::path launcher = dir / kNativeHostName;
  const std::string reader =
      options.reader.empty() ? "" : " --reader " + shell_quote(options.reader);
  write_file(launcher,
             "#!/bin/sh\n# Written by `mynatool native-host install`: the browser runs this with "
             "the caller as arguments.\nexec " +
                 shell_quote(self.string()) + reader + " native-host \"$@\"\n",
             fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                 fs::perms::others_read | fs::perms::others_exec);
  nlohmann::json manifest{{"name", kNativeHostName},
                          {"description", "mynasim: log in with the My Number card (jpki-login:1)"},
                          {"path", launcher.string()},
                          {"type", "stdio"}};
  if (args.browser == "firefox")
    manifest["allowed_extensions"] = {kFirefoxExtensionId};
  else
    manifest["allowed_origins"] = {std::string("chrome-extension://") + kChromiumExtensionId + "/"};
  const fs::path manifest_path = dir / (std::string(kNativeHostName) + ".json");
  write_file(manifest_path, manifest.dump(2) + "\n",
             fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                 fs::perms::others_read);
  print_result(options, {{"manifest", manifest_path.string()}, {"launcher", launcher.string()}},
               "installed the native messaging host for " + args.browser + ":\n  " +
                   manifest_path.string() + "\n  " + launcher.string());
}

void uninstall(const GlobalOptions& options, const InstallArgs& args) {
  if (args.system && !args.user_data_dir.empty())
    throw CommandFailed("--system and --user-data-dir exclude each other");
  const fs::path dir = manifest_dir(args);
  nlohmann::json removed = nlohmann::json::array();
  for (const fs::path& path :
       {dir / (std::string(kNativeHostName) + ".json"), dir / kNativeHostName}) {
    std::error_code ec;
    if (fs::remove(path, ec)) removed.push_back(path.string());
    if (ec) throw CommandFailed("cannot remove " + path.string() + ": " + ec.message());
  }
  std::string text =
      removed.empty() ? "no native messaging host was installed in " + dir.string() : "removed:";
  for (const auto& path : removed) text += "\n  " + path.get<std::string>();
  print_result(options, {{"removed", removed}}, text);
}

void add_where_options(CLI::App& command, InstallArgs& args) {
  command.add_option("--browser", args.browser, "chromium (default), chrome or firefox")
      ->check(CLI::IsMember({"chromium", "chrome", "firefox"}));
  command.add_option("--user-data-dir", args.user_data_dir,
                     "the profile directory Chromium runs with (--user-data-dir)");
  command.add_flag("--system", args.system, "for every user (/etc or /usr/lib/mozilla)");
}

}  // namespace

void add_native_host_install_commands(CLI::App& native_host, GlobalOptions& options) {
  auto args = std::make_shared<InstallArgs>();
  auto* install_command = native_host.add_subcommand(
      "install", "write the host manifest where the browser looks for it");
  add_where_options(*install_command, *args);
  auto* uninstall_command =
      native_host.add_subcommand("uninstall", "remove the host manifest install wrote");
  add_where_options(*uninstall_command, *args);
  install_command->callback([&options, args] { install(options, *args); });
  uninstall_command->callback([&options, args] { uninstall(options, *args); });
}

}  // namespace mynasim::tools
