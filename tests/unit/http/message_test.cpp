// Request/Response helpers and the route table, without I/O.
#include <catch2/catch.hpp>

#include "tools/common/http/message.hpp"
#include "tools/common/http/router.hpp"

namespace mynasim::http {

TEST_CASE("query strings and paths are decoded as browsers encode them", "[http]") {
  Request req;
  split_target("/a%20b+c?code=AB12-CD34&x=1+2%3D3&flag&=v", req);
  CHECK(req.path == "/a b+c");
  CHECK(req.get_param_value("code") == "AB12-CD34");
  CHECK(req.get_param_value("x") == "1 2=3");
  CHECK(req.has_param("flag"));
  CHECK(req.get_param_value("flag").empty());
  CHECK_FALSE(req.has_param("y"));
  CHECK(percent_decode("%zz%4", false) == "%zz%4");
}

TEST_CASE("header names compare without case", "[http]") {
  Request req;
  req.headers = {{"Content-Type", "application/json"}, {"cookie", "a=b"}};
  CHECK(req.get_header_value("content-type") == "application/json");
  CHECK(req.get_header_value("Cookie") == "a=b");
  CHECK(req.has_header("COOKIE"));
  CHECK(req.get_header_value("Origin").empty());
  Response res;
  res.set_header("Set-Cookie", "a=1");
  res.set_header("Set-Cookie", "b=2");
  res.set_content("x", "text/plain");
  res.set_content("{}", "application/json");
  CHECK(res.headers == Headers{{"Set-Cookie", "a=1"},
                               {"Set-Cookie", "b=2"},
                               {"Content-Type", "application/json"}});
}

TEST_CASE("routes: exact paths, the longest prefix, 404 against 405", "[http]") {
  Router router;
  const Handler none = [](const Request&, Response&) {};
  router.add({"GET", "/ocsp/", true, none, {0}});
  router.add({"POST", "/ocsp", false, none, {16384}});
  router.add({"GET", "/crl/", true, none, {0}});
  router.add({"GET", "/crl/special/", true, none, {0}});
  CHECK(router.find("POST", "/ocsp").route->options.body_limit == 16384);
  CHECK(router.find("GET", "/ocsp/MEUw").route->path == "/ocsp/");
  CHECK(router.find("GET", "/crl/special/x").route->path == "/crl/special/");
  const auto wrong = router.find("GET", "/ocsp");
  CHECK(wrong.status == 405);
  CHECK(wrong.allow == "POST");
  CHECK(router.find("POST", "/crl/special/x").status == 405);
  CHECK(router.find("GET", "/ocsp/").status == 404);
  CHECK(router.find("GET", "/other").status == 404);
  CHECK_THROWS(router.add({"POST", "/ocsp", false, none, {1}}));
}

}  // namespace mynasim::http
