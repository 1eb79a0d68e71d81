// gpucompat — the row types of the bundled tables.
//
// data/*.json is the single source of truth; tools/gpucompat_gen turns each
// file into a constexpr array of these rows under include/gpucompat/tables/.
// Every row keeps its source and the date it was checked, so any answer can
// cite where its facts come from.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "compute_capability.hpp"
#include "driver.hpp"
#include "platform.hpp"
#include "version.hpp"

namespace gpucompat {

struct Provenance {
    std::string_view source;   // URL (with revision) or document
    std::string_view checked;  // ISO date the fact was last checked
    std::string_view note;     // disagreements, caveats; may be empty
};

// "3.7": Python is matched on major.minor, as wheels are.
struct PythonMinor {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    friend constexpr bool operator==(const PythonMinor&, const PythonMinor&) noexcept = default;
};

template <class T, std::size_t N>
struct FixedList {
    std::array<T, N> items{};
    std::size_t count = 0;
    [[nodiscard]] constexpr const T* begin() const noexcept { return items.data(); }
    [[nodiscard]] constexpr const T* end() const noexcept { return items.data() + count; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return count; }
    [[nodiscard]] constexpr bool empty() const noexcept { return count == 0; }
    [[nodiscard]] constexpr const T& operator[](std::size_t i) const noexcept { return items[i]; }
    [[nodiscard]] constexpr const T& front() const noexcept { return items[0]; }
    [[nodiscard]] constexpr const T& back() const noexcept { return items[count - 1]; }
    constexpr void push_back(const T& v) noexcept {
        if (count < N) items[count++] = v;
    }
};

// One row of TensorFlow's "tested build configurations" (GPU tables).
struct TensorFlowRow {
    Version tensorflow;             // as the table names it: 2.16.1, 1.13.1
    Platform platform;              // Linux, Windows or MacOS (WSL2 uses the Linux rows)
    std::string_view row_name;      // tensorflow_gpu-2.10.0
    std::string_view package;       // the pip package of that era: tensorflow-gpu / tensorflow
    FixedList<PythonMinor, 10> python;
    std::string_view compiler;
    std::string_view build_tool;
    Version cudnn;                  // as the table writes it: 7.6, 8.1, 7
    Version cuda;                   // as the table writes it: 10.1, 11.2, 9
    Provenance provenance;
};

// A row of NVIDIA's "CUDA Toolkit and Corresponding Driver Versions".
struct CudaRelease {
    Version version;                // 11.2.0
    std::string_view name;          // "CUDA 11.2.0 GA"
    DriverVersion linux_min;        // x86_64 Linux
    DriverVersion windows_min;      // empty() when NVIDIA lists none
    Provenance provenance;
};

// The GPUs a CUDA toolkit can build for, from one toolkit release on: nvcc
// emits SASS for cc_min .. sass_max. A wheel built with that CUDA cannot carry
// code for older GPUs, whatever the docs' prose says, and can carry no SASS for
// a GPU whose major architecture is newer than sass_max (PTX at best).
struct CudaArchitectureRange {
    Version cuda_from;              // 12.0
    ComputeCapability cc_min;       // 5.0
    ComputeCapability sass_max;     // 9.0 (empty: not stated)
    std::string_view dropped;       // "Kepler (3.5, 3.7)"
    std::string_view text;          // NVIDIA's own sentence
    Provenance provenance;
};

// Minor version compatibility (CUDA 11+): any driver at or above the major's
// floor runs any minor release of that major, with documented limits.
struct MinorVersionFloor {
    std::uint32_t major;
    DriverVersion linux_min;
    DriverVersion windows_min;
    Provenance provenance;
};

struct CudnnRelease {
    Version version;                // 8.1.0
    FixedList<Version, 20> cuda;    // the CUDA releases NVIDIA built it for ("12": every 12.x)
    ComputeCapability cc_min;       // empty() when not stated
    Provenance provenance;
};

struct CudnnLibrary {
    std::uint32_t major;
    std::string_view linux_soname;  // libcudnn.so.8
    std::string_view windows_dll;   // cudnn64_8.dll
    Provenance provenance;
};

enum class CondaChannel : std::uint8_t { Defaults, CondaForge };
[[nodiscard]] constexpr std::string_view to_string(CondaChannel c) noexcept {
    return c == CondaChannel::Defaults ? "defaults" : "conda-forge";
}

struct CondaPackage {
    std::string_view name;          // cudnn
    Version version;                // 7.6.5
    std::string_view build;         // cuda10.1_0 ("" when not established)
    CondaChannel channel;
    std::string_view subdir;        // linux-64, win-64
    Version cuda;                   // empty() when not CUDA-specific
    PythonMinor python;             // {0,0} when not Python-specific
    Provenance provenance;
};

// Which GPU code one build of a release carries: the official pip wheels
// (build "") or Anaconda's `defaults` conda build (build "conda-defaults"),
// which was compiled with its own capability list.
struct TensorFlowArches {
    Version tensorflow;             // major.minor
    std::string_view platform;      // linux, windows or all
    std::string_view build;         // "" (pip wheels) or "conda-defaults"
    FixedList<ComputeCapability, 16> sass;
    FixedList<ComputeCapability, 16> ptx;
    ComputeCapability cc_min;       // only a stated minimum (sass and ptx empty): the older docs' "3.5 or higher"
    std::string_view config;        // TF_CUDA_COMPUTE_CAPABILITIES as written
    Provenance provenance;
};

// The shared libraries a release loads at run time.
struct TensorFlowLibraries {
    Version tensorflow;             // major.minor
    std::string_view platform;      // linux, windows or all
    Version cuda;
    std::string_view cudart, cublas, cublaslt, cufft, curand, cusolver, cusparse, cudnn;
    Provenance provenance;
};

// The shared-library file names one CUDA toolkit release ships, per platform
// (libcusolver.so.11 from 11.1 on, cusolver64_10.dll in 11.0): what a build
// against another release looks for and may not find.
struct CudaLibraries {
    Version cuda;                   // major.minor
    std::string_view platform;      // linux or windows
    std::string_view cudart, cublas, cublaslt, cufft, curand, cusolver, cusparse, nvrtc;
    Provenance provenance;
};

struct TensorFlowPipExtra {
    Version tensorflow;             // major.minor
    std::string_view extra;         // and-cuda
    FixedList<std::string_view, 24> requires_;
    Provenance provenance;
};

// A pin a release needs today on top of its own wheel metadata, so pip does
// not pull a newer dependency that breaks `import tensorflow` (issue 15;
// data/python_constraints.json).
struct PythonConstraint {
    std::string_view framework;     // tensorflow
    Version release;                // major.minor
    std::string_view package;       // numpy, protobuf
    std::string_view spec;          // "<2", "<3.20"
    PythonMinor python_min;         // {0,0}: any Python (the pin applies on every Python)
    Version patch_from;             // empty: every patch of the minor
    Version patch_to;               // empty: every patch of the minor
    std::string_view why;
    Provenance provenance;
};

struct WindowsBuild {
    std::string_view product;       // Windows 10
    std::string_view release;       // 21H2
    std::uint32_t build;            // 19044
    std::string_view available;     // ISO date
    Provenance provenance;
};

// A stated requirement (WSL2 minimum build, minimum driver, ...), as a sentence
// from its source plus the value the resolver uses.
struct Requirement {
    std::string_view id;            // wsl2-min-build
    std::string_view who;           // tensorflow, nvidia, microsoft
    std::string_view value;         // "19044"
    std::string_view text;          // the source's own words
    Provenance provenance;
};

struct GpuModel {
    std::string_view name;          // GeForce GTX 850M (without "NVIDIA ")
    ComputeCapability cc;
    std::string_view family;        // geforce-notebook, datacenter, ...
    FixedList<std::string_view, 6> aliases;
    Provenance provenance;
};

// The GPU frameworks answered for. TensorFlow has its own row types above
// (its tested-configuration tables); PyTorch and JAX share FrameworkRelease.
enum class Framework : std::uint8_t { TensorFlow, PyTorch, Jax };
[[nodiscard]] constexpr std::string_view to_string(Framework f) noexcept {
    switch (f) {
        case Framework::TensorFlow: return "tensorflow";
        case Framework::PyTorch: return "pytorch";
        case Framework::Jax: return "jax";
    }
    return "?";
}

// How a pip command reaches the wheels: PyPI alone, a replacement index
// (PyTorch's download.pytorch.org/whl/cuXYZ), an extra index, or a find-links
// page (JAX's and old PyTorch's storage pages).
enum class PipIndex : std::uint8_t { None, IndexUrl, ExtraIndexUrl, FindLinks };
[[nodiscard]] constexpr std::string_view to_string(PipIndex i) noexcept {
    switch (i) {
        case PipIndex::None: return "";
        case PipIndex::IndexUrl: return "--index-url";
        case PipIndex::ExtraIndexUrl: return "--extra-index-url";
        case PipIndex::FindLinks: return "-f";
    }
    return "";
}

// One published CUDA build of a PyTorch or JAX release on one platform and
// CPU architecture: PyTorch's wheel variant (cu126, cu130) or JAX's CUDA
// plugin/extra (cuda12, cuda13, cuda12_local). No driver minimum is stored:
// the row's CUDA decides it through the CUDA tables, as for TensorFlow.
struct FrameworkRelease {
    Framework framework;
    Version version;                // 2.8.0, 0.4.30
    Platform platform;              // Linux or Windows
    Arch arch;                      // x86_64 or aarch64
    std::string_view variant;       // cu128, cuda12
    FixedList<PythonMinor, 8> python;
    Version cuda;                   // PyTorch: built with; JAX: the oldest CUDA accepted
    Version cudnn;                  // empty(): unknown
    FixedList<ComputeCapability, 16> sass;   // both empty: unknown
    FixedList<ComputeCapability, 16> ptx;
    std::string_view config;        // TORCH_CUDA_ARCH_LIST / CUDA_COMPUTE_CAPABILITIES as written
    std::string_view index_url;     // PyTorch: the variant's index (download.pytorch.org/whl/cuXYZ)
    std::string_view extra;         // JAX: jax[cuda12]
    std::string_view pip_spec;      // torch==2.8.0, jax[cuda12]==0.6.0, torch==1.9.0+cu111
    PipIndex pip_index;             // how the install command reaches the wheel
    std::string_view pip_index_url;
    bool pypi_default;              // plain `pip install torch==X` from PyPI gives this build
    Provenance provenance;
    [[nodiscard]] constexpr bool arches_known() const noexcept { return !sass.empty() || !ptx.empty(); }
};

// A view of one complete set of tables. `bundled` views the constexpr arrays
// compiled into the library; <gpucompat/json_tables.hpp> builds one from
// data/*.json at run time. Every lookup and resolve() take a TableSet, so
// both paths run the same code and give the same answers.
// What every query needs to know about a TensorFlow row, looked up once per
// table set (at compile time for the bundled tables) instead of per query.
struct RowFacts {
    const CudaRelease* cuda_release = nullptr;  // the GA release of the row's CUDA minor
    const TensorFlowArches* arches = nullptr;   // the wheels' CUDA architectures, nullptr: unknown
    const TensorFlowArches* conda_arches = nullptr;  // Anaconda's conda build of the same CUDA, nullptr: none known
    const CudaArchitectureRange* cc_range = nullptr;  // the GPUs the row's CUDA can build for
    bool pip_cuda_extra = false;                // tensorflow[and-cuda] exists for this release
    bool separate_gpu_package = false;          // the tensorflow-gpu era
};

// The same for a PyTorch or JAX row: its CUDA's GA release (the driver
// minimum) and NVIDIA's architecture range for that CUDA.
struct FrameworkRowFacts {
    const CudaRelease* cuda_release = nullptr;
    const CudaArchitectureRange* cc_range = nullptr;
    std::uint8_t cuda_key = 0xFF;   // the row's CUDA major.minor, numbered within its table (0xFF: none)
};

struct TableSet {
    std::span<const TensorFlowRow> tensorflow;
    std::span<const TensorFlowArches> tensorflow_arches;
    std::span<const TensorFlowLibraries> tensorflow_libraries;
    std::span<const TensorFlowPipExtra> tensorflow_pip_extras;
    std::span<const CudaRelease> cuda_releases;
    std::span<const MinorVersionFloor> minor_version_floors;
    std::span<const CudnnRelease> cudnn_releases;
    std::span<const CudnnLibrary> cudnn_libraries;
    std::span<const CondaPackage> conda_packages;
    std::span<const WindowsBuild> windows_builds;
    std::span<const Requirement> requirements;
    Version last_separate_gpu_package;
    Provenance package_rule;
    std::span<const RowFacts> row_facts{};
    std::span<const CudaArchitectureRange> architecture_ranges{};  // one per tensorflow row; see compute_row_facts()
    std::span<const CudaLibraries> cuda_libraries{};
    std::span<const PythonConstraint> python_constraints{};        // data/python_constraints.json
    std::span<const FrameworkRelease> pytorch{};
    std::span<const FrameworkRelease> jax{};
    std::span<const Requirement> framework_statements{};  // JAX: no native-Windows GPU
    std::span<const FrameworkRowFacts> pytorch_facts{};   // one per pytorch row, or empty (computed per query)
    std::span<const FrameworkRowFacts> jax_facts{};
};

}  // namespace gpucompat
