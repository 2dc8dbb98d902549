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

# The card-info issuer (pki/card_info): Cairo + Pango render the card face's text in a Japanese
# font, OpenJPEG encodes the photo as JPEG 2000, libpng writes 1-bit PNGs, libjpeg reads a
# portrait the issuer supplies. Host side only.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo)
pkg_check_modules(OPENJP2 REQUIRED IMPORTED_TARGET libopenjp2)
pkg_check_modules(LIBPNG REQUIRED IMPORTED_TARGET libpng)
pkg_check_modules(LIBJPEG REQUIRED IMPORTED_TARGET libjpeg)

if(MYNASIM_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()
