#include "card/store/file_storage.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>

namespace mynasim::card::store {

namespace {

constexpr mode_t kImageMode = 0600;  // the image holds PINs and private keys

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

FileStorage::FileStorage(std::string path, FileOps& ops) : path_(std::move(path)), ops_(ops) {}

FileStorage::~FileStorage() {
  drop_handle();
}

StoreStatus FileStorage::io_error(const char* what, const std::string& file, int err) const {
  std::string problem = what;
  if (file != path_) problem.append(" ").append(file);
  problem.append(": ").append(std::strerror(err));
  return image_failure(StoreError::kIo, path_, problem);
}

void FileStorage::drop_handle() {
  if (fd_ >= 0) (void)ops_.close(fd_);
  fd_ = -1;
  end_ = 0;
}

StoreStatus FileStorage::read_all(Bytes& out) {
  out.clear();
  const int fd = ops_.open(path_.c_str(), O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) {
      return image_failure(StoreError::kNotFound, path_, "no such file (no card image yet)");
    }
    return io_error("cannot open", path_, err);
  }
  off_t size = 0;
  StoreStatus status;
  if (ops_.fstat_size(fd, &size) != 0) status = io_error("cannot stat", path_, errno);
  out.resize(status.ok() ? static_cast<std::size_t>(size) : 0);
  std::size_t done = 0;
  while (status.ok() && done < out.size()) {
    const ssize_t n =
        ops_.pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) status = io_error("cannot read", path_, errno);
    if (n <= 0) break;  // the file shrank while being read: keep what is there
    done += static_cast<std::size_t>(n);
  }
  out.resize(done);
  (void)ops_.close(fd);  // read-only: nothing to lose
  return status;
}

StoreStatus FileStorage::open_for_append() {
  if (fd_ >= 0) return StoreStatus::success();
  fd_ = ops_.open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kImageMode);
  if (fd_ < 0) return io_error("cannot open for writing", path_, errno);
  off_t size = 0;
  if (ops_.fstat_size(fd_, &size) != 0) {
    const int err = errno;
    drop_handle();
    return io_error("cannot stat", path_, err);
  }
  end_ = size;
  return StoreStatus::success();
}

StoreStatus FileStorage::write_all(int fd, ByteView bytes, off_t offset, const char* file) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ops_.pwrite(fd, bytes.data() + done, bytes.size() - done,
                                  offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("cannot write", file, n == 0 ? EIO : errno);
    done += static_cast<std::size_t>(n);
  }
  return StoreStatus::success();
}

StoreStatus FileStorage::append(ByteView bytes) {
  StoreStatus status = open_for_append();
  if (status.ok()) status = write_all(fd_, bytes, end_, path_.c_str());
  if (!status.ok()) {
    drop_handle();  // part of it may be written: learn the real end again
    return status;
  }
  end_ += static_cast<off_t>(bytes.size());
  return status;
}

StoreStatus FileStorage::sync() {
  // fdatasync works on the inode, so a handle reopened after a failure syncs earlier appends too.
  StoreStatus status = open_for_append();
  if (!status.ok()) return status;
  if (ops_.fdatasync(fd_) != 0) {
    status = io_error("cannot sync", path_, errno);
    drop_handle();
  }
  return status;
}

StoreStatus FileStorage::truncate(std::size_t size) {
  StoreStatus status = open_for_append();
  if (!status.ok()) return status;
  if (size > static_cast<std::size_t>(end_)) {
    return image_failure(StoreError::kIo, path_,
                         "cannot cut the image to " + std::to_string(size) +
                             " bytes: it has only " + std::to_string(end_));
  }
  if (ops_.ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    status = io_error("cannot truncate", path_, errno);
  } else if (ops_.fsync(fd_) != 0) {
    status = io_error("cannot sync", path_, errno);
  }
  if (!status.ok()) {
    drop_handle();
    return status;
  }
  end_ = static_cast<off_t>(size);
  return status;
}

StoreStatus FileStorage::replace(ByteView bytes) {
  // The rename swaps the inode behind the path: later appends must go to the new one.
  drop_handle();
  const std::string tmp = path_ + ".tmp";
  const int fd = ops_.open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kImageMode);
  if (fd < 0) return io_error("cannot create", tmp, errno);
  StoreStatus status = write_all(fd, bytes, 0, tmp.c_str());
  if (status.ok() && ops_.fsync(fd) != 0) status = io_error("cannot sync", tmp, errno);
  // close() can report a write-back error (NFS): the new image must not be trusted then.
  if (ops_.close(fd) != 0 && status.ok()) status = io_error("cannot close", tmp, errno);
  if (!status.ok()) return status;
  if (ops_.rename(tmp.c_str(), path_.c_str()) != 0) {
    return io_error("cannot rename over it", tmp, errno);
  }
  return fsync_directory();
}

StoreStatus FileStorage::fsync_directory() {
  // Makes the rename itself durable; without it a power cut may bring back the old name.
  const std::string dir = directory_of(path_);
  const int fd = ops_.open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0) return io_error("cannot open the directory", dir, errno);
  StoreStatus status;
  if (ops_.fsync(fd) != 0) status = io_error("cannot sync the directory", dir, errno);
  (void)ops_.close(fd);
  return status;
}

}  // namespace mynasim::card::store
