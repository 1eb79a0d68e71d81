// libcuda.so.1 stand-in: cuda.h's driver API signatures (CUresult is an
// int-sized enum, CUdevice an int). STANDIN_CUDA_MODE; STANDIN_GPUS.
#include "standin.hpp"

namespace {
constexpr const char* mode_var = "STANDIN_CUDA_MODE";
}

extern "C" {
int cuDriverGetVersion(int* v) {
    *v = 12080;
    return 0;
}
int cuInit(unsigned) {
    standin::misbehave(mode_var);
    return 0;
}
int cuDeviceGetCount(int* n) {
    *n = static_cast<int>(standin::number("STANDIN_GPUS", 1));
    return 0;
}
int cuDeviceGet(int* dev, int ordinal) {
    *dev = ordinal;
    return 0;
}
int cuDeviceGetName(char* name, int length, int) {
    standin::copy(name, static_cast<unsigned>(length), "NVIDIA GeForce RTX 4090");
    return 0;
}
int cuDeviceGetAttribute(int* value, int attribute, int) {
    // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, _MINOR = 76
    if (attribute == 75) *value = 8;
    else if (attribute == 76) *value = 9;
    else return 1;  // CUDA_ERROR_INVALID_VALUE
    return 0;
}
}
