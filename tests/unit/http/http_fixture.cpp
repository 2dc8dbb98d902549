#include "http/http_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace mynasim::http::testing {

ServerOptions quick_options() {
  ServerOptions o;
  o.header_timeout = 300ms;
  o.body_timeout = 300ms;
  o.idle_timeout = 300ms;
  o.write_timeout = 300ms;
  o.workers = 2;
  o.io_threads = 1;
  return o;
}

TestServer::TestServer(ServerOptions options) : server_(std::make_unique<Server>(options)) {
  server_->get("/hello",
               [](const Request&, Response& res) { res.set_content("hello", "text/plain"); });
  server_->post("/echo",
                [](const Request& req, Response& res) { res.set_content(req.body, "text/plain"); },
                {100});
  server_->get("/boom",
               [](const Request&, Response&) { throw std::runtime_error("secret detail"); });
  server_->get("/slow", [](const Request&, Response& res) {
    std::this_thread::sleep_for(200ms);
    res.set_content("slow", "text/plain");
  });
  server_->route_prefix("GET", "/files/",
                        [](const Request& req, Response& res) {
                          res.set_content(req.path.substr(7) + "|" + req.get_param_value("q"),
                                          "text/plain");
                        },
                        {0});
  port_ = server_->bind("127.0.0.1", 0);
  thread_ = std::thread([this] { server_->run(); });
}

TestServer::~TestServer() {
  server_->stop();
  thread_.join();
}

RawClient::RawClient(int port, const std::string& source) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket");
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0)
    throw std::runtime_error("cannot bind to " + source);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0)
    throw std::runtime_error("cannot connect from " + source);
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawClient::~RawClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawClient::try_send(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void RawClient::send(const std::string& bytes) {
  if (!try_send(bytes)) throw std::runtime_error("send failed");
}

namespace {

// Reads what is there within `wait`; returns false once the peer has closed.
bool read_some(int fd, std::string& into, std::chrono::milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return true;
  char chunk[4096];
  const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  into.append(chunk, static_cast<std::size_t>(n));
  return true;
}

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds left(Clock::time_point until) {
  return std::max(0ms, std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()));
}

}  // namespace

std::string RawClient::receive(std::chrono::milliseconds wait) {
  std::string got;
  const auto until = Clock::now() + wait;
  while (Clock::now() < until && read_some(fd_, got, left(until))) {
  }
  return got;
}

std::string RawClient::response(std::chrono::milliseconds wait) {
  std::string got;
  const auto until = Clock::now() + wait;
  while (Clock::now() < until) {
    const auto end = got.find("\r\n\r\n");
    if (end != std::string::npos) {
      const std::string length = header_of(got, "Content-Length");
      if (got.size() >= end + 4 + std::strtoul(length.c_str(), nullptr, 10)) break;
    }
    if (!read_some(fd_, got, left(until))) break;
  }
  return got;
}

bool RawClient::closed_within(std::chrono::milliseconds wait, std::string* got) {
  std::string sink;
  const auto until = Clock::now() + wait;
  while (Clock::now() < until)
    if (!read_some(fd_, got ? *got : sink, left(until))) return true;
  return false;
}

int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.substr(9, 3).c_str());
}

std::string header_of(const std::string& response, const std::string& name) {
  const std::string head = response.substr(0, response.find("\r\n\r\n"));
  std::size_t pos = head.find("\r\n");
  while (pos != std::string::npos) {
    const std::size_t start = pos + 2, end = head.find("\r\n", start);
    const std::string line = head.substr(start, end == std::string::npos ? end : end - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos && iequals(line.substr(0, colon), name)) {
      std::size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      return line.substr(v);
    }
    pos = end;
  }
  return {};
}

std::string body_of(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

TlsFiles::TlsFiles() {
  char dir[] = "/tmp/mynasim-http-XXXXXX";
  if (!mkdtemp(dir)) throw std::runtime_error("mkdtemp");
  dir_ = dir;
  cert = dir_ + "/cert.pem";
  key = dir_ + "/key.pem";
  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, pkey);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_sign(x, pkey, EVP_sha256());
  FILE* f = std::fopen(cert.c_str(), "w");
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(key.c_str(), "w");
  PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(pkey);
}

TlsFiles::~TlsFiles() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace mynasim::http::testing
