// gpucompat — check_framework(): is an installed PyTorch or JAX consistent
// with this machine and the libraries it will load?
//
//   FrameworkInstall s{Framework::PyTorch, *Version::parse("2.11.0"), "cu130"};
//   s.machine.driver = ...; s.machine.cc.push_back(...); s.cudnn = ...;
//   static_assert(check_framework(s).ok());
//
// The build is the (release, platform, CUDA variant) row of data/pytorch.json
// or data/jax.json: PyTorch's local version label names the variant
// (2.11.0+cu130; a bare 2.11.0 is the platform's PyPI default build, +cpu is
// CPU-only), JAX's CUDA plugin names it (jax-cuda13-plugin: cuda13). A patch
// release the tables do not hold is judged by the newest row of its minor, as
// check() does for TensorFlow, and says so (same_minor).
//
// The rules, each from the framework's own code or NVIDIA's tables:
//  * driver, GPU capability (the row's SASS/PTX lists), Python, WSL2 and the
//    platform: resolve_framework()'s judgement of that row, called, not copied;
//  * cuDNN: the same major and at least the row's minor. PyTorch:
//    torch/backends/cudnn/__init__.py ("Starting with cuDNN 7, minor versions
//    are backwards-compatible": runtime_minor >= compile_minor); JAX: XLA's
//    "CuDNN library needs to have matching major version and equal or higher
//    minor version" (data/jax.json notes);
//  * a cuDNN that LD_LIBRARY_PATH puts ahead of the nvidia-cudnn wheel's copy
//    and that fails the rule while the wheel's would pass: library-shadowed;
//  * CUDA runtime: the row's major, at least its minor (CUDA 11+ naming);
//  * JAX: jaxlib no newer than jax (jax's setup.py: `jaxlib >=min, <=jax`),
//    and every CUDA plugin/PJRT package the same version as jaxlib (jaxlib's
//    plugin_support.py skips a plugin whose version differs).
#pragma once

#include <optional>
#include <string_view>

#include "check.hpp"
#include "framework_resolver.hpp"

namespace gpucompat {

// What is installed: the framework's build and what the loader will give it.
struct FrameworkInstall {
    Framework framework = Framework::PyTorch;
    Version version{};                        // the release: 2.11.0 (no local label)
    std::string_view variant;                 // cu130, cpu, cuda13; empty: torch's PyPI default, or JAX without a CUDA plugin
    Query machine{};                          // platform, arch, driver, driver_cuda, GPUs, Python
    std::optional<Version> cuda;              // the CUDA runtime it will load
    std::optional<Version> cudnn;             // the cuDNN it will load (the first libcudnn.so.N by name)
    std::optional<Version> cudnn_wheel;       // the nvidia-cudnn wheel's cuDNN, when `cudnn` is another copy found before it
    std::string_view cudnn_path;              // where `cudnn` is (for messages; may be empty)
    std::string_view cudnn_from;              // why the loader gets it: LD_LIBRARY_PATH, venv (pip), system
    std::string_view cudnn_wheel_path;        // where the wheel's copy is
    std::optional<Version> jaxlib;            // JAX: the installed jaxlib
    FixedList<InstalledPackage, 4> plugins{}; // JAX: jax-cuda13-plugin 0.11.2, jax-cuda13-pjrt 0.11.2
};

struct FrameworkCheckResult {
    const TableSet* tables = &bundled;
    const FrameworkRelease* row = nullptr;    // the build judged; nullptr when unknown or CPU-only
    bool same_minor = false;                  // row is another patch of the same minor (the release is not in the tables)
    Platform platform = Platform::Linux;
    FrameworkCandidate judged{};              // resolve's view of the row: compatibility, driver rule
    FixedList<Problem, 16> problems{};
    FixedList<InstalledPackage, 4> mismatched{};  // JAX: the plugins whose version is not jaxlib's
    [[nodiscard]] constexpr bool ok() const noexcept { return problems.empty(); }
    [[nodiscard]] constexpr bool has(ReasonCode c) const noexcept {
        for (const auto& p : problems)
            if (p.code == c) return true;
        return false;
    }
};

namespace detail {

// A platform without rows of its own (macOS; Windows for JAX) is judged on
// the Linux x86_64 rows, with the platform's reason.
constexpr bool framework_has_rows(Framework f, Platform p, const TableSet& t) noexcept {
    for (const auto& r : framework_rows(f, t))
        if (r.platform == p) return true;
    return false;
}

// Does a cuDNN serve a build against `built` (same major, minor at least)?
// A version known only by its major (libcudnn.so.9) says nothing of the minor.
constexpr bool cudnn_serves(const Version& built, const Version& found) noexcept {
    if (found.major() != built.major()) return false;
    return found.size() < 2 || built.size() < 2 || found.minor() >= built.minor();
}

}  // namespace detail

// The row of an installed build: the exact release, else the newest patch of
// its minor (same_minor). An empty PyTorch variant is the PyPI default.
[[nodiscard]] constexpr const FrameworkRelease* find_framework_row(Framework f, const Version& v, std::string_view variant, Platform p,
                                                                   Arch a, bool& same_minor, const TableSet& t = bundled) noexcept {
    const FrameworkRelease* exact = nullptr;
    const FrameworkRelease* minor = nullptr;
    for (const auto& r : framework_rows(f, t)) {
        if (r.platform != p || r.arch != a) continue;
        if (variant.empty() ? !r.pypi_default : r.variant != variant) continue;
        if (r.version == v) exact = &r;
        else if (r.version.same_prefix(v, 2) && (minor == nullptr || r.version > minor->version)) minor = &r;
    }
    same_minor = exact == nullptr && minor != nullptr;
    return exact != nullptr ? exact : minor;
}

[[nodiscard]] constexpr FrameworkCheckResult check_framework(const FrameworkInstall& s, const TableSet& t = bundled) noexcept {
    FrameworkCheckResult r;
    r.tables = &t;
    const Query& q = s.machine;
    r.platform = q.platform.value_or(Platform::Linux);
    // +cpu, or JAX with no CUDA plugin: nothing runs on the GPU.
    if (s.variant == "cpu" || (s.framework == Framework::Jax && s.variant.empty())) {
        r.problems.push_back(Problem{.code = ReasonCode::CpuOnlyBuild});
        return r;
    }
    const bool no_gpu = r.platform == Platform::MacOS || !detail::framework_has_rows(s.framework, r.platform == Platform::Wsl2 ? Platform::Linux : r.platform, t);
    const Platform rows_of = no_gpu || r.platform == Platform::Wsl2 ? Platform::Linux : r.platform;
    const Arch arch = no_gpu ? Arch::X86_64 : q.arch.value_or(Arch::X86_64);
    r.row = find_framework_row(s.framework, s.version, s.variant, rows_of, arch, r.same_minor, t);
    if (r.row == nullptr) {
        r.problems.push_back(Problem{.code = ReasonCode::ReleaseUnknown});
        return r;
    }
    const FrameworkRelease& row = *r.row;
    detail::FrameworkVerdictCache cache;
    const auto e = detail::evaluate_framework(q, {}, row, r.platform, t, cache);
    r.judged = e.candidate;
    if (no_gpu) {
        const Requirement* said = r.platform == Platform::Windows ? framework_statement("windows-gpu", s.framework, t) : nullptr;
        r.problems.push_back(Problem{.code = ReasonCode::PlatformNoGpu, .requirement = said,
                                     .source = said != nullptr ? said->provenance.source : row.provenance.source});
    }
    for (const Reason& why : e.reasons) r.problems.push_back(why);  // resolve's reasons, with their evidence
    if (s.cudnn && !row.cudnn.empty() && !detail::cudnn_serves(row.cudnn, *s.cudnn)) {
        if (s.cudnn_wheel && detail::cudnn_serves(row.cudnn, *s.cudnn_wheel)) r.problems.push_back(Problem{.code = ReasonCode::LibraryShadowed, .source = row.provenance.source});
        else if (s.cudnn->major() != row.cudnn.major()) r.problems.push_back(Problem{.code = ReasonCode::CudnnMajorMismatch, .source = row.provenance.source});
        else r.problems.push_back(Problem{.code = ReasonCode::CudnnMinorTooOld, .source = row.provenance.source});
    }
    if (s.cuda && !cuda_runtime_serves(row.cuda, *s.cuda)) r.problems.push_back(Problem{.code = ReasonCode::CudaRuntimeMismatch, .source = row.provenance.source});
    if (s.framework == Framework::Jax && s.jaxlib) {
        if (*s.jaxlib > s.version) r.problems.push_back(Problem{.code = ReasonCode::JaxlibMismatch});
        for (const auto& p : s.plugins)
            if (p.version != *s.jaxlib) r.mismatched.push_back(p);
        if (!r.mismatched.empty()) r.problems.push_back(Problem{.code = ReasonCode::PluginMismatch});
    }
    return r;
}

}  // namespace gpucompat
