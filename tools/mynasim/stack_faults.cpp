#include "tools/mynasim/stack_faults.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reader/faults/faulty_card.hpp"

namespace mynasim::tools {

using reader::faults::ActionKind;
using reader::faults::FaultEngine;
using reader::faults::PlanError;
using reader::faults::Rule;

StackFaults::StackFaults(const std::string& faults_file, const std::string& log_file,
                         const char* command)
    : file_(faults_file) {
  if (!faults_file.empty()) {
    std::vector<std::string> warnings;
    plan_ = reader::faults::load_plan(faults_file, warnings);
    for (const auto& warning : warnings)
      std::fprintf(stderr, "mynasim %s: %s\n", command, warning.c_str());
  }
  log_ = log_file.empty() ? std::make_shared<reader::faults::FaultLog>()
                          : std::make_shared<reader::faults::FaultLog>(log_file);
}

std::string StackFaults::refuse(const Rule& rule, std::size_t reader) const {
  if (rule.action.kind != ActionKind::kFieldLoss) return {};
  const auto atr = atrs_.find(reader);
  if (atr == atrs_.end() || reader::faults::is_contactless_atr(atr->second)) return {};
  return "field_loss needs a reader that presents the contactless ATR (--atr contactless); "
         "reader " +
         std::to_string(reader) + " presents " + to_hex(atr->second);
}

std::unique_ptr<reader::CardEndpoint> StackFaults::wrap(std::unique_ptr<reader::CardEndpoint> card,
                                                        std::size_t reader) {
  std::lock_guard lock(mutex_);
  atrs_[reader] = card->atr();
  auto& engine = engines_[reader];
  if (!engine) {
    engine = std::make_shared<FaultEngine>(plan_.seed);
    for (std::size_t i = 0; i < plan_.rules.size(); ++i) {
      if (const std::string why = refuse(plan_.rules[i], reader); !why.empty())
        throw PlanError(file_ + ": faults[" + std::to_string(i) + "].action: " + why);
      engine->add(plan_.rules[i]);
    }
  }
  return std::make_unique<reader::faults::FaultyCard>(std::move(card), engine, log_, reader);
}

std::string StackFaults::add(std::size_t reader, const std::string& json) {
  std::vector<std::string> warnings;  // the client printed them already
  const Rule rule = reader::faults::parse_rule(json, "fault add", warnings);
  std::lock_guard lock(mutex_);
  const auto engine = engines_.find(reader);
  if (engine == engines_.end())
    return "error no reader number " + std::to_string(reader) + " (the stack has " +
           std::to_string(engines_.size()) + " reader(s), numbered from 0)";
  if (const std::string why = refuse(rule, reader); !why.empty()) return "error " + why;
  const std::size_t index = engine->second->add(rule);
  return "ok fault " + std::to_string(index) + " added to reader " + std::to_string(reader);
}

std::string StackFaults::handle(const std::string& request) {
  std::istringstream words(request);
  std::string verb, number;
  words >> verb;
  if (verb == "add") {
    words >> number;
    std::string json;
    std::getline(words >> std::ws, json);
    if (number.empty() || number.size() > 3 ||
        number.find_first_not_of("0123456789") != std::string::npos)
      return "error no reader number '" + number + "'";
    try {
      return add(std::stoul(number), json);
    } catch (const PlanError& e) {
      return std::string("error ") + e.what();
    }
  }
  words >> number;  // list and clear: one reader's, or every reader's
  std::lock_guard lock(mutex_);
  if (verb == "list") {
    std::string out = "ok";
    for (const auto& [reader, engine] : engines_) {
      if (!number.empty() && number != std::to_string(reader)) continue;
      const auto rules = engine->list();
      for (std::size_t i = 0; i < rules.size(); ++i) {
        nlohmann::ordered_json line;
        line["reader"] = reader;
        line["index"] = i;
        line["matched"] = rules[i].matched;
        line["fired"] = rules[i].fired;
        line["fault"] = nlohmann::ordered_json::parse(rules[i].rule.source);
        out += "\n" + line.dump();
      }
    }
    return out;
  }
  if (verb == "clear") {
    std::size_t cleared = 0;
    for (const auto& [reader, engine] : engines_) {
      if (!number.empty() && number != std::to_string(reader)) continue;
      cleared += engine->list().size();
      engine->clear();
    }
    return "ok " + std::to_string(cleared) + " fault(s) cleared";
  }
  return "error unknown fault request '" + request + "' (add, list, clear)";
}

}  // namespace mynasim::tools
