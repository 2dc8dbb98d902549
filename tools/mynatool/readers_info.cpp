// `mynatool readers` and `mynatool info`.
#include <map>

#include "iso7816/status_words.hpp"
#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {
namespace {

using nlohmann::json;

// The applications of a My Number card (reference §1), probed by SELECT.
const std::vector<std::pair<std::string, Bytes>> kApplications = {
    {"jpki", {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01}},
    {"text", {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08}},
    {"surface", {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02}},
    {"juki", {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01}},
    {"common", {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00}},
};

void list_readers(const GlobalOptions& options) {
  pcsc::Context context;
  json readers = json::array();
  std::string text;
  for (const auto& state : context.reader_states()) {
    readers.push_back({{"name", state.name},
                       {"card_present", state.card_present},
                       {"atr", compact_hex(state.atr)}});
    text += state.name +
            (state.card_present ? "  [card " + to_hex(state.atr, ':') + "]" : "  [empty]") + "\n";
  }
  if (readers.empty()) text = "no readers\n";
  print_result(options, {{"readers", readers}}, text);
}

void show_info(const GlobalOptions& options) {
  Session session(options);
  json out;
  std::string text;
  const Bytes atr = session.card().atr();
  out["reader"] = session.card().reader();
  out["atr"] = compact_hex(atr);
  text +=
      "reader:        " + session.card().reader() + "\nATR:           " + to_hex(atr, ':') + "\n";
  json applications = json::object();
  text += "applications: ";
  for (const auto& [name, aid] : kApplications) {
    iso7816::CommandApdu select;
    select.ins = 0xA4;
    select.p1 = 0x04;
    select.p2 = 0x0C;
    select.data = aid;
    const bool present = session.channel().transmit(select).ok();
    applications[name] = present;
    if (present) text += " " + name;
  }
  text += "\n";
  out["applications"] = applications;
  if (applications["jpki"]) {
    auto& jpki = session.jpki();
    jpki.select();
    const Bytes token = jpki.token_info();
    const std::string label = client::JpkiClient::token_label(token);
    const Bytes presence = jpki.certificate_presence();
    const bool sign_cert = presence.size() >= 2 && presence[0] == 0x8F;
    const bool auth_cert = presence.size() >= 2 && presence[1] == 0x8F;
    out["token_label"] = label;
    out["certificates"] = {{"sign", sign_cert}, {"auth", auth_cert}};
    text += "token label:   " + label + "\ncertificates:  sign " +
            (sign_cert ? "present" : "absent") + ", auth " + (auth_cert ? "present" : "absent") +
            "\n";
  }
  print_result(options, out, text);
}

}  // namespace

std::string compact_hex(ByteView bytes) {
  return to_hex(bytes, '\0');
}

void add_readers_command(CLI::App& app, GlobalOptions& options) {
  app.add_subcommand("readers", "list the PC/SC readers and their cards")->callback([&options] {
    list_readers(options);
  });
}

void add_info_command(CLI::App& app, GlobalOptions& options) {
  app.add_subcommand("info", "ATR, the applications that answer, the JPKI token info")
      ->callback([&options] { show_info(options); });
}

}  // namespace mynasim::tools
