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

// (The small members last: 40 bytes, and a resolution holds hundreds.)
struct FrameworkCandidate {
    const FrameworkRelease* row = nullptr;
    const CudaRelease* cuda_release = nullptr;  // the GA release of the row's CUDA minor
    // The set the row is from; nullptr, as row, in an empty candidate (so
    // that a resolution's hundreds of empty slots start as zero bytes).
    const TableSet* tables = nullptr;
    // Where the candidate sorts among the others of its resolution, larger
    // first: the ordering rules packed into one integer
    // (detail::framework_row_order, row_facts.hpp).
    std::uint64_t order = 0;
    Platform platform = Platform::Linux;
    Compatibility compatibility = Compatibility::Full;
    DriverRule driver_rule = DriverRule::Unknown;
    NoteSet notes{};

    [[nodiscard]] constexpr std::optional<DriverVersion> driver_min() const noexcept {
        if (cuda_release == nullptr) return std::nullopt;
        const TableSet& t = tables != nullptr ? *tables : bundled;
        const DriverVersion* d = driver_rule == DriverRule::MinorVersionFloor ? minor_version_driver_min(row->cuda.major(), platform, t)
                                                                              : toolkit_driver_min(*cuda_release, platform);
        if (d == nullptr) return std::nullopt;
        return *d;
    }
};

// As for TensorFlow's Rejection: the codes here, the evidence from
// FrameworkResolution::reasons().
struct FrameworkRejection {
    const FrameworkRelease* row = nullptr;
    Platform platform = Platform::Linux;
    ReasonSet codes{};
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
    // Every reason of one of this resolution's rejections, with its evidence
    // (recomputed: the same rules on the same row).
    [[nodiscard]] constexpr Reasons reasons(const FrameworkRejection& x) const noexcept;
};

[[nodiscard]] constexpr std::span<const FrameworkRelease> framework_rows(Framework f, const TableSet& t = bundled) noexcept {
    if (f == Framework::PyTorch) return t.pytorch;
    if (f == Framework::Jax) return t.jax;
    return {};
}

namespace detail {

// The facts of one row, precomputed for the bundled tables (by the compiler)
// and for tables loaded at run time (at load), in place (nullptr: the set,
// one assembled by hand, carries none).
constexpr const FrameworkRowFacts* carried_framework_row_facts(const FrameworkRelease& row, const TableSet& t) noexcept {
    const auto rows = framework_rows(row.framework, t);
    const auto facts = row.framework == Framework::PyTorch ? t.pytorch_facts : t.jax_facts;
    const std::size_t i = static_cast<std::size_t>(&row - rows.data());
    return i < facts.size() && i < rows.size() ? &facts[i] : nullptr;
}
// The same as a value, computed here where the set carries none.
constexpr FrameworkRowFacts framework_row_facts(const FrameworkRelease& row, const TableSet& t) noexcept {
    if (const FrameworkRowFacts* f = carried_framework_row_facts(row, t)) return *f;
    return framework_row_facts_of(t, row);
}

// The query's Python, read once a resolve: its bit in FrameworkRowFacts::python.
// (`given` apart from the pointer: GCC 12 will not compare the address of an
// optional's value with nullptr in a constant expression.)
struct PythonWant {
    bool given = false;                // false: any Python
    const Version* version = nullptr;
    std::uint32_t bit = 0;             // 0: not a 3.x the bits hold
    constexpr explicit PythonWant(const std::optional<Version>& v) noexcept : given(v.has_value()), version(v ? &*v : nullptr) {
        if (v && v->major() == 3 && v->minor() < 31) bit = std::uint32_t{1} << v->minor();
    }
};
constexpr bool python_supported(const FrameworkRelease& row, const FrameworkRowFacts& facts, const PythonWant& want) noexcept {
    if ((facts.python & want.bit) != 0) return true;
    if ((facts.python & python_other_bit) == 0) return false;
    const PythonMinor m{static_cast<std::uint8_t>(want.version->major()), static_cast<std::uint8_t>(want.version->minor())};
    for (const auto& p : row.python)
        if (p == m) return true;
    return false;
}

// The verdicts one query gives many rows alike, judged once: the driver and
// NVIDIA's toolkit range per CUDA minor (FrameworkRowFacts::cuda_key), the
// GPUs against a pair of SASS/PTX lists (arches_key). A row whose table has
// no key for it is judged on its own.
struct FrameworkVerdictCache {
    struct Cuda {
        const CudaRelease* release = nullptr;
        const CudaArchitectureRange* range = nullptr;
        DriverVerdict driver{};
        ToolkitVerdict toolkit{};
    };
    static constexpr std::size_t keyed = 32;
    std::array<Cuda, keyed> cuda{};
    std::array<CcVerdict, 2 * keyed> cc{};  // [arches_key * 2 + beyond_toolkit]
    std::uint32_t cuda_known = 0;           // bit k: cuda[k] is judged
    std::uint64_t cc_known = 0;
    Platform platform = Platform::Linux;
    Cuda unkeyed{};                         // the verdict of a row without a key

    static constexpr Cuda judge(const Query& q, const FrameworkRelease& row, const FrameworkRowFacts& facts, Platform p,
                                const TableSet& t) noexcept {
        return Cuda{facts.cuda_release, facts.cc_range, judge_driver(row.cuda, facts.cuda_release, p, q.driver, q.driver_cuda, t),
                    judge_toolkit_range(q, facts.cc_range)};
    }
    constexpr const Cuda& cuda_of(const Query& q, const FrameworkRelease& row, const FrameworkRowFacts& facts, Platform p,
                                  const TableSet& t) noexcept {
        if (p != platform) {  // the driver's minimum is the platform's: start again
            cuda_known = 0;
            platform = p;
        }
        if (facts.cuda_key >= keyed) return unkeyed = judge(q, row, facts, p, t);
        const std::uint32_t bit = std::uint32_t{1} << facts.cuda_key;
        if ((cuda_known & bit) == 0) {
            cuda[facts.cuda_key] = judge(q, row, facts, p, t);
            cuda_known |= bit;
        }
        return cuda[facts.cuda_key];
    }
    constexpr CcVerdict cc_of(const Query& q, const FrameworkRelease& row, const FrameworkRowFacts& facts, bool beyond_toolkit) noexcept {
        const auto judge_lists = [&] {
            return judge_cc_lists(q, std::span<const ComputeCapability>(row.sass.begin(), row.sass.size()),
                                  std::span<const ComputeCapability>(row.ptx.begin(), row.ptx.size()), {}, row.arches_known(), beyond_toolkit);
        };
        if (facts.arches_key >= keyed) return judge_lists();
        const std::size_t i = std::size_t{facts.arches_key} * 2 + (beyond_toolkit ? 1 : 0);
        const std::uint64_t bit = std::uint64_t{1} << i;
        if ((cc_known & bit) == 0) {
            cc[i] = judge_lists();
            cc_known |= bit;
        }
        return cc[i];
    }
};

// The half of a candidate's order (detail::framework_row_order, whose bits it
// fills in) that its verdict class decides: compatibility, CUDA from pip or
// by hand, platform.
constexpr std::uint64_t framework_order_of_class(Compatibility c, bool local_cuda, Platform p) noexcept {
    return (static_cast<std::uint64_t>(2 - compatibility_rank(c)) << 13) | (std::uint64_t{local_cuda ? 0U : 1U} << 3) |
           static_cast<std::uint64_t>(7 - static_cast<int>(p));
}
constexpr bool better_framework(const FrameworkCandidate& a, const FrameworkCandidate& b) noexcept { return a.order > b.order; }

// One row judged, as for TensorFlow (detail::Evaluation).
struct FrameworkEvaluation {
    Reasons reasons{};
    FrameworkCandidate candidate{};
};

// Judging a row is two halves. The first depends only on what the row
// shares with others of its verdict class (FrameworkRowFacts::verdict_key:
// its CUDA minor, its SASS/PTX lists, platform, architecture, install route):
// platform, WSL2, driver and GPU rules. The resolver judges it once per class
// and query. The second is the row's own: the user's version constraint, its
// Pythons, and its place in the order.
template <class ReasonSink>
constexpr void judge_framework_class(FrameworkCandidate& c, ReasonSink& reasons, const Query& q, const FrameworkRelease& row,
                                     const FrameworkRowFacts& facts, Platform p, const TableSet& t, FrameworkVerdictCache& cache) noexcept {
    c.notes = {};
    c.platform = p;
    c.tables = &t;
    const auto& cuda = cache.cuda_of(q, row, facts, p, t);
    c.cuda_release = cuda.release;
    if (p == Platform::Wsl2) judge_wsl2(q, t, reasons, c.notes);

    const DriverVerdict& dv = cuda.driver;
    c.driver_rule = dv.rule;
    c.compatibility = dv.compatibility;
    if (!dv.ok) reasons.add(driver_reason(dv));
    if (dv.compatibility == Compatibility::MinorVersion) c.notes.add(NoteCode::MinorVersionLimits);
    if (!q.driver && !q.driver_cuda) c.notes.add(p == Platform::MacOS ? NoteCode::MacOSDriverUnknown : NoteCode::DriverUnknown);

    if (!q.cc.empty()) {
        const CcVerdict v = cache.cc_of(q, row, facts, cuda.toolkit.beyond_toolkit);
        add_cc_reason(reasons, cuda.toolkit, v, Reason{.range = cuda.range, .source = row.provenance.source});
        apply_cc_verdict(v, dv, reasons, c.notes, c.compatibility);
    }
    if (facts.wheel_index) c.notes.add(NoteCode::WheelIndex);
    if (facts.framework == Framework::Jax && facts.local_cuda) c.notes.add(NoteCode::LocalCuda);
    if (p == Platform::Wsl2 && facts.framework == Framework::Jax) c.notes.add(NoteCode::Wsl2Experimental);
    c.order = framework_order_of_class(c.compatibility, c.notes.has(NoteCode::LocalCuda), p);
}
template <class ReasonSink>
constexpr void judge_framework_row_own(ReasonSink& reasons, const PythonWant& python, const FrameworkQuery& fq, const FrameworkRelease& row,
                                       const FrameworkRowFacts& facts) noexcept {
    if (fq.version && !fq.version->contains(row.version)) reasons.add(ReasonCode::VersionConstraint);
    if (!fq.variant.empty() && fq.variant != row.variant) reasons.add(ReasonCode::VersionConstraint);
    if (python.given && !python_supported(row, facts, python))
        reasons.add(Reason{.code = ReasonCode::PythonUnsupported, .source = row.provenance.source});
}
// The row's candidate from its class's: the class's with the row and the
// row's half of the order. (Fields stored whole, not read back and updated:
// the walk writes hundreds of these, and a read of a just-copied slot waits
// on the copy.)
constexpr void place_framework_candidate(FrameworkCandidate& c, const FrameworkCandidate& of_class, const FrameworkRelease& row,
                                         const FrameworkRowFacts& facts) noexcept {
    c = of_class;
    c.row = &row;
    c.order = of_class.order | facts.order;
}
// Both halves, with the evidence: one row judged on its own (check_framework,
// FrameworkResolution::reasons).
constexpr FrameworkEvaluation evaluate_framework(const Query& q, const FrameworkQuery& fq, const FrameworkRelease& row, Platform p,
                                                 const TableSet& t, FrameworkVerdictCache& cache) noexcept {
    FrameworkEvaluation e;
    const FrameworkRowFacts facts = framework_row_facts(row, t);
    FrameworkCandidate of_class;
    judge_framework_class(of_class, e.reasons, q, row, facts, p, t, cache);
    judge_framework_row_own(e.reasons, PythonWant(q.python), fq, row, facts);
    place_framework_candidate(e.candidate, of_class, row, facts);
    return e;
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
// The class half of every verdict class met in one resolve, judged by its
// first row. The platform a row is judged for is the query's (or, with none,
// the row's own, which its class fixes): one verdict per class serves all.
class FrameworkClassVerdicts {
public:
    struct Verdict {
        ReasonSet codes{};
        FrameworkCandidate candidate{};
    };
    static constexpr std::size_t keyed = 64;
    // A row of no class (verdict_key past `keyed`) is judged on its own, each
    // time (into `alone_`).
    constexpr const Verdict& of(const Query& q, const FrameworkRelease& row, const FrameworkRowFacts& facts, Platform p,
                                const TableSet& t) noexcept {
        if (facts.verdict_key >= keyed) {
            alone_ = {};
            judge_framework_class(alone_.candidate, alone_.codes, q, row, facts, p, t, cache_);
            return alone_;
        }
        const std::uint64_t bit = std::uint64_t{1} << facts.verdict_key;
        Verdict& v = classes_[facts.verdict_key];
        if ((known_ & bit) == 0) {
            judge_framework_class(v.candidate, v.codes, q, row, facts, p, t, cache_);
            known_ |= bit;
        }
        return v;
    }

private:
    FrameworkVerdictCache cache_{};
    std::array<Verdict, keyed> classes_{};
    std::uint64_t known_ = 0;
    Verdict alone_{};
};

// The walk itself: every row of the table judged for the query, by its
// facts, in the table's walk order (compute_framework_walk_into).
constexpr void walk_framework_rows(FrameworkResolution& res, Framework f, const Query& q, const FrameworkQuery& fq, const TableSet& t,
                                   std::span<const FrameworkRowFacts> facts, std::span<const std::uint16_t> walk) {
    const auto rows = framework_rows(f, t);
    const bool has_windows_rows = !facts.empty() && facts[0].table_has_windows;
    const Arch arch = q.arch.value_or(Arch::X86_64);
    const auto no_gpu_on = [&](Platform p) { return p == Platform::MacOS || (p == Platform::Windows && !has_windows_rows); };
    if (q.platform == Platform::Windows && !has_windows_rows) res.platform_statement = framework_statement("windows-gpu", f, t);

    FrameworkClassVerdicts verdicts;
    const PythonWant python(q.python);
    // Counted here and stored once at the end: the compiler keeps them in
    // registers, which it cannot do for the lists' own counts while the
    // candidates (of the same integer types) are written.
    std::size_t ncandidates = 0, nrejected = 0;
    // The usual query names one platform with GPU builds and x86_64: its
    // rows are the platform's (WSL2: Linux's) x86_64 ones, one group of the
    // walk, and only those. Any other query (no platform, none with a GPU
    // build, aarch64) reads rows of several groups: it reads the whole table,
    // from the last row back, which the tables' order (releases oldest
    // first) keeps newest first across the groups, and picks. (One loop for
    // both, so that a row is judged by one copy of the code, which the
    // compiler keeps inline.)
    const bool usual = q.platform && !no_gpu_on(*q.platform) && arch == Arch::X86_64;
    std::size_t begin = 0, end = rows.size();
    if (usual) {
        const std::size_t group = framework_walk_group(*q.platform == Platform::Windows ? Platform::Windows : Platform::Linux, Arch::X86_64);
        // The first walk position of a group past `g`, by bisection (the walk is sorted by group).
        const auto past = [&](std::size_t g) {
            std::size_t lo = 0, hi = walk.size();
            while (lo < hi) {
                const std::size_t mid = (lo + hi) / 2;
                if (framework_walk_group(facts[walk[mid]]) <= g) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        };
        begin = group == 0 ? 0 : past(group - 1);
        end = past(group);
    }
    for (std::size_t k = begin; k < end; ++k) {
        const std::size_t i = usual ? walk[k] : rows.size() - 1 - k;
        const FrameworkRowFacts& row_facts = facts[i];
        Platform p = Platform::Linux;
        ReasonSet codes;
        if (usual) {
            p = *q.platform;
        } else {
            p = !q.platform ? row_facts.platform : *q.platform;
            // The rows a platform uses: Windows its own (if the framework has
            // any), WSL2 and Linux the Linux ones; otherwise there is no GPU
            // build and the x86_64 Linux rows say so.
            const bool no_gpu = no_gpu_on(p);
            const Platform rows_of = no_gpu || p == Platform::Wsl2 ? Platform::Linux : p;
            if (row_facts.platform != rows_of) continue;
            if (no_gpu) {
                if (row_facts.arch != Arch::X86_64) continue;
                codes.add(ReasonCode::PlatformNoGpu);
            } else if (row_facts.arch != arch) {
                // Asked for aarch64: a build published only for x86_64 is named, once.
                if (!q.arch || row_facts.arch != Arch::X86_64 || (row_facts.arch_builds & (1U << static_cast<unsigned>(arch))) != 0)
                    continue;
                codes.add(ReasonCode::ArchUnsupported);
            }
        }
        // Judged by its class's verdict and its own checks; only the codes,
        // the evidence when asked (FrameworkResolution::reasons). (The table
        // has no more rows than either list holds: checked by the caller.)
        const FrameworkRelease& row = rows[i];
        judge_framework_row_own(codes, python, fq, row, row_facts);
        const FrameworkClassVerdicts::Verdict& v = verdicts.of(q, row, row_facts, p, t);
        codes |= v.codes;
        if (codes.empty()) place_framework_candidate(res.candidates.items[ncandidates++], v.candidate, row, row_facts);
        else res.rejected.items[nrejected++] = FrameworkRejection{&row, p, codes};
    }
    res.candidates.count = ncandidates;
    res.rejected.count = nrejected;
}

// The walk for a set that lacks the facts or the walk order (one assembled by
// hand): both computed first, here.
constexpr void walk_framework_rows_computed(FrameworkResolution& res, Framework f, const Query& q, const FrameworkQuery& fq,
                                           const TableSet& t, std::span<const FrameworkRowFacts> facts) {
    const auto rows = framework_rows(f, t);
    std::array<FrameworkRowFacts, max_framework_rows> computed_facts{};
    if (facts.size() != rows.size()) {
        compute_framework_row_facts_into(t, rows, computed_facts);
        facts = std::span<const FrameworkRowFacts>(computed_facts.data(), rows.size());
    }
    std::array<std::uint16_t, max_framework_rows> walk{};
    compute_framework_walk_into(facts, walk);
    walk_framework_rows(res, f, q, fq, t, facts, std::span<const std::uint16_t>(walk.data(), rows.size()));
}

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
    // The walk reads the rows' facts, not the rows, in the table's walk
    // order: the bundled and loaded sets carry both; a set assembled by hand
    // has them computed here, once.
    const std::span<const FrameworkRowFacts> facts = f == Framework::PyTorch ? t.pytorch_facts : t.jax_facts;
    const std::span<const std::uint16_t> walk = f == Framework::PyTorch ? t.pytorch_walk : t.jax_walk;
    if (facts.size() == rows.size() && walk.size() == rows.size()) walk_framework_rows(res, f, q, fq, t, facts, walk);
    else walk_framework_rows_computed(res, f, q, fq, t, facts);
    // In place but where compatibility reorders the builds of a release.
    insertion_sort(res.candidates, better_framework);
}

}  // namespace detail

// The resolver's rules run again on the rejected row. A row stands for a
// platform with no GPU build (macOS; Windows for a framework without Windows
// rows) when the rejection's platform is not the row's own and not WSL2, and
// otherwise for a CPU architecture without a build when the query named
// another one.
constexpr Reasons FrameworkResolution::reasons(const FrameworkRejection& x) const noexcept {
    if (x.row == nullptr) return {};
    detail::FrameworkVerdictCache cache;
    auto e = detail::evaluate_framework(query, framework_query, *x.row, x.platform, *tables, cache);
    // No GPU build on the platform is the whole story: the CPU architecture
    // is not judged there (the resolver names the x86_64 rows once).
    if (x.platform == Platform::MacOS || (x.platform == Platform::Windows && x.row->platform != Platform::Windows))
        e.reasons.add(Reason{.code = ReasonCode::PlatformNoGpu, .requirement = platform_statement,
                             .source = platform_statement != nullptr ? platform_statement->provenance.source : std::string_view{}});
    else if (query.arch && x.row->arch != *query.arch)
        e.reasons.add(Reason{.code = ReasonCode::ArchUnsupported, .source = x.row->provenance.source});
    return e.reasons;
}

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
