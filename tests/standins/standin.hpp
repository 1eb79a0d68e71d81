// Stand-ins for NVIDIA's libraries, for tests on machines without a GPU.
// Each exports the real symbol names with the real signatures, and
// misbehaves on request (STANDIN_<LIB>_MODE), as broken installs do:
//   ok (default), crash (SIGSEGV), abort, exit (exit(0) mid-call), hang,
//   garbage (answers no real library gives).
#pragma once

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace standin {
inline const char* mode(const char* var) {
    const char* v = std::getenv(var);
    return v != nullptr ? v : "ok";
}
inline bool is(const char* var, const char* m) { return std::strcmp(mode(var), m) == 0; }
// Carries out crash/abort/exit/hang; returns for ok and garbage.
inline void misbehave(const char* var) {
    if (is(var, "crash")) std::raise(SIGSEGV);
    if (is(var, "abort")) std::abort();
    if (is(var, "exit")) std::_Exit(0);
    if (is(var, "hang"))
        for (;;) pause();
}
inline long number(const char* var, long fallback) {
    const char* v = std::getenv(var);
    return v != nullptr ? std::strtol(v, nullptr, 10) : fallback;
}
inline void copy(char* out, unsigned length, const char* text) {
    if (length == 0) return;
    std::strncpy(out, text, length - 1);
    out[length - 1] = '\0';
}
}  // namespace standin
