#include "tools/mynaca/batch_input.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "hostcrypto/errors.hpp"
#include "iso7816/bytes.hpp"
#include "pki/files.hpp"
#include "pki/pki_error.hpp"
#include "tools/mynaca/context.hpp"

namespace mynasim::mynaca {
namespace {

const std::vector<std::string> kRequired = {"name", "address", "birth", "sex"};
const std::vector<std::string> kOptional = {"pin", "sign_password", "my_number", "resident_code",
                                            "out"};

void wipe(std::string& s) {
  secure_wipe({reinterpret_cast<std::uint8_t*>(s.data()), s.size()});
}

struct CsvRecord {
  int line = 0;  // where the record starts
  std::vector<std::string> fields;
};

std::vector<CsvRecord> parse_csv(const std::string& text) {
  std::vector<CsvRecord> records;
  CsvRecord current{1, {}};
  std::string field;
  bool quoted = false, field_started = false;
  int line = 1;
  std::size_t i = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) i = 3;  // a UTF-8 byte order mark from a spreadsheet
  const auto end_record = [&] {
    current.fields.push_back(field);
    field.clear();
    field_started = false;
    if (!(current.fields.size() == 1 && current.fields[0].empty())) records.push_back(current);
    current = {line, {}};
  };
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      current.fields.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      end_record();
    } else {
      if (c == '"')
        throw CommandError("batch: line " + std::to_string(line) +
                           ": a double quote inside an unquoted field");
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted)
    throw CommandError("batch: line " + std::to_string(current.line) +
                       ": a quoted field is not closed");
  if (field_started || !current.fields.empty()) end_record();
  wipe(field);
  return records;
}

bool known_column(const std::string& name) {
  return std::find(kRequired.begin(), kRequired.end(), name) != kRequired.end() ||
         std::find(kOptional.begin(), kOptional.end(), name) != kOptional.end();
}

void set_field(BatchRow& row, const std::string& column, std::string value) {
  if (column == "name")
    row.input.name = std::move(value);
  else if (column == "address")
    row.input.address = std::move(value);
  else if (column == "birth")
    row.input.birth = std::move(value);
  else if (column == "sex")
    row.input.sex = std::move(value);
  else if (column == "my_number")
    row.input.my_number = std::move(value);
  else if (column == "resident_code")
    row.input.resident_code = std::move(value);
  else if (column == "out")
    row.out = std::move(value);
  // An empty PIN cell means "none of its own": the shared one applies.
  else if (column == "pin" && !value.empty())
    row.pin = std::move(value);
  else if (column == "sign_password" && !value.empty())
    row.sign_password = std::move(value);
}

std::vector<BatchRow> rows_from_csv(const std::string& text) {
  auto records = parse_csv(text);
  if (records.empty()) throw CommandError("batch: the file is empty (a header row is required)");
  const std::vector<std::string> header = records.front().fields;
  for (const std::string& column : header)
    if (!known_column(column))
      throw CommandError("batch: line 1: unknown column \"" + column + "\"");
  for (const std::string& column : kRequired)
    if (std::find(header.begin(), header.end(), column) == header.end())
      throw CommandError("batch: line 1: the column \"" + column + "\" is missing");
  std::vector<BatchRow> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    CsvRecord& record = records[r];
    const std::string where = "line " + std::to_string(record.line);
    if (record.fields.size() != header.size())
      throw CommandError("batch: " + where + ": " + std::to_string(record.fields.size()) +
                         " fields where the header has " + std::to_string(header.size()));
    BatchRow& row = rows.emplace_back();
    row.where = where;
    for (std::size_t c = 0; c < header.size(); ++c) {
      set_field(row, header[c], record.fields[c]);
      wipe(record.fields[c]);
    }
  }
  return rows;
}

std::vector<BatchRow> rows_from_json(const std::string& text) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw CommandError(std::string("batch: not JSON: ") + e.what());
  }
  if (!document.is_array()) throw CommandError("batch: the JSON must be an array of holders");
  std::vector<BatchRow> rows;
  for (std::size_t i = 0; i < document.size(); ++i) {
    const std::string where = "entry " + std::to_string(i + 1);
    const auto& entry = document[i];
    if (!entry.is_object()) throw CommandError("batch: " + where + ": not an object");
    BatchRow& row = rows.emplace_back();
    row.where = where;
    for (const auto& [key, value] : entry.items()) {
      if (!known_column(key))
        throw CommandError("batch: " + where + ": unknown key \"" + key + "\"");
      if (!value.is_string())
        throw CommandError("batch: " + where + ": " + key + ": must be a string");
      set_field(row, key, value.get<std::string>());
    }
    for (const std::string& key : kRequired)
      if (!entry.contains(key)) throw CommandError("batch: " + where + ": " + key + ": is missing");
  }
  return rows;
}

}  // namespace

BatchRow::~BatchRow() {
  if (pin) wipe(*pin);
  if (sign_password) wipe(*sign_password);
}

std::vector<BatchRow> read_batch(const std::string& path, std::string format) {
  if (format.empty()) {
    const auto dot = path.rfind('.');
    format = dot == std::string::npos ? "" : path.substr(dot + 1);
  }
  if (format != "csv" && format != "json")
    throw CommandError("format: say csv or json (cannot tell from the name " + path + ")", 2);
  Bytes bytes;
  try {
    bytes = pki::read_file(path);
  } catch (const hostcrypto::CryptoError& e) {
    throw CommandError(std::string("batch: ") + e.what());
  }
  std::string text(bytes.begin(), bytes.end());
  secure_wipe(bytes);
  auto rows = format == "csv" ? rows_from_csv(text) : rows_from_json(text);
  secure_wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  if (rows.empty()) throw CommandError("batch: no holders in " + path);
  return rows;
}

}  // namespace mynasim::mynaca

namespace mynasim::mynaca {

std::string batch_output_path(const std::string& out_dir, const std::string& out) {
  namespace fs = std::filesystem;
  const std::string dir = out_dir.empty() ? "." : out_dir;
  auto refuse = [&](const std::string& why) -> CommandError {
    return CommandError("out: \"" + out + "\" " + why, 1, "out");
  };
  const fs::path value(out);
  if (value.is_absolute()) throw refuse("is an absolute path; it must stay inside " + dir);
  const fs::path normal = value.lexically_normal();
  if (normal.empty() || normal == "." || *normal.begin() == "..")
    throw refuse("leaves " + dir + " (.. climbs out of it)");
  const fs::path joined = fs::path(dir) / normal;
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(joined, ec)))
    throw refuse("is a symbolic link (" + joined.string() +
                 "); a card image is never written through one");
  // The directories on the way may be symbolic links that lead elsewhere.
  const fs::path base = fs::weakly_canonical(fs::absolute(dir), ec);
  const fs::path real = fs::weakly_canonical(fs::absolute(joined), ec);
  const auto [end, ignored] = std::mismatch(base.begin(), base.end(), real.begin(), real.end());
  if (ec || end != base.end() || real == base)
    throw refuse("leads out of " + dir + " (to " + real.string() + ") through a symbolic link");
  return joined.string();
}

}  // namespace mynasim::mynaca
