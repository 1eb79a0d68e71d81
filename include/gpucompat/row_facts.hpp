// gpucompat — RowFacts: the table lookups every query of a TensorFlow row
// needs, computed once per table set. Kept apart from the generated tables so
// the run-time loader (json_tables.hpp) and the generator can use it too.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
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
// A row's Pythons as bits: bit n for Python 3.n (n < 31), bit 31 for any
// other (2.7); what FrameworkRowFacts::python and resolve_shared compare.
template <std::size_t N>
constexpr std::uint32_t python_mask(const FixedList<PythonMinor, N>& l) noexcept {
    std::uint32_t m = 0;
    for (const auto& p : l) m |= p.major == 3 && p.minor < 31 ? (1u << p.minor) : (1u << 31);
    return m;
}
inline constexpr std::uint32_t python_other_bit = 1u << 31;
// A major in a byte (0: the version is unknown), saturating.
constexpr std::uint8_t small_major(const Version& v) noexcept {
    return v.empty() ? 0 : static_cast<std::uint8_t>(v.major() < 0xFF ? v.major() : 0xFF);
}
// Distinct versions in order, for ranks: a table lists them oldest first, so
// each is added at the end in one step; an unsorted table is still right.
template <std::size_t Capacity>
struct DistinctVersions {
    std::array<const Version*, Capacity> sorted{};
    std::size_t count = 0;
    constexpr void add(const Version& v) noexcept {
        std::size_t at = count;
        while (at > 0 && v < *sorted[at - 1]) --at;
        if ((at > 0 && *sorted[at - 1] == v) || count == Capacity) return;
        for (std::size_t m = count++; m > at; --m) sorted[m] = sorted[m - 1];
        sorted[at] = &v;
    }
    // How many distinct versions are older than `v`.
    [[nodiscard]] constexpr std::size_t rank(const Version& v) const noexcept {
        std::size_t lo = 0, hi = count;
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (*sorted[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
};
// Where a candidate sorts among the others of its resolution, larger first
// (FrameworkCandidate::order), packed into one integer so that the sort
// compares one: the newest release; for one release full, then
// minor-version, then ptx-jit; then PyPI's default build; then the newer
// CUDA; then (JAX) the extra that brings CUDA from pip, the install guide's
// first choice, before one that needs a CUDA installed by hand; then the
// platform's enum order. The ranks stand for the versions: their order in the
// table is the versions' order. Bits, low to high: platform 0-2, CUDA from
// pip 3, CUDA rank 4-11, PyPI default 12, compatibility 13-14, release rank
// from 15. The row's half here (FrameworkRowFacts::order), the half its
// verdict class decides in framework_resolver.hpp (framework_order_of_class).
constexpr std::uint32_t framework_row_order(std::uint16_t release_rank, bool pypi_default, std::uint8_t cuda_rank) noexcept {
    return (std::uint32_t{release_rank} << 15) | (std::uint32_t{pypi_default ? 1U : 0U} << 12) | (std::uint32_t{cuda_rank} << 4);
}
static_assert(max_framework_rows < (1U << 17), "FrameworkRowFacts::order holds the release rank in 17 bits");

// What a row says of itself, without a lookup in other tables.
constexpr FrameworkRowFacts framework_row_own_facts(const FrameworkRelease& row) noexcept {
    FrameworkRowFacts f;
    f.python = python_mask(row.python);
    const std::string_view local = "_local";
    f.local_cuda = row.variant.size() >= local.size() && row.variant.substr(row.variant.size() - local.size()) == local;
    f.arch_builds = static_cast<std::uint8_t>(1U << static_cast<unsigned>(row.arch));
    f.framework = row.framework;
    f.cuda_major = small_major(row.cuda);
    f.cudnn_major = small_major(row.cudnn);
    f.platform = row.platform;
    f.arch = row.arch;
    f.wheel_index = row.pip_index != PipIndex::None;
    return f;
}
constexpr FrameworkRowFacts framework_row_facts_of(const TableSet& t, const FrameworkRelease& row) noexcept {
    FrameworkRowFacts f = framework_row_own_facts(row);
    f.cuda_release = cuda_release_in(t, row.cuda);
    f.cc_range = architecture_range_in(t, row.cuda);
    return f;
}
constexpr bool same_lists(const FrameworkRelease& a, const FrameworkRelease& b) noexcept {
    if (a.sass.count != b.sass.count || a.ptx.count != b.ptx.count) return false;
    for (std::size_t i = 0; i < a.sass.count; ++i)
        if (!(a.sass.items[i] == b.sass.items[i])) return false;
    for (std::size_t i = 0; i < a.ptx.count; ++i)
        if (!(a.ptx.items[i] == b.ptx.items[i])) return false;
    return true;
}
// The facts of every row of one framework table, for the bundled tables (by
// the compiler, into a std::array) and tables loaded at run time (into a
// vector). Keys number the distinct CUDA minors and SASS/PTX lists (fewer
// than 0xFF each; a row past that has no key and is judged on its own).
// Tables list releases oldest first, so the builds of one release are found
// among neighbours; an unsorted table is still right, only slower to prepare.
constexpr void compute_framework_row_facts_into(const TableSet& t, std::span<const FrameworkRelease> rows,
                                                std::span<FrameworkRowFacts> facts) noexcept {
    std::array<const FrameworkRelease*, 0xFF> cuda_keys{}, arches_keys{};
    std::size_t ncuda = 0, narches = 0;
    bool sorted = true;
    for (std::size_t i = 1; i < rows.size(); ++i) sorted = sorted && !(rows[i].version < rows[i - 1].version);
    bool has_windows = false;
    for (const auto& row : rows) has_windows = has_windows || row.platform == Platform::Windows;
    // The table's distinct releases and CUDA versions, for the ranks.
    DistinctVersions<max_framework_rows> releases;
    DistinctVersions<0xFF> cudas;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        // Neighbours mostly repeat each other (the compiler counts every step).
        if (i == 0 || !(rows[i - 1].version == rows[i].version)) releases.add(rows[i].version);
        if (i == 0 || !(rows[i - 1].cuda == rows[i].cuda)) cudas.add(rows[i].cuda);
    }
    for (std::size_t i = 0; i < facts.size() && i < rows.size(); ++i) {
        const FrameworkRelease& row = rows[i];
        FrameworkRowFacts& f = facts[i];
        f = framework_row_own_facts(row);
        f.table_has_windows = has_windows;
        // Neighbours mostly share a CUDA and lists: reuse their facts.
        if (i > 0 && rows[i - 1].cuda == row.cuda) {
            const FrameworkRowFacts& prev = facts[i - 1];
            f.cuda_release = prev.cuda_release;
            f.cc_range = prev.cc_range;
            f.cuda_key = prev.cuda_key;
            f.cuda_rank = prev.cuda_rank;
        } else {
            f.cuda_release = cuda_release_in(t, row.cuda);
            f.cc_range = architecture_range_in(t, row.cuda);
            std::size_t k = 0;
            while (k < ncuda && !cuda_keys[k]->cuda.same_prefix(row.cuda, 2)) ++k;
            if (k == ncuda && ncuda < cuda_keys.size()) cuda_keys[ncuda++] = &row;
            if (k < ncuda) f.cuda_key = static_cast<std::uint8_t>(k);
            f.cuda_rank = static_cast<std::uint8_t>(cudas.rank(row.cuda));
        }
        if (i > 0 && same_lists(rows[i - 1], row)) {
            f.arches_key = facts[i - 1].arches_key;
        } else {
            std::size_t a = 0;
            while (a < narches && !same_lists(*arches_keys[a], row)) ++a;
            if (a == narches && narches < arches_keys.size()) arches_keys[narches++] = &row;
            if (a < narches) f.arches_key = static_cast<std::uint8_t>(a);
        }
        f.release_rank = i > 0 && rows[i - 1].version == row.version ? facts[i - 1].release_rank
                                                                       : static_cast<std::uint16_t>(releases.rank(row.version));
        f.order = framework_row_order(f.release_rank, row.pypi_default, f.cuda_rank);
    }
    // Verdict classes: rows alike in everything the platform, driver and GPU
    // rules read.
    std::array<std::size_t, 0xFF> class_rows{};
    std::size_t nclasses = 0;
    const auto same_class = [&](const FrameworkRowFacts& a, const FrameworkRowFacts& b) {
        return a.cuda_key == b.cuda_key && a.arches_key == b.arches_key && a.platform == b.platform && a.arch == b.arch &&
               a.local_cuda == b.local_cuda && a.wheel_index == b.wheel_index && a.framework == b.framework;
    };
    for (std::size_t i = 0; i < facts.size() && i < rows.size(); ++i) {
        FrameworkRowFacts& f = facts[i];
        if (f.cuda_key == 0xFF || f.arches_key == 0xFF) continue;
        std::size_t c = 0;
        while (c < nclasses && !same_class(facts[class_rows[c]], f)) ++c;
        if (c == nclasses && nclasses < class_rows.size()) class_rows[nclasses++] = i;
        if (c < nclasses) f.verdict_key = static_cast<std::uint8_t>(c);
    }
    // The CPU architectures each release and variant is built for: every
    // build that is not x86_64 (a few) marks its x86_64 twin, found among the
    // rows of its release.
    for (std::size_t i = 0; i < facts.size() && i < rows.size(); ++i) {
        const FrameworkRelease& row = rows[i];
        if (row.arch == Arch::X86_64) continue;
        std::size_t first = 0;
        if (sorted)
            for (first = i; first > 0 && rows[first - 1].version == row.version;) --first;
        for (std::size_t j = first; j < rows.size() && j < facts.size(); ++j) {
            const FrameworkRelease& o = rows[j];
            if (sorted && j > i && !(o.version == row.version)) break;
            if (o.arch == Arch::X86_64 && o.platform == row.platform && o.variant == row.variant && o.version == row.version)
                facts[j].arch_builds = static_cast<std::uint8_t>(facts[j].arch_builds | (1U << static_cast<unsigned>(row.arch)));
        }
    }
}
// The order the resolver reads a framework table in: grouped by the rows a
// query uses (platform, then CPU architecture: framework_walk_group), and in
// each group best first by what the rows alone decide (their half of the
// order, then CUDA from pip before CUDA by hand), the later row first among
// equals. A query of one platform and architecture then reads one group, and
// its candidates come out sorted but where compatibility, which the query
// decides, reorders the builds of one release.
constexpr std::size_t framework_walk_groups = 4;
static_assert(max_framework_rows <= 0xFFFF, "a walk order holds row indices in 16 bits");
// (A platform with no rows of its own, which the loaders do not let in, is
// framework_walk_groups: last.)
constexpr std::size_t framework_walk_group(Platform rows_of, Arch arch) noexcept {
    if (rows_of != Platform::Linux && rows_of != Platform::Windows) return framework_walk_groups;
    return (rows_of == Platform::Windows ? 2U : 0U) + (arch == Arch::X86_64 ? 0U : 1U);
}
constexpr std::size_t framework_walk_group(const FrameworkRowFacts& f) noexcept { return framework_walk_group(f.platform, f.arch); }
constexpr void compute_framework_walk_into(std::span<const FrameworkRowFacts> facts, std::span<std::uint16_t> walk) noexcept {
    std::size_t n = 0;
    // Group by group, each from the last row back...
    for (std::size_t g = 0; g <= framework_walk_groups; ++g)
        for (std::size_t i = facts.size(); i-- > 0 && n < walk.size();)
            if (framework_walk_group(facts[i]) == g) walk[n++] = static_cast<std::uint16_t>(i);
    // ...then best first within each group (stable: equals keep that order).
    const auto key = [&](std::uint16_t i) {
        return (std::uint64_t{framework_walk_group(facts[i])} << 40) | (std::uint64_t{~facts[i].order} << 1) | (facts[i].local_cuda ? 1U : 0U);
    };
    for (std::size_t k = 1; k < n; ++k) {
        const std::uint16_t x = walk[k];
        std::size_t j = k;
        for (; j > 0 && key(x) < key(walk[j - 1]); --j) walk[j] = walk[j - 1];
        walk[j] = x;
    }
}
template <std::size_t N>
constexpr std::array<std::uint16_t, N> compute_framework_walk(std::span<const FrameworkRowFacts> facts) noexcept {
    std::array<std::uint16_t, N> walk{};
    compute_framework_walk_into(facts, walk);
    return walk;
}
template <std::size_t N>
constexpr std::array<FrameworkRowFacts, N> compute_framework_row_facts(const TableSet& t, std::span<const FrameworkRelease> rows) noexcept {
    std::array<FrameworkRowFacts, N> facts{};
    compute_framework_row_facts_into(t, rows, facts);
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
