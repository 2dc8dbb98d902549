// reader/pcsc's public headers compile without libpcsclite's (this program does not get its
// include directories) and define none of its names: the handles stay in detail/.
#include <catch2/catch.hpp>
#include <type_traits>

#include "reader/pcsc/context.hpp"
#include "reader/pcsc/pcsc_error.hpp"
#include "reader/pcsc/response_chain.hpp"

#if defined(SCARD_S_SUCCESS) || defined(SCARD_PROTOCOL_T1) || defined(MAX_ATR_SIZE)
#error "a public header of reader/pcsc includes libpcsclite's headers"
#endif

using namespace mynasim;

TEST_CASE("pcsc public headers: the wrapper's classes own their handles", "[pcsc]") {
  // One owner per libpcsclite handle: neither a context nor a connection can be copied.
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<pcsc::Context>);
  STATIC_REQUIRE_FALSE(std::is_copy_assignable_v<pcsc::Context>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<pcsc::CardConnection>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<pcsc::CardConnection::Transaction>);
  CHECK(pcsc::Protocol::kT0 != pcsc::Protocol::kT1);
}
