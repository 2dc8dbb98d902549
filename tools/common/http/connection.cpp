// One connection of the server: driven by completion handlers on its strand, with one timer
// that is the deadline of whatever the connection waits for (TLS handshake and header, body,
// the client reading our answer, the next request).
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <limits>
#include <string_view>

#include "tools/common/http/server_impl.hpp"

namespace mynasim::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

namespace {

// A connection's place in the per-address and global counts, given back when it ends. A refused
// connection (answered 503) holds a place among the refused, which are bounded too.
class Slot {
 public:
  Slot(Server::Impl& server, std::string address, bool admitted)
      : server_(server), address_(std::move(address)), admitted_(admitted) {}
  ~Slot() {
    std::lock_guard lock(server_.mutex);
    if (!admitted_) {
      --server_.refused;
      return;
    }
    --server_.total;
    if (--server_.per_address[address_] == 0) server_.per_address.erase(address_);
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  Server::Impl& server_;
  std::string address_;
  bool admitted_;
};

const char* reason_text(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 408:
      return "request timeout: the request did not arrive in time";
    case 413:
      return "payload too large";
    case 431:
      return "request header fields too large";
    case 500:
      return "internal server error";
    case 503:
      return "service unavailable: too many connections, retry later";
    default:
      return "error";
  }
}

constexpr std::chrono::milliseconds kLinger{1000};
// Room for body bytes beyond the header block in the read buffer (one read's worth).
constexpr std::size_t kBodyReadBytes = 16 * 1024;  // reading what a refused client still sends

template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  Connection(Server::Impl& server, Stream stream, std::string address, bool admitted)
      : server_(server),
        options_(server.options),
        stream_(std::move(stream)),
        timer_(lowest().get_executor()),
        slot_(server, address, admitted),
        address_(std::move(address)),
        admitted_(admitted) {}

  void start() {
    arm(options_.header_timeout);  // the handshake counts against the first header's time
    if constexpr (kTls) {
      phase_ = Phase::kHandshake;
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) {
                                if (ec) return self->close();
                                self->after_handshake();
                              });
    } else {
      after_handshake();
    }
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;
  enum class Phase { kHandshake, kHeader, kBody, kHandler, kWrite, kIdle, kLinger };

  tcp::socket& lowest() {
    if constexpr (kTls) {
      return stream_.next_layer();
    } else {
      return stream_;
    }
  }

  void after_handshake() {
    if (!admitted_) return answer_error(503, {{"Retry-After", "1"}});
    read_request();
  }

  // One deadline at a time: a later arm() replaces the earlier one.
  void arm(std::chrono::milliseconds after) {
    timer_.expires_after(after);
    timer_.async_wait([self = this->shared_from_this(), generation = ++generation_](error_code ec) {
      if (!ec && generation == self->generation_) self->on_deadline();
    });
  }

  void on_deadline() {
    switch (phase_) {
      case Phase::kHeader:
      case Phase::kBody:  // the pending read completes with operation_aborted: 408
        timed_out_ = true;
        lowest().cancel();
        return;
      case Phase::kHandler:
        return;
      default:
        close();  // handshake, idle (no answer), write or linger
    }
  }

  void read_request() {
    phase_ = Phase::kHeader;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    // The route's limit is set once the header says which route. (Not boost::none: Beast 1.74
    // compares a Content-Length with it as an optional, where none is smaller than every length.)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(error_code ec) {
    if (timed_out_) return answer_error(408);
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
      return answer_error(431);
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == asio::ssl::error::stream_truncated ||
        ec == asio::error::connection_reset)
      return close();
    if (ec) return answer_error(400);
    const auto& header = parser_->get();
    if (static_cast<std::size_t>(std::distance(header.begin(), header.end())) >
        options_.max_header_fields)
      return answer_error(431);
    request_.method = std::string(header.method_string());
    split_target(std::string(header.target()), request_);
    const bool has_body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    const Router::Match match = server_.router.find(request_.method, request_.path);
    if (!match.route) {
      // A body we do not read would be taken for the next request: close after the answer.
      Headers extra;
      if (match.status == 405) extra.emplace_back("Allow", match.allow);
      return answer_error(match.status, std::move(extra), has_body);
    }
    route_ = match.route;
    const std::size_t limit = route_->options.body_limit;
    if (parser_->content_length().value_or(0) > limit) return answer_error(413);
    parser_->body_limit(limit);
    phase_ = Phase::kBody;
    arm(options_.body_timeout);
    if (parser_->is_done()) return dispatch();
    if (has_body && iequals(std::string(header[bhttp::field::expect]), "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(stream_, asio::buffer(kContinue),
                               [self = this->shared_from_this()](error_code e, std::size_t) {
                                 if (e) return self->close();
                                 self->read_body();
                               });
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](error_code ec, std::size_t) {
                        if (self->timed_out_) return self->answer_error(408);
                        if (ec == bhttp::error::body_limit) return self->answer_error(413);
                        if (ec == bhttp::error::buffer_overflow)
                          return self->answer_error(self->trailers_pending() ? 431 : 413);
                        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
                            ec == asio::error::connection_reset)
                          return self->close();
                        if (ec) return self->answer_error(400);
                        self->dispatch();
                      });
  }

  // What filled the read buffer in the body phase. Beast parses the last chunk together with
  // the trailer section, so the bytes not yet parsed then begin with the CRLF that ends the
  // previous chunk's data and a last-chunk line ("0", maybe an extension, CRLF): what overflowed
  // is trailer fields, which are header fields (431). Anything else is a chunk header whose
  // extension never ends, which is body (413).
  bool trailers_pending() const {
    const auto data = buffer_.cdata();
    std::string_view pending(static_cast<const char*>(data.data()), data.size());
    if (pending.substr(0, 2) == "\r\n") pending.remove_prefix(2);
    const std::size_t digits = pending.find_first_not_of('0');
    if (digits == 0 || digits == std::string_view::npos) return false;
    return (pending[digits] == ';' || pending[digits] == '\r') &&
           pending.find("\r\n") != std::string_view::npos;
  }

  // The handler runs on a worker; its answer comes back to this connection's strand.
  void dispatch() {
    phase_ = Phase::kHandler;
    timer_.cancel();
    auto message = parser_->release();
    request_.body = std::move(message.body());
    request_.remote_addr = address_;
    request_.headers.clear();
    for (const auto& field : message)
      request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    keep_alive_ = message.keep_alive();
    asio::post(*server_.pool, [self = this->shared_from_this()] {
      Response response;
      try {
        self->route_->handler(self->request_, response);
      } catch (...) {
        response = Response{};
        response.status = 500;
        response.set_content("internal server error\n", "text/plain");
      }
      asio::post(self->lowest().get_executor(), [self, r = std::move(response)]() mutable {
        self->write(std::move(r), !self->keep_alive_);
      });
    });
  }

  void answer_error(int status, Headers extra = {}, bool close_after = true) {
    Response response;
    response.status = status;
    response.headers = std::move(extra);
    response.set_content(std::to_string(status) + " " + reason_text(status) + "\n", "text/plain");
    if (request_.method.empty()) request_.method = "-";
    write(std::move(response), close_after || !parser_ || !parser_->get().keep_alive());
  }

  void write(Response response, bool close_after) {
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) message->insert(name, value);
    for (const auto& [name, value] : options_.default_headers)
      if (!response.has_header(name)) message->insert(name, value);
    message->body() = std::move(response.body);
    message->keep_alive(!close_after);
    message->prepare_payload();
    if (options_.logger) options_.logger(request_.method, request_.path, response.status);
    phase_ = Phase::kWrite;
    arm(options_.write_timeout);
    bhttp::async_write(
        stream_, *message,
        [self = this->shared_from_this(), message, close_after](error_code ec, std::size_t) {
          if (ec) return self->close();
          if (close_after) return self->linger();
          self->next_request();
        });
  }

  // Keep-alive: wait (idle deadline) for the first byte of the next request, then give it the
  // header deadline. Bytes already buffered (a pipelined request) start it at once.
  void next_request() {
    request_ = Request{};
    route_ = nullptr;
    timed_out_ = false;
    if (buffer_.size() > 0) {
      arm(options_.header_timeout);
      return read_request();
    }
    phase_ = Phase::kIdle;
    arm(options_.idle_timeout);
    lowest().async_wait(tcp::socket::wait_read, [self = this->shared_from_this()](error_code ec) {
      if (ec || self->phase_ != Phase::kIdle) return self->close();
      self->arm(self->options_.header_timeout);
      self->read_request();
    });
  }

  // After an answer that ends the connection: say so (TLS close_notify / TCP FIN) and read what
  // the client still sends for a moment, so that its unread bytes do not turn our close into a
  // reset that destroys the answer before the client reads it.
  void linger() {
    phase_ = Phase::kLinger;
    arm(kLinger);
    if constexpr (kTls) {
      stream_.async_shutdown([self = this->shared_from_this()](error_code) { self->close(); });
    } else {
      error_code ignored;
      lowest().shutdown(tcp::socket::shutdown_send, ignored);
      drain();
    }
  }

  void drain() {
    lowest().async_read_some(asio::buffer(scratch_),
                             [self = this->shared_from_this()](error_code ec, std::size_t) {
                               if (ec) return self->close();
                               self->drain();
                             });
  }

  void close() {
    error_code ignored;
    timer_.cancel();
    lowest().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close(ignored);
  }

  Server::Impl& server_;
  const ServerOptions& options_;
  Stream stream_;
  asio::steady_timer timer_;
  Slot slot_;
  std::string address_;
  bool admitted_;
  Phase phase_ = Phase::kHandshake;
  std::uint64_t generation_ = 0;
  bool timed_out_ = false, keep_alive_ = false;
  // Bounded: the parser keeps an unfinished line here (a chunk header and its extension, a
  // trailer field) until its CRLF, and neither the header nor the body limit counts those bytes.
  beast::flat_buffer buffer_{options_.max_header_bytes + kBodyReadBytes};
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request request_;
  const Route* route_ = nullptr;
  std::array<char, 4096> scratch_;
};

}  // namespace

void serve_connection(Server::Impl& server, tcp::socket socket, std::string address,
                      bool admitted) {
  if (server.tls) {
    std::make_shared<Connection<asio::ssl::stream<tcp::socket>>>(
        server, asio::ssl::stream<tcp::socket>(std::move(socket), *server.tls), std::move(address),
        admitted)
        ->start();
  } else {
    std::make_shared<Connection<tcp::socket>>(server, std::move(socket), std::move(address),
                                              admitted)
        ->start();
  }
}

}  // namespace mynasim::http
