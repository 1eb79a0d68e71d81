// gpucompat — the bundled tables and the lookups every answer is built from.
//
// The generated arrays live in tables/*.hpp (from data/*.json). This header
// adds the questions asked of them, each answered once, constexpr, so the
// resolver and the CLI never re-derive a fact differently. The GPU model
// table is large and opt-in: include <gpucompat/gpus.hpp> for it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <string_view>

#include "row_facts.hpp"
#include "table_types.hpp"
#include "tables/conda.hpp"
#include "tables/cuda.hpp"
#include "tables/cudnn.hpp"
#include "tables/python_constraints.hpp"
#include "tables/jax.hpp"
#include "tables/pytorch.hpp"
#include "tables/tensorflow.hpp"
#include "tables/tensorflow_builds.hpp"
#include "tables/windows.hpp"

namespace gpucompat {

namespace detail {
constexpr std::optional<std::uint32_t> to_uint(std::string_view s) noexcept {
    if (s.empty() || s.size() > 9) return std::nullopt;
    std::uint32_t v = 0;
    for (char c : s) {
        if (!is_digit(c)) return std::nullopt;
        v = v * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return v;
}
}  // namespace detail

namespace detail {
inline constexpr TableSet bundled_rows_only{
    tables::tensorflow,        tables::tensorflow_arches,    tables::tensorflow_libraries, tables::tensorflow_pip_extras,
    tables::cuda_releases,     tables::minor_version_floors, tables::cudnn_releases,       tables::cudnn_libraries,
    tables::conda_packages,    tables::windows_builds,       tables::requirements,         tables::last_separate_gpu_package,
    tables::package_rule_provenance, {},                     tables::architecture_ranges, tables::cuda_libraries,
    tables::python_constraints,
    tables::pytorch,           tables::jax,                  tables::framework_statements,
};
inline constexpr auto bundled_row_facts = compute_row_facts<tables::tensorflow.size()>(bundled_rows_only);
inline constexpr auto bundled_pytorch_facts = compute_framework_row_facts<tables::pytorch.size()>(bundled_rows_only, tables::pytorch);
inline constexpr auto bundled_jax_facts = compute_framework_row_facts<tables::jax.size()>(bundled_rows_only, tables::jax);
inline constexpr auto bundled_pytorch_walk = compute_framework_walk<tables::pytorch.size()>(bundled_pytorch_facts);
inline constexpr auto bundled_jax_walk = compute_framework_walk<tables::jax.size()>(bundled_jax_facts);
}  // namespace detail

// The tables compiled into the library, with their row facts and walk orders
// computed by the compiler.
inline constexpr TableSet bundled = [] {
    TableSet t = detail::bundled_rows_only;
    t.row_facts = detail::bundled_row_facts;
    t.pytorch_facts = detail::bundled_pytorch_facts;
    t.jax_facts = detail::bundled_jax_facts;
    t.pytorch_walk = detail::bundled_pytorch_walk;
    t.jax_walk = detail::bundled_jax_walk;
    return t;
}();

// The facts of one row of `t` (precomputed when the set carries them).
[[nodiscard]] constexpr RowFacts row_facts(const TableSet& t, const TensorFlowRow& row) noexcept {
    const std::size_t i = static_cast<std::size_t>(&row - t.tensorflow.data());
    if (i < t.row_facts.size()) return t.row_facts[i];
    return detail::row_facts_of(t, row);
}

// The CUDA toolkit release that first shipped a major.minor ("11.2" -> 11.2.0
// GA; release candidates such as "11.0.1 RC" are skipped). Its minimum driver
// is the one a build against that minor needs.
[[nodiscard]] constexpr const CudaRelease* find_cuda_release(const Version& cuda, const TableSet& t = bundled) noexcept {
    return detail::cuda_release_in(t, cuda);
}

// The minimum driver for a CUDA release on a platform (Windows' column for
// native Windows and for WSL2, whose CUDA driver is the Windows driver).
// nullptr when the table states none (macOS; Windows for CUDA 13).
[[nodiscard]] constexpr const DriverVersion* toolkit_driver_min(const CudaRelease& r, Platform p) noexcept {
    if (p == Platform::MacOS) return nullptr;
    const DriverVersion& d = (p == Platform::Windows || p == Platform::Wsl2) ? r.windows_min : r.linux_min;
    return d.version().empty() ? nullptr : &d;
}

[[nodiscard]] constexpr const MinorVersionFloor* find_minor_version_floor(std::uint32_t cuda_major, const TableSet& t = bundled) noexcept {
    for (const auto& f : t.minor_version_floors)
        if (f.major == cuda_major) return &f;
    return nullptr;
}
[[nodiscard]] constexpr const DriverVersion* minor_version_driver_min(std::uint32_t cuda_major, Platform p,
                                                                     const TableSet& t = bundled) noexcept {
    const MinorVersionFloor* f = find_minor_version_floor(cuda_major, t);
    if (f == nullptr || p == Platform::MacOS) return nullptr;
    const DriverVersion& d = (p == Platform::Windows || p == Platform::Wsl2) ? f->windows_min : f->linux_min;
    return d.version().empty() ? nullptr : &d;
}

[[nodiscard]] constexpr const TensorFlowArches* find_arches(const Version& tf, Platform p, const TableSet& t = bundled) noexcept {
    return detail::arches_in(t, tf, p);
}

[[nodiscard]] constexpr const TensorFlowLibraries* find_libraries(const Version& tf, Platform p, const TableSet& t = bundled) noexcept {
    const TensorFlowLibraries* fallback = nullptr;
    for (const auto& l : t.tensorflow_libraries) {
        if (!l.tensorflow.same_prefix(tf, 2)) continue;
        if (l.platform == "all") fallback = &l;
        else if (detail::platform_matches(l.platform, p)) return &l;
    }
    return fallback;
}

// The library names a CUDA release ships on a platform (WSL2: Linux's);
// nullptr when the tables do not know them.
[[nodiscard]] constexpr const CudaLibraries* find_cuda_libraries(const Version& cuda, Platform p, const TableSet& t = bundled) noexcept {
    for (const auto& l : t.cuda_libraries)
        if (l.cuda.same_prefix(cuda, 2) && detail::platform_matches(l.platform, p)) return &l;
    return nullptr;
}

[[nodiscard]] constexpr const TensorFlowPipExtra* find_pip_extra(const Version& tf, const TableSet& t = bundled) noexcept {
    return detail::pip_extra_in(t, tf);
}

[[nodiscard]] constexpr const Requirement* find_requirement(std::string_view id, std::string_view who,
                                                            const TableSet& t = bundled) noexcept {
    for (const auto& r : t.requirements)
        if (r.id == id && (who.empty() || r.who == who)) return &r;
    return nullptr;
}

// The newest TensorFlow release with an official GPU row on a platform,
// computed from the rows themselves (2.10.0 for native Windows).
[[nodiscard]] constexpr Version last_gpu_release(Platform p, const TableSet& t = bundled) noexcept {
    const Platform rows_of = p == Platform::Wsl2 ? Platform::Linux : p;
    Version best{};
    for (const auto& r : t.tensorflow)
        if (r.platform == rows_of && (best.empty() || r.tensorflow > best)) best = r.tensorflow;
    return best;
}

// WSL2's minimum Windows build for GPU, as TensorFlow states it (19044).
[[nodiscard]] constexpr std::uint32_t wsl2_min_build(const TableSet& t = bundled) noexcept {
    const Requirement* r = find_requirement("wsl2-min-build", "tensorflow", t);
    if (r == nullptr) return 0;
    return detail::to_uint(r->value).value_or(0);
}

// A requirement whose value is a driver: "R495", "495.00".
[[nodiscard]] constexpr std::optional<DriverVersion> requirement_driver(const Requirement* r) noexcept {
    if (r == nullptr) return std::nullopt;
    std::string_view v = r->value;
    if (!v.empty() && (v.front() == 'R' || v.front() == 'r')) v.remove_prefix(1);
    if (const auto d = DriverVersion::parse(v)) return *d;
    if (const auto branch = detail::to_uint(v); branch && *branch >= 100) return DriverVersion{Version::of(*branch, 0)};
    return std::nullopt;
}
// The minimum Windows driver NVIDIA's CUDA on WSL guide states ("R495" or
// "495.00" in the table's value); nullopt when the table holds none.
[[nodiscard]] constexpr std::optional<DriverVersion> wsl2_driver_min(const TableSet& t = bundled) noexcept {
    return requirement_driver(find_requirement("wsl2-min-driver", "nvidia", t));
}

namespace detail {
// A requirement whose value is an NVIDIA generation name ("Pascal"), as the
// first compute capability of that generation; empty when the table has none.
constexpr ComputeCapability generation_requirement(std::string_view id, const TableSet& t) noexcept {
    const Requirement* r = find_requirement(id, "nvidia", t);
    if (r == nullptr) return {};
    constexpr std::pair<std::string_view, ComputeCapability> generations[] = {
        {"Kepler", {3, 0}}, {"Maxwell", {5, 0}}, {"Pascal", {6, 0}}, {"Volta", {7, 0}},
        {"Turing", {7, 5}}, {"Ampere", {8, 0}}, {"Ada", {8, 9}},     {"Hopper", {9, 0}}};
    for (const auto& [name, cc] : generations)
        if (r->value == name) return cc;
    return {};
}
}  // namespace detail

// The oldest GPU generation NVIDIA's CUDA on WSL guide supports ("Pascal and
// later"), as a compute capability; empty when the table states none.
[[nodiscard]] constexpr ComputeCapability wsl2_gpu_cc_min(const TableSet& t = bundled) noexcept {
    return detail::generation_requirement("wsl2-gpu-arch", t);
}
// The oldest generation NVIDIA says "may work" on WSL2 without being
// officially supported (Maxwell): below wsl2_gpu_cc_min() but not rejected.
[[nodiscard]] constexpr ComputeCapability wsl2_gpu_cc_may_work(const TableSet& t = bundled) noexcept {
    return detail::generation_requirement("wsl2-gpu-may-work", t);
}

// "21H2" -> 19044 (Windows 10 unless the name exists only for Windows 11),
// "win11-23H2" -> 22631.
[[nodiscard]] constexpr const WindowsBuild* find_windows_release(std::string_view product, std::string_view release,
                                                                  const TableSet& t = bundled) noexcept {
    for (const auto& b : t.windows_builds)
        if ((product.empty() || b.product == product) && detail::iequals(b.release, release)) return &b;
    return nullptr;
}
[[nodiscard]] constexpr const WindowsBuild* find_windows_build(std::uint32_t build, const TableSet& t = bundled) noexcept {
    for (const auto& b : t.windows_builds)
        if (b.build == build) return &b;
    return nullptr;
}

}  // namespace gpucompat
