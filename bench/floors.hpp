// The floors the card's figures are compared against, measured in the same run:
//   - an echo dispatch: parse the command APDU and build a response, with no card behind it;
//   - a bare append + fdatasync of N bytes to a file (what a durable commit cannot beat);
//   - OpenSSL's own RSA-2048 signing speed (`openssl speed`), the best this machine does.
#pragma once

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::bench {

// What a card that does nothing would answer: `answer` (cut to Ne) and 9000, or 6700 for a
// malformed APDU. The same parse and encode work Card::transmit does around its dispatch.
Bytes echo_dispatch(ByteView command, ByteView answer);

// A file in the image's directory that only grows: append() writes at its end with pwrite and
// makes it durable with fdatasync, the two calls FileStorage makes for a durable commit. Throws
// std::runtime_error naming the file when the system refuses.
class AppendSyncFile {
 public:
  explicit AppendSyncFile(std::string path);
  ~AppendSyncFile();
  AppendSyncFile(const AppendSyncFile&) = delete;
  AppendSyncFile& operator=(const AppendSyncFile&) = delete;

  void append(ByteView bytes);

 private:
  std::string path_;
  int fd_ = -1;
  long long end_ = 0;
};

struct OpensslSpeed {
  std::string command;  // as run
  std::string version;  // `openssl version`
  double sign_per_s = 0;
};

// Runs `openssl speed -seconds <seconds> rsa2048` and reads its sign/s column. Throws
// std::runtime_error when openssl cannot be run or its output has no rsa 2048 line.
OpensslSpeed openssl_rsa2048_speed(int seconds);

}  // namespace mynasim::bench
