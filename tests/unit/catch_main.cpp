// Catch2 v2 entry point shared by every unit-test program.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
