// gpucompat — RowFacts: the table lookups every query of a TensorFlow row
// needs, computed once per table set. Kept apart from the generated tables so
// the run-time loader (json_tables.hpp) and the generator can use it too.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "table_types.hpp"

namespace gpucompat {

namespace detail {
constexpr bool platform_matches(std::string_view table_platform, Platform p) noexcept {
    if (table_platform == "all") return true;
    const Platform rows_of = p == Platform::Wsl2 ? Platform::Linux : p;
    return table_platform == to_string(rows_of);
}
// The lookups RowFacts are made of, with no default table set: the bundled
// set is built from them below.
constexpr const CudaRelease* cuda_release_in(const TableSet& t, const Version& cuda) noexcept {
    for (const auto& r : t.cuda_releases)
        if (r.version.same_prefix(cuda, 2) && r.name.find(" RC") == std::string_view::npos) return &r;
    return nullptr;
}
constexpr const TensorFlowArches* arches_in(const TableSet& t, const Version& tf, Platform p,
                                           std::string_view build = "") noexcept {
    const TensorFlowArches* fallback = nullptr;
    for (const auto& a : t.tensorflow_arches) {
        if (a.build != build || !a.tensorflow.same_prefix(tf, 2)) continue;
        if (a.platform == "all") fallback = &a;
        else if (platform_matches(a.platform, p)) return &a;
    }
    return fallback;
}
// The pip extra that brings CUDA and cuDNN (tensorflow[and-cuda]): once a
// release introduced it, later releases keep it (TensorFlow's current pip
// guide still installs that way), so the newest row at or below `tf` applies.
constexpr const TensorFlowPipExtra* pip_extra_in(const TableSet& t, const Version& tf) noexcept {
    const TensorFlowPipExtra* best = nullptr;
    for (const auto& e : t.tensorflow_pip_extras)
        if ((e.tensorflow < tf || e.tensorflow.same_prefix(tf, 2)) && (best == nullptr || best->tensorflow < e.tensorflow)) best = &e;
    return best;
}
// cuda.truncated(2) < other, without building the truncated copy (this runs
// once per row and query for tables loaded at run time).
constexpr bool prefix_less(const Version& cuda, std::size_t n, const Version& other) noexcept {
    const std::size_t m = n > other.size() ? n : other.size();
    for (std::size_t i = 0; i < m; ++i) {
        const std::uint32_t a = i < n ? cuda.component(i) : 0U, b = other.component(i);
        if (a != b) return a < b;
    }
    return false;  // equal release components; neither side has a pre-release here (CUDA versions)
}
// The newest architecture floor at or below a CUDA release.
constexpr const CudaArchitectureRange* architecture_range_in(const TableSet& t, const Version& cuda) noexcept {
    const CudaArchitectureRange* best = nullptr;
    for (const auto& a : t.architecture_ranges)
        if (!prefix_less(cuda, 2, a.cuda_from) && (best == nullptr || best->cuda_from < a.cuda_from)) best = &a;
    return best;
}
constexpr RowFacts row_facts_of(const TableSet& t, const TensorFlowRow& row) noexcept {
    RowFacts f;
    f.cc_range = architecture_range_in(t, row.cuda);
    f.cuda_release = cuda_release_in(t, row.cuda);
    f.arches = arches_in(t, row.tensorflow, row.platform);
    f.conda_arches = arches_in(t, row.tensorflow, row.platform, "conda-defaults");
    f.pip_cuda_extra = row.platform == Platform::Linux && pip_extra_in(t, row.tensorflow) != nullptr;
    f.separate_gpu_package = !(t.last_separate_gpu_package < row.tensorflow) || row.tensorflow.same_prefix(t.last_separate_gpu_package, 2);
    return f;
}
constexpr FrameworkRowFacts framework_row_facts_of(const TableSet& t, const FrameworkRelease& row) noexcept {
    return {cuda_release_in(t, row.cuda), architecture_range_in(t, row.cuda)};
}
// One key per distinct CUDA major.minor of the table (fewer than 0xFF), so a
// query judges the driver once per key and finds it by index.
template <std::size_t N>
constexpr std::array<FrameworkRowFacts, N> compute_framework_row_facts(const TableSet& t, std::span<const FrameworkRelease> rows) noexcept {
    std::array<FrameworkRowFacts, N> facts{};
    std::array<const Version*, 0xFF> keys{};
    std::size_t nkeys = 0;
    for (std::size_t i = 0; i < N && i < rows.size(); ++i) {
        facts[i] = framework_row_facts_of(t, rows[i]);
        std::size_t k = 0;
        while (k < nkeys && !keys[k]->same_prefix(rows[i].cuda, 2)) ++k;
        if (k == nkeys && nkeys < keys.size()) keys[nkeys++] = &rows[i].cuda;
        if (k < nkeys) facts[i].cuda_key = static_cast<std::uint8_t>(k);
    }
    return facts;
}
template <std::size_t N>
constexpr std::array<RowFacts, N> compute_row_facts(const TableSet& t) noexcept {
    std::array<RowFacts, N> facts{};
    for (std::size_t i = 0; i < N && i < t.tensorflow.size(); ++i) facts[i] = row_facts_of(t, t.tensorflow[i]);
    return facts;
}
}  // namespace detail

}  // namespace gpucompat
