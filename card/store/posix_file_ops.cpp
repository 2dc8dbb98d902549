// The FileOps that FileStorage uses outside tests: straight POSIX.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "card/store/file_storage.hpp"

namespace mynasim::card::store {
namespace {

class PosixFileOps final : public FileOps {
 public:
  int open(const char* path, int flags, mode_t mode) override { return ::open(path, flags, mode); }
  ssize_t pwrite(int fd, const void* data, std::size_t size, off_t offset) override {
    return ::pwrite(fd, data, size, offset);
  }
  ssize_t pread(int fd, void* data, std::size_t size, off_t offset) override {
    return ::pread(fd, data, size, offset);
  }
  int fsync(int fd) override { return ::fsync(fd); }
  int fdatasync(int fd) override { return ::fdatasync(fd); }
  int ftruncate(int fd, off_t size) override { return ::ftruncate(fd, size); }
  int rename(const char* from, const char* to) override { return ::rename(from, to); }
  int close(int fd) override { return ::close(fd); }
  int fstat_size(int fd, off_t* size) override {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return -1;
    *size = st.st_size;
    return 0;
  }
};

}  // namespace

FileOps& posix_file_ops() {
  static PosixFileOps ops;
  return ops;
}

}  // namespace mynasim::card::store
