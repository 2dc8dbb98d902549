// `mynasim install-reader` (root): puts our driver into the system pcscd, so that every desktop
// program sees a mynasim reader; `mynasim attach --card CARD` then inserts a card into it.
//   <drivers dir>/serial/libifd-mynasim.so    (a copy of the built driver)
//   <reader.conf.d>/mynasim                   (FRIENDLYNAME, DEVICENAME unix:SOCKET, LIBPATH)
// --root DIR writes under DIR instead of / (packaging, and the tests' throwaway namespace).
// --remove deletes both files.
#pragma once

#include <string>

namespace mynasim::tools {

struct InstallOptions {
  std::string root = "/";
  std::string socket = "/run/mynasim/card.sock";
  std::string name = "Mynasim Virtual Reader";
  bool remove = false;
};

int run_install_reader(const InstallOptions& options);

}  // namespace mynasim::tools
