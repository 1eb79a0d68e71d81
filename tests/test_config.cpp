#include <doctest/doctest.h>

#include <string>

#include <gpucompat/config.hpp>

TEST_CASE("the header's version is CMake's project version") {
    CHECK(std::string(GPUCOMPAT_VERSION_STRING) == GPUCOMPAT_CMAKE_VERSION);
}
