// check(): an installed stack against what its TensorFlow release was built with.
#include <doctest/doctest.h>

#include <string>

#include <gpucompat/gpucompat.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;

namespace {
InstalledStack stack(const char* tf, Platform p, const char* cuda, const char* cudnn) {
    InstalledStack s;
    s.tensorflow = *Version::parse(tf);
    s.platform = p;
    if (cuda != nullptr) s.cuda = *Version::parse(cuda);
    if (cudnn != nullptr) s.cudnn = *Version::parse(cudnn);
    return s;
}
}  // namespace

TEST_CASE("CUDA 10.1 + cuDNN 7.6.5: TF 2.2 passes, TF 2.4 is flagged (needs CUDA 11.0, cuDNN 8.0)") {
    const CheckResult ok = check(stack("2.2", Platform::Linux, "10.1", "7.6.5"));
    CHECK(ok.ok());
    const InstalledStack s = stack("2.4", Platform::Linux, "10.1", "7.6.5");
    const CheckResult bad = check(s);
    CHECK_FALSE(bad.ok());
    CHECK(bad.has(ReasonCode::CudaRuntimeMismatch));
    CHECK(bad.has(ReasonCode::CudnnMajorMismatch));
    const ProblemText t = problem_text(s, bad, ReasonCode::CudnnMajorMismatch);
    CHECK(t.message.find("Loaded runtime CuDNN library: 7.6.5 but source was compiled with: 8.0") != std::string::npos);
    CHECK(t.fix.find("cuDNN 8.0") != std::string::npos);
}

TEST_CASE("Windows, CUDA 10.0 installed, TF 2.1: the runtime does not provide the CUDA 10.1 DLLs") {
    InstalledStack s = stack("2.1.0", Platform::Windows, "10.0", "7.6.5");
    const CheckResult r = check(s);
    CHECK(r.has(ReasonCode::CudaRuntimeMismatch));
    const ProblemText t = problem_text(s, r, ReasonCode::CudaRuntimeMismatch);
    CHECK(t.message.find("cudart64_101.dll") != std::string::npos);
    CHECK(t.message.find("cusolver64_10.dll") != std::string::npos);
    CHECK(t.fix.find("CUDA 10.1") != std::string::npos);
    // And when the file list is known, the missing DLL is named.
    s.libraries_known = true;
    s.libraries.push_back("cudart64_100.dll");
    const CheckResult r2 = check(s);
    CHECK(r2.has(ReasonCode::LibraryNotFound));
    bool named = false;
    for (auto m : r2.missing) named = named || m == "cudart64_101.dll";
    CHECK(named);
}

TEST_CASE("cuDNN: same major, equal or newer minor") {
    CHECK(check(stack("2.10", Platform::Linux, "11.2", "8.1.0")).ok());
    CHECK(check(stack("2.10", Platform::Linux, "11.2", "8.9.7")).ok());
    CHECK(check(stack("2.12", Platform::Linux, "11.8", "8.1.0")).has(ReasonCode::CudnnMinorTooOld));
    CHECK(check(stack("2.10", Platform::Linux, "11.2", "9.3.0")).has(ReasonCode::CudnnMajorMismatch));
}

TEST_CASE("CUDA runtime: exact minor before 11, same major and newer minor from 11") {
    CHECK(cuda_runtime_serves("10.1"_v, "10.1.243"_v));
    CHECK_FALSE(cuda_runtime_serves("10.1"_v, "10.2"_v));
    CHECK_FALSE(cuda_runtime_serves("10.0"_v, "10.1"_v));
    CHECK(cuda_runtime_serves("11.2"_v, "11.8"_v));
    CHECK_FALSE(cuda_runtime_serves("11.2"_v, "11.1"_v));
    CHECK_FALSE(cuda_runtime_serves("11.8"_v, "12.0"_v));
    CHECK(cuda_runtime_serves("12.3"_v, "12.9"_v));
}

TEST_CASE("driver and unknown releases") {
    InstalledStack s = stack("2.15", Platform::Linux, "12.2", "8.9.7");
    s.driver = *DriverVersion::parse("470.57.02");
    const CheckResult r = check(s);
    CHECK(r.has(ReasonCode::DriverTooOld));
    CHECK(problem_text(s, r, ReasonCode::DriverTooOld).fix.find("535.54.03") != std::string::npos);
    CHECK(check(stack("0.9", Platform::Linux, "8.0", "5.1")).has(ReasonCode::TensorflowUnknown));
    CHECK(check(stack("2.11", Platform::Windows, "11.2", "8.1")).has(ReasonCode::TensorflowUnknown));
    // A patch release uses its minor's row.
    CHECK(check(stack("2.4.1", Platform::Linux, "11.0", "8.0.5")).ok());
}

// The library axis: a consistent stack with every option is OK; each option is applied.
TEST_CASE("check: TF 2.4 loads libcusolver.so.10, which CUDA 11.1 does not ship (tensorflow/tensorflow#45848)") {
    InstalledStack s;
    s.tensorflow = *Version::parse("2.4");
    s.cuda = *Version::parse("11.1");
    s.cudnn = *Version::parse("8.0.5");
    for (Platform p : {Platform::Linux, Platform::Windows}) {
        s.platform = p;
        const CheckResult r = check(s);
        CHECK(r.has(ReasonCode::LibraryNotFound));
        REQUIRE_FALSE(r.missing.empty());
        CHECK(std::string(r.missing[0]) == (p == Platform::Linux ? "libcusolver.so.10" : "cusolver64_10.dll"));
    }
    s.platform = Platform::Linux;
    s.cuda = *Version::parse("11.0");  // the negative control: the toolkit it was built with
    CHECK(check(s).ok());
}

TEST_CASE("check honours every query option (GPU, Python) and the platform's own reason") {
    InstalledStack s;
    s.tensorflow = *Version::parse("2.4");
    s.cuda = *Version::parse("11.0");
    s.cudnn = *Version::parse("8.0.4");
    Query q;
    q.cc.push_back(ComputeCapability{3, 0});
    q.python = *Version::parse("2.7");
    const CheckResult bad = check(s, q);
    CHECK(bad.has(ReasonCode::ComputeCapabilityUnsupported));
    CHECK(bad.has(ReasonCode::PythonUnsupported));
    Query good;
    good.cc.push_back(ComputeCapability{8, 6});
    good.python = *Version::parse("3.8");
    good.arch = Arch::X86_64;
    CHECK(check(s, good).ok());
    InstalledStack w;
    w.tensorflow = *Version::parse("2.11");
    w.platform = Platform::Windows;
    const CheckResult dropped = check(w, Query{});
    CHECK(dropped.has(ReasonCode::WindowsNativeGpuDropped));
    CHECK_FALSE(dropped.has(ReasonCode::TensorflowUnknown));
}

// Issue 15: TF 2.10's wheel asks only numpy>=1.20; with NumPy 2 its import
// fails (https://github.com/tensorflow/tensorflow/issues/91042). 2.18.0 is the
// first release built with NumPy 2 (https://github.com/tensorflow/tensorflow/releases/tag/v2.18.0).
TEST_CASE("check: an installed package the release cannot use is package-incompatible, with its fix") {
    InstalledStack s;
    s.tensorflow = *Version::parse("2.10.0");
    s.platform = Platform::Windows;
    s.packages.push_back({"numpy", *Version::parse("2.0.2")});
    const CheckResult r = check(s);
    REQUIRE(r.has(ReasonCode::PackageIncompatible));
    CHECK(to_string(ReasonCode::PackageIncompatible) == "package-incompatible");
    const ProblemText t = problem_text(s, r, ReasonCode::PackageIncompatible);
    CHECK(t.message.find("TensorFlow 2.10.0 needs numpy<2, and numpy 2.0.2 is installed") != std::string::npos);
    CHECK(t.message.find("issues/91042") != std::string::npos);
    CHECK(t.fix == "python -m pip install 'numpy<2'");

    InstalledStack ok = s;
    ok.packages = {};
    ok.packages.push_back({"numpy", *Version::parse("1.26.4")});
    CHECK_FALSE(check(ok).has(ReasonCode::PackageIncompatible));

    InstalledStack new_tf;
    new_tf.tensorflow = *Version::parse("2.18.0");
    new_tf.packages.push_back({"numpy", *Version::parse("2.0.2")});
    CHECK_FALSE(check(new_tf).has(ReasonCode::PackageIncompatible));

    // protobuf < 3.20 was added in 2.9.1 (https://github.com/tensorflow/tensorflow/releases/tag/v2.9.1):
    // 2.9.0 with protobuf 4.21.0 is a problem, 2.9.1 (pip would not allow it) is not flagged by this row.
    InstalledStack pb;
    pb.tensorflow = *Version::parse("2.9.0");
    pb.packages.push_back({"protobuf", *Version::parse("4.21.0")});
    CHECK(check(pb).has(ReasonCode::PackageIncompatible));
    pb.tensorflow = *Version::parse("2.9.1");
    CHECK_FALSE(check(pb).has(ReasonCode::PackageIncompatible));
    // 3.20.3 is not below 3.20.
    CHECK(satisfies(*Version::parse("3.20.3"), "<3.20") == false);
    CHECK(satisfies(*Version::parse("3.19.6"), "<3.20") == true);
}
