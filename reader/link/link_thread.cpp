#include "reader/link/link_thread.hpp"

#include <cstdio>
#include <optional>

#include "reader/link/card_link.hpp"

namespace mynasim::reader {

LinkThread::LinkThread(std::string socket_path, CardEndpoint& card)
    : path_(std::move(socket_path)), card_(&card), thread_([this] { run(); }) {}

LinkThread::~LinkThread() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  stop_.stop();
  changed_.notify_all();
  thread_.join();
}

std::string LinkThread::insert(int connect_timeout_ms) {
  std::unique_lock lock(mutex_);
  if (state_ == State::kIn) return {};
  want_in_ = true;
  connect_timeout_ms_ = connect_timeout_ms;
  changed_.notify_all();
  changed_.wait(lock, [&] { return state_ == State::kIn || !want_in_; });
  return state_ == State::kIn ? std::string() : error_;
}

void LinkThread::remove() {
  std::unique_lock lock(mutex_);
  reinsert_pending_ = false;
  if (state_ == State::kOut && !want_in_) return;
  stop_.stop();
  changed_.wait(lock, [&] { return state_ == State::kOut && !want_in_; });
}

bool LinkThread::inserted() {
  std::lock_guard lock(mutex_);
  return state_ == State::kIn;
}

std::string LinkThread::last_error() {
  std::lock_guard lock(mutex_);
  return error_;
}

void LinkThread::replace_card(CardEndpoint& card) {
  std::lock_guard lock(mutex_);
  card_ = &card;
}

void LinkThread::set_reset_requester(ResetRequester* resetter) {
  std::lock_guard lock(mutex_);
  resetter_ = resetter;
}

void LinkThread::set_note(LinkNote note) {
  std::lock_guard lock(mutex_);
  note_ = std::move(note);
}

void LinkThread::settle(State state, std::string error) {
  if (state == State::kOut) {
    stop_.clear();
    want_in_ = false;
  }
  state_ = state;
  error_ = std::move(error);
  changed_.notify_all();
}

void LinkThread::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // A card that a fault took out comes back at reinsert_at_ (remove() cancels, insert() and
    // quitting come first).
    const auto woken = [&] { return quit_ || want_in_ || !reinsert_pending_; };
    while (reinsert_pending_ && !quit_ && !want_in_) {
      if (!changed_.wait_until(lock, reinsert_at_, woken)) {
        reinsert_pending_ = false;
        want_in_ = true;
        connect_timeout_ms_ = 10000;
      }
    }
    changed_.wait(lock, [&] { return quit_ || want_in_; });
    if (quit_) return;
    reinsert_pending_ = false;
    state_ = State::kConnecting;
    const int timeout = connect_timeout_ms_;
    CardEndpoint& card = *card_;
    ResetRequester* resetter = resetter_;
    const LinkNote note = note_ ? note_ : [](const std::string& text) {
      std::fprintf(stderr, "mynasim: %s\n", text.c_str());
    };
    lock.unlock();

    std::string error;
    Connection connection = connect_unix(path_, timeout, stop_, error);
    std::optional<LinkOutcome> refusal;
    if (connection) refusal = greet_driver(connection.fd());
    lock.lock();
    if (!connection || refusal) {
      settle(State::kOut, stop_.stopped() ? "" : connection ? refusal->message : error);
      continue;
    }
    settle(State::kIn, {});  // a remove() already under way stops serve_driver() at once
    lock.unlock();

    const LinkOutcome end = serve_driver(connection.fd(), card, stop_, resetter, note);
    connection = Connection();  // hang up: the card leaves the reader
    card.power_off();
    lock.lock();
    const bool stopped = end.kind == LinkOutcome::Kind::kStopped || stop_.stopped();
    settle(State::kOut, end.kind == LinkOutcome::Kind::kStopped ? "" : end.message);
    if (end.kind == LinkOutcome::Kind::kCardLeft && end.reinsert_ms >= 0 && !stopped && !quit_) {
      reinsert_pending_ = true;
      reinsert_at_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(end.reinsert_ms);
    }
  }
}

}  // namespace mynasim::reader
