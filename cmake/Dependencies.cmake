# Every dependency is a Debian 12 package; .ci/run installs them.

# mbedTLS 2.28 (libmbedtls-dev) ships no CMake config: find the crypto library by hand.
find_path(MBEDTLS_INCLUDE_DIR mbedtls/rsa.h REQUIRED)
find_library(MBEDCRYPTO_LIBRARY mbedcrypto REQUIRED)
add_library(mbedcrypto UNKNOWN IMPORTED)
set_target_properties(mbedcrypto PROPERTIES
  IMPORTED_LOCATION "${MBEDCRYPTO_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${MBEDTLS_INCLUDE_DIR}")

# OpenSSL 3: host side only (tools, tests). The card never links it.
find_package(OpenSSL 3 REQUIRED)

if(MYNASIM_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()
