// The browsers' native messaging framing (Chrome and Firefox alike): each message is a 4-byte
// length in the machine's own byte order, then that many bytes of UTF-8 JSON. The host reads one
// request and writes its answers on stdout; nothing else may ever be written there.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace mynasim::tools {

// The longest request the host reads: an authenticate request is a nonce and an origin, under
// 300 bytes; anything near this is not from the extension.
inline constexpr std::size_t kMaxRequestBytes = 8192;

struct IncomingMessage {
  enum class Status { kOk, kEnd, kTruncated, kTooLarge, kMalformed };
  Status status = Status::kOk;
  nlohmann::json message;  // an object, when kOk
  std::string detail;      // what was wrong, otherwise
};

// Reads one message from `fd`. kEnd: the stream ended before any byte (the browser went away);
// kTruncated: it ended inside the length or the body; kTooLarge: the length says more than
// `limit` (the body is not read); kMalformed: empty, not UTF-8 JSON, or not an object.
IncomingMessage read_message(int fd, std::size_t limit = kMaxRequestBytes);

// Writes `message` framed on `fd`; false when the browser has gone (it is not an error to report).
bool write_message(int fd, const nlohmann::json& message);

}  // namespace mynasim::tools
