// libcudart.so.13 stand-in: cudaError_t cudaRuntimeGetVersion(int*), as
// cuda_runtime_api.h declares it. STANDIN_CUDART_MODE; STANDIN_CUDART_VERSION
// (default 13000 = 13.0).
#include "standin.hpp"

extern "C" int cudaRuntimeGetVersion(int* v) {
    standin::misbehave("STANDIN_CUDART_MODE");
    *v = static_cast<int>(standin::number("STANDIN_CUDART_VERSION", 13000));
    return 0;
}
