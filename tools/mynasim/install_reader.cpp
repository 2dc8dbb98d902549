#include "tools/mynasim/install_reader.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "reader/emulator/driver_path.hpp"

#ifndef MYNASIM_PCSC_DRIVERS_DIR
#define MYNASIM_PCSC_DRIVERS_DIR "/usr/lib/pcsc/drivers"
#endif
#ifndef MYNASIM_PCSC_CONF_DIR
#define MYNASIM_PCSC_CONF_DIR "/etc/reader.conf.d"
#endif

namespace mynasim::tools {
namespace {

namespace fs = std::filesystem;

// `system_path` as seen under `root`.
fs::path under_root(const std::string& root, const std::string& system_path) {
  return fs::path(root) / fs::path(system_path).relative_path();
}

}  // namespace

int run_install_reader(const InstallOptions& options) {
  const std::string library = std::string(MYNASIM_PCSC_DRIVERS_DIR) + "/serial/libifd-mynasim.so";
  const std::string conf = std::string(MYNASIM_PCSC_CONF_DIR) + "/mynasim";
  const fs::path library_at = under_root(options.root, library);
  const fs::path conf_at = under_root(options.root, conf);
  try {
    if (options.remove) {
      fs::remove(conf_at);
      fs::remove(library_at);
      std::printf("removed %s and %s\n", conf_at.c_str(), library_at.c_str());
    } else {
      if (options.socket.empty() || options.socket[0] != '/')
        throw std::runtime_error("--socket must be an absolute path, not '" + options.socket + "'");
      const std::string driver = emulator::find_driver();
      fs::create_directories(library_at.parent_path());
      fs::create_directories(conf_at.parent_path());
      // Copy then rename, so that a running pcscd never maps a half-written library.
      const fs::path staging = library_at.string() + ".new";
      fs::copy_file(driver, staging, fs::copy_options::overwrite_existing);
      fs::permissions(staging, fs::perms(0644));
      fs::rename(staging, library_at);
      std::ofstream out(conf_at);
      out << "# mynasim's virtual reader: `mynasim attach --card IMAGE` inserts a card.\n"
          << "# Whoever may write to " << fs::path(options.socket).parent_path().string()
          << " may insert cards.\n"
          << "FRIENDLYNAME \"" << options.name << "\"\n"
          << "DEVICENAME   unix:" << options.socket << "\n"
          << "LIBPATH      " << library << "\n";
      out.close();
      if (!out) throw std::runtime_error("cannot write " + conf_at.string());
      std::printf("installed %s and %s\n", library_at.c_str(), conf_at.c_str());
      std::printf(
          "restart pcscd (systemctl restart pcscd) to load it, then: mynasim attach --card "
          "IMAGE%s\n",
          options.socket == InstallOptions{}.socket ? "" : (" --socket " + options.socket).c_str());
    }
    return 0;
  } catch (const fs::filesystem_error& e) {
    std::fprintf(stderr, "mynasim install-reader: %s%s\n", e.what(),
                 e.code() == std::errc::permission_denied ? " (run it as root)" : "");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mynasim install-reader: %s\n", e.what());
    return 1;
  }
}

}  // namespace mynasim::tools
