#include "tools/mynasim/upstream_card.hpp"

#include <chrono>
#include <cstdio>

namespace mynasim::tools {
namespace {

using reader::trace::CardEvent;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Failures after which the handle is no use: connect again next time.
bool handle_lost(const pcsc::PcscError& e) {
  return e.kind() == pcsc::PcscErrorKind::kCardRemoved ||
         e.kind() == pcsc::PcscErrorKind::kNoCard ||
         e.kind() == pcsc::PcscErrorKind::kUnknownReader;
}

}  // namespace

UpstreamCard::UpstreamCard(const pcsc::Context& context, std::string reader,
                           reader::trace::TraceWriter* trace)
    : context_(context), reader_(std::move(reader)), trace_(trace) {
  card_ = context_.connect(reader_);
  atr_ = card_->atr();
}

UpstreamCard::~UpstreamCard() = default;

pcsc::CardConnection& UpstreamCard::connection() {
  bool stale = false;
  {
    std::lock_guard lock(mutex_);
    std::swap(stale, stale_);
  }
  if (stale) card_.reset();
  if (!card_) card_ = context_.connect(reader_);
  return *card_;
}

Bytes UpstreamCard::atr() {
  std::lock_guard lock(mutex_);
  return atr_;
}

void UpstreamCard::reconnect(bool cold, bool record) {
  Bytes atr;
  try {
    pcsc::CardConnection& card = connection();
    if (cold)
      card.power_cycle();
    else
      card.reset();
    atr = card.atr();
  } catch (const pcsc::PcscError& e) {
    // The card is going (its removal follows) or the reader broke: the next command says so.
    if (handle_lost(e)) card_.reset();
    std::fprintf(stderr, "mynasim relay: %s\n", e.what());
    return;
  }
  {
    std::lock_guard lock(mutex_);
    atr_ = atr;
  }
  if (record && trace_) trace_->event(CardEvent::kReset, atr);
}

void UpstreamCard::power_on() {
  bool fresh = false;
  {
    std::lock_guard lock(mutex_);
    if (!present_) return;
    std::swap(fresh, fresh_);
  }
  // Always cold upstream (the card may have been used by others since); in the trace only when
  // it is not the power-up that comes with an insertion.
  reconnect(true, !fresh);
}

void UpstreamCard::reset() {
  {
    std::lock_guard lock(mutex_);
    if (!present_) return;
    fresh_ = false;
  }
  reconnect(false, true);
}

void UpstreamCard::power_off() {
  {
    std::lock_guard lock(mutex_);
    if (!present_) return;  // the virtual card leaving because the real one left: "removed" says it
    fresh_ = false;
  }
  if (trace_) trace_->event(CardEvent::kPowerOff);
}

Bytes UpstreamCard::transmit(ByteView command) {
  const double t = trace_ ? trace_->now() : 0;
  const Clock::time_point start = Clock::now();
  try {
    pcsc::CardConnection& card = connection();
    Bytes response = card.transmit_raw(command);
    if (trace_) trace_->exchange(t, command, response, ms_since(start));
    return response;
  } catch (const pcsc::PcscError& e) {
    if (trace_) trace_->error(t, command, pcsc::error_name(e.code()), ms_since(start));
    if (handle_lost(e)) card_.reset();
    return {};  // a mute card
  }
}

void UpstreamCard::removed() {
  std::lock_guard lock(mutex_);
  present_ = false;
  stale_ = true;
}

void UpstreamCard::inserted(Bytes atr) {
  std::lock_guard lock(mutex_);
  present_ = true;
  stale_ = true;
  fresh_ = true;
  atr_ = std::move(atr);
}

}  // namespace mynasim::tools
