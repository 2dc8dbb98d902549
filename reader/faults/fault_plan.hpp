// Reading a faults file (docs/faults.md) into rules, and refusing a bad one with one message
// that names the file, the entry and the field. A rule that is valid but can never fire (an INS
// that ISO 7816-3 forbids, nth 0, ...) is accepted with a warning.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "reader/faults/fault_rule.hpp"

namespace mynasim::reader::faults {

struct Plan {
  std::uint64_t seed = 0;
  std::vector<Rule> rules;
};

// The one message about a bad faults file ("FILE: faults[2].ms: ...").
struct PlanError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses a faults file's text. `origin` names it in messages (the file's path). Warnings, if
// any, are appended to `warnings`, each a full line without a program prefix. Throws PlanError.
Plan parse_plan(std::string_view text, const std::string& origin,
                std::vector<std::string>& warnings);
// Reads and parses the file at `path`.
Plan load_plan(const std::string& path, std::vector<std::string>& warnings);

// Parses one fault given alone (`mynasim fault add JSON`, a control request): the same rules as
// an entry of "faults", messages as "ORIGIN: FIELD: ...".
Rule parse_rule(std::string_view text, const std::string& origin,
                std::vector<std::string>& warnings);

}  // namespace mynasim::reader::faults
