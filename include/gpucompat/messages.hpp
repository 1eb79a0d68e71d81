// gpucompat — human messages for note codes, and the text helpers the
// reasons' messages share (explain.hpp renders the reasons), at run time.
//
// Every message says what was found, what is needed and where the fact comes
// from: "CUDA 11.2 needs driver >= 460.82 on Windows, or >= 452.39 with minor
// version compatibility; found 441.22 (NVIDIA CUDA 11.2.0 release notes)".
// Kept apart from the constexpr core because std::string is not usable in
// constant expressions with every compiler we support (clang 14 + libstdc++ 12).
#pragma once

#include <string>
#include <string_view>

#include "check.hpp"
#include "framework_resolver.hpp"
#include "resolver.hpp"

namespace gpucompat {

namespace detail {

inline std::string str(std::string_view s) { return std::string(s); }

inline std::string platform_name(Platform p) {
    switch (p) {
        case Platform::Linux: return "Linux";
        case Platform::Windows: return "native Windows";
        case Platform::Wsl2: return "WSL2";
        case Platform::MacOS: return "macOS";
    }
    return "?";
}

inline std::string python_range(const TensorFlowRow& row) {
    // "2.7, 3.5-3.7": consecutive minors of one major collapse into a range.
    std::string out;
    for (std::size_t i = 0; i < row.python.size();) {
        std::size_t j = i;
        while (j + 1 < row.python.size() && row.python[j + 1].major == row.python[j].major &&
               row.python[j + 1].minor == row.python[j].minor + 1)
            ++j;
        if (!out.empty()) out += ", ";
        auto pv = [](PythonMinor p) { return std::to_string(p.major) + "." + std::to_string(p.minor); };
        out += pv(row.python[i]);
        if (j != i) out += "-" + pv(row.python[j]);
        i = j + 1;
    }
    return out;
}

template <std::size_t N>
std::string cc_list(const FixedList<ComputeCapability, N>& l) {
    std::string out;
    for (const auto& c : l) out += (out.empty() ? "" : ", ") + std::to_string(c.major()) + "." + std::to_string(c.minor());
    return out.empty() ? "none" : out;
}
inline std::string cc_text(const ComputeCapability& c) {
    std::string s = std::to_string(c.major()) + "." + std::to_string(c.minor());
    if (c.suffix() == ComputeCapability::Suffix::a) s += "a";
    if (c.suffix() == ComputeCapability::Suffix::f) s += "f";
    return s;
}

inline std::string driver_thresholds(const Version& cuda, Platform p, const TableSet& t) {
    const CudaRelease* rel = find_cuda_release(cuda, t);
    if (rel == nullptr) return "CUDA " + str(cuda.text()) + " (no driver minimum in the tables)";
    std::string out = "CUDA " + str(cuda.text()) + ", which needs driver >= ";
    const auto need = toolkit_driver_min(*rel, p);
    out += need ? str(need->text()) : std::string("(not stated)");
    out += p == Platform::Linux ? " on Linux" : " on Windows";
    if (const auto floor = minor_version_driver_min(cuda.major(), p, t))
        out += ", or >= " + str(floor->text()) + " with minor version compatibility";
    return out;
}
inline std::string driver_thresholds(const TensorFlowRow& row, Platform p, const TableSet& t) {
    return driver_thresholds(row.cuda, p, t);
}

// Can a GPU run code from these lists (SASS of its major, or PTX to JIT)?
template <class Sass, class Ptx>
constexpr bool runs_on(const ComputeCapability& gpu, const Sass& sass, const Ptx& ptx) noexcept {
    for (const auto& x : sass)
        if (gpu.runs_sass_of(x)) return true;
    for (const auto& x : ptx)
        if (gpu.can_jit_ptx_of(x)) return true;
    return false;
}
template <std::size_t N>
std::string python_list(const FixedList<PythonMinor, N>& l) {
    std::string out;
    for (const auto& p : l) out += (out.empty() ? "" : ", ") + std::to_string(p.major) + "." + std::to_string(p.minor);
    return out;
}

}  // namespace detail

// The message for one note on a candidate.
inline std::string note_message(const Candidate& c, NoteCode code) {
    using detail::str;
    const TensorFlowRow& row = *c.row;
    const TableSet& t = *c.tables;
    switch (code) {
        case NoteCode::DriverUnknown:
            return "No driver given: " + detail::driver_thresholds(row, c.platform, t);
        case NoteCode::MinorVersionLimits:
            return "Runs through CUDA minor version compatibility (driver >= " +
                   (c.driver_min() ? str(c.driver_min()->text()) : std::string("?")) +
                   " for CUDA " + std::to_string(row.cuda.major()) +
                   ".x): features that need a newer driver fail with cudaErrorCallRequiresNewerDriver, and PTX from a newer toolkit cannot be JIT-compiled (NVIDIA CUDA Compatibility guide)";
        case NoteCode::PtxJitWarmup:
            return "This GPU is newer than every SASS architecture in the wheel: the driver JIT-compiles the PTX at first start (minutes, cached in ~/.nv/ComputeCache); set CUDA_CACHE_MAXSIZE to keep it";
        case NoteCode::ArchesUnknown:
            return "The CUDA architectures of TensorFlow " + str(row.tensorflow.text()) +
                   "'s wheels are not in the bundled tables: compute capability not checked (unknown, not assumed)";
        case NoteCode::ArchesMinimumOnly:
            return "TensorFlow " + str(row.tensorflow.text()) + "'s documentation states only a minimum compute capability (" +
                   detail::cc_text(c.arches->cc_min) + "): which architectures its wheels carry as SASS or PTX is unknown (" +
                   str(c.arches->provenance.source) + ")";
        case NoteCode::PtxOnlyIfPresent: {
            const CudaArchitectureRange* range = row_facts(t, row).cc_range;
            return "CUDA " + str(row.cuda.text()) + " writes SASS up to compute capability " +
                   (range ? detail::cc_text(range->sass_max) : std::string("?")) +
                   ", older than this GPU: TensorFlow " + str(row.tensorflow.text()) +
                   " can run on it only by JIT-compiling PTX, and whether its wheels carry PTX is not in the bundled tables (at best ptx-jit; unknown, not assumed)" +
                   (range ? " (" + str(range->provenance.source) + ")" : std::string());
        }
        case NoteCode::Wsl2GpuMayWork: {
            const Requirement* r = find_requirement("wsl2-gpu-may-work", "nvidia", t);
            return "NVIDIA on this GPU generation under WSL2: \"" + (r ? str(r->text) : std::string()) + "\"" +
                   (r ? " (" + str(r->provenance.source) + ")" : std::string());
        }
        case NoteCode::Wsl2BuildUnknown:
            return "WSL2 GPU needs Windows 10 build " + std::to_string(wsl2_min_build(t)) + " or later (TensorFlow install guide); pass --os-build to check";
        case NoteCode::Wsl2UseWindowsDriver:
            return "Under WSL2 the Windows NVIDIA driver provides CUDA (libcuda.so in /usr/lib/wsl/lib): install no Linux display driver inside WSL";
        case NoteCode::SeparateGpuPackage:
            return "TensorFlow " + str(row.tensorflow.truncated(2).text()) + "'s GPU build is the separate tensorflow-gpu package (GPU joined the tensorflow package in 2.1: " +
                   str(t.package_rule.source) + ")";
        case NoteCode::PipCudaExtra:
            return "pip can bring CUDA and cuDNN: pip install 'tensorflow[and-cuda]==" + str(row.tensorflow.text()) + "'";
        case NoteCode::MacOSDriverUnknown:
            return "macOS CUDA drivers are not in the bundled tables: driver not checked";
        default: break;
    }
    return "";
}

// PyTorch and JAX: "PyTorch 2.8.0 (cu128, Linux x86_64)".
inline std::string framework_name(Framework f) {
    switch (f) {
        case Framework::TensorFlow: return "TensorFlow";
        case Framework::PyTorch: return "PyTorch";
        case Framework::Jax: return "JAX";
    }
    return "?";
}
inline std::string framework_label(const FrameworkRelease& r) {
    return framework_name(r.framework) + " " + std::string(r.version.text()) + " (" + std::string(r.variant) + ", " +
           detail::platform_name(r.platform) + " " + std::string(to_string(r.arch)) + ")";
}

// The message for one note on a PyTorch or JAX candidate.
inline std::string framework_note_message(const FrameworkCandidate& c, NoteCode code) {
    using detail::str;
    const FrameworkRelease& row = *c.row;
    const TableSet& t = *c.tables;
    switch (code) {
        case NoteCode::DriverUnknown:
            return "No driver given: " + detail::driver_thresholds(row.cuda, c.platform, t);
        case NoteCode::MinorVersionLimits:
            return "Runs through CUDA minor version compatibility (driver >= " +
                   (c.driver_min() ? str(c.driver_min()->text()) : std::string("?")) + " for CUDA " + std::to_string(row.cuda.major()) +
                   ".x): features that need a newer driver fail with cudaErrorCallRequiresNewerDriver, and PTX from a newer toolkit cannot be JIT-compiled (NVIDIA CUDA Compatibility guide)";
        case NoteCode::PtxJitWarmup:
            return "This GPU is newer than every SASS architecture in the build: the driver JIT-compiles the PTX at first start (minutes, cached in ~/.nv/ComputeCache)";
        case NoteCode::ArchesUnknown:
            return "The CUDA architectures of " + framework_label(row) + " are not in the bundled tables: compute capability not checked (unknown, not assumed)";
        case NoteCode::PtxOnlyIfPresent:
            return "CUDA " + str(row.cuda.text()) + " writes no SASS for this GPU: " + framework_label(row) +
                   " can run on it only through PTX, and whether it carries PTX is unknown";
        case NoteCode::WheelIndex:
            if (row.framework == Framework::PyTorch && row.platform == Platform::Windows)
                return "PyTorch's CUDA wheels for Windows come from download.pytorch.org, not PyPI (PyPI's Windows wheels are CPU-only): install with " +
                       str(to_string(row.pip_index)) + " " + str(row.pip_index_url);
            return "This build is not on PyPI: install with " + str(to_string(row.pip_index)) + " " + str(row.pip_index_url);
        case NoteCode::LocalCuda:
            return str(row.extra) + " uses a CUDA (>= " + str(row.cuda.text()) + ") and cuDNN (>= " + str(row.cudnn.text()) +
                   ", same major) that you install yourself; pip brings neither";
        case NoteCode::Wsl2BuildUnknown:
            return "WSL2 GPU needs Windows 10 build " + std::to_string(wsl2_min_build(t)) + " or later; pass --os-build to check";
        case NoteCode::Wsl2Experimental: {
            const Requirement* r = framework_statement("windows-gpu", row.framework, t);
            return framework_name(row.framework) + "'s install guide calls NVIDIA GPU under WSL2 experimental" +
                   (r ? " (\"" + str(r->text) + "\", " + str(r->provenance.source) + ")" : std::string());
        }
        case NoteCode::Wsl2UseWindowsDriver:
            return "Under WSL2 the Windows NVIDIA driver provides CUDA (libcuda.so in /usr/lib/wsl/lib): install no Linux display driver inside WSL";
        case NoteCode::Wsl2GpuMayWork: {
            const Requirement* r = find_requirement("wsl2-gpu-may-work", "nvidia", t);
            return "NVIDIA on this GPU generation under WSL2: \"" + (r ? str(r->text) : std::string()) + "\"" +
                   (r ? " (" + str(r->provenance.source) + ")" : std::string());
        }
        case NoteCode::MacOSDriverUnknown:
            return "macOS CUDA drivers are not in the bundled tables: driver not checked";
        default: break;
    }
    return "";
}

}  // namespace gpucompat
