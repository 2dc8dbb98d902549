// Routing and answers: 404, 405 with Allow, 500 without detail, prefixes, query strings, default
// headers on every answer, 100-continue.
#include <catch2/catch.hpp>

#include "http/http_fixture.hpp"

namespace mynasim::http::testing {

TEST_CASE("unknown path 404, wrong method 405 with Allow, a throwing handler 500", "[http]") {
  ServerOptions options = quick_options();
  options.default_headers = {{"X-Content-Type-Options", "nosniff"}};
  TestServer server(options);
  RawClient client(server.port());
  client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string missing = client.response();
  CHECK(status_of(missing) == 404);
  CHECK(body_of(missing) == "404 not found\n");
  CHECK(header_of(missing, "X-Content-Type-Options") == "nosniff");

  client.send("POST /hello HTTP/1.1\r\nHost: x\r\n\r\n");  // no body: the connection stays
  const std::string wrong = client.response();
  CHECK(status_of(wrong) == 405);
  CHECK(header_of(wrong, "Allow") == "GET");

  client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string boom = client.response();
  CHECK(status_of(boom) == 500);
  CHECK(body_of(boom) == "internal server error\n");
  CHECK(header_of(boom, "X-Content-Type-Options") == "nosniff");

  client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string ok = client.response();
  CHECK(status_of(ok) == 200);
  CHECK(header_of(ok, "X-Content-Type-Options") == "nosniff");
}

TEST_CASE("a prefix route gets the decoded path and the query", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send("GET /files/a%2Bb%2F/c?q=x+y%21 HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string got = client.response();
  CHECK(status_of(got) == 200);
  CHECK(body_of(got) == "a+b//c|x y!");
  client.send("GET /files/ HTTP/1.1\r\nHost: x\r\n\r\n");  // the prefix alone is no match
  CHECK(status_of(client.response()) == 404);
}

TEST_CASE("a request body for an unknown path closes the connection after the 404", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send("POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  const std::string got = client.response();
  CHECK(status_of(got) == 404);
  CHECK(header_of(got, "Connection") == "close");
  CHECK(client.closed_within(2000ms));
}

TEST_CASE("Expect: 100-continue gets 100 Continue before the body", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  CHECK(client.receive(150ms) == "HTTP/1.1 100 Continue\r\n\r\n");
  client.send("ok");
  const std::string got = client.response();
  CHECK(status_of(got) == 200);
  CHECK(body_of(got) == "ok");
}

TEST_CASE("a malformed request line is answered 400", "[http]") {
  TestServer server;
  RawClient client(server.port());
  client.send("NOT HTTP\r\n\r\n");
  CHECK(status_of(client.response()) == 400);
  CHECK(client.closed_within(2000ms));
}

}  // namespace mynasim::http::testing
