#include "reader/client/surface_client.hpp"

namespace mynasim::client {

const char* name_of(SurfaceKey key) {
  switch (key) {
    case SurfaceKey::kBirthDate:
      return "birth-date";
    case SurfaceKey::kCollationB:
      return "collation-b";
    case SurfaceKey::kCollationA:
      return "collation-a";
  }
  return "?";
}

SurfaceClient::SurfaceClient(Channel& channel)
    : ApplicationClient(channel, {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02},
                        "the surface application (券面事項確認AP)") {}

}  // namespace mynasim::client
