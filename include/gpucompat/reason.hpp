// gpucompat — reason codes and note codes.
//
// Answers are structured (a code plus the row and query it refers to) so they
// can be computed in constant expressions; the human message is rendered at
// run time by <gpucompat/messages.hpp>. The kebab-case names are part of the
// JSON contract (docs/contract.md).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

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

inline constexpr std::array<std::string_view, static_cast<std::size_t>(ReasonCode::Count_)> reason_names = {
    "platform-no-gpu",
    "windows-native-gpu-dropped",
    "windows-build-too-old",
    "wsl2-driver-too-old",
    "wsl2-gpu-unsupported",
    "driver-too-old",
    "ptx-jit-needs-newer-driver",
    "python-unsupported",
    "compute-capability-unsupported",
    "arch-unsupported",
    "tf-constraint",
    "tensorflow-unknown",
    "cudnn-major-mismatch",
    "cudnn-minor-too-old",
    "cuda-runtime-mismatch",
    "library-not-found",
    "package-incompatible",
    "version-constraint",
    "release-unknown",
    "cpu-only-build",
    "library-shadowed",
    "jaxlib-version-mismatch",
    "plugin-version-mismatch",
};

[[nodiscard]] constexpr std::string_view to_string(ReasonCode c) noexcept {
    return reason_names[static_cast<std::size_t>(c)];
}

// A set of reason codes: every reason that applies, not just the first.
static_assert(static_cast<unsigned>(ReasonCode::Count_) <= 32, "ReasonSet holds 32 bits");
class ReasonSet {
public:
    constexpr void add(ReasonCode c) noexcept { bits_ |= bit(c); }
    [[nodiscard]] constexpr bool has(ReasonCode c) const noexcept { return (bits_ & bit(c)) != 0; }
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
    [[nodiscard]] constexpr std::uint32_t bits() const noexcept { return bits_; }
    template <class F>
    constexpr void for_each(F f) const {
        for (std::size_t i = 0; i < static_cast<std::size_t>(ReasonCode::Count_); ++i)
            if (bits_ & (1U << i)) f(static_cast<ReasonCode>(i));
    }

private:
    static constexpr std::uint32_t bit(ReasonCode c) noexcept { return 1U << static_cast<unsigned>(c); }
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
