#include "reader/faults/faulty_card.hpp"

#include <chrono>
#include <set>

#include "reader/link/answer_delay.hpp"

namespace mynasim::reader::faults {

FaultyCard::FaultyCard(CardEndpoint& inner, std::shared_ptr<FaultEngine> engine,
                       std::shared_ptr<FaultLog> log, std::size_t reader)
    : CardDecorator(inner), engine_(std::move(engine)), log_(std::move(log)), reader_(reader) {}

FaultyCard::FaultyCard(std::unique_ptr<CardEndpoint> inner, std::shared_ptr<FaultEngine> engine,
                       std::shared_ptr<FaultLog> log, std::size_t reader)
    : CardDecorator(*inner),
      owned_(std::move(inner)),
      engine_(std::move(engine)),
      log_(std::move(log)),
      reader_(reader) {}

void FaultyCard::corrupt(Bytes& response, unsigned bits, std::uint64_t draw) {
  // The data, when there are some: a status word turned into another is what the sw fault is for.
  const std::size_t bytes = response.size() > 2 ? response.size() - 2 : response.size();
  const std::uint64_t total = bytes * 8;
  const std::uint64_t count = std::min<std::uint64_t>(bits, total);
  // Floyd's sampling: `count` distinct positions out of `total`, one draw each.
  SeededRandom random(draw);
  std::set<std::uint64_t> positions;
  for (std::uint64_t j = total - count; j < total; ++j) {
    const std::uint64_t t = random.below(j + 1);
    positions.insert(positions.count(t) ? j : t);
  }
  for (const std::uint64_t bit : positions)
    response[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
}

Exchange FaultyCard::after_card(Exchange exchange) {
  if (cut_armed_ && inner().power_cut_fired()) {
    cut_armed_ = false;
    return {Exchange::Kind::kRemove, {}, cut_reinsert_ms_};
  }
  return exchange;
}

Exchange FaultyCard::act(const Firing& firing, ByteView command) {
  const Action& action = firing.action;
  using Kind = Exchange::Kind;
  switch (action.kind) {
    case ActionKind::kSw:  // the card never sees the command
      return {Kind::kAnswer,
              {static_cast<std::uint8_t>(action.sw >> 8), static_cast<std::uint8_t>(action.sw)},
              -1};
    case ActionKind::kMute:  // the card never sees it either: it is stuck before the command
      return {Kind::kMute, {}, -1};
    case ActionKind::kDelay: {
      Exchange answer = after_card(inner().exchange(command));
      // Added to the card's own time: the answer leaves `ms` after the card gave it.
      wait_until_elapsed(
          std::chrono::steady_clock::now(),
          std::chrono::nanoseconds(static_cast<std::int64_t>(action.delay_ms * 1e6)));
      return answer;
    }
    case ActionKind::kCorrupt: {
      Exchange answer = after_card(inner().exchange(command));
      if (answer.kind != Kind::kMute && answer.kind != Kind::kRemove)
        corrupt(answer.response, action.bits, firing.draw);
      return answer;
    }
    case ActionKind::kRemove: {
      if (action.when == When::kBefore) return {Kind::kRemove, {}, action.reinsert_ms};
      Exchange answer = after_card(inner().exchange(command));
      if (answer.kind != Kind::kAnswer) return answer;  // the card left already
      if (action.when == When::kDuring) return {Kind::kRemove, {}, action.reinsert_ms};
      return {Kind::kAnswerThenRemove, std::move(answer.response), action.reinsert_ms};
    }
    case ActionKind::kReset: {
      Exchange answer = after_card(inner().exchange(command));
      if (answer.kind != Kind::kAnswer) return answer;
      return {Kind::kAnswerThenReset, std::move(answer.response), -1};
    }
    case ActionKind::kPowerLoss:
      // A card that cannot be cut (a relayed real one) loses power as the command arrives.
      if (!inner().arm_power_cut(action.step)) return {Kind::kRemove, {}, action.reinsert_ms};
      cut_armed_ = true;
      cut_reinsert_ms_ = action.reinsert_ms;
      return after_card(inner().exchange(command));
    case ActionKind::kFieldLoss: {
      // The card was working on the command when the field went: its answer is lost.
      const Exchange answer = after_card(inner().exchange(command));
      if (answer.kind != Kind::kAnswer) return answer;
      return {Kind::kRemove, {}, action.reinsert_ms};
    }
  }
  return after_card(inner().exchange(command));
}

Exchange FaultyCard::exchange(ByteView command) {
  const std::vector<Firing> firings = engine_->on_command(command);
  // One fault acts on a command: the first that fires. A field loss needs a contactless reader
  // (docs/faults.md); on another it does nothing, and the next fault may act.
  const Firing* acting = nullptr;
  const bool contactless = !firings.empty() && is_contactless_atr(inner().atr());
  for (const Firing& firing : firings) {
    const bool acts = !acting && (firing.action.kind != ActionKind::kFieldLoss || contactless);
    if (acts) acting = &firing;
    if (log_) log_->record(reader_, firing, command, acts);
  }
  if (!acting) return after_card(inner().exchange(command));
  return act(*acting, command);
}

}  // namespace mynasim::reader::faults
