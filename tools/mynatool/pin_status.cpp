// `mynatool pin status`: every PIN and 照合番号 of the card, each by an empty VERIFY that never
// spends a try (reference §4): JPKI 0018/001B, text 0011/0012/0014/0015, surface
// 0011/0012/0013, 共通 001C, 住基 001C. An application the card does not have (the smartphone
// token profile has only JPKI) is reported absent, not as an error.
#include <cstdio>
#include <functional>

#include "reader/client/common_client.hpp"
#include "reader/client/surface_client.hpp"
#include "reader/client/text_client.hpp"
#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {
namespace {

using client::PinStatus;
using client::PinType;
using nlohmann::json;

std::string status_text(const PinStatus& status) {
  switch (status.state) {
    case PinStatus::State::kUnlimited:
      return "no retry limit";
    case PinStatus::State::kNotReported:
      return "not reported";
    case PinStatus::State::kBlocked:
      return "blocked";
    case PinStatus::State::kTriesLeft:
      return std::to_string(status.tries_left) +
             (status.tries_left == 1 ? " try left" : " tries left");
  }
  return "?";
}

const char* state_name(PinStatus::State state) {
  switch (state) {
    case PinStatus::State::kUnlimited:
      return "unlimited";
    case PinStatus::State::kNotReported:
      return "not_reported";
    case PinStatus::State::kBlocked:
      return "blocked";
    case PinStatus::State::kTriesLeft:
      return "tries_left";
  }
  return "?";
}

json status_json(const PinStatus& status) {
  return {{"state", state_name(status.state)}, {"tries_left", status.tries_left}};
}

std::string fid_text(std::uint16_t fid) {
  char text[8];
  std::snprintf(text, sizeof text, "%04X", fid);
  return text;
}

struct Row {
  std::string application, key, ef, state, what;
};

class StatusReport {
 public:
  void add(const std::string& application, const std::string& key, std::uint16_t fid,
           const std::string& what, const PinStatus& status) {
    rows_.push_back({application, key, fid_text(fid), status_text(status), what});
    json entry = status_json(status);
    entry["ef"] = fid_text(fid);
    json_[application]["present"] = true;
    json_[application]["keys"][key] = entry;
  }
  void absent(const std::string& application, const std::string& what) {
    rows_.push_back({application, "-", "-", "absent", what});
    json_[application] = {{"present", false}};
  }
  void absent_key(const std::string& application, const std::string& key, std::uint16_t fid,
                  const std::string& what) {
    rows_.push_back({application, key, fid_text(fid), "absent", what});
    json_[application]["present"] = true;
    json_[application]["keys"][key] = {{"state", "absent"}, {"ef", fid_text(fid)}};
  }
  json& json_doc() { return json_; }

  std::string text() const {
    std::vector<Row> all = {{"application", "key", "EF", "state", "what"}};
    all.insert(all.end(), rows_.begin(), rows_.end());
    std::size_t w[4] = {0, 0, 0, 0};
    for (const auto& r : all) {
      w[0] = std::max(w[0], r.application.size());
      w[1] = std::max(w[1], r.key.size());
      w[2] = std::max(w[2], r.ef.size());
      w[3] = std::max(w[3], r.state.size());
    }
    std::string out;
    for (const auto& r : all) {
      auto pad = [](std::string s, std::size_t n) {
        return s + std::string(n - s.size() + 2, ' ');
      };
      out += pad(r.application, w[0]) + pad(r.key, w[1]) + pad(r.ef, w[2]) + pad(r.state, w[3]) +
             r.what + "\n";
    }
    return out;
  }

 private:
  std::vector<Row> rows_;
  json json_ = json::object();
};

// One application's keys: absent when the card has no such application or no such key.
template <typename Client, typename Key>
void report_keys(StatusReport& report, Client& client, const std::string& application,
                 const std::string& absent_text,
                 std::initializer_list<std::pair<Key, const char*>> keys) {
  if (!client.select_if_present()) {
    report.absent(application, absent_text);
    return;
  }
  for (const auto& [key, what] : keys) {
    if (!client.key_present(key)) {
      report.absent_key(application, client::name_of(key), static_cast<std::uint16_t>(key), what);
      continue;
    }
    report.add(application, client::name_of(key), static_cast<std::uint16_t>(key), what,
               client.key_status(key));
  }
}

}  // namespace

void add_pin_status_command(CLI::App& pin, GlobalOptions& options) {
  auto* status =
      pin.add_subcommand("status", "tries left for every PIN and 照合番号 (never spends one)");
  status->add_flag("--json", options.json, "print one JSON document");
  status->callback([&options] {
    Session session(options);
    pcsc::CardConnection::Transaction transaction(session.card());
    StatusReport report;
    session.jpki().select();
    const auto auth = session.jpki().pin_status(PinType::kAuth);
    const auto sign = session.jpki().pin_status(PinType::kSign);
    report.add("jpki", "auth", 0x0018, "user-authentication PIN (4 digits)", auth);
    report.add("jpki", "sign", 0x001B, "signature password (6-16 A-Z 0-9)", sign);

    using client::SurfaceKey;
    using client::TextKey;
    client::TextClient text(session.channel());
    report_keys<client::TextClient, TextKey>(
        report, text, "text", "no text application (券面事項入力補助AP)",
        {{TextKey::kPin, "text-application PIN (4 digits)"},
         {TextKey::kBlocked, "reserved key, blocked at issuance"},
         {TextKey::kCollationA, "照合番号A (the My Number)"},
         {TextKey::kCollationB, "照合番号B (birth date, expiry year, security code)"}});
    client::SurfaceClient surface(session.channel());
    report_keys<client::SurfaceClient, SurfaceKey>(
        report, surface, "surface", "no surface application (券面事項確認AP)",
        {{SurfaceKey::kBirthDate, "birth date (Japanese-era YYMMDD)"},
         {SurfaceKey::kCollationB, "照合番号B (birth date, expiry year, security code)"},
         {SurfaceKey::kCollationA, "照合番号A (the My Number)"}});
    client::CommonClient common(session.channel());
    report_keys<client::CommonClient, client::ResidentKey>(
        report, common, "common", "no common application (共通カードAP)",
        {{client::ResidentKey::kPin, "common-application PIN (4 digits)"}});
    client::ResidentClient juki(session.channel());
    report_keys<client::ResidentClient, client::ResidentKey>(
        report, juki, "juki", "no resident-registry application (住基AP)",
        {{client::ResidentKey::kPin, "resident-registry PIN (4 digits)"}});

    // "auth" and "sign" stay at the top, as before the card-info applications were reported.
    json doc = report.json_doc();
    doc["auth"] = status_json(auth);
    doc["sign"] = status_json(sign);
    print_result(options, doc, report.text());
  });
}

}  // namespace mynasim::tools
