// compile_time — answers computed by the compiler. If this file compiles, the
// answers hold; change a fact in data/ and the build tells you.
#include <cstdio>

#include <gpucompat/gpucompat.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;

// A Windows laptop with a GeForce GTX 850M (compute capability 5.0) and driver 456.71.
constexpr Query laptop = [] {
    Query q;
    q.platform = Platform::Windows;
    q.driver = *DriverVersion::parse("456.71");
    q.cc.push_back(ComputeCapability{5, 0});
    return q;
}();
constexpr auto answer = resolve(laptop);
static_assert(answer.best()->tensorflow == "2.10.0"_v, "TF 2.10 was the last native-Windows GPU release");
static_assert(answer.best()->compatibility == Compatibility::MinorVersion, "456.71 < 460.82: CUDA 11.2 runs via minor version compatibility");
static_assert(answer.best()->driver_min()->text() == "452.39");

// Driver strings from Device Manager convert at compile time too.
static_assert(DriverVersion::parse("27.21.14.5671")->text() == "456.71");

int main() {
    std::printf("Best for %s with driver %s: TensorFlow %s (CUDA %s, cuDNN %s, %s)\n", "GeForce GTX 850M on Windows",
                std::string(laptop.driver->text()).c_str(), std::string(answer.best()->tensorflow.text()).c_str(),
                std::string(answer.best()->row->cuda.text()).c_str(), std::string(answer.best()->row->cudnn.text()).c_str(),
                std::string(to_string(answer.best()->compatibility)).c_str());
    return 0;
}
