// libcudnn.so.9 stand-in: size_t cudnnGetVersion(void), as cudnn_graph.h
// declares it. STANDIN_CUDNN_MODE; STANDIN_CUDNN_VERSION (default 91900 = 9.19.0).
#include "standin.hpp"

#include <cstddef>

extern "C" std::size_t cudnnGetVersion() {
    standin::misbehave("STANDIN_CUDNN_MODE");
    return static_cast<std::size_t>(standin::number("STANDIN_CUDNN_VERSION", 91900));
}
