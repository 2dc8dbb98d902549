#include "tools/mynasim/replay_files.hpp"

#include <algorithm>
#include <utility>

#include "reader/client/pin_catalog.hpp"

namespace mynasim::tools::replay {
namespace {

const Bytes kIsdAid = {0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00};

// The catalog's AID of an application ("JPKI", "text", ...).
Bytes catalog_aid(std::string_view application) {
  for (const auto& entry : client::pin_catalog())
    if (entry.application == application) return entry.aid;
  return {};
}

}  // namespace

const char* app_name(App app) {
  switch (app) {
    case App::kNone:
      return "MF";
    case App::kJpki:
      return "JPKI";
    case App::kText:
      return "text";
    case App::kSurface:
      return "surface";
    case App::kCommon:
      return "common";
    case App::kJuki:
      return "juki";
    case App::kOther:
      return "other";
  }
  return "?";
}

App app_of(ByteView df_name, Bytes& aid) {
  // The order a prefix SELECT finds them in on the simulated card (card_profiles.cpp).
  static const std::pair<App, Bytes> kApps[] = {
      {App::kJpki, catalog_aid("JPKI")}, {App::kCommon, catalog_aid("common")},
      {App::kJuki, catalog_aid("juki")}, {App::kSurface, catalog_aid("surface")},
      {App::kText, catalog_aid("text")}, {App::kNone, kIsdAid}};
  for (const auto& [app, known] : kApps)
    if (!df_name.empty() && df_name.size() <= known.size() &&
        std::equal(df_name.begin(), df_name.end(), known.begin())) {
      aid = known;
      return app;
    }
  aid.assign(df_name.begin(), df_name.end());
  return App::kOther;
}

void FileTracker::power() {
  app_ = App::kNone;
  df_.clear();
  ef_.reset();
}

void FileTracker::observe(const iso7816::CommandApdu& command, std::uint16_t sw) {
  if (sw != 0x9000 || (command.cla & 0x80) != 0) return;
  if (command.ins == 0xA4) {
    if (command.p1 == 0x04) {
      app_ = app_of(command.data, df_);
      ef_.reset();
    } else if (command.p1 == 0x02 && command.data.size() == 2) {
      ef_ = read_u16(command.data, 0);
    }
    return;
  }
  // READ BINARY / READ RECORD with a short EF identifier make that EF the current one.
  if (command.ins == 0xB0 && (command.p1 & 0x80)) ef_ = command.p1 & 0x1F;
  if (command.ins == 0xB2 && (command.p2 >> 3) != 0) ef_ = command.p2 >> 3;
}

std::optional<std::uint16_t> FileTracker::addressed_ef(const iso7816::CommandApdu& command) const {
  if (command.ins == 0xB0 && (command.p1 & 0x80)) return command.p1 & 0x1F;
  if (command.ins == 0xB2 && (command.p2 >> 3) != 0) return command.p2 >> 3;
  // VERIFY, CHANGE, 80 2A, INTERNAL AUTHENTICATE: P2 = 80 is the current EF's key, 80+SFI a key
  // by its identifier.
  const bool key_command = command.ins == 0x20 || command.ins == 0x24 || command.ins == 0x2A ||
                           command.ins == 0x32 || command.ins == 0x2C || command.ins == 0x88;
  if (key_command && command.p2 > 0x80 && command.p2 <= 0x9E) return command.p2 & 0x1F;
  return ef_;
}

}  // namespace mynasim::tools::replay
