// The server: its routes, the listening socket and the connection limits (who is admitted,
// who is answered 503), the I/O threads and the worker pool. A connection's life is in
// connection.cpp.
#include <sys/resource.h>

#include <boost/asio/strand.hpp>
#include <stdexcept>
#include <thread>

#include "tools/common/http/server_impl.hpp"
#include "tools/common/http/tls_policy.hpp"

namespace mynasim::http {

using boost::system::error_code;

void Server::Impl::accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {  // out of descriptors, most likely: breathe, then accept again
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](error_code e) {
        if (!e) accept();
      });
      return;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    const auto endpoint = socket.remote_endpoint(ignored);
    std::string address = endpoint.address().to_string();
    bool admitted = false;
    {
      std::lock_guard lock(mutex);
      auto& mine = per_address[address];
      if (mine < options.max_connections_per_address && total < options.max_connections) {
        admitted = true;
        ++mine;
        ++total;
      } else {
        if (mine == 0) per_address.erase(address);
        if (refused >= options.max_connections) {
          socket.close(ignored);  // a flood: not even a 503
          return accept();
        }
        ++refused;
      }
    }
    serve_connection(*this, std::move(socket), std::move(address), admitted);
    accept();
  });
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  const ServerOptions& o = impl_->options;
  if (!o.tls_cert.empty()) {
    impl_->tls.emplace(asio::ssl::context::tls_server);
    configure_tls_server(impl_->tls->native_handle(), o.tls_cert, o.tls_key);
  }
}

Server::~Server() {
  stop();
  if (impl_->pool) impl_->pool->join();
}

void Server::get(const std::string& path, Handler handler) {
  route("GET", path, {0}, std::move(handler));
}
void Server::post(const std::string& path, Handler handler) {
  route("POST", path, {}, std::move(handler));
}
void Server::post(const std::string& path, RouteOptions options, Handler handler) {
  route("POST", path, options, std::move(handler));
}
void Server::route(const std::string& method, const std::string& path, RouteOptions options,
                   Handler handler) {
  impl_->router.add({method, path, false, std::move(handler), options});
}
void Server::route_prefix(const std::string& method, const std::string& prefix,
                          RouteOptions options, Handler handler) {
  impl_->router.add({method, prefix, true, std::move(handler), options});
}

int Server::bind(const std::string& host, int port) {
  // Every connection, refused ones included while they are answered, is a descriptor: the
  // common soft limit of 1024 would stop accepting before max_connections is reached.
  rlimit files{};
  const rlim_t wanted = 2 * impl_->options.max_connections + 64;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < wanted) {
    files.rlim_cur = std::min(wanted, files.rlim_max);
    setrlimit(RLIMIT_NOFILE, &files);
  }
  error_code ec;
  tcp::resolver resolver(impl_->ioc);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec || endpoints.empty())
    throw std::runtime_error("cannot resolve " + host + ": " + ec.message());
  const tcp::endpoint endpoint = *endpoints.begin();
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  return acceptor.local_endpoint().port();
}

void Server::run() {
  Impl& s = *impl_;
  s.pool =
      std::make_unique<asio::thread_pool>(static_cast<std::size_t>(std::max(1, s.options.workers)));
  s.accept();
  std::vector<std::thread> io;
  for (int i = 1; i < s.options.io_threads; ++i) io.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  s.ioc.stop();
  for (auto& thread : io) thread.join();
  s.pool->stop();
  s.pool->join();
}

void Server::stop() {
  impl_->ioc.stop();
}

}  // namespace mynasim::http
