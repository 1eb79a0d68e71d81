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
static_assert(resolve(tf21_old_driver).rejected[0].codes.has(ReasonCode::DriverTooOld));
// ... with its evidence: the toolkit's own minimum for the release's CUDA on Windows (data/cuda.json).
// The evidence is recomputed from the resolution (Resolution::reasons), in a
// constant expression as at run time, and its codes are the rejection's.
constexpr Resolution tf21 = resolve(tf21_old_driver);
static_assert(*tf21.reasons(tf21.rejected[0]).find(ReasonCode::DriverTooOld)->driver ==
              find_cuda_release(tf21.rejected[0].row->cuda)->windows_min);
static_assert(ReasonSet::of(tf21.reasons(tf21.rejected[0])) == tf21.rejected[0].codes);

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

// PyTorch: an H200 (9.0) with driver 580.159.04 and Python 3.12 on Linux gets
// the newest release's cu130 wheel, PyPI's default (data/pytorch.json: 2.13.0
// cu130, arch list 7.5;8.0;8.6;9.0;10.0;12.0+PTX; CUDA 13.0 needs 580.65.06,
// NVIDIA's CUDA 13.0 release notes in data/cuda.json).
constexpr Query h200_580 = [] {
    Query q;
    q.platform = Platform::Linux;
    q.driver = *DriverVersion::parse("580.159.04");
    q.cc.push_back(ComputeCapability{9, 0});
    q.python = "3.12"_v;
    return q;
}();
static_assert(resolve_framework(Framework::PyTorch, h200_580).best()->row->variant == "cu130");
static_assert(resolve_framework(Framework::PyTorch, h200_580).best()->compatibility == Compatibility::Full);

// A GTX 1080 (6.1) and PyTorch 2.8: the cu128 wheels start at 7.0, cu126 fits.
constexpr Query gtx1080 = [] {
    Query q;
    q.platform = Platform::Linux;
    q.cc.push_back(ComputeCapability{6, 1});
    return q;
}();
static_assert(resolve_framework(Framework::PyTorch, gtx1080, FrameworkQuery{VersionSpec::parse("2.8.0").value(), ""}).best()->row->variant == "cu126");

// check_framework(): the installed build against the machine, at compile time.
// torch 2.11.0+cu130 with the wheel's cuDNN 9.19 on the H200 is consistent;
// a cuDNN 9.14 first on the loader path is older than the row's 9.19.0.56 (the wheel's pin)
// (PyTorch: same major, runtime minor >= compile minor); on a GTX 1080 the
// cu128 wheel of 2.8.0 has no code (its list starts at 7.0).
constexpr FrameworkInstall torch_on_h200(const char* cudnn) {
    FrameworkInstall s;
    s.framework = Framework::PyTorch;
    s.version = "2.11.0"_v;
    s.variant = "cu130";
    s.machine = h200_580;
    s.cudnn = Version::parse(cudnn).value();
    return s;
}
static_assert(check_framework(torch_on_h200("9.19.0")).ok());
static_assert(check_framework(torch_on_h200("9.14.0")).has(ReasonCode::CudnnMinorTooOld));
constexpr FrameworkInstall torch28_cu128_on_gtx1080 = [] {
    FrameworkInstall s;
    s.framework = Framework::PyTorch;
    s.version = "2.8.0"_v;
    s.variant = "cu128";
    s.machine = gtx1080;
    return s;
}();
static_assert(check_framework(torch28_cu128_on_gtx1080).has(ReasonCode::ComputeCapabilityUnsupported));

// The library's edges (issue 13), checked by the compiler.
// The literals of each value type, Windows' driver form included.
static_assert("535.104.05"_driver == *DriverVersion::parse("535.104.05"));
static_assert("27.21.14.5671"_driver.text() == "456.71");
static_assert("8.6"_cc == ComputeCapability{8, 6});
static_assert("sm_120"_cc == ComputeCapability{12, 0});
static_assert(DriverVersion::parse("535.104.05").value().branch() == 535);
// Six ten-digit components: 65 characters, one more than parse() accepts.
constexpr std::uint32_t six_max[6] = {4294967295U, 4294967295U, 4294967295U, 4294967295U, 4294967295U, 4294967295U};
static_assert(Version::from_components(six_max, 6).text().size() == 65);
static_assert(Version::from_components(six_max, 6).component(5) == 4294967295U);
// semver numeric identifiers of any length, compared without overflow.
static_assert(*Version::parse_semver("1.0.0-18446744073709551617") != *Version::parse_semver("1.0.0-1"));
static_assert(*Version::parse_semver("1.0.0-18446744073709551617") > *Version::parse_semver("1.0.0-18446744073709551616"));
// Eight 8.6 GPUs and a 3.0 one: the 3.0 GPU is answered for.
constexpr Query nine_gpus = [] {
    Query q;
    q.platform = Platform::Linux;
    q.driver = "580.65.06"_driver;
    for (int i = 0; i < 8; ++i) q.cc.push_back("8.6"_cc);
    q.cc.push_back("3.0"_cc);
    return q;
}();
static_assert(nine_gpus.cc.size() == 2);
static_assert(resolve(nine_gpus).best()->tensorflow < "2.0"_v);
static_assert(query_problem(nine_gpus).empty());
static_assert(!query_problem([] { Query q; q.driver = DriverVersion{}; return q; }()).empty());

int main() { return 0; }
