#include "tools/mynatool/session.hpp"

#include <cstdio>

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

void print_result(const GlobalOptions& options, const nlohmann::json& json,
                  const std::string& text) {
  if (options.json)
    std::printf("%s\n", json.dump(2).c_str());
  else if (!text.empty())
    std::printf("%s%s", text.c_str(), text.back() == '\n' ? "" : "\n");
}

}  // namespace mynasim::tools
