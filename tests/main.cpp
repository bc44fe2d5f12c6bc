// The Catch2 main, and nothing else (excluded from unity builds).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
