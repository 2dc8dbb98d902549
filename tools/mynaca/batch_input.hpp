// Many holders for `mynaca issue --batch FILE`: CSV (RFC 4180: a header row, commas, fields in
// double quotes may hold commas, quotes "" and line breaks) or JSON (an array of objects).
// Columns / keys: name, address, birth, sex (required); pin, sign_password, my_number,
// resident_code, out (optional; an empty pin or sign_password cell takes the one from
// --pin-env / --sign-password-env or the prompt). Unknown columns are refused, so that a typo
// is not ignored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pki/holder.hpp"

namespace mynasim::mynaca {

struct BatchRow {
  std::string where;  // "line 3" (CSV) or "entry 2" (JSON), for messages
  pki::HolderInput input;
  std::optional<std::string> pin;
  std::optional<std::string> sign_password;
  std::string out;
  ~BatchRow();
};

// `format`: "csv", "json", or "" to choose by the file name's extension. Throws CommandError
// naming the line or entry and the column.
std::vector<BatchRow> read_batch(const std::string& path, std::string format);

// Where a row's `out` value puts its card image: `out_dir` ("" = the current directory) joined
// with `out`, which must stay inside it. A batch file may come from elsewhere, so an absolute
// path, a ".." that climbs out, a symbolic link (in the directories on the way, or the image
// name itself) that leads out are refused: throws CommandError "out: \"VALUE\" ..." (status 1).
std::string batch_output_path(const std::string& out_dir, const std::string& out);

}  // namespace mynasim::mynaca
