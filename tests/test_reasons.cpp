// Reasons as values: the registry, the evidence recorded at decision time
// (which GPU fails, which thresholds decided), and hints that are proven by
// resolving the changed query.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/hints.hpp>
#include <gpucompat/report.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;

namespace {
const Rejection* rejected(const Resolution& r, const char* tf, Platform p) {
    for (const auto& x : r.rejected)
        if (x.tensorflow() == *Version::parse(tf) && x.platform == p) return &x;
    return nullptr;
}
}  // namespace

TEST_CASE("registry: one distinct kebab-case name per code, in the enum's order") {
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < reason_code_count; ++i) {
        const ReasonInfo& e = info(static_cast<ReasonCode>(i));
        CHECK(e.code == static_cast<ReasonCode>(i));
        CHECK(e.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos);
        names.insert(e.name);
    }
    CHECK(names.size() == reason_code_count);
    // A byte that is no code reads as "unknown", never past the registry.
    CHECK(to_string(static_cast<ReasonCode>(200)) == "unknown");
}

TEST_CASE("a reason names the GPU that fails, not every GPU of the query") {
    Query q;
    q.platform = Platform::Linux;
    q.cc.push_back(ComputeCapability{8, 6});
    q.cc.push_back(ComputeCapability{3, 0});
    const Resolution r = resolve(q);
    const Rejection* x = rejected(r, "2.15.0", Platform::Linux);
    REQUIRE(x != nullptr);
    const Reasons xr = r.reasons(*x);
    const Reason* cc = xr.find(ReasonCode::ComputeCapabilityUnsupported);
    REQUIRE(cc != nullptr);
    CHECK(cc->gpus == 0b10);  // the 3.0, the second GPU
    const Evidence e = reason_evidence(r, *x, ReasonCode::ComputeCapabilityUnsupported);
    CHECK(e.found == "3.0");
    const std::string m = reason_message(r, *x, ReasonCode::ComputeCapabilityUnsupported);
    CHECK(m.find("8.6") == std::string::npos);

    Query w;
    w.platform = Platform::Wsl2;
    w.cc.push_back(ComputeCapability{8, 6});
    w.cc.push_back(ComputeCapability{3, 5});
    const Resolution rw = resolve(w);
    REQUIRE_FALSE(rw.rejected.empty());
    const Reasons rw0 = rw.reasons(rw.rejected[0]);
    const Reason* gpu = rw0.find(ReasonCode::Wsl2GpuUnsupported);
    REQUIRE(gpu != nullptr);
    CHECK(gpu->gpus == 0b10);
    const std::string mw = reason_message(rw, rw.rejected[0], ReasonCode::Wsl2GpuUnsupported);
    CHECK(mw.find("this GPU is 3.5") != std::string::npos);
    CHECK(mw.find("8.6") == std::string::npos);
}

TEST_CASE("driver-too-old carries the thresholds that decided, as the tables state them") {
    Query q;
    q.platform = Platform::Linux;
    q.driver = *DriverVersion::parse("450.80.02");
    q.tensorflow = *VersionSpec::parse("2.15.0");
    const Resolution r = resolve(q);
    const Rejection* x = rejected(r, "2.15.0", Platform::Linux);
    REQUIRE(x != nullptr);
    const Reasons xr = r.reasons(*x);
    const Reason* d = xr.find(ReasonCode::DriverTooOld);
    REQUIRE(d != nullptr);
    const CudaRelease* rel = find_cuda_release(x->row->cuda);
    REQUIRE(rel != nullptr);
    CHECK(d->driver == toolkit_driver_min(*rel, Platform::Linux));
    CHECK(d->driver_floor == minor_version_driver_min(12, Platform::Linux));
    CHECK(d->source == rel->provenance.source);
    const Evidence e = reason_evidence(r, *x, ReasonCode::DriverTooOld);
    CHECK(e.found == "450.80.02");
    CHECK(e.needed == ">=" + std::string(d->driver_floor->text()));
}

TEST_CASE("hints: each one is a change that, resolved again, fits") {
    Query q;
    q.platform = Platform::Linux;
    q.driver = *DriverVersion::parse("450.80.02");
    q.python = "3.12"_v;
    const Resolution r = resolve(q);
    REQUIRE_FALSE(r.fits());
    const std::vector<Hint> hs = hints(r);
    bool driver = false, python = false;
    for (const auto& h : hs) {
        if (h.remedy == Remedy::Driver) {
            driver = true;
            // The driver named is the lowest that works for the newest release
            // held back by the driver alone: the CUDA 12 minor-version floor.
            const DriverVersion* floor = minor_version_driver_min(12, Platform::Linux);
            REQUIRE(floor != nullptr);
            CHECK(h.change == "a driver >= " + std::string(floor->text()));
            Query changed = q;
            changed.driver = *floor;
            const Resolution again = resolve(changed);
            REQUIRE(again.fits());
            CHECK(h.allows.find("TensorFlow " + std::string(again.best()->row->tensorflow.text())) == 0);
        }
        if (h.remedy == Remedy::Python) {
            python = true;
            CHECK(h.change.find("Python 3.11") == 0);
            Query changed = q;
            changed.python = "3.11"_v;
            CHECK(resolve(changed).fits());
        }
    }
    CHECK(driver);
    CHECK(python);
    // Something fits: no hints.
    q.driver = *DriverVersion::parse("580.65.06");
    q.python = "3.11"_v;
    CHECK(hints(resolve(q)).empty());
}

TEST_CASE("hints: native Windows after 2.10 points to WSL2; PyTorch too") {
    Query q;
    q.platform = Platform::Windows;
    q.windows_build = 19045;
    q.driver = *DriverVersion::parse("536.23");
    q.tensorflow = *VersionSpec::parse(">=2.11");
    const std::vector<Hint> hs = hints(resolve(q));
    REQUIRE_FALSE(hs.empty());
    CHECK(hs[0].remedy == Remedy::Platform);
    Query wsl = q;
    wsl.platform = Platform::Wsl2;
    CHECK(resolve(wsl).fits());

    Query t;
    t.platform = Platform::Linux;
    t.driver = *DriverVersion::parse("418.39");
    t.cc.push_back(ComputeCapability{8, 6});
    const FrameworkResolution pr = resolve_framework(Framework::PyTorch, t, FrameworkQuery{VersionSpec::parse(">=2.5").value(), ""});
    REQUIRE_FALSE(pr.fits());
    bool driver = false;
    for (const auto& h : hints(pr)) driver = driver || h.remedy == Remedy::Driver;
    CHECK(driver);
    CHECK(resolution_text(pr, false).find("\nhint: a driver >= ") != std::string::npos);
}

TEST_CASE("grouped text: a run of releases failing for the same reason is one line, ranked by the registry") {
    Query q;
    q.platform = Platform::Linux;
    q.driver = *DriverVersion::parse("418.39");
    q.tensorflow = *VersionSpec::parse(">=2.12");
    const std::string text = resolution_text(resolve(q), false);
    CHECK(text.find("  2.12.0 - 2.14.0 (linux): driver-too-old: TensorFlow 2.14.0 was built with CUDA 11.8") != std::string::npos);
    // tf-constraint outranks driver-too-old: the user's own constraint is the decisive reason.
    CHECK(text.find("(linux): tf-constraint: TensorFlow 2.11.0 does not match the requested version constraint >=2.12 [also: driver-too-old]") !=
          std::string::npos);
}

// A resolution keeps only the codes of a rejection and recomputes the evidence
// when asked: both must say the same for every rejection of every framework,
// over queries that reach every rule (platforms, drivers, GPUs, Python, CPU
// architecture, version constraints).
TEST_CASE("recomputed evidence agrees with the codes the resolver kept, for every rejection") {
    std::size_t checked = 0;
    std::set<ReasonCode> seen;
    const auto agree = [&](const auto& r) {  // a Resolution or a FrameworkResolution
        for (const auto& x : r.rejected) {
            const Reasons full = r.reasons(x);
            CHECK_FALSE(x.codes.empty());
            CHECK(ReasonSet::of(full) == x.codes);
            CHECK(full.primary()->code == x.codes.primary());
            for (const Reason& why : full) seen.insert(why.code);
            ++checked;
        }
    };
    const std::optional<Platform> platforms[] = {std::nullopt, Platform::Linux, Platform::Windows, Platform::Wsl2, Platform::MacOS};
    const char* drivers[] = {"", "418.95", "470.82.01", "525.60.13", "580.159.04"};
    const ComputeCapability gpus[][2] = {{}, {ComputeCapability{6, 1}, {}}, {ComputeCapability{9, 0}, {}},
                                         {ComputeCapability{8, 6}, ComputeCapability{3, 5}}, {ComputeCapability{12, 0}, {}}};
    for (const auto& p : platforms)
        for (const char* d : drivers)
            for (const auto& g : gpus)
                for (const char* py : {"", "3.8", "3.12"})
                    for (const bool arm : {false, true}) {
                        Query q;
                        q.platform = p;
                        if (*d != '\0') q.driver = *DriverVersion::parse(d);
                        for (const auto& cc : g)
                            if (!cc.empty()) q.cc.push_back(cc);
                        if (*py != '\0') q.python = *Version::parse(py);
                        if (arm) q.arch = Arch::Aarch64;
                        if (p == Platform::Wsl2 && arm) q.windows_build = 19041;
                        q.tensorflow = *VersionSpec::parse(arm ? ">=2.5" : ">=1.0");
                        agree(resolve(q));
                        for (const Framework f : {Framework::PyTorch, Framework::Jax}) {
                            FrameworkQuery fq;
                            if (arm) fq.version = *VersionSpec::parse(">=2.0,<3");
                            agree(resolve_framework(f, q, fq));
                        }
                    }
    CHECK(checked > 10000);
    // The sweep reaches every rule a resolver has.
    for (const ReasonCode c : {ReasonCode::PlatformNoGpu, ReasonCode::WindowsNativeGpuDropped, ReasonCode::WindowsBuildTooOld,
                               ReasonCode::Wsl2DriverTooOld, ReasonCode::Wsl2GpuUnsupported, ReasonCode::DriverTooOld,
                               ReasonCode::PtxJitNeedsNewerDriver, ReasonCode::PythonUnsupported, ReasonCode::ComputeCapabilityUnsupported,
                               ReasonCode::ArchUnsupported, ReasonCode::TfConstraint, ReasonCode::VersionConstraint})
        CHECK_MESSAGE(seen.count(c) == 1, to_string(c));
}
