// The faults of `mynasim exec|run` (docs/faults.md): the --faults file read before the stack
// starts, a FaultyCard around every card (so that `mynasim fault add` works on any running
// stack), the fault log, and the control socket's "fault" requests:
//   fault add N JSON   ->  "ok fault I added to reader N"
//   fault list [N]     ->  "ok" and one JSON line per rule: reader, index, matched, fired, fault
//   fault clear [N]    ->  "ok ..." (every reader's rules, or reader N's)
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "iso7816/bytes.hpp"
#include "reader/faults/fault_engine.hpp"
#include "reader/faults/fault_log.hpp"
#include "reader/faults/fault_plan.hpp"
#include "reader/link/card_endpoint.hpp"

namespace mynasim::tools {

class StackFaults {
 public:
  // Reads `faults_file` (none when empty) and opens `log_file` (stderr when empty). Prints the
  // file's warnings as "mynasim COMMAND: warning: ...". Throws reader::faults::PlanError for a
  // bad file (exit 2), std::runtime_error when the log cannot be opened.
  StackFaults(const std::string& faults_file, const std::string& log_file, const char* command);

  // Puts reader `reader`'s card behind a FaultyCard with that reader's rules (kept when another
  // card is inserted into the reader). Throws PlanError when a field_loss fault of the file
  // meets a reader whose ATR is not the contactless one.
  std::unique_ptr<reader::CardEndpoint> wrap(std::unique_ptr<reader::CardEndpoint> card,
                                             std::size_t reader);

  // A control request after the "fault" verb; the full answer ("ok ..." or "error ...").
  std::string handle(const std::string& request);

 private:
  std::string add(std::size_t reader, const std::string& json);
  // "" when `rule` may go to `reader`, else why not.
  std::string refuse(const reader::faults::Rule& rule, std::size_t reader) const;

  std::string file_;
  reader::faults::Plan plan_;
  std::shared_ptr<reader::faults::FaultLog> log_;
  mutable std::mutex mutex_;
  std::map<std::size_t, std::shared_ptr<reader::faults::FaultEngine>> engines_;
  std::map<std::size_t, Bytes> atrs_;  // what each reader presents
};

}  // namespace mynasim::tools
