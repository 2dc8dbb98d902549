// Internal to tools/common/http (server.cpp, connection.cpp): the server's shared state. Only
// the library's own .cpp files include it, so Boost stays out of every other file.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "tools/common/http/server.hpp"

namespace mynasim::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Server::Impl {
  explicit Impl(ServerOptions o) : options(std::move(o)) {}

  // Connections still count here while the io_context destroys them, so these come first.
  std::mutex mutex;
  std::map<std::string, std::size_t> per_address;
  std::size_t total = 0, refused = 0;

  ServerOptions options;
  Router router;
  std::optional<asio::ssl::context> tls;  // outlives the connections' TLS streams
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::steady_timer accept_retry{ioc};
  std::unique_ptr<asio::thread_pool> pool;

  void accept();
};

// Serves one accepted socket (over TLS when the server has a certificate) until it closes.
// `admitted`: within the connection limits; otherwise it is answered 503 and closed.
void serve_connection(Server::Impl& server, tcp::socket socket, std::string address, bool admitted);

}  // namespace mynasim::http
