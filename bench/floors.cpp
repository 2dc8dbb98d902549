#include "bench/floors.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#include "iso7816/apdu.hpp"
#include "iso7816/status_words.hpp"

namespace mynasim::bench {
namespace {

std::runtime_error system_error(const std::string& what, const std::string& path, int err) {
  return std::runtime_error(what + " " + path + ": " + std::strerror(err));
}

// Everything a shell command prints on stdout; throws if it cannot be started or fails.
std::string run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run `" + command + "`: " + std::strerror(errno));
  std::string out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  if (status != 0)
    throw std::runtime_error("`" + command + "` failed (status " + std::to_string(status) + ")");
  return out;
}

}  // namespace

Bytes echo_dispatch(ByteView command, ByteView answer) {
  const auto parsed = iso7816::parse_command(command);
  if (!parsed.ok()) return iso7816::ResponseApdu{{}, iso7816::sw::kWrongLength}.to_bytes();
  const std::size_t n = std::min<std::size_t>(parsed.command.ne, answer.size());
  return iso7816::ResponseApdu{Bytes(answer.begin(), answer.begin() + static_cast<long>(n)),
                               iso7816::sw::kSuccess}
      .to_bytes();
}

AppendSyncFile::AppendSyncFile(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) throw system_error("cannot create", path_, errno);
}

AppendSyncFile::~AppendSyncFile() {
  if (fd_ >= 0) ::close(fd_);
}

void AppendSyncFile::append(ByteView bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                               static_cast<off_t>(end_ + static_cast<long long>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw system_error("cannot write", path_, n == 0 ? EIO : errno);
    done += static_cast<std::size_t>(n);
  }
  end_ += static_cast<long long>(bytes.size());
  if (::fdatasync(fd_) != 0) throw system_error("cannot sync", path_, errno);
}

OpensslSpeed openssl_rsa2048_speed(int seconds) {
  OpensslSpeed speed;
  speed.command = "openssl speed -seconds " + std::to_string(seconds) + " rsa2048";
  std::string version = run("openssl version");
  while (!version.empty() && (version.back() == '\n' || version.back() == '\r')) version.pop_back();
  speed.version = version;
  // The table row: "rsa 2048 bits 0.000597s 0.000017s   1675.5  58823.5" (sign s, verify s,
  // sign/s, verify/s).
  std::istringstream lines(run(speed.command + " 2>/dev/null"));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("rsa", 0) != 0 || line.find("2048 bits") == std::string::npos) continue;
    std::istringstream fields(line.substr(line.find("bits") + 4));
    std::string sign_s, verify_s;
    double sign_per_s = 0;
    if (fields >> sign_s >> verify_s >> sign_per_s && sign_per_s > 0) {
      speed.sign_per_s = sign_per_s;
      return speed;
    }
  }
  throw std::runtime_error("`" + speed.command + "` printed no 'rsa 2048 bits' row with sign/s");
}

}  // namespace mynasim::bench
