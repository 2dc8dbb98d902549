#include "reader/client/text_client.hpp"

namespace mynasim::client {

const char* name_of(TextKey key) {
  switch (key) {
    case TextKey::kPin:
      return "pin";
    case TextKey::kBlocked:
      return "blocked-0012";
    case TextKey::kCollationA:
      return "collation-a";
    case TextKey::kCollationB:
      return "collation-b";
  }
  return "?";
}

TextClient::TextClient(Channel& channel)
    : ApplicationClient(channel, {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08},
                        "the text application (券面事項入力補助AP)"),
      channel_(channel) {}

}  // namespace mynasim::client
