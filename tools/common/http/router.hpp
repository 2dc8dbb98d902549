// The server's route table: method + exact path, or method + path prefix. Kept apart from the
// I/O so that the lookup rules (404 against 405, the body limit of each route) are plain code.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "tools/common/http/message.hpp"

namespace mynasim::http {

using Handler = std::function<void(const Request&, Response&)>;

inline constexpr std::size_t kDefaultBodyLimit = 16 * 1024;

struct RouteOptions {
  // The largest body the route accepts; a longer one is answered 413 while it is read.
  std::size_t body_limit = kDefaultBodyLimit;
};

struct Route {
  std::string method;
  std::string path;  // the exact path, or the prefix when `prefix`
  bool prefix = false;
  Handler handler;
  RouteOptions options;
};

class Router {
 public:
  void add(Route route);

  struct Match {
    const Route* route = nullptr;  // null: see status
    int status = 0;                // 404 (no route has the path) or 405 (not with this method)
    std::string allow;             // for 405: the methods the path has, "GET, POST"
  };
  // An exact path wins over a prefix; among prefixes the longest wins.
  Match find(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace mynasim::http
