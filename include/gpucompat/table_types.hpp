// gpucompat — the row types of the bundled tables.
//
// data/*.json is the single source of truth; tools/gpucompat_gen turns each
// file into a constexpr array of these rows under include/gpucompat/tables/.
// Every row keeps its source and the date it was checked, so any answer can
// cite where its facts come from. Each row type is followed by its field list
// (RowFields, field_list.hpp): the one description of the row that the
// run-time loader, the generator and the schema test all use.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "compute_capability.hpp"
#include "driver.hpp"
#include "field_list.hpp"
#include "platform.hpp"
#include "version.hpp"

namespace gpucompat {

template <>
struct EnumTexts<Platform> {
    static constexpr std::array<EnumText<Platform>, 4> list{{{Platform::Linux, "linux", "Platform::Linux"},
                                                             {Platform::Windows, "windows", "Platform::Windows"},
                                                             {Platform::Wsl2, "wsl2", "Platform::Wsl2"},
                                                             {Platform::MacOS, "macos", "Platform::MacOS"}}};
};
template <>
struct EnumTexts<Arch> {
    static constexpr std::array<EnumText<Arch>, 2> list{{{Arch::X86_64, "x86_64", "Arch::X86_64"}, {Arch::Aarch64, "aarch64", "Arch::Aarch64"}}};
};

struct Provenance {
    std::string_view source;   // URL (with revision) or document
    std::string_view checked;  // ISO date the fact was last checked
    std::string_view note;     // disagreements, caveats; may be empty
};
template <>
struct RowFields<Provenance> {
    using Row = Provenance;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(source, "source", FieldUse::Required),
        GPUCOMPAT_FIELD(checked, "checked", FieldUse::Required),
        GPUCOMPAT_FIELD(note, "note")
    );
    static constexpr std::string_view unread = "";
};

// "3.7": Python is matched on major.minor, as wheels are.
struct PythonMinor {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    friend constexpr bool operator==(const PythonMinor&, const PythonMinor&) noexcept = default;
};

namespace detail {
// Called only when a constant expression overflows or over-reads a FixedList:
// not constexpr, so the compiler stops with this function's name in the diagnostic.
inline void fixed_list_full_in_constant_expression() noexcept {}
inline void fixed_list_index_out_of_range_in_constant_expression() noexcept {}
}  // namespace detail

// A list of at most N items without allocation, so that rows and answers are
// constexpr. Nothing is ever dropped: push_back() on a full list is a compile
// error in a constant expression and throws std::length_error at run time (as
// C++26's std::inplace_vector throws when full); try_push_back() reports it
// instead. Reading past the end is a compile error or std::out_of_range.
template <class T, std::size_t N>
struct FixedList {
    std::array<T, N> items{};
    std::size_t count = 0;
    static constexpr std::size_t capacity = N;
    [[nodiscard]] constexpr const T* begin() const noexcept { return items.data(); }
    [[nodiscard]] constexpr const T* end() const noexcept { return items.data() + count; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return count; }
    [[nodiscard]] constexpr bool empty() const noexcept { return count == 0; }
    [[nodiscard]] constexpr bool full() const noexcept { return count == N; }
    [[nodiscard]] constexpr const T& operator[](std::size_t i) const {
        check_index(i);
        return items[i];
    }
    [[nodiscard]] constexpr const T& front() const { return (*this)[0]; }
    [[nodiscard]] constexpr const T& back() const { return (*this)[count - 1]; }
    // false, and nothing added, when the list is full.
    [[nodiscard]] constexpr bool try_push_back(const T& v) noexcept {
        if (count >= N) return false;
        items[count++] = v;
        return true;
    }
    constexpr void push_back(const T& v) {
        if (try_push_back(v)) return;
        if (std::is_constant_evaluated()) detail::fixed_list_full_in_constant_expression();
        else throw std::length_error("gpucompat::FixedList: more than " + std::to_string(N) + " items");
    }
    constexpr void clear() noexcept { count = 0; }

private:
    constexpr void check_index(std::size_t i) const {
        if (i < count) return;
        if (std::is_constant_evaluated()) detail::fixed_list_index_out_of_range_in_constant_expression();
        else throw std::out_of_range("gpucompat::FixedList: index " + std::to_string(i) + " of " + std::to_string(count) + " items");
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
template <>
struct RowFields<TensorFlowRow> {
    using Row = TensorFlowRow;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(tensorflow, "tensorflow", FieldUse::Required),
        GPUCOMPAT_FIELD(platform, "platform", FieldUse::Required,
                        [](const Platform& p) -> std::string_view { return p == Platform::Wsl2 ? "expected linux, windows or macos" : ""; }),
        GPUCOMPAT_FIELD(row_name, "row_name", FieldUse::Required),
        GPUCOMPAT_FIELD(package, "package", FieldUse::Required),
        GPUCOMPAT_FIELD(python, "python"),
        GPUCOMPAT_FIELD(compiler, "compiler"),
        GPUCOMPAT_FIELD(build_tool, "build_tool"),
        GPUCOMPAT_FIELD(cudnn, "cudnn", FieldUse::Required),
        GPUCOMPAT_FIELD(cuda, "cuda", FieldUse::Required),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
};

// A row of NVIDIA's "CUDA Toolkit and Corresponding Driver Versions".
struct CudaRelease {
    Version version;                // 11.2.0
    std::string_view name;          // "CUDA 11.2.0 GA"
    DriverVersion linux_min;        // x86_64 Linux
    DriverVersion windows_min;      // empty() when NVIDIA lists none
    Provenance provenance;
};
template <>
struct RowFields<CudaRelease> {
    using Row = CudaRelease;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(version, "version", FieldUse::Required),
        GPUCOMPAT_FIELD(name, "name", FieldUse::Required),
        GPUCOMPAT_FIELD(linux_min, "driver_min_linux"),
        GPUCOMPAT_FIELD(windows_min, "driver_min_windows"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
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
template <>
struct RowFields<CudaArchitectureRange> {
    using Row = CudaArchitectureRange;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(cuda_from, "cuda_from", FieldUse::Required),
        GPUCOMPAT_FIELD(cc_min, "cc_min", FieldUse::Required),
        GPUCOMPAT_FIELD(sass_max, "sass_max"),
        GPUCOMPAT_FIELD(dropped, "dropped"),
        GPUCOMPAT_FIELD(text, "text"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
};

// Minor version compatibility (CUDA 11+): any driver at or above the major's
// floor runs any minor release of that major, with documented limits.
struct MinorVersionFloor {
    std::uint32_t major;
    DriverVersion linux_min;
    DriverVersion windows_min;
    Provenance provenance;
};
template <>
struct RowFields<MinorVersionFloor> {
    using Row = MinorVersionFloor;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(major, "major", FieldUse::Required),
        GPUCOMPAT_FIELD(linux_min, "driver_min_linux"),
        GPUCOMPAT_FIELD(windows_min, "driver_min_windows"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
};

struct CudnnRelease {
    Version version;                // 8.1.0
    FixedList<Version, 20> cuda;    // the CUDA releases NVIDIA built it for ("12": every 12.x)
    ComputeCapability cc_min;       // empty() when not stated
    Provenance provenance;
};
template <>
struct RowFields<CudnnRelease> {
    using Row = CudnnRelease;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(version, "version", FieldUse::Required),
        GPUCOMPAT_FIELD(cuda, "cuda"),  // "12.x": a build for every minor of CUDA 12, read as the major alone
        GPUCOMPAT_FIELD(cc_min, "cc_min"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
};

struct CudnnLibrary {
    std::uint32_t major;
    std::string_view linux_soname;  // libcudnn.so.8
    std::string_view windows_dll;   // cudnn64_8.dll
    Provenance provenance;
};
template <>
struct RowFields<CudnnLibrary> {
    using Row = CudnnLibrary;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(major, "major", FieldUse::Required),
        GPUCOMPAT_FIELD(linux_soname, "linux"),
        GPUCOMPAT_FIELD(windows_dll, "windows"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
};

enum class CondaChannel : std::uint8_t { Defaults, CondaForge };
[[nodiscard]] constexpr std::string_view to_string(CondaChannel c) noexcept {
    return c == CondaChannel::Defaults ? "defaults" : "conda-forge";
}
template <>
struct EnumTexts<CondaChannel> {
    static constexpr std::array<EnumText<CondaChannel>, 2> list{
        {{CondaChannel::Defaults, "defaults", "CondaChannel::Defaults"}, {CondaChannel::CondaForge, "conda-forge", "CondaChannel::CondaForge"}}};
};

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
template <>
struct RowFields<CondaPackage> {
    using Row = CondaPackage;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(name, "name", FieldUse::Required),
        GPUCOMPAT_FIELD(version, "version", FieldUse::Required),
        GPUCOMPAT_FIELD(build, "build"),
        GPUCOMPAT_FIELD(channel, "channel", FieldUse::Required),
        GPUCOMPAT_FIELD(subdir, "subdir", FieldUse::Required),
        GPUCOMPAT_FIELD(cuda, "cuda"),
        GPUCOMPAT_FIELD(python, "python"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "platform_evidence";
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
template <>
struct RowFields<TensorFlowArches> {
    using Row = TensorFlowArches;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(tensorflow, "tensorflow", FieldUse::Required),
        GPUCOMPAT_FIELD(platform, "platform", FieldUse::Required),
        GPUCOMPAT_FIELD(build, "build"),
        GPUCOMPAT_FIELD(sass, "sass"),
        GPUCOMPAT_FIELD(ptx, "ptx"),
        GPUCOMPAT_FIELD(cc_min, "cc_min"),
        GPUCOMPAT_FIELD(config, "config"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
};

// The shared libraries a release loads at run time.
struct TensorFlowLibraries {
    Version tensorflow;             // major.minor
    std::string_view platform;      // linux, windows or all
    Version cuda;
    std::string_view cudart, cublas, cublaslt, cufft, curand, cusolver, cusparse, cudnn;
    Provenance provenance;
};
template <>
struct RowFields<TensorFlowLibraries> {
    using Row = TensorFlowLibraries;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(tensorflow, "tensorflow", FieldUse::Required),
        GPUCOMPAT_FIELD(platform, "platform", FieldUse::Required),
        GPUCOMPAT_FIELD(cuda, "cuda"),
        GPUCOMPAT_FIELD(cudart, "names.cudart"),
        GPUCOMPAT_FIELD(cublas, "names.cublas"),
        GPUCOMPAT_FIELD(cublaslt, "names.cublasLt"),
        GPUCOMPAT_FIELD(cufft, "names.cufft"),
        GPUCOMPAT_FIELD(curand, "names.curand"),
        GPUCOMPAT_FIELD(cusolver, "names.cusolver"),
        GPUCOMPAT_FIELD(cusparse, "names.cusparse"),
        GPUCOMPAT_FIELD(cudnn, "names.cudnn"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
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
template <>
struct RowFields<CudaLibraries> {
    using Row = CudaLibraries;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(cuda, "cuda", FieldUse::Required),
        // cuda.json writes {"cuda", "linux": {names}, "windows": {names}}: the
        // loader makes a row per platform, "platform" the key, "names" its object.
        GPUCOMPAT_FIELD(platform, "platform", FieldUse::Required),
        GPUCOMPAT_FIELD(cudart, "names.cudart"),
        GPUCOMPAT_FIELD(cublas, "names.cublas"),
        GPUCOMPAT_FIELD(cublaslt, "names.cublasLt"),
        GPUCOMPAT_FIELD(cufft, "names.cufft"),
        GPUCOMPAT_FIELD(curand, "names.curand"),
        GPUCOMPAT_FIELD(cusolver, "names.cusolver"),
        GPUCOMPAT_FIELD(cusparse, "names.cusparse"),
        GPUCOMPAT_FIELD(nvrtc, "names.nvrtc"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
};

struct TensorFlowPipExtra {
    Version tensorflow;             // major.minor
    std::string_view extra;         // and-cuda
    FixedList<std::string_view, 24> requires_;
    Provenance provenance;
};
template <>
struct RowFields<TensorFlowPipExtra> {
    using Row = TensorFlowPipExtra;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(tensorflow, "tensorflow", FieldUse::Required),
        GPUCOMPAT_FIELD(extra, "extra", FieldUse::Required),
        GPUCOMPAT_FIELD(requires_, "requires"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
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
template <>
struct RowFields<PythonConstraint> {
    using Row = PythonConstraint;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(framework, "framework", FieldUse::Required),
        GPUCOMPAT_FIELD(release, "tensorflow", FieldUse::Required,
                        [](const Version& v) -> std::string_view { return v.size() == 2 ? "" : "expected a release minor X.Y"; }),
        GPUCOMPAT_FIELD(package, "package", FieldUse::Required),
        GPUCOMPAT_FIELD(spec, "spec", FieldUse::Required),
        GPUCOMPAT_FIELD(python_min, "python_min"),
        GPUCOMPAT_FIELD(patch_from, "patch_from"),
        GPUCOMPAT_FIELD(patch_to, "patch_to"),
        GPUCOMPAT_FIELD(why, "why", FieldUse::Required),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
    static constexpr RowProblem check(const Row& r) noexcept {
        if (r.patch_from.empty() != r.patch_to.empty()) return {"patch_to", "patch_from and patch_to go together"};
        return {};
    }
};

struct WindowsBuild {
    std::string_view product;       // Windows 10
    std::string_view release;       // 21H2
    std::uint32_t build;            // 19044
    std::string_view available;     // ISO date
    Provenance provenance;
};
template <>
struct RowFields<WindowsBuild> {
    using Row = WindowsBuild;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(product, "product", FieldUse::Required),
        GPUCOMPAT_FIELD(release, "release", FieldUse::Required),
        GPUCOMPAT_FIELD(build, "build", FieldUse::Required),
        GPUCOMPAT_FIELD(available, "available"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
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
template <>
struct RowFields<Requirement> {
    using Row = Requirement;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(id, "id", FieldUse::Required),
        GPUCOMPAT_FIELD(who, "who", FieldUse::Required),
        GPUCOMPAT_FIELD(value, "value", FieldUse::Required),
        GPUCOMPAT_FIELD(text, "text"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "";
};

struct GpuModel {
    std::string_view name;          // GeForce GTX 850M (without "NVIDIA ")
    ComputeCapability cc;
    std::string_view family;        // geforce-notebook, datacenter, ...
    FixedList<std::string_view, 6> aliases;
    Provenance provenance;
};
template <>
struct RowFields<GpuModel> {
    using Row = GpuModel;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(name, "name", FieldUse::Required),
        GPUCOMPAT_FIELD(cc, "cc", FieldUse::Required),
        GPUCOMPAT_FIELD(family, "family", FieldUse::Required),
        GPUCOMPAT_FIELD(aliases, "aliases"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "alias_source";
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
template <>
struct EnumTexts<Framework> {
    static constexpr std::array<EnumText<Framework>, 3> list{{{Framework::TensorFlow, "tensorflow", "Framework::TensorFlow"},
                                                              {Framework::PyTorch, "pytorch", "Framework::PyTorch"},
                                                              {Framework::Jax, "jax", "Framework::Jax"}}};
};

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
// In the data: pip.option (absent: PipIndex::None).
template <>
struct EnumTexts<PipIndex> {
    static constexpr std::array<EnumText<PipIndex>, 4> list{{{PipIndex::None, "", "PipIndex::None"},
                                                             {PipIndex::IndexUrl, "index-url", "PipIndex::IndexUrl"},
                                                             {PipIndex::ExtraIndexUrl, "extra-index-url", "PipIndex::ExtraIndexUrl"},
                                                             {PipIndex::FindLinks, "find-links", "PipIndex::FindLinks"}}};
};

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
template <>
struct RowFields<FrameworkRelease> {
    using Row = FrameworkRelease;
    static constexpr auto list = fields(
        GPUCOMPAT_FIELD(framework, "", FieldUse::Context),  // the file: pytorch.json or jax.json
        GPUCOMPAT_FIELD(version, "version", FieldUse::Required),
        GPUCOMPAT_FIELD(platform, "platform", FieldUse::Required,
                        [](const Platform& p) -> std::string_view {
                            return p == Platform::Linux || p == Platform::Windows ? "" : "expected linux or windows";
                        }),
        GPUCOMPAT_FIELD(arch, "arch", FieldUse::Required),
        GPUCOMPAT_FIELD(variant, "variant", FieldUse::Required),
        GPUCOMPAT_FIELD(python, "python", FieldUse::NonEmpty),
        GPUCOMPAT_FIELD(cuda, "cuda", FieldUse::Required),
        GPUCOMPAT_FIELD(cudnn, "cudnn"),
        GPUCOMPAT_FIELD(sass, "sass"),
        GPUCOMPAT_FIELD(ptx, "ptx"),
        GPUCOMPAT_FIELD(config, "config", FieldUse::Optional, nullptr, "arch_list"),  // pytorch.json calls it arch_list
        GPUCOMPAT_FIELD(index_url, "index_url"),
        GPUCOMPAT_FIELD(extra, "extra"),
        GPUCOMPAT_FIELD(pip_spec, "pip.spec", FieldUse::Required),
        GPUCOMPAT_FIELD(pip_index, "pip.option"),
        GPUCOMPAT_FIELD(pip_index_url, "pip.url"),
        GPUCOMPAT_FIELD(pypi_default, "pypi_default"),
        GPUCOMPAT_FIELD(provenance, "", FieldUse::Required)
    );
    static constexpr std::string_view unread = "confidence,jaxlib,config_source";
    static constexpr RowProblem check(const Row& r) noexcept {
        if (r.pip_index != PipIndex::None && r.pip_index_url.empty()) return {"pip.url", "missing (pip.option needs it)"};
        return {};
    }
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

// The most TensorFlow rows (and so the most candidates plus rejections of one
// resolve()) a Resolution holds, and the most rows of data/pytorch.json or
// data/jax.json a FrameworkResolution holds. Defined here, once: the resolvers
// size their answers by them, the bundled tables are checked against them at
// compile time and JsonTables::load against them at run time.
inline constexpr std::size_t max_rows = 96;
inline constexpr std::size_t max_framework_rows = 400;

// The same for a PyTorch or JAX row: its CUDA's GA release (the driver
// minimum) and NVIDIA's architecture range for that CUDA, and what lets a
// query judge the row in a few nanoseconds: keys under which the verdicts of
// rows sharing a CUDA minor or a pair of SASS/PTX lists are judged once, the
// release's rank for ordering, its Pythons as bits.
struct FrameworkRowFacts {
    const CudaRelease* cuda_release = nullptr;
    const CudaArchitectureRange* cc_range = nullptr;
    std::uint8_t cuda_key = 0xFF;     // the row's CUDA major.minor, numbered within its table (0xFF: none)
    std::uint8_t arches_key = 0xFF;   // the row's (sass, ptx) lists, numbered within its table (0xFF: none)
    std::uint8_t verdict_key = 0xFF;  // rows judged alike but for their own Python and version: the same
                                      //   cuda_key, arches_key, platform, arch, local_cuda, wheel_index (0xFF: none)
    std::uint16_t release_rank = 0;   // how many distinct releases of its table are older
    std::uint8_t cuda_rank = 0;       // how many distinct CUDA versions of its table are older
    std::uint32_t order = 0;          // the row's half of FrameworkCandidate::order (detail::framework_row_order)
    std::uint32_t python = 0;         // bit m: Python 3.m is supported (m < 31); bit 31: another
                                      //   (2.7) is listed, ask the list (detail::python_mask)
    std::uint8_t cuda_major = 0;      // the row's CUDA and cuDNN majors (0: cuDNN unknown), for
    std::uint8_t cudnn_major = 0;     //   resolve_shared's comparisons
    bool local_cuda = false;          // JAX *_local: CUDA and cuDNN installed by hand
    std::uint8_t arch_builds = 0;     // bit a: the same release and variant is built for Arch a on this platform
    // Copies of the row's own fields, so that the resolver's walk reads only
    // this array (a few dozen bytes a row) and not the rows (600 bytes each).
    Framework framework = Framework::PyTorch;
    Platform platform = Platform::Linux;
    Arch arch = Arch::X86_64;
    bool wheel_index = false;         // pip_index != PipIndex::None
    bool table_has_windows = false;   // the same in every row: its table has Windows builds
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
    // The order the resolver reads each framework table in (row indices;
    // detail::compute_framework_walk_into), or empty (computed per query).
    std::span<const std::uint16_t> pytorch_walk{};
    std::span<const std::uint16_t> jax_walk{};
};

}  // namespace gpucompat
