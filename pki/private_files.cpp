#include "pki/private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "pki/files.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki {
namespace {

std::string octal(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

}  // namespace

unsigned loose_mode_bits(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return 0;
    throw PkiError(path + ": cannot check its permissions: " + std::strerror(errno));
  }
  // A symlink's own mode is always 0777 and means nothing; what it points to is checked.
  if (S_ISLNK(st.st_mode) && ::stat(path.c_str(), &st) != 0) return 0;
  return (st.st_mode & 077) ? (st.st_mode & 07777) : 0;
}

void require_private(const std::string& path) {
  const unsigned mode = loose_mode_bits(path);
  if (mode == 0) return;
  struct stat st {};
  const bool dir = ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  throw PkiError(path + ": mode " + octal(mode) + " lets group or others in; it holds " +
                 (dir ? "secrets or personal data (want 0700: chmod 700 " + path + ")"
                      : "secrets or personal data (want 0600: chmod 600 " + path + ")"));
}

void make_private_dir(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p(path);
  if (std::filesystem::is_directory(p, ec)) {
    require_private(path);
    return;
  }
  if (p.has_parent_path() && !p.parent_path().empty()) {
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) throw PkiError(p.parent_path().string() + ": cannot create directory: " + ec.message());
  }
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
    throw PkiError(path + ": cannot create directory: " + std::strerror(errno));
  // mkdir's mode is masked by the umask, which only removes bits: 0700 or less; make it exact.
  if (::chmod(path.c_str(), 0700) != 0)
    throw PkiError(path + ": cannot set mode 0700: " + std::strerror(errno));
}

void create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) throw PkiError(path + ": cannot create: " + std::strerror(errno));
  ::close(fd);
  require_private(path);
}

Bytes read_private_file(const std::string& path) {
  require_private(path);
  return read_file(path);
}

}  // namespace mynasim::pki
