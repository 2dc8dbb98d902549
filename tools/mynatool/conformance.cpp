// `mynatool conformance`: what may run on this card, then every scenario, then the reports.
//
// Which card is the simulator: the reader is mynasim's own (pcscd's name for our driver's reader
// starts with "Mynasim Virtual Reader") AND the card accepts the office key given with
// --office-key (EXTERNAL AUTHENTICATE, never sent to a card in another reader). Only then may the
// suite block PINs, change values and restart mynasim: it can put everything back. Any other
// card is treated as real: read-only checks (empty VERIFY, SELECT, reset, power cycle,
// reconnect), or with --destructive and the reader's name typed back (or --confirm-reader NAME)
// the checks that spend tries, never taking a counter below 2 and never changing a value.

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "pki/office_key.hpp"
#include "reader/client/pin_values.hpp"
#include "tools/mynatool/commands.hpp"
#include "tools/mynatool/conformance.hpp"

namespace mynasim::tools {
namespace {

using namespace conformance;

constexpr std::string_view kSimulatorReader = "Mynasim Virtual Reader";
const Bytes kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};

struct ConformanceOptions {
  bool destructive = false;
  std::string confirm_reader;
  std::vector<std::string> reports;
  std::string pins_file;
  std::string pins_env;
  int pins_fd = -1;
  std::string office_key;
  std::string simulator_control;
};

struct UsageError : CommandFailed {
  using CommandFailed::CommandFailed;
};

// "name=value" lines (# comments); the names are the PIN catalog's (reader/client/pin_values).
PinValues read_values(const ConformanceOptions& o) {
  try {
    if (!o.pins_env.empty()) return client::pin_values_from_env(o.pins_env);
    if (o.pins_fd >= 0) return client::pin_values_from_fd(o.pins_fd);
    if (!o.pins_file.empty()) {
      std::ifstream in(o.pins_file);
      if (!in) throw UsageError("cannot read " + o.pins_file);
      std::stringstream text;
      text << in.rdbuf();
      return client::parse_pin_values(text.str(), o.pins_file);
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  return {};
}

// The typed confirmation for destructive checks on a card that is not the simulator.
bool confirmed(const ConformanceOptions& o, const std::string& reader) {
  if (!o.confirm_reader.empty()) return o.confirm_reader == reader;
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) return false;
  const std::string ask = "Destructive checks spend PIN tries of the card in '" + reader +
                          "' (never below 2). Type the reader's name to go on: ";
  (void)!::write(tty, ask.data(), ask.size());
  std::string answer;
  char c = 0;
  while (::read(tty, &c, 1) == 1 && c != '\n') answer.push_back(c);
  ::close(tty);
  return answer == reader;
}

void write_report(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw CommandFailed("cannot write the report " + path);
}

int run(const GlobalOptions& global, const ConformanceOptions& o) {
  for (const auto& path : o.reports)
    if (!path.ends_with(".xml") && !path.ends_with(".json"))
      throw UsageError("--report " + path + ": the name must end in .xml (JUnit) or .json");
  const PinValues values = read_values(o);
  CardUnderTest card({global.reader, global.trace, o.simulator_control});

  Power power = Power::kReadOnly;
  hostcrypto::EvpPkeyPtr office_key;
  std::unique_ptr<client::OfficeClient> office;
  Bytes serial;
  if (card.reader().starts_with(kSimulatorReader) && !o.office_key.empty()) {
    office_key = pki::load_office_key(o.office_key);
    office = std::make_unique<client::OfficeClient>(
        card.channel(), [key = office_key.get()](ByteView challenge, ByteView card_serial) {
          return hostcrypto::sign_digest_info(key, pki::office_digest_info(challenge, card_serial));
        });
    serial = office->card_serial();
    office->open(kJpkiAid, serial);  // throws unless the card knows this office key
    power = Power::kSimulator;
  } else if (o.destructive) {
    if (!confirmed(o, card.reader()))
      throw CommandFailed("destructive checks not confirmed: the reader's name was not typed back");
    power = Power::kBounded;
  }
  if (!o.simulator_control.empty() && power != Power::kSimulator)
    throw UsageError("--simulator-control needs the simulator (mynasim's reader and --office-key)");

  Suite suite{card, values, power, office.get(), serial};
  const auto results = run_all(suite);
  for (const auto& path : o.reports)
    write_report(path, path.ends_with(".xml") ? junit_xml(results, card.reader())
                                              : json_report(results, card.reader(), power));
  if (global.json)
    std::printf("%s", json_report(results, card.reader(), power).c_str());
  else
    std::printf("reader: %s\nmode:   %s\n%s", card.reader().c_str(), power_name(power),
                table(results).c_str());
  for (const auto& r : results)
    if (r.outcome == ScenarioResult::Outcome::kFailed) return 1;
  return 0;
}

}  // namespace

void add_conformance_command(CLI::App& app, GlobalOptions& options) {
  auto o = std::make_shared<ConformanceOptions>();
  auto* command = app.add_subcommand(
      "conformance",
      "PIN lockout conformance scenarios for every PIN of the card (read-only on a "
      "real card unless --destructive)");
  command->add_flag("--destructive", o->destructive,
                    "on a card that is not the simulator, also run the checks that spend tries "
                    "(never below 2); asks for the reader's name");
  command->add_option("--confirm-reader", o->confirm_reader,
                      "the reader's name, instead of typing it at the prompt");
  command->add_option("--report", o->reports, "write a report: FILE.xml (JUnit) or FILE.json");
  command->add_option("--pins-file", o->pins_file,
                      "file of NAME=VALUE lines (" + client::pin_names() + ")");
  command->add_option("--pins-env", o->pins_env, "environment variable holding NAME=VALUE lines");
  command->add_option("--pins-fd", o->pins_fd, "file descriptor to read NAME=VALUE lines from");
  command->add_option("--office-key", o->office_key,
                      "the simulator card's office key (PEM): makes the run a simulator run");
  command->add_option("--simulator-control", o->simulator_control,
                      "program the suite runs with 'restart' or 'kill' to restart or kill -9 "
                      "mynasim (tests/integration/conformance/sim_control.sh)");
  command->callback([&options, o] {
    try {
      if (run(options, *o) != 0)
        throw CommandFailed("conformance: some scenarios failed (see the table above)");
    } catch (const UsageError& e) {
      std::fprintf(stderr, "mynatool conformance: %s\n", e.what());
      throw CLI::RuntimeError(2);
    }
  });
}

}  // namespace mynasim::tools
