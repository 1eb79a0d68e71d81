// libnvidia-ml.so.1 stand-in: nvml.h's signatures (nvmlReturn_t is an int-sized
// enum, 0 = NVML_SUCCESS; nvmlDevice_t an opaque pointer). STANDIN_NVML_MODE,
// STANDIN_GPUS (count, default 1), STANDIN_GPU_NAME, STANDIN_MIG (1: enabled, 3 devices).
#include "standin.hpp"

#include <cstdint>

namespace {
constexpr const char* mode_var = "STANDIN_NVML_MODE";
struct Device {
    unsigned index;
};
Device devices[4096];
bool garbage() { return standin::is(mode_var, "garbage"); }
}  // namespace

extern "C" {
int nvmlInit_v2() {
    standin::misbehave(mode_var);
    return 0;
}
int nvmlShutdown() { return 0; }
int nvmlSystemGetDriverVersion(char* version, unsigned length) {
    standin::copy(version, length, garbage() ? "\x1b]0;pwned\x07 0.0" : "580.159.04");
    return 0;
}
int nvmlSystemGetCudaDriverVersion_v2(int* v) {
    *v = garbage() ? -5 : 13000;
    return 0;
}
int nvmlDeviceGetCount_v2(unsigned* count) {
    *count = static_cast<unsigned>(standin::number("STANDIN_GPUS", 1));
    return 0;
}
int nvmlDeviceGetHandleByIndex_v2(unsigned index, Device** device) {
    if (index >= 4096) return 2;  // NVML_ERROR_INVALID_ARGUMENT
    devices[index].index = index;
    *device = &devices[index];
    return 0;
}
int nvmlDeviceGetName(Device*, char* name, unsigned length) {
    const char* n = std::getenv("STANDIN_GPU_NAME");
    standin::copy(name, length, garbage() ? "\x1b[2J\x1b[31mEVIL \xff\xfe GPU\x9b" : n != nullptr ? n : "NVIDIA H200");
    return 0;
}
int nvmlDeviceGetCudaComputeCapability(Device*, int* major, int* minor) {
    *major = garbage() ? 300 : 9;
    *minor = 0;
    return 0;
}
int nvmlDeviceGetMigMode(Device*, unsigned* current, unsigned* pending) {
    if (standin::number("STANDIN_MIG", 0) == 0) return 3;  // NVML_ERROR_NOT_SUPPORTED, as on GPUs without MIG
    *current = *pending = 1;
    return 0;
}
int nvmlDeviceGetMaxMigDeviceCount(Device*, unsigned* count) {
    *count = 7;
    return 0;
}
int nvmlDeviceGetMigDeviceHandleByIndex(Device* d, unsigned index, Device** mig) {
    if (index >= 3) return 6;  // NVML_ERROR_NOT_FOUND
    *mig = d;
    return 0;
}
}
