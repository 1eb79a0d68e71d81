// Must NOT compile for any GPUCOMPAT_CASE from 1 on: each uses a malformed
// value in a constant expression, which must be a compile error naming the
// reason (tests/CMakeLists.txt matches the diagnostic), never an empty value.
// GPUCOMPAT_CASE 0 is the well-formed twin of every case: it must compile, so
// a failure of the others is the malformed text, not a typo in this file.
#include <gpucompat/gpucompat.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;

#if GPUCOMPAT_CASE == 0
constexpr Version v = "2.10"_v;
constexpr DriverVersion d = "535.104.05"_driver;
constexpr ComputeCapability c = "8.6"_cc;
constexpr DriverVersion w = *DriverVersion::parse("27.21.14.5671");
constexpr Version p = Version::parse("2.10").value();
constexpr Query q = [] {
    Query x;
    x.driver = *DriverVersion::parse("27.21.14.5671");
    x.cc.push_back(ComputeCapability{8, 6});
    return x;
}();
static_assert(resolve(q).fits());
#elif GPUCOMPAT_CASE == 1
constexpr Version v = "2..10"_v;
#elif GPUCOMPAT_CASE == 2
constexpr DriverVersion d = "535.104.05x"_driver;
#elif GPUCOMPAT_CASE == 3
constexpr ComputeCapability c = "8.x"_cc;
#elif GPUCOMPAT_CASE == 4
// The example: the last digit of Windows' form typed as a letter l.
constexpr DriverVersion w = *DriverVersion::parse("27.21.14.567l");
#elif GPUCOMPAT_CASE == 5
constexpr Version p = Version::parse("2..10").value();
#elif GPUCOMPAT_CASE == 6
// A query whose driver names nothing: resolve() refuses it.
constexpr Query q = [] {
    Query x;
    x.driver = DriverVersion{};
    return x;
}();
static_assert(resolve(q).fits());
#elif GPUCOMPAT_CASE == 7
// A compute capability 0.0 names no GPU.
constexpr Query q = [] {
    Query x;
    x.cc.push_back(ComputeCapability{0, 0});
    return x;
}();
#endif

int main() { return 0; }
