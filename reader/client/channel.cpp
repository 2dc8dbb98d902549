#include "reader/client/channel.hpp"

#include "iso7816/trace.hpp"

namespace mynasim::client {

iso7816::ResponseApdu PcscChannel::transmit(const iso7816::CommandApdu& command) {
  if (trace_) {
    if (auto raw = iso7816::build_command(command)) {
      trace_("> " + iso7816::describe_command(*raw));
      secure_wipe(*raw);
    }
  }
  iso7816::ResponseApdu response = card_.transmit(command);
  if (trace_) trace_("< " + iso7816::describe_response(response.to_bytes()));
  return response;
}

}  // namespace mynasim::client
