// libcudnn.so.9 stand-in: size_t cudnnGetVersion(void), as cudnn_graph.h
// declares it. STANDIN_CUDNN_MODE; STANDIN_CUDNN_VERSION (default 91900 = 9.19.0).
// Without STANDIN_CUDNN_VERSION, a file `standin_cudnn_version` beside the
// loaded library gives the number: two copies on one machine (a system
// cuDNN 9.14 in LD_LIBRARY_PATH, the wheel's 9.19) can then answer apart.
#include "standin.hpp"

#include <cstddef>
#include <cstdio>
#include <string>

#include <dlfcn.h>

namespace {
long version_beside_me() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&version_beside_me), &info) == 0 || info.dli_fname == nullptr) return 0;
    std::string dir = info.dli_fname;
    const auto slash = dir.rfind('/');
    dir = slash == std::string::npos ? std::string(".") : dir.substr(0, slash);
    long v = 0;
    if (std::FILE* f = std::fopen((dir + "/standin_cudnn_version").c_str(), "r")) {
        if (std::fscanf(f, "%ld", &v) != 1) v = 0;
        std::fclose(f);
    }
    return v;
}
}  // namespace

extern "C" std::size_t cudnnGetVersion() {
    standin::misbehave("STANDIN_CUDNN_MODE");
    const long beside = version_beside_me();
    return static_cast<std::size_t>(standin::number("STANDIN_CUDNN_VERSION", beside > 0 ? beside : 91900));
}
