#include "tools/mynaca/context.hpp"

#include <cstdio>
#include <ctime>

namespace mynasim::mynaca {

pki::UnixTime Context::now() const {
  return fixed_now ? *fixed_now : static_cast<pki::UnixTime>(std::time(nullptr));
}

void emit(const Context& context, const nlohmann::json& document, const std::string& text) {
  if (context.json) {
    std::printf("%s\n", document.dump(2).c_str());
  } else if (!text.empty()) {
    std::fputs(text.c_str(), stdout);
    if (text.back() != '\n') std::fputc('\n', stdout);
  }
  std::fflush(stdout);
}

void report_error(bool json, const std::string& message, const std::string& field) {
  std::fprintf(stderr, "mynaca: %s\n", message.c_str());
  if (json) {
    nlohmann::json document{{"error", message}};
    if (!field.empty()) document["field"] = field;
    std::printf("%s\n", document.dump(2).c_str());
  }
}

}  // namespace mynasim::mynaca
