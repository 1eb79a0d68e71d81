// The GPU axis: what each release's binaries carry, NVIDIA's floors and
// ceilings per toolkit, and the GPUs people own. Each scenario names the
// source of its expected answer.
#include <doctest/doctest.h>

#include <string>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/gpus.hpp>

using namespace gpucompat;

namespace {
Query linux_query(ComputeCapability cc, const char* tf = nullptr) {
    Query q;
    q.platform = Platform::Linux;
    q.cc.push_back(cc);
    if (tf != nullptr) q.tensorflow = *VersionSpec::parse(tf);
    return q;
}
const Candidate* candidate(const Resolution& r, const char* tf) {
    for (const auto& c : r.candidates)
        if (c.tensorflow == *Version::parse(tf)) return &c;
    return nullptr;
}
const Rejection* rejected(const Resolution& r, const char* tf) {
    for (const auto& x : r.rejected)
        if (x.tensorflow() == *Version::parse(tf)) return &x;
    return nullptr;
}
}  // namespace

// TensorFlow 2.17 blog (blog.tensorflow.org/2024/07): no CUDA kernels for 5.0
// from 2.17; "For Maxwell support, we either recommend sticking with 2.16".
TEST_CASE("GTX 960M (Maxwell 5.0), Linux, Python 3.12: TensorFlow 2.16.1, not 2.21") {
    const GpuModel* gpu = find_gpu("GeForce GTX 960M");
    REQUIRE(gpu != nullptr);
    CHECK(gpu->cc == ComputeCapability{5, 0});
    Query q = linux_query(gpu->cc);
    q.python = *Version::parse("3.12");
    const Resolution r = resolve(q);
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->tensorflow == *Version::parse("2.16.1"));
    for (const char* tf : {"2.17.0", "2.18.0", "2.19.0", "2.20.0", "2.21.0"}) {
        REQUIRE(rejected(r, tf) != nullptr);
        CHECK(rejected(r, tf)->codes.has(ReasonCode::ComputeCapabilityUnsupported));
    }
}

// No TensorFlow wheel was built with a CUDA that knows sm_120 (CUDA 12.8 is
// the first, NVIDIA CUDA Features Archive); 2.17+ carry compute_90 PTX.
TEST_CASE("RTX 5090 (12.0): never full; 2.17-2.21 run through compute_90 PTX") {
    const Resolution r = resolve(linux_query({12, 0}));
    REQUIRE(r.best() != nullptr);
    for (const auto& c : r.candidates) {
        if (c.tensorflow < *Version::parse("2.0")) continue;
        CHECK_MESSAGE(c.compatibility != Compatibility::Full, c.tensorflow.text());
    }
    for (const char* tf : {"2.17.0", "2.21.0"}) {
        const Candidate* c = candidate(r, tf);
        REQUIRE(c != nullptr);
        CHECK(c->compatibility == Compatibility::PtxJit);
        CHECK(c->notes.has(NoteCode::PtxJitWarmup));
    }
    // 2.16's list is unknown, but CUDA 12.3 writes no SASS for 12.x: at best ptx-jit, said so.
    const Candidate* c216 = candidate(r, "2.16.1");
    REQUIRE(c216 != nullptr);
    CHECK(c216->compatibility == Compatibility::PtxJit);
    CHECK(c216->notes.has(NoteCode::PtxOnlyIfPresent));
}

TEST_CASE("PTX from a toolkit needs a driver that implements it: no minor-version JIT") {
    Query q = linux_query({12, 0}, "2.21");
    q.driver = *DriverVersion::parse("530.30.02");  // a 12.x driver below CUDA 12.5's own minimum
    const Resolution r = resolve(q);
    REQUIRE(rejected(r, "2.21.0") != nullptr);
    CHECK(rejected(r, "2.21.0")->codes.has(ReasonCode::PtxJitNeedsNewerDriver));
}

// NVIDIA's Architecture Matrix: Fermi's last toolkit is CUDA 8.0, Kepler 3.0's CUDA 10.
TEST_CASE("compute capability 1.1 and 2.1: no release built with CUDA 9 or later") {
    CHECK_FALSE(resolve(linux_query({1, 1})).fits());
    const Resolution fermi = resolve(linux_query({2, 1}));
    for (const auto& c : fermi.candidates) CHECK_MESSAGE(c.row->cuda.major() < 9, c.tensorflow.text());
    REQUIRE(rejected(fermi, "1.5.0") != nullptr);
    CHECK(rejected(fermi, "1.5.0")->codes.has(ReasonCode::ComputeCapabilityUnsupported));
}

// TensorFlow's 2.1-era release scripts: TF_CUDA_COMPUTE_CAPABILITIES=3.5,3.7,5.2,6.0,6.1,7.0
// ('x.y' = SASS and PTX): a 5.0 GPU runs only the 3.5/3.7 PTX.
TEST_CASE("TensorFlow 2.1/2.2 on a compute capability 5.0 GPU (GTX 850M/950M, MX130) is ptx-jit") {
    for (Platform p : {Platform::Linux, Platform::Windows}) {
        Query q = linux_query({5, 0}, ">=2.1,<2.3");
        q.platform = p;
        const Resolution r = resolve(q);
        REQUIRE(r.best() != nullptr);
        for (const auto& c : r.candidates) CHECK(c.compatibility == Compatibility::PtxJit);
    }
}

TEST_CASE("the rules one by one: sm_80 SASS runs on 8.6, 2.10 on Hopper is PTX, 1.15 on Ampere never full") {
    const Resolution a = resolve(linux_query({8, 6}, "2.4"));  // RTX 3090
    REQUIRE(a.best() != nullptr);
    CHECK(a.best()->compatibility == Compatibility::Full);
    const Resolution h = resolve(linux_query({9, 0}, "2.10"));  // H100: compute_80 PTX only
    REQUIRE(h.best() != nullptr);
    CHECK(h.best()->compatibility == Compatibility::PtxJit);
    for (ComputeCapability ampere : {ComputeCapability{8, 0}, ComputeCapability{8, 6}, ComputeCapability{8, 9}}) {
        const Resolution old = resolve(linux_query(ampere, "1.15"));
        for (const auto& c : old.candidates) CHECK(c.compatibility != Compatibility::Full);
    }
}

// Anaconda's defaults tensorflow-gpu 2.3 recipe: 3.5,...,7.5 in 'x.y' form (PTX
// included); the pip 2.3 wheel: sm_35,sm_37,sm_52,sm_60,sm_61,compute_70 (cuobjdump).
TEST_CASE("TensorFlow 2.3 on compute capability 5.0: --method pip rejects, --method conda installs Anaconda's build") {
    Query q = linux_query({5, 0}, "2.3");
    q.method = InstallMethod::Pip;
    CHECK_FALSE(resolve(q).fits());
    q.method = InstallMethod::Any;
    const Resolution any = resolve(q);
    CHECK_FALSE(any.fits());
    REQUIRE(rejected(any, "2.3.0") != nullptr);
    const std::string m = reason_message(any, *rejected(any, "2.3.0"), ReasonCode::ComputeCapabilityUnsupported);
    CHECK(m.find("--method conda") != std::string::npos);
    q.method = InstallMethod::Conda;
    const Resolution conda = resolve(q);
    REQUIRE(conda.best() != nullptr);
    CHECK(conda.best()->compatibility == Compatibility::PtxJit);
    REQUIRE(conda.best()->arches != nullptr);
    CHECK(conda.best()->arches->build == "conda-defaults");
    InstallOptions o;
    o.method = InstallMethod::Conda;
    const InstallPlan plan = plan_install(*conda.best(), o);
    CHECK(plan.pip.empty());
    REQUIRE_FALSE(plan.conda.empty());
    CHECK(plan.conda.front().name == "tensorflow-gpu");
    CHECK(plan.channel == CondaChannel::Defaults);
}

// NVIDIA CUDA on WSL User Guide: "R495 and later windows will have CUDA support
// for WSL 2"; "Maxwell GPUs are not officially supported in WSL 2, but it may still work."
TEST_CASE("WSL2: NVIDIA's R495 floor, Maxwell may work, Kepler does not") {
    Query q;
    q.platform = Platform::Wsl2;
    q.windows_build = 19045;
    q.tensorflow = *VersionSpec::parse("2.16");
    q.cc.push_back({5, 0});
    const Resolution maxwell = resolve(q);
    REQUIRE(maxwell.best() != nullptr);
    CHECK(maxwell.best()->notes.has(NoteCode::Wsl2GpuMayWork));
    q.cc.clear();
    q.cc.push_back(ComputeCapability{8, 6});
    q.tensorflow = *VersionSpec::parse("2.10");
    q.driver = *DriverVersion::parse("472.12");
    const Resolution old_driver = resolve(q);
    REQUIRE(rejected(old_driver, "2.10.0") != nullptr);
    CHECK(rejected(old_driver, "2.10.0")->codes.has(ReasonCode::Wsl2DriverTooOld));
    q.cc.clear();
    q.cc.push_back(ComputeCapability{3, 7});
    q.driver.reset();
    CHECK_FALSE(resolve(q).fits());
}

// A wheel's SASS cannot be outside what its toolkit can emit: the data must agree with NVIDIA.
TEST_CASE("every sourced capability list lies inside its toolkit's range") {
    for (const auto& row : bundled.tensorflow) {
        const RowFacts f = row_facts(bundled, row);
        for (const TensorFlowArches* a : {f.arches, f.conda_arches}) {
            if (a == nullptr || f.cc_range == nullptr) continue;
            for (const auto& s : a->sass) {
                CHECK_MESSAGE(!(s < f.cc_range->cc_min), row.row_name);
                CHECK_MESSAGE(s.major() <= f.cc_range->sass_max.major(), row.row_name);
            }
        }
    }
}
