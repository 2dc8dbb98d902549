// Private to reader/pcsc (its .cpp files include it; nothing outside does): the libpcsclite
// handles behind the public classes of context.hpp.
#pragma once

#include <PCSC/winscard.h>

#include "reader/pcsc/context.hpp"

namespace mynasim::pcsc {

struct Context::Handle {
  SCARDCONTEXT context = 0;
};

struct CardConnection::Handle {
  SCARDHANDLE card = 0;
  DWORD protocol = 0;  // SCARD_PROTOCOL_T0 or SCARD_PROTOCOL_T1 (0 for a direct connection)
  DWORD share = SCARD_SHARE_SHARED;
};

}  // namespace mynasim::pcsc
