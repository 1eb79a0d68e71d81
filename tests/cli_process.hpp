// Running the gpucompat CLI as a child process from the tests: one /bin/sh
// command line (an environment prefix, the CLI, its arguments quoted), its
// output captured in files and its exit status decoded, shared by the CLI,
// doctor and golden-text tests so each says only how its child is set up.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace gpucompat_test {

struct Run {
    int code = -1;
    std::string out, err;
    double seconds = 0;
};

// Single-quoted for /bin/sh: any byte passes through verbatim.
inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// `prefix` (e.g. "env -i A=1") then the CLI with `args`; standard output and
// error go to `out` and `err`, which are read and removed. A child killed by
// a signal reads as 128 + the signal, as a shell reports it.
inline Run run_cli(const std::string& prefix, const std::vector<std::string>& args, const std::filesystem::path& out,
                   const std::filesystem::path& err) {
    std::string cmd = prefix + " " + quote(GPUCOMPAT_CLI);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " >" + quote(out.string()) + " 2>" + quote(err.string()) + " </dev/null";
    const auto t0 = std::chrono::steady_clock::now();
    const int status = std::system(cmd.c_str());
    Run r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return r;
}

}  // namespace gpucompat_test
