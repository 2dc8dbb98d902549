#include "tools/mynatool/native_messaging.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace mynasim::tools {
namespace {

// Reads exactly `size` bytes; returns how many came before the end of the stream.
std::size_t read_full(int fd, char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, out + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

}  // namespace

IncomingMessage read_message(int fd, std::size_t limit) {
  IncomingMessage in;
  char header[4];
  const std::size_t got = read_full(fd, header, sizeof header);
  if (got == 0) {
    in.status = IncomingMessage::Status::kEnd;
    in.detail = "no message: the input ended";
    return in;
  }
  if (got < sizeof header) {
    in.status = IncomingMessage::Status::kTruncated;
    in.detail = "the input ended inside the 4-byte length (" + std::to_string(got) + " bytes)";
    return in;
  }
  std::uint32_t length = 0;
  std::memcpy(&length, header, sizeof length);  // native byte order, as the browsers write it
  if (length > limit) {
    in.status = IncomingMessage::Status::kTooLarge;
    in.detail = "the message is " + std::to_string(length) + " bytes, more than the " +
                std::to_string(limit) + " accepted";
    return in;
  }
  std::string body(length, '\0');
  const std::size_t read = read_full(fd, body.data(), length);
  if (read < length) {
    in.status = IncomingMessage::Status::kTruncated;
    in.detail = "the input ended after " + std::to_string(read) + " of the " +
                std::to_string(length) + " bytes the length announced";
    return in;
  }
  in.status = IncomingMessage::Status::kMalformed;
  if (length == 0) {
    in.detail = "the message is empty";
    return in;
  }
  try {
    in.message = nlohmann::json::parse(body);  // refuses invalid UTF-8 in strings
  } catch (const nlohmann::json::parse_error& e) {
    in.detail = std::string("the message is not UTF-8 JSON: ") + e.what();
    return in;
  }
  if (!in.message.is_object()) {
    in.detail = "the message is JSON but not an object";
    return in;
  }
  in.status = IncomingMessage::Status::kOk;
  return in;
}

bool write_message(int fd, const nlohmann::json& message) {
  // Replace, not throw, on a string that is not UTF-8: the browser must still get a frame.
  const std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto length = static_cast<std::uint32_t>(body.size());
  std::string frame(sizeof length, '\0');
  std::memcpy(frame.data(), &length, sizeof length);
  frame += body;
  std::size_t done = 0;
  while (done < frame.size()) {
    const ssize_t n = ::write(fd, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace mynasim::tools
