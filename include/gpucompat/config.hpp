// gpucompat — the library version. The single source of truth: CMake reads
// these three lines (CMakeLists.txt) for project(VERSION), and a test checks
// that the two agree.
#pragma once

#define GPUCOMPAT_VERSION_MAJOR 0
#define GPUCOMPAT_VERSION_MINOR 1
#define GPUCOMPAT_VERSION_PATCH 0

#define GPUCOMPAT_STRINGIFY_(x) #x
#define GPUCOMPAT_STRINGIFY(x) GPUCOMPAT_STRINGIFY_(x)
#define GPUCOMPAT_VERSION_STRING                                                           \
    GPUCOMPAT_STRINGIFY(GPUCOMPAT_VERSION_MAJOR) "." GPUCOMPAT_STRINGIFY(GPUCOMPAT_VERSION_MINOR) "." \
        GPUCOMPAT_STRINGIFY(GPUCOMPAT_VERSION_PATCH)
