// resolve(): the scenarios the people this is for bring, and the rules one by one.
#include <doctest/doctest.h>

#include <string>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/gpus.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;

namespace {
Query make(std::optional<Platform> p) {
    Query q;
    q.platform = p;
    return q;
}
DriverVersion drv(const char* s) { return *DriverVersion::parse(s); }
const Candidate* find(const Resolution& r, const char* tf) {
    for (const auto& c : r.candidates)
        if (c.tensorflow == *Version::parse(tf)) return &c;
    return nullptr;
}
const Rejection* rejected(const Resolution& r, const char* tf) {
    for (const auto& x : r.rejected)
        if (x.tensorflow() == *Version::parse(tf)) return &x;
    return nullptr;
}
std::string message(const Resolution& r, const Rejection& x, ReasonCode c) { return reason_message(r, x, c); }
}  // namespace

TEST_CASE("Windows 10, TF 2.1, Python 3.7, driver 418.96: TF 2.1.0 with CUDA 10.1 / cuDNN 7.6") {
    Query q = make(Platform::Windows);
    q.windows_build = 19045;
    q.driver = drv("418.96");
    q.python = "3.7"_v;
    q.tensorflow = *VersionSpec::parse("2.1");
    const Resolution r = resolve(q);
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->tensorflow == "2.1.0"_v);
    CHECK(r.best()->row->cuda == "10.1"_v);
    CHECK(r.best()->row->cudnn == "7.6"_v);
    CHECK(r.best()->compatibility == Compatibility::Full);
    CHECK(r.best()->driver_min()->text() == "418.96");

    InstallOptions o;
    o.method = InstallMethod::Conda;
    o.exact = true;
    const InstallPlan plan = plan_install(*r.best(), o);
    REQUIRE(plan.conda.size() == 2);
    CHECK(plan.conda[0].spec() == "cudatoolkit=10.1.243=h74a9793_0");
    CHECK(plan.conda[1].spec() == "cudnn=7.6.5=cuda10.1_0");
    CHECK(plan.channel == CondaChannel::Defaults);

    q.driver = drv("418.95");
    const Resolution r2 = resolve(q);
    CHECK_FALSE(r2.fits());
    const Rejection* x = rejected(r2, "2.1.0");
    REQUIRE(x != nullptr);
    CHECK(x->codes.has(ReasonCode::DriverTooOld));
    const std::string m = message(r2, *x, ReasonCode::DriverTooOld);
    CHECK(m.find("418.96") != std::string::npos);  // what is needed
    CHECK(m.find("418.95") != std::string::npos);  // what was found
    CHECK(m.find("docs.nvidia.com") != std::string::npos);  // where the fact comes from
}

TEST_CASE("Windows 10, GeForce GTX 850M (5.0), driver 456.71: TF 2.10.0 through minor version compatibility") {
    Query q = make(Platform::Windows);
    q.driver = drv("456.71");
    const GpuModel* gpu = find_gpu("GeForce GTX 850M");
    REQUIRE(gpu != nullptr);
    q.cc.push_back(gpu->cc);
    const Resolution r = resolve(q);
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->tensorflow == "2.10.0"_v);
    CHECK(r.best()->compatibility == Compatibility::MinorVersion);
    CHECK(r.best()->driver_rule == DriverRule::MinorVersionFloor);
    CHECK(r.best()->driver_min()->text() == "452.39");
    int dropped = 0;
    for (const auto& x : r.rejected) {
        if (x.tensorflow() >= "2.11"_v) {
            CHECK(x.codes.has(ReasonCode::WindowsNativeGpuDropped));
            ++dropped;
        }
    }
    CHECK(dropped >= 10);  // 2.11 .. 2.21
    for (const auto& c : r.candidates) CHECK(c.tensorflow <= "2.10.0"_v);
}

TEST_CASE("Windows, TF < 2.11: 2.10.0, CUDA 11.2, cuDNN 8.1; conda-forge cudatoolkit=11.2 cudnn=8.1.0 then pip tensorflow<2.11") {
    Query q = make(Platform::Windows);
    q.tensorflow = *VersionSpec::parse("<2.11");
    const Resolution r = resolve(q);
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->tensorflow == "2.10.0"_v);
    CHECK(r.best()->row->cuda == "11.2"_v);
    CHECK(r.best()->row->cudnn == "8.1"_v);
    InstallOptions o;
    o.method = InstallMethod::Conda;
    o.channel = CondaChannel::CondaForge;
    const InstallPlan plan = plan_install(*r.best(), o);
    REQUIRE(plan.conda.size() == 2);
    CHECK(plan.conda[0].spec() == "cudatoolkit=11.2");
    CHECK(plan.conda[1].spec() == "cudnn=8.1.0");
    REQUIRE(plan.pip.size() == 2);
    CHECK(plan.pip[0] == "tensorflow<2.11");
    // Issue 15: 2.10's wheel asks only numpy>=1.20; on Python 3.10 pip takes
    // NumPy 2 and import fails (https://github.com/tensorflow/tensorflow/issues/91042).
    CHECK(plan.pip[1] == "numpy<2");
    const std::string sh = render_install(plan, InstallFormat::Sh);
    CHECK(sh.find("conda install -y -n tf-2.10 -c conda-forge 'cudatoolkit=11.2' 'cudnn=8.1.0'") != std::string::npos);
    CHECK(sh.find("pip install 'tensorflow<2.11' 'numpy<2'") != std::string::npos);
    CHECK(sh.find("LD_LIBRARY_PATH") == std::string::npos);  // a Linux step, not for Windows
}

TEST_CASE("WSL2: build 19043 rejects every release, 19044 admits the newest Linux release") {
    Query q = make(Platform::Wsl2);
    q.windows_build = 19043;
    const Resolution r = resolve(q);
    CHECK_FALSE(r.fits());
    for (const auto& x : r.rejected) CHECK(x.codes.has(ReasonCode::WindowsBuildTooOld));
    CHECK(r.rejected.size() == r.tables->tensorflow.size() - 27 - 2);  // every Linux row

    q.windows_build = 19044;
    const Resolution ok = resolve(q);
    REQUIRE(ok.best() != nullptr);
    CHECK(ok.best()->tensorflow == last_gpu_release(Platform::Linux));
    CHECK(ok.best()->platform == Platform::Wsl2);
    // WSL2 runs on the Windows driver: the Windows column applies.
    q.driver = drv("537.13");
    const Resolution w = resolve(q);
    REQUIRE(find(w, "2.15.0") != nullptr);
    CHECK(find(w, "2.15.0")->driver_min()->text() == "536.25");  // CUDA 12.2 GA, Windows column
    CHECK(find(w, "2.15.0")->compatibility == Compatibility::Full);
    q.driver = drv("536.23");  // below 536.25, above the 12.x Windows floor 528.33
    CHECK(find(resolve(q), "2.15.0")->compatibility == Compatibility::MinorVersion);
}

TEST_CASE("macOS: GPU rows end at 1.1.0; every later release is platform-no-gpu") {
    Query q = make(Platform::MacOS);
    const Resolution r = resolve(q);
    for (const auto& x : r.rejected) {
        CHECK(x.tensorflow() >= "1.2"_v);
        CHECK(x.codes.has(ReasonCode::PlatformNoGpu));
        CHECK(message(r, x, ReasonCode::PlatformNoGpu).find("tensorflow-metal") != std::string::npos);
    }
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->tensorflow == "1.1.0"_v);
    q.tensorflow = *VersionSpec::parse(">=1.2");
    CHECK_FALSE(resolve(q).fits());
}

TEST_CASE("driver rules on Linux: toolkit minimum, minor-version floor, too old") {
    Query q = make(Platform::Linux);
    q.driver = drv("450.80.02");
    const Resolution r = resolve(q);
    REQUIRE(find(r, "2.5.0") != nullptr);  // CUDA 11.2 needs 460.27.03; 11.x floor 450.80.02
    CHECK(find(r, "2.5.0")->compatibility == Compatibility::MinorVersion);
    CHECK(find(r, "2.5.0")->notes.has(NoteCode::MinorVersionLimits));
    REQUIRE(find(r, "2.4.0") != nullptr);  // CUDA 11.0 GA needs 450.51.05
    CHECK(find(r, "2.4.0")->compatibility == Compatibility::Full);
    REQUIRE(rejected(r, "2.15.0") != nullptr);  // CUDA 12.2: 535.54.03, 12.x floor 525.60.13
    CHECK(rejected(r, "2.15.0")->codes.has(ReasonCode::DriverTooOld));

    q.driver = drv("440.33");
    const Resolution old = resolve(q);
    CHECK(find(old, "2.3.0") != nullptr);  // CUDA 10.1 needs 418.39
    REQUIRE(rejected(old, "2.4.0") != nullptr);
    CHECK(rejected(old, "2.4.0")->codes.has(ReasonCode::DriverTooOld));
    // Before CUDA 11 there is no minor version compatibility.
    q.driver = drv("418.39");
    CHECK(find(resolve(q), "2.1.0") != nullptr);
    q.driver = drv("418.30");
    CHECK(rejected(resolve(q), "2.1.0") != nullptr);
}

TEST_CASE("driver rules from the driver's CUDA level alone") {
    Query q = make(Platform::Linux);
    q.driver_cuda = DriverCudaVersion{11, 0};
    const Resolution r = resolve(q);
    CHECK(find(r, "2.4.0")->compatibility == Compatibility::Full);
    CHECK(find(r, "2.5.0")->compatibility == Compatibility::MinorVersion);
    CHECK(find(r, "2.12.0")->compatibility == Compatibility::MinorVersion);
    CHECK(rejected(r, "2.15.0")->codes.has(ReasonCode::DriverTooOld));
    q.driver_cuda = DriverCudaVersion{10, 0};
    CHECK(rejected(resolve(q), "2.1.0")->codes.has(ReasonCode::DriverTooOld));
    q.driver_cuda = DriverCudaVersion{13, 0};
    CHECK(resolve(q).best()->compatibility == Compatibility::Full);
}

TEST_CASE("Python, architecture and TensorFlow constraints") {
    Query q = make(Platform::Linux);
    q.python = "3.12.1"_v;
    const Resolution r = resolve(q);
    CHECK(r.best()->tensorflow == last_gpu_release(Platform::Linux));
    CHECK(rejected(r, "2.15.0")->codes.has(ReasonCode::PythonUnsupported));
    CHECK(message(r, *rejected(r, "2.15.0"), ReasonCode::PythonUnsupported).find("3.9-3.11") != std::string::npos);

    Query a = make(Platform::Linux);
    a.arch = Arch::Aarch64;
    const Resolution ra = resolve(a);
    CHECK_FALSE(ra.fits());
    for (const auto& x : ra.rejected) CHECK(x.codes.has(ReasonCode::ArchUnsupported));

    Query t = make(Platform::Linux);
    t.tensorflow = *VersionSpec::parse(">=2.4,<2.7");
    const Resolution rt = resolve(t);
    REQUIRE(rt.candidates.size() == 3);
    CHECK(rt.candidates[0].tensorflow == "2.6.0"_v);
    CHECK(rt.candidates[2].tensorflow == "2.4.0"_v);
    CHECK(rejected(rt, "2.7.0")->codes.has(ReasonCode::TfConstraint));
}

TEST_CASE("every reason that applies is reported, not just the first") {
    Query q = make(Platform::Windows);
    q.driver = drv("400.00");
    q.python = "2.7"_v;
    q.tensorflow = *VersionSpec::parse("<1.0");
    const Resolution r = resolve(q);
    const Rejection* x = rejected(r, "2.21.0");
    REQUIRE(x != nullptr);
    CHECK(x->codes.has(ReasonCode::WindowsNativeGpuDropped));
    CHECK(x->codes.has(ReasonCode::DriverTooOld));
    CHECK(x->codes.has(ReasonCode::PythonUnsupported));
    CHECK(x->codes.has(ReasonCode::TfConstraint));
}

TEST_CASE("ranking: newest first; for one release full before minor-version") {
    const Resolution r = resolve(Query{});
    for (std::size_t i = 1; i < r.candidates.size(); ++i) {
        const auto& a = r.candidates[i - 1];
        const auto& b = r.candidates[i];
        CHECK(a.tensorflow >= b.tensorflow);
    }
    // An empty query admits every official row on its own platform.
    CHECK(r.candidates.size() == r.tables->tensorflow.size());
}

TEST_CASE("GPU names as users type them and as drivers print them") {
    struct Case {
        const char* name;
        ComputeCapability cc;
    };
    const Case cases[] = {
        {"GeForce GTX 850M", {5, 0}},
        {"MX150", {6, 1}},
        {"GeForce MX150", {6, 1}},
        {"NVIDIA GeForce RTX 3060 Laptop GPU", {8, 6}},
        {"RTX 3060", {8, 6}},
        {"Tesla T4", {7, 5}},
        {"NVIDIA H100 80GB HBM3", {9, 0}},
        {"NVIDIA A100-SXM4-80GB", {8, 0}},
        {"nvidia geforce gtx 1080 ti", {6, 1}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const GpuModel* g = find_gpu(c.name);
        REQUIRE(g != nullptr);
        CHECK(g->cc == c.cc);
    }
    CHECK(find_gpu("Radeon RX 7900") == nullptr);
    CHECK(find_gpu("") == nullptr);
}

TEST_CASE("Windows builds as users type them") {
    CHECK(*parse_windows_build("19044") == 19044U);
    CHECK(*parse_windows_build("10.0.19045.3803") == 19045U);
    CHECK(*parse_windows_build("21H2") == 19044U);  // Windows 10's 21H2
    CHECK(*parse_windows_build("22H2") == 19045U);
    CHECK(*parse_windows_build("win11-22H2") == 22621U);
    CHECK(*parse_windows_build("win11-23H2") == 22631U);
    CHECK(*parse_windows_build("23H2") == 22631U);  // only Windows 11 has it
    CHECK(*parse_windows_build("1909") == 18363U);
    for (const char* s : {"", "22H9", "win12-22H2", "10.0.x", "12", "100000", "10.0.19045.abc", "win11-"}) {
        CAPTURE(s);
        CHECK_FALSE(parse_windows_build(s).ok());
    }
}

TEST_CASE("compute capability: SASS, PTX JIT, too old, and unknown") {
    auto one = [](const char* tf, ComputeCapability cc, const char* driver) {
        Query q;
        q.platform = Platform::Linux;
        q.tensorflow = *VersionSpec::parse(tf);
        q.cc.push_back(cc);
        q.driver = *DriverVersion::parse(driver);
        return resolve(q);
    };
    // 2.10 wheels: SASS 3.5 5.0 6.0 7.0 7.5 8.0, PTX 8.0.
    const Resolution ampere = one("2.10", {8, 6}, "525.60.13");
    REQUIRE(ampere.best() != nullptr);
    CHECK(ampere.best()->compatibility == Compatibility::Full);  // SASS 8.0 runs on 8.6
    const Resolution hopper = one("2.10", {9, 0}, "525.60.13");
    REQUIRE(hopper.best() != nullptr);
    CHECK(hopper.best()->compatibility == Compatibility::PtxJit);
    CHECK(hopper.best()->notes.has(NoteCode::PtxJitWarmup));
    // Under minor version compatibility the PTX cannot be JIT-compiled.
    const Resolution mvc = one("2.10", {9, 0}, "450.80.02");
    CHECK_FALSE(mvc.fits());
    REQUIRE(rejected(mvc, "2.10.0") != nullptr);
    CHECK(rejected(mvc, "2.10.0")->codes.has(ReasonCode::PtxJitNeedsNewerDriver));
    const Resolution kepler = one("2.10", {3, 0}, "525.60.13");
    CHECK_FALSE(kepler.fits());
    REQUIRE(rejected(kepler, "2.10.0") != nullptr);
    CHECK(rejected(kepler, "2.10.0")->codes.has(ReasonCode::ComputeCapabilityUnsupported));
    // 2.3 carries no code for 5.0 (SASS 3.5 3.7 5.2 6.0 6.1 7.0, PTX 7.0); 2.4 does.
    CHECK_FALSE(one("2.3", {5, 0}, "525.60.13").fits());
    CHECK(one("2.4", {5, 0}, "525.60.13").fits());
    // Where the tables do not know the wheels' architectures, say so; do not reject.
    const Resolution unknown = one("2.15", {9, 0}, "535.104.05");
    REQUIRE(unknown.best() != nullptr);
    CHECK(unknown.best()->notes.has(NoteCode::ArchesUnknown));
}

TEST_CASE("1.12-1.14 state only a minimum compute capability (3.5)") {
    Query q;
    q.platform = Platform::Linux;
    q.tensorflow = *VersionSpec::parse("1.13");
    q.cc.push_back(ComputeCapability{3, 0});  // a Kepler GTX 660M
    const Resolution kepler = resolve(q);
    CHECK_FALSE(kepler.fits());
    REQUIRE(rejected(kepler, "1.13.1") != nullptr);
    CHECK(rejected(kepler, "1.13.1")->codes.has(ReasonCode::ComputeCapabilityUnsupported));
    CHECK(message(kepler, *rejected(kepler, "1.13.1"), ReasonCode::ComputeCapabilityUnsupported).find("3.5 or higher") != std::string::npos);
    q.cc.clear();
    q.cc.push_back(ComputeCapability{3, 5});
    const Resolution ok = resolve(q);
    REQUIRE(ok.best() != nullptr);
    CHECK(ok.best()->compatibility == Compatibility::Full);
    CHECK(ok.best()->notes.has(NoteCode::ArchesMinimumOnly));
}

TEST_CASE("a wheel built with CUDA 12 cannot run on Kepler, whatever the docs' prose says") {
    auto fits = [](const char* tf, ComputeCapability cc) {
        Query q;
        q.platform = Platform::Linux;
        q.tensorflow = *VersionSpec::parse(tf);
        q.cc.push_back(cc);
        return resolve(q);
    };
    const Resolution k80_new = fits("2.15", {3, 7});  // Tesla K80 on a CUDA 12.2 build
    CHECK_FALSE(k80_new.fits());
    REQUIRE(rejected(k80_new, "2.15.0") != nullptr);
    const std::string m = message(k80_new, *rejected(k80_new, "2.15.0"), ReasonCode::ComputeCapabilityUnsupported);
    CHECK(m.find("5.0 and newer") != std::string::npos);
    CHECK(m.find("docs.nvidia.com") != std::string::npos);
    CHECK(fits("2.14", {3, 7}).fits());          // CUDA 11.8 still builds for 3.5/3.7 (its wheel list is unknown: a note)
    CHECK_FALSE(fits("2.14", {3, 0}).fits());    // CUDA 11 dropped 3.0
}
