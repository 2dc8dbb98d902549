// What every mynaca command gets: the authority directory, --json, the clock (--now pins it,
// for tests and demonstrations), and one way to print results and failures.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>

#include "pki/unix_time.hpp"

namespace mynasim::mynaca {

struct Context {
  std::string dir;
  bool json = false;
  std::optional<pki::UnixTime> fixed_now;

  pki::UnixTime now() const;
};

// A failure the user can act on; main prints it and exits with `status`.
class CommandError : public std::runtime_error {
 public:
  explicit CommandError(const std::string& message, int status = 1, std::string field = {})
      : std::runtime_error(message), status_(status), field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& field() const { return field_; }  // the input field at fault, if one is

 private:
  int status_;
  std::string field_;
};

// --json: `document` on stdout; otherwise `text` (a trailing newline is added if missing).
void emit(const Context& context, const nlohmann::json& document, const std::string& text);

// Prints "mynaca: <message>" on stderr and, with --json, {"error": ..., "field": ...} on stdout.
void report_error(bool json, const std::string& message, const std::string& field = {});

}  // namespace mynasim::mynaca
