// Compiling this file is passing: every answer below is computed by the
// compiler. It is the proof that a user can static_assert an answer.
#include <gpucompat/gpucompat.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;

// The version algebra.
static_assert("11.2"_v == "11.2.0"_v);
static_assert("2.11.0rc1"_v < "2.11.0"_v);
static_assert("450.80.02"_v.text() == "450.80.02");
static_assert(VersionSpec::parse(">=2.4,<2.7")->contains("2.6.2"_v));
static_assert(!VersionSpec::parse("<2.11")->contains("2.11.0"_v));
static_assert(DriverVersion::parse("27.21.14.5671")->text() == "456.71");
static_assert(*DriverCudaVersion::parse("12040") == DriverCudaVersion{12, 4});
static_assert(*ComputeCapability::parse("sm_86") == ComputeCapability{8, 6});
static_assert(!Version::parse("1..2"));
static_assert(Version::parse("1..2").error().position == 1);

// Facts derived from the tables.
static_assert(last_gpu_release(Platform::Windows) == "2.10.0"_v);
static_assert(last_gpu_release(Platform::MacOS) == "1.1.0"_v);
static_assert(wsl2_min_build() == 19044);
static_assert(find_cuda_release("10.1"_v)->windows_min == *DriverVersion::parse("418.96"));
static_assert(*parse_windows_build("21H2") == 19044);

// Whole answers.
constexpr Query windows_850m = [] {
    Query q;
    q.platform = Platform::Windows;
    q.driver = *DriverVersion::parse("456.71");
    q.cc.push_back(ComputeCapability{5, 0});
    return q;
}();
static_assert(resolve(windows_850m).best()->tensorflow == "2.10.0"_v);
static_assert(resolve(windows_850m).best()->compatibility == Compatibility::MinorVersion);

constexpr Query tf21_old_driver = [] {
    Query q;
    q.platform = Platform::Windows;
    q.driver = *DriverVersion::parse("418.95");
    q.tensorflow = *VersionSpec::parse("2.1");
    return q;
}();
static_assert(!resolve(tf21_old_driver).fits());
static_assert(resolve(tf21_old_driver).rejected[0].reasons.has(ReasonCode::DriverTooOld));

constexpr Query wsl_19043 = [] {
    Query q;
    q.platform = Platform::Wsl2;
    q.windows_build = 19043;
    return q;
}();
static_assert(!resolve(wsl_19043).fits());

constexpr InstalledStack tf24_on_cuda101 = [] {
    InstalledStack s;
    s.tensorflow = "2.4"_v;
    s.cuda = "10.1"_v;
    s.cudnn = "7.6.5"_v;
    return s;
}();
static_assert(check(tf24_on_cuda101).has(ReasonCode::CudaRuntimeMismatch));
static_assert(check(tf24_on_cuda101).has(ReasonCode::CudnnMajorMismatch));

int main() { return 0; }
