// gpucompat — reasons: why a release does not fit, as values.
//
// A reason is computed where the decision is made (resolver.hpp,
// framework_resolver.hpp, check.hpp) and carries its evidence: the code, the
// GPUs of the query it is about, what the rule needs (a driver, a compute
// capability, a Windows build: pointers into the tables or small values, so
// answers stay constexpr) and where the rule is stated. The messages, the JSON
// evidence and the hints are rendered from it at run time
// (<gpucompat/explain.hpp>) without looking anything up again.
//
// A resolution keeps only the codes of each rejection (ReasonSet) and
// recomputes a rejection's evidence when asked (Resolution::reasons): the
// same rules, run again on the same row, give the same Reasons.
//
// Every code has one entry in `reason_registry` (its kebab-case name, which is
// part of the JSON contract in docs/contract.md, its severity, its rank among
// a rejection's reasons, and what the user would change); a static_assert
// refuses a registry that misses one.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "compute_capability.hpp"
#include "driver.hpp"
#include "table_types.hpp"

namespace gpucompat {

enum class ReasonCode : std::uint8_t {
    // resolve
    PlatformNoGpu,
    WindowsNativeGpuDropped,
    WindowsBuildTooOld,
    Wsl2DriverTooOld,
    Wsl2GpuUnsupported,
    DriverTooOld,
    PtxJitNeedsNewerDriver,
    PythonUnsupported,
    ComputeCapabilityUnsupported,
    ArchUnsupported,
    TfConstraint,
    // check
    TensorflowUnknown,
    CudnnMajorMismatch,
    CudnnMinorTooOld,
    CudaRuntimeMismatch,
    LibraryNotFound,
    PackageIncompatible,
    // resolve, PyTorch and JAX: --torch/--jax excludes the release or its variant
    VersionConstraint,
    // check, PyTorch and JAX (framework_check.hpp)
    ReleaseUnknown,     // the release (or its minor) and variant are not in the tables
    CpuOnlyBuild,       // torch +cpu, or jax without a CUDA plugin
    LibraryShadowed,    // LD_LIBRARY_PATH puts an unfit copy ahead of the wheel's fitting one
    JaxlibMismatch,     // jaxlib newer than jax
    PluginMismatch,     // a JAX CUDA plugin/PJRT package whose version is not jaxlib's
    Count_
};
inline constexpr std::size_t reason_code_count = static_cast<std::size_t>(ReasonCode::Count_);

// Excluded: the user's own constraint (--tf, --torch) leaves the release out;
// Blocker: the release cannot work on this machine.
enum class Severity : std::uint8_t { Excluded, Blocker };

// What the user would change to lift a reason: the axis a hint is about.
enum class Remedy : std::uint8_t { Platform, Arch, Windows, Gpu, Constraint, Python, Driver, Libraries, Packages, Release };
// Release: install another build of the framework (check: the one installed is unknown or CPU-only).

struct ReasonInfo {
    ReasonCode code;
    std::string_view name;  // kebab-case, the JSON contract
    Severity severity;
    Remedy remedy;
    // Which of a rejection's reasons is decisive (the one shown in full when
    // rejections are grouped): lower first. Platform-level reasons first, the
    // GPU's last, since a newer driver or another Python cannot lift them.
    std::uint8_t rank;
};

// One entry per code, in the enum's order, and a last one for a value that
// is no code (a corrupted byte reads as "unknown", never out of bounds).
inline constexpr std::array<ReasonInfo, reason_code_count + 1> reason_registry{{
    {ReasonCode::PlatformNoGpu, "platform-no-gpu", Severity::Blocker, Remedy::Platform, 0},
    {ReasonCode::WindowsNativeGpuDropped, "windows-native-gpu-dropped", Severity::Blocker, Remedy::Platform, 1},
    {ReasonCode::WindowsBuildTooOld, "windows-build-too-old", Severity::Blocker, Remedy::Windows, 3},
    {ReasonCode::Wsl2DriverTooOld, "wsl2-driver-too-old", Severity::Blocker, Remedy::Driver, 7},
    {ReasonCode::Wsl2GpuUnsupported, "wsl2-gpu-unsupported", Severity::Blocker, Remedy::Gpu, 4},
    {ReasonCode::DriverTooOld, "driver-too-old", Severity::Blocker, Remedy::Driver, 8},
    {ReasonCode::PtxJitNeedsNewerDriver, "ptx-jit-needs-newer-driver", Severity::Blocker, Remedy::Driver, 10},
    {ReasonCode::PythonUnsupported, "python-unsupported", Severity::Blocker, Remedy::Python, 6},
    {ReasonCode::ComputeCapabilityUnsupported, "compute-capability-unsupported", Severity::Blocker, Remedy::Gpu, 9},
    {ReasonCode::ArchUnsupported, "arch-unsupported", Severity::Blocker, Remedy::Arch, 2},
    {ReasonCode::TfConstraint, "tf-constraint", Severity::Excluded, Remedy::Constraint, 5},
    {ReasonCode::TensorflowUnknown, "tensorflow-unknown", Severity::Blocker, Remedy::Release, 11},
    {ReasonCode::CudnnMajorMismatch, "cudnn-major-mismatch", Severity::Blocker, Remedy::Libraries, 12},
    {ReasonCode::CudnnMinorTooOld, "cudnn-minor-too-old", Severity::Blocker, Remedy::Libraries, 13},
    {ReasonCode::CudaRuntimeMismatch, "cuda-runtime-mismatch", Severity::Blocker, Remedy::Libraries, 14},
    {ReasonCode::LibraryNotFound, "library-not-found", Severity::Blocker, Remedy::Libraries, 15},
    {ReasonCode::PackageIncompatible, "package-incompatible", Severity::Blocker, Remedy::Packages, 16},
    {ReasonCode::VersionConstraint, "version-constraint", Severity::Excluded, Remedy::Constraint, 5},
    {ReasonCode::ReleaseUnknown, "release-unknown", Severity::Blocker, Remedy::Release, 11},
    {ReasonCode::CpuOnlyBuild, "cpu-only-build", Severity::Blocker, Remedy::Release, 11},
    {ReasonCode::LibraryShadowed, "library-shadowed", Severity::Blocker, Remedy::Libraries, 15},
    {ReasonCode::JaxlibMismatch, "jaxlib-version-mismatch", Severity::Blocker, Remedy::Packages, 16},
    {ReasonCode::PluginMismatch, "plugin-version-mismatch", Severity::Blocker, Remedy::Packages, 16},
    {ReasonCode::Count_, "unknown", Severity::Blocker, Remedy::Release, 255},
}};

namespace detail {
constexpr bool registry_complete() noexcept {
    for (std::size_t i = 0; i < reason_registry.size(); ++i)
        if (reason_registry[i].code != static_cast<ReasonCode>(i) || reason_registry[i].name.empty()) return false;
    return reason_registry.back().code == ReasonCode::Count_;
}
}  // namespace detail
static_assert(detail::registry_complete(), "reason_registry: one entry per ReasonCode, in the enum's order");

[[nodiscard]] constexpr const ReasonInfo& info(ReasonCode c) noexcept {
    const auto i = static_cast<std::size_t>(c);
    return reason_registry[i < reason_code_count ? i : reason_code_count];
}
[[nodiscard]] constexpr std::string_view to_string(ReasonCode c) noexcept { return info(c).name; }

// One reason, with its evidence. Which members are set depends on the code
// (explain.hpp reads them per code); an unset pointer is "not in the tables".
// What was found is the query's own value (its driver, its Python, the GPUs
// named by `gpus`), so it is not copied here.
struct Reason {
    ReasonCode code{};
    // compute-capability-unsupported: Anaconda's conda build (`conda`) runs
    // on every GPU the pip wheels cannot (use --method conda).
    bool conda_runs = false;
    std::uint32_t gpus = 0;          // GPU reasons: bit i set when Query::cc[i] fails
    std::uint32_t toolkit_gpus = 0;  // compute-capability-unsupported: those below nvcc's floor for the build's CUDA
    std::uint32_t build = 0;         // windows-build-too-old, windows-native-gpu-dropped: the Windows build WSL2 needs
    ComputeCapability cc{};          // wsl2-gpu-unsupported: the oldest GPU supported
    const DriverVersion* driver = nullptr;        // driver reasons: the toolkit's own minimum for the platform
    const DriverVersion* driver_floor = nullptr;  // driver-too-old: the CUDA major's minor-version floor
    const CudaArchitectureRange* range = nullptr; // compute-capability-unsupported: nvcc's range for the build's CUDA
    const TensorFlowArches* arches = nullptr;     // compute-capability-unsupported (TensorFlow): the wheels' lists; `conda`
    const TensorFlowArches* conda = nullptr;      //   Anaconda's build's lists
    const Requirement* requirement = nullptr;     // WSL2 and native-Windows rules: the stated requirement
    const Version* version = nullptr;             // platform reasons: the last release with a GPU build there
    std::string_view source{};                    // where the rule is stated (a table row's source)

    [[nodiscard]] constexpr bool about_gpu(std::size_t i) const noexcept { return i < 32 && ((gpus >> i) & 1U) != 0; }
};

// Every reason that applies to one release, at most one per code, kept in
// the enum's order. A resolver adds at most ten distinct codes to one release
// (constraint, architecture, Python, three WSL2 rules, driver, PTX driver,
// compute capability, platform), so the capacity never truncates.
inline constexpr std::size_t max_reasons = 10;
class Reasons {
public:
    constexpr void add(const Reason& r) noexcept {
        if (has(r.code) || list_.count == max_reasons) return;
        std::size_t i = list_.count++;
        for (; i > 0 && list_.items[i - 1].code > r.code; --i) list_.items[i] = list_.items[i - 1];
        list_.items[i] = r;
    }
    constexpr void add(ReasonCode c) noexcept { add(Reason{c}); }
    [[nodiscard]] constexpr const Reason* find(ReasonCode c) const noexcept {
        for (const auto& r : list_)
            if (r.code == c) return &r;
        return nullptr;
    }
    [[nodiscard]] constexpr bool has(ReasonCode c) const noexcept {
        for (const auto& r : list_)
            if (r.code == c) return true;
        return false;
    }
    [[nodiscard]] constexpr bool empty() const noexcept { return list_.empty(); }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return list_.size(); }
    [[nodiscard]] constexpr const Reason* begin() const noexcept { return list_.begin(); }
    [[nodiscard]] constexpr const Reason* end() const noexcept { return list_.end(); }
    // The decisive reason: the lowest rank.
    [[nodiscard]] constexpr const Reason* primary() const noexcept {
        const Reason* best = nullptr;
        for (const auto& r : list_)
            if (best == nullptr || info(r.code).rank < info(best->code).rank) best = &r;
        return best;
    }

private:
    FixedList<Reason, max_reasons> list_{};
};

// The codes of a rejection's reasons without their evidence: four bytes where
// Reasons takes nearly a kilobyte. A resolution keeps one per rejected row and
// recomputes the evidence when it is asked for (Resolution::reasons), which is
// what makes resolving hundreds of rows cost a few nanoseconds each.
// Same adding interface as Reasons, so a rule is written once for both.
static_assert(reason_code_count <= 32, "ReasonSet holds one bit per ReasonCode");
class ReasonSet {
public:
    constexpr void add(const Reason& r) noexcept { add(r.code); }
    constexpr void add(ReasonCode c) noexcept {
        if (static_cast<std::size_t>(c) < reason_code_count) bits_ |= bit(c);
    }
    [[nodiscard]] constexpr bool has(ReasonCode c) const noexcept {
        return static_cast<std::size_t>(c) < reason_code_count && (bits_ & bit(c)) != 0;
    }
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return static_cast<std::size_t>(std::popcount(bits_)); }
    // The decisive code, as Reasons::primary() picks it: the lowest rank, the
    // first in the enum's order among equals. Count_ when empty.
    [[nodiscard]] constexpr ReasonCode primary() const noexcept {
        ReasonCode best = ReasonCode::Count_;
        for_each([&](ReasonCode c) {
            if (best == ReasonCode::Count_ || info(c).rank < info(best).rank) best = c;
        });
        return best;
    }
    // The codes in the enum's order (the order Reasons keeps).
    template <class F>
    constexpr void for_each(F f) const {
        for (std::uint32_t rest = bits_; rest != 0; rest &= rest - 1) f(static_cast<ReasonCode>(std::countr_zero(rest)));
    }
    [[nodiscard]] constexpr std::uint32_t bits() const noexcept { return bits_; }
    // Both sets' codes.
    constexpr ReasonSet& operator|=(ReasonSet other) noexcept {
        bits_ |= other.bits_;
        return *this;
    }
    friend constexpr bool operator==(ReasonSet, ReasonSet) noexcept = default;

    [[nodiscard]] static constexpr ReasonSet of(const Reasons& rs) noexcept {
        ReasonSet s;
        for (const Reason& r : rs) s.add(r.code);
        return s;
    }

private:
    static constexpr std::uint32_t bit(ReasonCode c) noexcept { return std::uint32_t{1} << static_cast<unsigned>(c); }
    std::uint32_t bits_ = 0;
};

// Notes attached to a candidate: facts the user should know, not rejections.
enum class NoteCode : std::uint8_t {
    DriverUnknown,            // no driver given: state the minimum
    MinorVersionLimits,       // works through minor version compatibility
    PtxJitWarmup,             // GPU newer than the SASS: JIT from PTX at start-up
    ArchesUnknown,            // the release's CUDA architectures are not in the tables
    ArchesMinimumOnly,        // only a minimum compute capability is known
    PtxOnlyIfPresent,         // the toolkit writes no SASS for this GPU: runs only if the wheel carries PTX (unknown)
    Wsl2GpuMayWork,           // a generation NVIDIA calls "not officially supported" on WSL2 but says may work
    Wsl2BuildUnknown,         // WSL2 without a Windows build: state the minimum
    Wsl2UseWindowsDriver,     // never install a Linux driver inside WSL2
    SeparateGpuPackage,       // tensorflow-gpu era
    PipCudaExtra,             // tensorflow[and-cuda] brings CUDA and cuDNN from pip
    MacOSDriverUnknown,       // no driver table for macOS CUDA
    WheelIndex,               // PyTorch/JAX: the build comes from the framework's own index, not PyPI
    LocalCuda,                // JAX *_local: CUDA and cuDNN are installed by you, not by pip
    Wsl2Experimental,         // JAX: NVIDIA GPU under WSL2 is "experimental" in its install guide
    Count_
};
static_assert(static_cast<unsigned>(NoteCode::Count_) <= 16, "NoteSet holds 16 bits");

class NoteSet {
public:
    constexpr void add(NoteCode c) noexcept { bits_ |= static_cast<std::uint16_t>(1U << static_cast<unsigned>(c)); }
    [[nodiscard]] constexpr bool has(NoteCode c) const noexcept { return (bits_ >> static_cast<unsigned>(c)) & 1U; }
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
    friend constexpr NoteSet operator|(NoteSet a, NoteSet b) noexcept {
        a.bits_ = static_cast<std::uint16_t>(a.bits_ | b.bits_);
        return a;
    }
    template <class F>
    constexpr void for_each(F f) const {
        for (std::size_t i = 0; i < static_cast<std::size_t>(NoteCode::Count_); ++i)
            if ((bits_ >> i) & 1U) f(static_cast<NoteCode>(i));
    }

private:
    std::uint16_t bits_ = 0;
};

}  // namespace gpucompat
