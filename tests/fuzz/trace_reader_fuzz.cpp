// libFuzzer target for the trace readers `mynasim replay` uses (reader/trace): any bytes, as a
// mynasim trace, a pcsc-spy log or neither, either parse or are refused with a TraceFormatError
// that names the file; no other exception, crash or hang. What parses holds only commands that
// parse as APDUs, with masked bytes inside their data.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "reader/trace/trace_reader.hpp"

using namespace mynasim;
using namespace mynasim::reader::trace;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Trace trace = parse_trace(text, "f");
    for (const TraceEntry& entry : trace.entries) {
      require(entry.line >= 1);
      if (entry.kind == EntryKind::kEvent) continue;
      require(iso7816::parse_command(entry.command).ok());
      for (std::size_t at : entry.masked) require(at >= 5 && at < entry.command.size());
    }
  } catch (const TraceFormatError& e) {
    require(std::string_view(e.what()).starts_with("f:"));
  }
  return 0;
}
