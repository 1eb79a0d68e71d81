// gpucompat — resolve_framework(): every PyTorch or JAX CUDA build that fits a
// Query, best first, and one rejection per build that does not, with every
// reason that applies.
//
//   constexpr Query q = ...;   // platform, driver, GPUs, Python
//   static_assert(gpucompat::resolve_framework(Framework::PyTorch, q).best()->row->variant == "cu130");
//
// A candidate is one (release, platform, CUDA variant) row of data/pytorch.json
// or data/jax.json. The rules are TensorFlow's, called, not copied
// (resolver.hpp):
//  * driver: judge_driver with the row's CUDA (the toolkit's minimum, or the
//    major's minor-version floor), so cu130 needs a 580-branch driver;
//  * compute capability: NVIDIA's toolkit range for the row's CUDA, then the
//    row's own SASS/PTX lists through judge_cc_lists;
//  * Python, WSL2, the version constraint (--torch/--jax, whose +cuXYZ pins
//    the variant) and the CPU architecture (aarch64 rows only for aarch64);
//  * platform: Windows uses the Windows rows; a framework without them (JAX)
//    rejects every release with platform-no-gpu and its own statement; macOS
//    has no CUDA build of either.
// Best first: the newest release, then full over minor-version over ptx-jit,
// then PyTorch's PyPI default, then the newer CUDA, then (JAX) pip's CUDA
// over a local one.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "query.hpp"
#include "reason.hpp"
#include "resolver.hpp"
#include "tables.hpp"

namespace gpucompat {

// Capacity of a FrameworkResolution: one entry per row of the larger table
// (max_framework_rows, table_types.hpp).
static_assert(tables::pytorch.size() <= max_framework_rows, "raise max_framework_rows: pytorch.json outgrew it");
static_assert(tables::jax.size() <= max_framework_rows, "raise max_framework_rows: jax.json outgrew it");

struct FrameworkQuery {
    std::optional<VersionSpec> version;  // --torch/--jax: ">=2.4,<2.7", "2.11.0"
    std::string_view variant;            // "cu130" (from --torch 2.11.0+cu130), "cuda13"; empty: any
};

struct FrameworkCandidate {
    const FrameworkRelease* row = nullptr;
    Platform platform = Platform::Linux;
    Compatibility compatibility = Compatibility::Full;
    DriverRule driver_rule = DriverRule::Unknown;
    const CudaRelease* cuda_release = nullptr;  // the GA release of the row's CUDA minor
    NoteSet notes{};
    const TableSet* tables = &bundled;

    [[nodiscard]] constexpr std::optional<DriverVersion> driver_min() const noexcept {
        if (cuda_release == nullptr) return std::nullopt;
        const DriverVersion* d = driver_rule == DriverRule::MinorVersionFloor
                                     ? minor_version_driver_min(row->cuda.major(), platform, *tables)
                                     : toolkit_driver_min(*cuda_release, platform);
        if (d == nullptr) return std::nullopt;
        return *d;
    }
};

struct FrameworkRejection {
    const FrameworkRelease* row = nullptr;
    Platform platform = Platform::Linux;
    Reasons reasons{};
};

struct FrameworkResolution {
    Framework framework = Framework::PyTorch;
    Query query{};
    FrameworkQuery framework_query{};
    const TableSet* tables = &bundled;
    const Requirement* platform_statement = nullptr;  // the framework's own words where it has no GPU build for the platform
    FixedList<FrameworkCandidate, max_framework_rows> candidates{};
    FixedList<FrameworkRejection, max_framework_rows> rejected{};

    [[nodiscard]] constexpr const FrameworkCandidate* best() const noexcept {
        return candidates.empty() ? nullptr : &candidates[0];
    }
    [[nodiscard]] constexpr bool fits() const noexcept { return !candidates.empty(); }
};

[[nodiscard]] constexpr std::span<const FrameworkRelease> framework_rows(Framework f, const TableSet& t = bundled) noexcept {
    if (f == Framework::PyTorch) return t.pytorch;
    if (f == Framework::Jax) return t.jax;
    return {};
}

namespace detail {

constexpr bool python_supported(const FrameworkRelease& row, const Version& python) noexcept {
    const PythonMinor want{static_cast<std::uint8_t>(python.major()), static_cast<std::uint8_t>(python.minor())};
    for (const auto& p : row.python)
        if (p == want) return true;
    return false;
}

constexpr bool ends_with(std::string_view s, std::string_view tail) noexcept {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The facts of one row: precomputed for the bundled tables (by the
// compiler), looked up for tables loaded at run time.
constexpr FrameworkRowFacts framework_row_facts(const FrameworkRelease& row, const TableSet& t) noexcept {
    const auto rows = framework_rows(row.framework, t);
    const auto facts = row.framework == Framework::PyTorch ? t.pytorch_facts : t.jax_facts;
    const std::size_t i = static_cast<std::size_t>(&row - rows.data());
    if (i < facts.size() && i < rows.size()) return facts[i];
    return framework_row_facts_of(t, row);
}

// Driver verdicts of the CUDA minors seen so far (a table has a handful):
// by the row's precomputed key, else (tables loaded at run time) by search.
struct FrameworkCudaCache {
    struct Entry {
        const Version* cuda = nullptr;
        const CudaRelease* release = nullptr;
        const CudaArchitectureRange* range = nullptr;
        DriverVerdict verdict{};
    };
    static constexpr std::size_t keyed = 64;
    std::array<Entry, keyed> by_key{};   // by_key[k].cuda == nullptr: not judged yet
    FixedList<Entry, 32> entries{};
    Platform platform = Platform::Linux;
    constexpr Entry judged(const Query& q, const FrameworkRelease& row, const FrameworkRowFacts& facts, Platform p,
                           const TableSet& t) const noexcept {
        return Entry{&row.cuda, facts.cuda_release, facts.cc_range, judge_driver(row.cuda, facts.cuda_release, p, q.driver, q.driver_cuda, t)};
    }
    constexpr Entry lookup(const Query& q, const FrameworkRelease& row, Platform p, const TableSet& t) noexcept {
        if (p != platform) {
            entries.clear();
            by_key = {};
            platform = p;
        }
        const FrameworkRowFacts facts = framework_row_facts(row, t);
        if (facts.cuda_key < keyed) {
            Entry& e = by_key[facts.cuda_key];
            if (e.cuda == nullptr) e = judged(q, row, facts, p, t);
            return e;
        }
        for (const auto& e : entries)
            if (e.release == facts.cuda_release && e.range == facts.cc_range && e.cuda->same_prefix(row.cuda, 2)) return e;
        const Entry e = judged(q, row, facts, p, t);
        // A cache: past its capacity an entry is answered without being kept.
        (void)entries.try_push_back(e);
        return e;
    }
};

struct FrameworkEvaluation {
    Reasons reasons{};
    FrameworkCandidate candidate{};
};

constexpr FrameworkEvaluation evaluate_framework(const Query& q, const FrameworkQuery& fq, const FrameworkRelease& row, Platform p,
                                                 const TableSet& t, FrameworkCudaCache& cache) noexcept {
    FrameworkEvaluation e;
    FrameworkCandidate& c = e.candidate;
    c.row = &row;
    c.platform = p;
    c.tables = &t;
    const auto cuda = cache.lookup(q, row, p, t);
    c.cuda_release = cuda.release;

    if (fq.version && !fq.version->contains(row.version)) e.reasons.add(ReasonCode::VersionConstraint);
    if (!fq.variant.empty() && fq.variant != row.variant) e.reasons.add(ReasonCode::VersionConstraint);
    if (q.python && !python_supported(row, *q.python))
        e.reasons.add(Reason{.code = ReasonCode::PythonUnsupported, .source = row.provenance.source});
    if (p == Platform::Wsl2) judge_wsl2(q, t, e.reasons, c.notes);

    const DriverVerdict& dv = cuda.verdict;
    c.driver_rule = dv.rule;
    c.compatibility = dv.compatibility;
    if (!dv.ok) e.reasons.add(driver_reason(dv));
    if (dv.compatibility == Compatibility::MinorVersion) c.notes.add(NoteCode::MinorVersionLimits);
    if (!q.driver && !q.driver_cuda) c.notes.add(p == Platform::MacOS ? NoteCode::MacOSDriverUnknown : NoteCode::DriverUnknown);

    const ToolkitVerdict tv = judge_toolkit_range(q, cuda.range);
    if (!q.cc.empty()) {
        const CcVerdict v = judge_cc_lists(q, std::span<const ComputeCapability>(row.sass.begin(), row.sass.size()),
                                           std::span<const ComputeCapability>(row.ptx.begin(), row.ptx.size()), {}, row.arches_known(),
                                           tv.beyond_toolkit);
        add_cc_reason(e.reasons, tv, v, Reason{.range = cuda.range, .source = row.provenance.source});
        apply_cc_verdict(v, dv, e.reasons, c.notes, c.compatibility);
    }
    if (row.pip_index != PipIndex::None) c.notes.add(NoteCode::WheelIndex);
    if (row.framework == Framework::Jax && ends_with(row.variant, "_local")) c.notes.add(NoteCode::LocalCuda);
    if (p == Platform::Wsl2 && row.framework == Framework::Jax) c.notes.add(NoteCode::Wsl2Experimental);
    return e;
}

// Newest release first; for one release full, then minor-version, then
// ptx-jit; then the PyPI default; then the newer CUDA.
constexpr bool better_framework(const FrameworkCandidate& a, const FrameworkCandidate& b) noexcept {
    // One comparison of the versions, not two: this runs for every candidate.
    if (const auto order = a.row->version <=> b.row->version; order != 0) return order > 0;
    if (a.compatibility != b.compatibility) return compatibility_rank(a.compatibility) < compatibility_rank(b.compatibility);
    if (a.row->pypi_default != b.row->pypi_default) return a.row->pypi_default;
    if (a.row->cuda != b.row->cuda) return a.row->cuda > b.row->cuda;
    // JAX: the extra that brings CUDA from pip (the install guide's first
    // choice) before the one that needs a CUDA installed by hand.
    if (a.notes.has(NoteCode::LocalCuda) != b.notes.has(NoteCode::LocalCuda)) return !a.notes.has(NoteCode::LocalCuda);
    return static_cast<int>(a.platform) < static_cast<int>(b.platform);
}

constexpr bool has_row(std::span<const FrameworkRelease> rows, const FrameworkRelease& like, Platform p, Arch a) noexcept {
    for (const auto& r : rows)
        if (r.platform == p && r.arch == a && r.version == like.version && r.variant == like.variant) return true;
    return false;
}

}  // namespace detail

// The statement a framework makes about a platform it has no GPU build for
// (JAX: "windows-gpu"); nullptr when the tables hold none.
[[nodiscard]] constexpr const Requirement* framework_statement(std::string_view id, Framework f, const TableSet& t = bundled) noexcept {
    for (const auto& r : t.framework_statements)
        if (r.id == id && r.who == to_string(f)) return &r;
    return nullptr;
}

namespace detail {
// resolve_framework() into a resolution that already exists (empty), so a
// caller that holds one (resolve_shared) does not copy a whole answer.
// Throws as resolve() does: std::invalid_argument for a query that names
// nothing, std::length_error for a table of more than max_framework_rows rows.
constexpr void resolve_framework_into(FrameworkResolution& res, Framework f, const Query& q, const FrameworkQuery& fq,
                                      const TableSet& t) {
    detail::require_valid(q);
    if (framework_rows(f, t).size() > max_framework_rows) {
        if (std::is_constant_evaluated()) detail::fixed_list_full_in_constant_expression();
        throw std::length_error("gpucompat::resolve_framework: more rows than a FrameworkResolution holds (" +
                                std::to_string(max_framework_rows) + ")");
    }
    res.framework = f;
    res.query = q;
    res.framework_query = fq;
    res.tables = &t;
    const auto rows = framework_rows(f, t);
    bool has_windows_rows = false;
    for (const auto& r : rows) has_windows_rows = has_windows_rows || r.platform == Platform::Windows;
    const Arch arch = q.arch.value_or(Arch::X86_64);
    if (q.platform == Platform::Windows && !has_windows_rows) res.platform_statement = framework_statement("windows-gpu", f, t);

    detail::FrameworkCudaCache cache;
    auto consider = [&](const FrameworkRelease& row, Platform p, bool no_gpu, bool wrong_arch) {
        auto e = detail::evaluate_framework(q, fq, row, p, t, cache);
        if (no_gpu)
            e.reasons.add(Reason{.code = ReasonCode::PlatformNoGpu, .requirement = res.platform_statement,
                                 .source = res.platform_statement != nullptr ? res.platform_statement->provenance.source : std::string_view{}});
        if (wrong_arch) e.reasons.add(Reason{.code = ReasonCode::ArchUnsupported, .source = row.provenance.source});
        if (e.reasons.empty()) res.candidates.push_back(e.candidate);
        else res.rejected.push_back(FrameworkRejection{&row, p, e.reasons});
    };
    // The tables list releases oldest first: walking them backwards leaves the
    // candidates almost sorted.
    for (std::size_t i = rows.size(); i-- > 0;) {
        const FrameworkRelease& row = rows[i];
        const Platform want = !q.platform ? row.platform : *q.platform;
        const bool windows_native = want == Platform::Windows;
        // The rows a platform uses: Windows its own (if the framework has
        // any), WSL2 and Linux the Linux ones; otherwise there is no GPU build
        // and the x86_64 Linux rows say so.
        const bool no_gpu = want == Platform::MacOS || (windows_native && !has_windows_rows);
        const Platform rows_of = no_gpu ? Platform::Linux : (want == Platform::Wsl2 ? Platform::Linux : want);
        if (row.platform != rows_of) continue;
        if (no_gpu) {
            if (row.arch == Arch::X86_64) consider(row, want, true, false);
            continue;
        }
        if (row.arch == arch) {
            consider(row, want, false, false);
        } else if (q.arch && row.arch == Arch::X86_64 && !detail::has_row(rows, row, row.platform, arch)) {
            // Asked for aarch64: a build published only for x86_64 is named, once.
            consider(row, want, false, true);
        }
    }
    insertion_sort(res.candidates, better_framework);
}
}  // namespace detail

// Throws as detail::resolve_framework_into() does.
[[nodiscard]] constexpr FrameworkResolution resolve_framework(Framework f, const Query& q, const FrameworkQuery& fq = {},
                                                              const TableSet& t = bundled) {
    FrameworkResolution res;
    detail::resolve_framework_into(res, f, q, fq, t);
    return res;
}

// As for resolve(): the answer refers to its table set, so a temporary one does not compile.
FrameworkResolution resolve_framework(Framework f, const Query& q, const FrameworkQuery& fq, const TableSet&& t) = delete;

}  // namespace gpucompat
