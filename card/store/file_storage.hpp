// Storage on a host file: the card image. Every system call goes through FileOps so that tests
// can cut the power at any write.
//
// replace(): write "<path>.tmp", fsync it, rename over <path>, fsync the directory. A failed
//            replace may leave "<path>.tmp" behind; the next replace overwrites it.
// append():  write at the end of <path>; sync(): fdatasync(<path>).
// truncate(): ftruncate + fsync.
// Files are created with mode 0600: the image holds PINs and private keys. The image is created
// by replace() (ObjectStore::format), whose directory fsync makes the new name durable too.
#pragma once

#include <sys/types.h>
#include <string>

#include "card/store/storage.hpp"

namespace mynasim::card::store {

// The system calls FileStorage uses, as a seam for fault injection. Each returns what POSIX
// returns (-1 and errno on failure). A pure interface on purpose: the card library is built
// without RTTI, so it cannot emit the type_info that host code (tests, built with RTTI) needs to
// derive from a class whose virtual functions it defines out of line. A test wraps
// posix_file_ops() and fails the calls it chooses.
class FileOps {
 public:
  virtual ~FileOps() = default;
  virtual int open(const char* path, int flags, mode_t mode) = 0;
  virtual ssize_t pwrite(int fd, const void* data, std::size_t size, off_t offset) = 0;
  virtual ssize_t pread(int fd, void* data, std::size_t size, off_t offset) = 0;
  virtual int fsync(int fd) = 0;
  virtual int fdatasync(int fd) = 0;
  virtual int ftruncate(int fd, off_t size) = 0;
  virtual int rename(const char* from, const char* to) = 0;
  virtual int close(int fd) = 0;
  virtual int fstat_size(int fd, off_t* size) = 0;  // fstat(), reporting st_size
};

// The real system calls.
FileOps& posix_file_ops();

class FileStorage final : public Storage {
 public:
  explicit FileStorage(std::string path, FileOps& ops = posix_file_ops());
  ~FileStorage() override;
  FileStorage(const FileStorage&) = delete;
  FileStorage& operator=(const FileStorage&) = delete;

  StoreStatus read_all(Bytes& out) override;
  StoreStatus append(ByteView bytes) override;
  StoreStatus sync() override;
  StoreStatus truncate(std::size_t size) override;
  StoreStatus replace(ByteView bytes) override;
  std::string name() const override { return path_; }

 private:
  StoreStatus open_for_append();  // opens fd_ once and learns where the end is
  void drop_handle();             // after a failure or a rename: reopen (and re-measure) later
  StoreStatus write_all(int fd, ByteView bytes, off_t offset, const char* file);
  StoreStatus fsync_directory();
  StoreStatus io_error(const char* what, const std::string& file, int err) const;

  std::string path_;
  FileOps& ops_;
  int fd_ = -1;
  off_t end_ = 0;
};

}  // namespace mynasim::card::store
