#include "reader/link/link_thread.hpp"

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
    changed_.wait(lock, [&] { return quit_ || want_in_; });
    if (quit_) return;
    state_ = State::kConnecting;
    const int timeout = connect_timeout_ms_;
    CardEndpoint& card = *card_;
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

    const LinkOutcome end = serve_driver(connection.fd(), card, stop_);
    connection = Connection();  // hang up: the card leaves the reader
    card.power_off();
    lock.lock();
    settle(State::kOut, end.kind == LinkOutcome::Kind::kStopped ? "" : end.message);
  }
}

}  // namespace mynasim::reader
