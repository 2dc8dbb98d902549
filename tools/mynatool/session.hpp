// What every mynatool command starts from: the options shared by all commands, and a connection
// to the chosen reader's card with the JPKI client on top.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "reader/client/jpki_client.hpp"
#include "reader/pcsc/context.hpp"

namespace mynasim::tools {

struct GlobalOptions {
  std::string reader;  // --reader NAME (or a unique prefix)
  bool json = false;   // --json: one JSON document on stdout
  bool trace = false;  // --trace: every APDU on stderr, decoded, secrets masked
};

class Session {
 public:
  explicit Session(const GlobalOptions& options);
  pcsc::Context& context() { return context_; }
  pcsc::CardConnection& card() { return *card_; }
  client::Channel& channel() { return *channel_; }
  client::JpkiClient& jpki() { return jpki_; }

 private:
  pcsc::Context context_;
  std::unique_ptr<pcsc::CardConnection> card_;
  std::unique_ptr<client::PcscChannel> channel_;
  client::JpkiClient jpki_;
};

// The message of during(); rethrows `error` when it is none of the three.
[[noreturn]] void throw_interrupted(Session& session, const pcsc::PcscError& error,
                                    const std::string& operation, const std::string& not_done);

// Runs `work`, the part of `operation` ("the signature") that talks to the card. A card removed,
// reset by another program or mute meanwhile becomes one message saying so and what did not
// happen (`not_done`: "nothing was signed"); other errors pass unchanged.
template <typename Work>
void during(Session& session, const std::string& operation, const std::string& not_done,
            Work&& work) {
  try {
    work();
  } catch (const pcsc::PcscError& error) {
    throw_interrupted(session, error, operation, not_done);
  }
}

// Prints the result: JSON when asked, else the text.
void print_result(const GlobalOptions& options, const nlohmann::json& json,
                  const std::string& text);

}  // namespace mynasim::tools
