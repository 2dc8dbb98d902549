// The client layer's name for iso7816/secret.hpp's Secret (one class: the tools hold the same).
#pragma once

#include "iso7816/secret.hpp"

namespace mynasim::client {

using mynasim::Secret;

}  // namespace mynasim::client
