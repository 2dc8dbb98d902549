#include "tools/common/http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace mynasim::http {

void Router::add(Route route) {
  for (const Route& r : routes_)
    if (r.method == route.method && r.path == route.path && r.prefix == route.prefix)
      throw std::logic_error("http: route registered twice: " + route.method + " " + route.path);
  routes_.push_back(std::move(route));
}

Router::Match Router::find(const std::string& method, const std::string& path) const {
  // The routes whose path matches, best first: the exact ones, then the longest prefix.
  std::size_t best = 0;
  bool exact = false;
  for (const Route& r : routes_) {
    if (!r.prefix && r.path == path) {
      exact = true;
    } else if (r.prefix && path.size() > r.path.size() && path.rfind(r.path, 0) == 0) {
      best = std::max(best, r.path.size());
    }
  }
  if (!exact && best == 0) return {nullptr, 404, {}};
  Match match{nullptr, 405, {}};
  for (const Route& r : routes_) {
    const bool same_path = exact
                               ? (!r.prefix && r.path == path)
                               : (r.prefix && r.path.size() == best && path.rfind(r.path, 0) == 0);
    if (!same_path) continue;
    if (r.method == method) return {&r, 0, {}};
    match.allow += (match.allow.empty() ? "" : ", ") + r.method;
  }
  return match;
}

}  // namespace mynasim::http
