#include "tools/mynatool/session.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "reader/client/interruption.hpp"

namespace mynasim::tools {
namespace {

std::unique_ptr<pcsc::CardConnection> connect(pcsc::Context& context, const std::string& wanted) {
  const std::string reader = context.choose_reader(wanted);
  return context.connect(reader);
}

}  // namespace

Session::Session(const GlobalOptions& options)
    : card_(connect(context_, options.reader)),
      channel_(std::make_unique<client::PcscChannel>(
          *card_, options.trace ? client::PcscChannel::TraceSink([](const std::string& line) {
            std::fprintf(stderr, "%s\n", line.c_str());
          })
                                : nullptr)),
      jpki_(*channel_) {}

void throw_interrupted(Session& session, const pcsc::PcscError& error, const std::string& operation,
                       const std::string& not_done) {
  // SCARD_E_NOT_TRANSACTED is what a reader gives for a card pulled out and for a mute one;
  // the reader's state tells them apart, once pcscd has looked (give it 200 ms).
  bool present = false;
  try {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
    do {
      present = false;
      for (const auto& state : session.context().reader_states())
        if (state.name == session.card().reader()) present = state.card_present;
      if (!present) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } while (std::chrono::steady_clock::now() < until);
  } catch (const pcsc::PcscError&) {
    // pcscd gone as well: say what the exchange itself said
  }
  const auto interruption = client::interruption_of(error, present);
  if (!interruption) throw error;
  throw pcsc::PcscError(error.kind(), error.code(),
                        client::describe(*interruption, operation, not_done));
}

void print_result(const GlobalOptions& options, const nlohmann::json& json,
                  const std::string& text) {
  if (options.json)
    std::printf("%s\n", json.dump(2).c_str());
  else if (!text.empty())
    std::printf("%s%s", text.c_str(), text.back() == '\n' ? "" : "\n");
}

}  // namespace mynasim::tools
