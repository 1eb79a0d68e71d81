// Whether a process the tests started (or its child) is still running.
#pragma once

#include <fstream>
#include <string>

#include <signal.h>
#include <sys/types.h>

namespace gpucompat_test {

// Running, not a zombie: a killed grandchild is reparented, and where no
// init reaps it, it stays a zombie that kill(pid, 0) still finds.
inline bool alive(pid_t pid) {
    if (::kill(pid, 0) != 0) return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto paren = line.rfind(')');
    return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

}  // namespace gpucompat_test
