#include "reader/stack/control_server.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "reader/link/card_link.hpp"

namespace mynasim::reader::stack {
namespace {

constexpr std::size_t kMaxRequest = 4096;

sockaddr_un address_of(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path)
    throw std::runtime_error("socket path " + path + " is too long");
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return address;
}

// Reads up to the first newline (or EOF), at most kMaxRequest bytes, waiting up to timeout_ms.
std::string read_line(int fd, int timeout_ms) {
  std::string line;
  char c;
  while (line.size() < kMaxRequest) {
    pollfd pfd{fd, POLLIN, 0};
    if (poll(&pfd, 1, timeout_ms) <= 0) break;
    const ssize_t n = read(fd, &c, 1);
    if (n <= 0 || c == '\n') break;
    line.push_back(c);
  }
  return line;
}

void write_all(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

ControlServer::ControlServer(std::string path, PrivateStack& stack, CardLoader loader,
                             ExtraVerbs extra)
    : path_(std::move(path)), stack_(stack), loader_(std::move(loader)), extra_(std::move(extra)) {
  const sockaddr_un address = address_of(path_);
  unlink(path_.c_str());
  listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const mode_t old_mask = umask(0077);  // only this user changes the cards
  const bool ok =
      listen_fd_ >= 0 &&
      bind(listen_fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
      listen(listen_fd_, 8) == 0;
  const int err = errno;
  umask(old_mask);
  if (!ok) {
    if (listen_fd_ >= 0) close(listen_fd_);
    throw std::runtime_error("cannot listen on " + path_ + ": " + std::strerror(err));
  }
  thread_ = std::thread([this] { serve(); });
}

ControlServer::~ControlServer() {
  stop_.stop();
  thread_.join();
  close(listen_fd_);
  unlink(path_.c_str());
}

void ControlServer::serve() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_.fd(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents) return;
    if (!(fds[0].revents & POLLIN)) continue;
    Connection client(accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC));
    if (!client) continue;
    std::string answer;
    try {
      answer = handle(read_line(client.fd(), 2000));
    } catch (const std::exception& e) {
      answer = std::string("error ") + e.what();
    }
    write_all(client.fd(), answer + "\n");
  }
}

std::string ControlServer::handle(const std::string& request) {
  std::istringstream words(request);
  std::string verb;
  words >> verb;
  if (verb == "status") {
    std::string out = "ok";
    for (std::size_t i = 0; i < stack_.size(); ++i)
      out += "\n" + std::to_string(i) + (stack_.inserted(i) ? " in " : " out ") +
             stack_.reader_name(i);
    return out;
  }
  if (const auto extra = extra_.find(verb); extra != extra_.end()) {
    std::string rest;
    std::getline(words >> std::ws, rest);
    return extra->second(rest);
  }
  if (verb != "insert" && verb != "remove") return "error unknown request '" + request + "'";
  std::string number;
  words >> number;
  std::size_t index = 0;
  const bool numeric = !number.empty() && number.size() <= 3 &&
                       number.find_first_not_of("0123456789") == std::string::npos;
  if (numeric) index = std::stoul(number);
  if (!numeric || index >= stack_.size())
    return "error no reader number '" + number + "' (the stack has " +
           std::to_string(stack_.size()) + " reader(s), numbered from 0)";
  const std::string name = stack_.reader_name(index);
  if (verb == "remove") {
    if (!stack_.inserted(index)) return "ok no card in '" + name + "'";
    stack_.remove(index);
    return "ok card removed from '" + name + "'";
  }
  std::string image;
  std::getline(words >> std::ws, image);
  if (!image.empty()) {
    std::string error;
    auto card = loader_(index, image, error);
    if (!card) return "error " + error;
    stack_.replace(index, std::move(card));
  }
  if (stack_.inserted(index)) return "ok a card is already in '" + name + "'";
  stack_.insert(index);
  return "ok card inserted into '" + name + "'";
}

std::string control_request(const std::string& dir, const std::string& request, bool& ok) {
  const std::string path = dir + "/control.sock";
  const sockaddr_un address = address_of(path);
  Connection connection(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!connection ||
      connect(connection.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("no running stack at " + dir + " (cannot connect to " + path + ": " +
                             std::strerror(errno) + "); start one with `mynasim run`");
  write_all(connection.fd(), request + "\n");
  std::string answer;
  char buffer[512];
  for (ssize_t n; (n = read(connection.fd(), buffer, sizeof buffer)) > 0;)
    answer.append(buffer, static_cast<std::size_t>(n));
  while (!answer.empty() && answer.back() == '\n') answer.pop_back();
  ok = answer.rfind("ok", 0) == 0;
  const std::size_t space = answer.find_first_of(" \n");
  return space == std::string::npos ? std::string() : answer.substr(space + 1);
}

}  // namespace mynasim::reader::stack
