#include "reader/client/common_client.hpp"

namespace mynasim::client {

const char* name_of(ResidentKey) {
  return "pin";
}

CommonClient::CommonClient(Channel& channel)
    : ApplicationClient(channel, {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00},
                        "the common application (共通カードAP)") {}

ResidentClient::ResidentClient(Channel& channel)
    : ApplicationClient(channel, {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01},
                        "the resident-registry application (住基AP)") {}

}  // namespace mynasim::client
