// gpucompat — resolve(): every TensorFlow GPU release that fits a Query, best
// first, and one rejection per (release, platform) that does not, with every
// reason that applies.
//
//   constexpr Query q = ...;
//   static_assert(gpucompat::resolve(q).best()->tensorflow == "2.10.0"_v);
//
// Each rule is encoded once, here, and cites its source in the rendered
// message (messages.hpp). The rules:
//  * platform: Linux rows for linux; Windows rows for native Windows (GPU ends
//    at the newest Windows row: 2.10); WSL2 uses the Linux rows and needs the
//    Windows build TensorFlow states; macOS has GPU rows only for 1.0 and 1.1;
//  * driver: the toolkit's own minimum gives `full`; from CUDA 11 on, the
//    major's minor-version floor gives `minor-version`; below both is
//    driver-too-old. Given only the driver's CUDA API level X.Y: >= the
//    build's CUDA is full, the same major is minor-version;
//  * compute capability: SASS for the same major and a lower or equal minor
//    runs; otherwise PTX for an older or equal architecture JIT-compiles
//    (`ptx-jit`), which needs a driver at least as new as the toolkit that
//    wrote the PTX (so not under minor-version compatibility).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <tuple>

#include "query.hpp"
#include "reason.hpp"
#include "tables.hpp"

namespace gpucompat {

enum class Compatibility : std::uint8_t { Full, MinorVersion, PtxJit };
[[nodiscard]] constexpr std::string_view to_string(Compatibility c) noexcept {
    switch (c) {
        case Compatibility::Full: return "full";
        case Compatibility::MinorVersion: return "minor-version";
        case Compatibility::PtxJit: return "ptx-jit";
    }
    return "?";
}

// Which rule gave the minimum driver of a candidate. (Unknown first: the
// default of an empty candidate is then a zero byte, like all of its fields.)
enum class DriverRule : std::uint8_t { Unknown, ToolkitMinimum, MinorVersionFloor };

// Capacity of a Resolution: at most one entry per official row (max_rows,
// table_types.hpp).
static_assert(tables::tensorflow.size() <= max_rows, "raise max_rows: the bundled table outgrew it");
// A reason names its GPUs as bits of a 32-bit mask (Reason::gpus).
static_assert(ComputeCapabilities::capacity <= 32, "Reason::gpus holds one bit per GPU of a query");

struct Candidate {
    VersionRef tensorflow{};  // the row's own version
    Platform platform = Platform::Linux;
    Compatibility compatibility = Compatibility::Full;
    DriverRule driver_rule = DriverRule::Unknown;
    const TensorFlowRow* row = nullptr;
    const CudaRelease* cuda_release = nullptr;  // the toolkit minor the release was built with
    const TensorFlowArches* arches = nullptr;   // nullptr: unknown
    NoteSet notes{};
    // The set the row is from; nullptr, as row, in an empty candidate (so
    // that a resolution's hundreds of empty slots start as zero bytes).
    const TableSet* tables = nullptr;

    // The driver this candidate needs under the rule that admitted it.
    [[nodiscard]] constexpr std::optional<DriverVersion> driver_min() const noexcept {
        if (cuda_release == nullptr) return std::nullopt;
        const TableSet& t = tables != nullptr ? *tables : bundled;
        const DriverVersion* d = driver_rule == DriverRule::MinorVersionFloor ? minor_version_driver_min(row->cuda.major(), platform, t)
                                                                              : toolkit_driver_min(*cuda_release, platform);
        if (d == nullptr) return std::nullopt;
        return *d;
    }
};

// A release that does not fit: its row, the platform, and the codes of every
// reason. The reasons with their evidence come from Resolution::reasons(),
// which runs the same rules on the row again: a rejection stays 16 bytes, so
// resolving a table costs nanoseconds per row, not a kilobyte of copying.
struct Rejection {
    const TensorFlowRow* row = nullptr;  // the release's facts (the Linux row for platforms that lack one)
    Platform platform = Platform::Linux;
    ReasonSet codes{};
    [[nodiscard]] constexpr const Version& tensorflow() const noexcept { return row->tensorflow; }
};

struct Resolution {
    Query query{};
    const TableSet* tables = &bundled;
    FixedList<Candidate, max_rows> candidates{};
    FixedList<Rejection, max_rows> rejected{};

    [[nodiscard]] constexpr const Candidate* best() const noexcept {
        return candidates.empty() ? nullptr : &candidates[0];
    }
    [[nodiscard]] constexpr bool fits() const noexcept { return !candidates.empty(); }
    // Every reason of one of this resolution's rejections, with its evidence
    // (recomputed from the row, the query and the tables: the same Reasons
    // the resolver decided by, whose codes are `x.codes`).
    [[nodiscard]] constexpr Reasons reasons(const Rejection& x) const noexcept;
};

// What the driver rules decide for one release on one platform.
struct DriverVerdict {
    bool ok = true;
    Compatibility compatibility = Compatibility::Full;
    DriverRule rule = DriverRule::Unknown;
    // The evidence, for the reasons: the toolkit's own minimum, the major's
    // minor-version floor, and NVIDIA's page that states them.
    const DriverVersion* toolkit_min = nullptr;
    const DriverVersion* floor = nullptr;
    std::string_view source{};
};

// `rel` is find_cuda_release(cuda, t), passed in so a caller that already
// looked it up does not scan the table again.
[[nodiscard]] constexpr DriverVerdict judge_driver(const Version& cuda, const CudaRelease* rel, Platform p,
                                                   const std::optional<DriverVersion>& driver,
                                                   const std::optional<DriverCudaVersion>& driver_cuda,
                                                   const TableSet& t = bundled) noexcept {
    DriverVerdict v;
    if (rel != nullptr) {
        v.toolkit_min = toolkit_driver_min(*rel, p);
        v.floor = minor_version_driver_min(cuda.major(), p, t);
        v.source = rel->provenance.source;
    }
    if (driver && rel != nullptr) {
        const auto need = v.toolkit_min;
        const auto floor = v.floor;
        if (need && *driver >= *need) {
            v.rule = DriverRule::ToolkitMinimum;
        } else if (floor && *driver >= *floor) {
            v.rule = DriverRule::MinorVersionFloor;
            v.compatibility = Compatibility::MinorVersion;
        } else if (need || floor) {
            v.ok = false;
        }
    } else if (rel != nullptr && toolkit_driver_min(*rel, p)) {
        v.rule = DriverRule::ToolkitMinimum;  // no driver given: the toolkit's minimum is what to state
    }
    if (driver_cuda) {
        const DriverCudaVersion built{cuda.major(), cuda.minor()};
        if (*driver_cuda >= built) {
            if (v.rule == DriverRule::Unknown) v.rule = DriverRule::ToolkitMinimum;
        } else if (cuda.major() >= 11 && driver_cuda->major() == cuda.major() && find_minor_version_floor(cuda.major(), t)) {
            v.compatibility = Compatibility::MinorVersion;
            v.rule = DriverRule::MinorVersionFloor;
        } else {
            v.ok = false;
        }
    }
    return v;
}

namespace detail {

// One row judged: the reasons (Reasons with their evidence, or only their
// codes, ReasonSet: every rule below adds to either) and the candidate it
// would be.
template <class ReasonSink = Reasons>
struct Evaluation {
    ReasonSink reasons{};
    Candidate candidate{};
};

// Consecutive rows mostly share a CUDA release, and the driver verdict depends
// only on it and the platform: remember the last one.
struct CudaLookup {
    const Version* cuda = nullptr;
    Platform platform = Platform::Linux;
    const CudaRelease* release = nullptr;
    DriverVerdict verdict{};
    constexpr void update(const Query& q, const Version& v, const CudaRelease* rel, Platform p, const TableSet& t) noexcept {
        if (cuda != nullptr && platform == p && rel == release && (rel != nullptr || cuda->same_prefix(v, 2))) return;
        cuda = &v;
        platform = p;
        release = rel;
        verdict = judge_driver(v, rel, p, q.driver, q.driver_cuda, t);
    }
};

constexpr bool python_supported(const TensorFlowRow& row, const Version& python) noexcept {
    const PythonMinor want{static_cast<std::uint8_t>(python.major()), static_cast<std::uint8_t>(python.minor())};
    for (const auto& p : row.python)
        if (p == want) return true;
    return false;
}

// What one build's capability lists say about the query's GPUs: rejected when
// some GPU can run neither its SASS nor its PTX; needs_ptx when some GPU runs
// only through PTX. `beyond_toolkit`: the build's CUDA can emit no SASS for
// some GPU (NVIDIA's ceiling), which matters where the lists are unknown.
struct CcVerdict {
    bool rejected = false;
    bool needs_ptx = false;
    NoteSet notes{};
    std::uint32_t failing = 0;  // bit i: Query::cc[i] can run neither list
};
constexpr std::uint32_t gpu_bit(std::size_t i) noexcept { return std::uint32_t{1} << i; }
// The same judgement from the lists themselves, for any build that states
// them (TensorFlow's wheels, PyTorch's and JAX's rows). `known` false: the
// lists are unknown; known with both lists empty: only `cc_min` is stated.
constexpr CcVerdict judge_cc_lists(const Query& q, std::span<const ComputeCapability> sass, std::span<const ComputeCapability> ptx,
                                   ComputeCapability cc_min, bool known, bool beyond_toolkit) noexcept {
    CcVerdict v;
    const bool minimum_only = known && sass.empty() && ptx.empty();
    if (!known) v.notes.add(NoteCode::ArchesUnknown);
    if (minimum_only) v.notes.add(NoteCode::ArchesMinimumOnly);
    if (!known || minimum_only) {
        for (std::size_t i = 0; i < q.cc.size(); ++i)
            if (minimum_only && q.cc[i] < cc_min) {
                v.rejected = true;
                v.failing |= gpu_bit(i);
            }
        // The lists are unknown, but the toolkit could write no SASS for
        // this GPU: PTX is the only way it can run, if it is there.
        if (beyond_toolkit) {
            v.needs_ptx = true;
            v.notes.add(NoteCode::PtxOnlyIfPresent);
        }
        return v;
    }
    for (std::size_t i = 0; i < q.cc.size(); ++i) {
        const ComputeCapability& gpu = q.cc[i];
        bool has_sass = false, has_ptx = false;
        for (const auto& s : sass) has_sass = has_sass || gpu.runs_sass_of(s);
        for (const auto& x : ptx) has_ptx = has_ptx || gpu.can_jit_ptx_of(x);
        if (!has_sass && !has_ptx) {
            v.rejected = true;
            v.failing |= gpu_bit(i);
        } else if (!has_sass) {
            v.needs_ptx = true;
        }
    }
    return v;
}
constexpr CcVerdict judge_cc(const Query& q, const TensorFlowArches* arches, bool beyond_toolkit) noexcept {
    if (arches == nullptr) return judge_cc_lists(q, {}, {}, {}, false, beyond_toolkit);
    return judge_cc_lists(q, std::span<const ComputeCapability>(arches->sass.begin(), arches->sass.size()),
                          std::span<const ComputeCapability>(arches->ptx.begin(), arches->ptx.size()), arches->cc_min, true, beyond_toolkit);
}

// NVIDIA's rules, for every build whatever its lists are known to carry: nvcc
// of a CUDA release builds nothing for GPUs older than its floor (`below`,
// the GPUs that makes compute-capability-unsupported), and no SASS for a
// major architecture newer than its newest target (`beyond_toolkit`: such a
// GPU can run only PTX).
struct ToolkitVerdict {
    std::uint32_t below = 0;
    bool beyond_toolkit = false;
};
constexpr ToolkitVerdict judge_toolkit_range(const Query& q, const CudaArchitectureRange* range) noexcept {
    ToolkitVerdict v;
    if (range == nullptr) return v;
    for (std::size_t i = 0; i < q.cc.size(); ++i) {
        if (q.cc[i] < range->cc_min) v.below |= gpu_bit(i);
        else if (!range->sass_max.empty() && q.cc[i].major() > range->sass_max.major()) v.beyond_toolkit = true;
    }
    return v;
}

// The compute-capability reason from both judgements, with its evidence: the
// GPUs below the toolkit's floor, those the lists do not serve, and the facts
// that decided (the range, the lists, in `r`). No reason when no GPU fails.
template <class ReasonSink>
constexpr void add_cc_reason(ReasonSink& reasons, const ToolkitVerdict& tv, const CcVerdict& v, Reason r) noexcept {
    r.code = ReasonCode::ComputeCapabilityUnsupported;
    r.toolkit_gpus = tv.below;
    r.gpus = tv.below | v.failing;
    if (r.gpus == 0) return;
    r.source = tv.below != 0 && r.range != nullptr ? r.range->provenance.source : r.source;
    reasons.add(r);
}

// A capability verdict applied to a candidate: PTX written by toolkit X.Y is
// JIT-compiled only by a driver that implements X.Y, so minor version
// compatibility does not cover it.
template <class ReasonSink>
constexpr void apply_cc_verdict(const CcVerdict& v, const DriverVerdict& dv, ReasonSink& reasons, NoteSet& notes,
                                Compatibility& compatibility) noexcept {
    notes = notes | v.notes;
    if (v.needs_ptx) {
        notes.add(NoteCode::PtxJitWarmup);
        if (dv.compatibility == Compatibility::MinorVersion)
            reasons.add(Reason{.code = ReasonCode::PtxJitNeedsNewerDriver, .driver = dv.toolkit_min, .source = dv.source});
        else compatibility = Compatibility::PtxJit;
    }
}

// driver-too-old with the thresholds that decided.
constexpr Reason driver_reason(const DriverVerdict& dv) noexcept {
    return Reason{.code = ReasonCode::DriverTooOld, .driver = dv.toolkit_min, .driver_floor = dv.floor, .source = dv.source};
}

// WSL2's own requirements (the Windows build, the Windows driver for WSL, the
// GPU generation), the same for every framework's Linux builds.
template <class ReasonSink>
constexpr void judge_wsl2(const Query& q, const TableSet& t, ReasonSink& reasons, NoteSet& notes) noexcept {
    notes.add(NoteCode::Wsl2UseWindowsDriver);
    if (!q.windows_build) notes.add(NoteCode::Wsl2BuildUnknown);
    else if (const std::uint32_t need = wsl2_min_build(t); *q.windows_build < need) {
        const Requirement* r = find_requirement("wsl2-min-build", "tensorflow", t);
        reasons.add(Reason{.code = ReasonCode::WindowsBuildTooOld, .build = need, .requirement = r,
                           .source = r != nullptr ? r->provenance.source : std::string_view{}});
    }
    if (q.driver)
        if (const auto need = wsl2_driver_min(t); need && *q.driver < *need) {
            const Requirement* r = find_requirement("wsl2-min-driver", "nvidia", t);
            reasons.add(Reason{.code = ReasonCode::Wsl2DriverTooOld, .requirement = r,
                               .source = r != nullptr ? r->provenance.source : std::string_view{}});
        }
    if (const ComputeCapability oldest = wsl2_gpu_cc_min(t); !oldest.empty()) {
        const ComputeCapability may_work = wsl2_gpu_cc_may_work(t);
        std::uint32_t unsupported = 0;
        for (std::size_t i = 0; i < q.cc.size(); ++i) {
            if (!(q.cc[i] < oldest)) continue;
            if (!may_work.empty() && !(q.cc[i] < may_work)) notes.add(NoteCode::Wsl2GpuMayWork);
            else unsupported |= gpu_bit(i);
        }
        if (unsupported != 0) {
            const Requirement* r = find_requirement("wsl2-gpu-arch", "nvidia", t);
            reasons.add(Reason{.code = ReasonCode::Wsl2GpuUnsupported, .gpus = unsupported, .cc = oldest, .requirement = r,
                               .source = r != nullptr ? r->provenance.source : std::string_view{}});
        }
    }
}

template <class ReasonSink>
constexpr Evaluation<ReasonSink> evaluate(const Query& q, const TensorFlowRow& row, Platform p, const TableSet& t, CudaLookup& cuda) noexcept {
    Evaluation<ReasonSink> e;
    Candidate& c = e.candidate;
    c.tensorflow = VersionRef{row.tensorflow};
    c.platform = p;
    c.row = &row;
    c.tables = &t;
    const RowFacts facts = row_facts(t, row);
    cuda.update(q, row.cuda, facts.cuda_release, p, t);
    c.cuda_release = facts.cuda_release;
    c.arches = facts.arches;

    if (q.tensorflow && !q.tensorflow->contains(row.tensorflow)) e.reasons.add(ReasonCode::TfConstraint);
    // Official GPU wheels are x86_64 builds (the tested configurations are x86_64 Linux and Windows).
    if (q.arch && *q.arch != Arch::X86_64) e.reasons.add(Reason{.code = ReasonCode::ArchUnsupported, .source = row.provenance.source});
    if (q.python && !python_supported(row, *q.python))
        e.reasons.add(Reason{.code = ReasonCode::PythonUnsupported, .source = row.provenance.source});

    if (p == Platform::Wsl2) judge_wsl2(q, t, e.reasons, c.notes);

    const DriverVerdict& dv = cuda.verdict;
    c.driver_rule = dv.rule;
    c.compatibility = dv.compatibility;
    if (!dv.ok) e.reasons.add(driver_reason(dv));
    if (dv.compatibility == Compatibility::MinorVersion) c.notes.add(NoteCode::MinorVersionLimits);
    if (!q.driver && !q.driver_cuda) c.notes.add(p == Platform::MacOS ? NoteCode::MacOSDriverUnknown : NoteCode::DriverUnknown);

    // NVIDIA's rules first, for every release whatever its wheels are known to
    // carry: nvcc of the row's CUDA builds nothing for GPUs older than its
    // floor, and no SASS for a major architecture newer than its newest target.
    const ToolkitVerdict tv = judge_toolkit_range(q, facts.cc_range);
    if (!q.cc.empty()) {
        CcVerdict v = judge_cc(q, c.arches, tv.beyond_toolkit);
        Reason why{.range = facts.cc_range, .arches = facts.arches,
                   .source = facts.arches != nullptr ? facts.arches->provenance.source : std::string_view{}};
        // --method conda: where the pip wheels carry no code for this GPU but
        // Anaconda's conda build (its own capability list) does, that build is
        // the answer, and install() installs it rather than the wheel.
        if (v.rejected && facts.conda_arches != nullptr) {
            const CcVerdict conda = judge_cc(q, facts.conda_arches, tv.beyond_toolkit);
            if (!conda.rejected && q.method == InstallMethod::Conda) {
                v = conda;
                c.arches = facts.conda_arches;
            } else if (!conda.rejected) {
                why.conda_runs = true;
                why.conda = facts.conda_arches;
            }
        }
        add_cc_reason(e.reasons, tv, v, why);
        apply_cc_verdict(v, dv, e.reasons, c.notes, c.compatibility);
    }
    if (facts.separate_gpu_package) c.notes.add(NoteCode::SeparateGpuPackage);
    if ((p == Platform::Linux || p == Platform::Wsl2) && facts.pip_cuda_extra)
        c.notes.add(NoteCode::PipCudaExtra);
    return e;
}

constexpr int compatibility_rank(Compatibility c) noexcept { return static_cast<int>(c); }

// Newest release first; for one release full, then minor-version, then ptx-jit.
constexpr bool better(const Candidate& a, const Candidate& b) noexcept {
    if (a.tensorflow != b.tensorflow) return a.tensorflow > b.tensorflow;
    if (a.compatibility != b.compatibility) return compatibility_rank(a.compatibility) < compatibility_rank(b.compatibility);
    return static_cast<int>(a.platform) < static_cast<int>(b.platform);
}

template <class T, std::size_t N, class Less>
constexpr void insertion_sort(FixedList<T, N>& list, Less less) noexcept {
    for (std::size_t i = 1; i < list.count; ++i) {
        if (!less(list.items[i], list.items[i - 1])) continue;  // in place already: the usual case, no copy
        T x = list.items[i];
        std::size_t j = i;
        while (j > 0 && less(x, list.items[j - 1])) {
            list.items[j] = list.items[j - 1];
            --j;
        }
        list.items[j] = x;
    }
}

}  // namespace detail

namespace detail {
// Windows and macOS: the newest GPU row of the platform, and the reason a
// newer release has none there (with its evidence), computed once a query.
struct PlatformGap {
    const TensorFlowRow* last_of_platform = nullptr;
    Reason reason{};
};
constexpr PlatformGap platform_gap(const Query& q, const TableSet& t) noexcept {
    PlatformGap gap;
    if (!q.platform || (*q.platform != Platform::Windows && *q.platform != Platform::MacOS)) return gap;
    for (const auto& r : t.tensorflow)
        if (r.platform == *q.platform && (gap.last_of_platform == nullptr || r.tensorflow > gap.last_of_platform->tensorflow))
            gap.last_of_platform = &r;
    if (*q.platform == Platform::Windows) {
        const Requirement* req = find_requirement("windows-native-last-gpu-tf", "tensorflow", t);
        gap.reason = Reason{.code = ReasonCode::WindowsNativeGpuDropped, .build = wsl2_min_build(t), .requirement = req,
                            .source = req != nullptr ? req->provenance.source : std::string_view{}};
    } else {
        gap.reason = Reason{.code = ReasonCode::PlatformNoGpu};
    }
    gap.reason.version = gap.last_of_platform != nullptr ? &gap.last_of_platform->tensorflow : nullptr;
    return gap;
}

// resolve() into a Resolution that already exists (empty), so a caller that
// holds one (resolve_shared) does not copy a whole answer.
// Throws std::invalid_argument for a query that names nothing (query_problem())
// and std::length_error for a table set of more than max_rows TensorFlow rows;
// either is a compile error in a constant expression.
constexpr void resolve_into(Resolution& res, const Query& q, const TableSet& t) {
    detail::require_valid(q);
    if (t.tensorflow.size() > max_rows) {
        if (std::is_constant_evaluated()) detail::fixed_list_full_in_constant_expression();
        throw std::length_error("gpucompat::resolve: more TensorFlow rows than a Resolution holds (" + std::to_string(max_rows) + ")");
    }
    res.query = q;
    res.tables = &t;
    const PlatformGap gap = platform_gap(q, t);
    detail::CudaLookup cuda;
    auto consider = [&](const TensorFlowRow& row, Platform p, bool no_gpu) {
        // Only the codes here; the evidence when asked (Resolution::reasons).
        auto e = detail::evaluate<ReasonSet>(q, row, p, t, cuda);
        if (no_gpu) e.reasons.add(gap.reason);
        if (e.reasons.empty()) res.candidates.push_back(e.candidate);
        else res.rejected.push_back(Rejection{&row, p, e.reasons});
    };
    const TensorFlowRow* last_of_platform = gap.last_of_platform;
    for (const auto& row : t.tensorflow) {
        if (!q.platform) {
            consider(row, row.platform, false);
            continue;
        }
        const Platform p = *q.platform;
        const Platform rows_of = p == Platform::Wsl2 ? Platform::Linux : p;
        if (row.platform == rows_of) {
            consider(row, p, false);
        } else if (row.platform == Platform::Linux && (p == Platform::Windows || p == Platform::MacOS) &&
                   (last_of_platform == nullptr || row.tensorflow > last_of_platform->tensorflow)) {
            // Releases after the platform's last GPU row: say why there is none.
            consider(row, p, true);
        }
    }
    insertion_sort(res.candidates, better);
}
}  // namespace detail

// The resolver's own rules, run again on the rejected row: a Linux row
// rejected for Windows or macOS is a release with no GPU build there.
constexpr Reasons Resolution::reasons(const Rejection& x) const noexcept {
    if (x.row == nullptr) return {};
    detail::CudaLookup cuda;
    auto e = detail::evaluate<Reasons>(query, *x.row, x.platform, *tables, cuda);
    if ((x.platform == Platform::Windows || x.platform == Platform::MacOS) && x.row->platform != x.platform) {
        Reason why = detail::platform_gap(query, *tables).reason;
        if (why.code == ReasonCode::PlatformNoGpu) why.source = x.row->provenance.source;
        e.reasons.add(why);
    }
    return e.reasons;
}

// Throws as resolve_into() does.
[[nodiscard]] constexpr Resolution resolve(const Query& q, const TableSet& t = bundled) {
    Resolution res;
    detail::resolve_into(res, q, t);
    return res;
}

// A Resolution refers to the table set it was computed from (its candidates'
// driver minimums, notes and messages read through it), so a temporary set
// would be gone before the answer is read: passing one does not compile, as
// std::regex_match refuses a temporary string beside its match results.
// JsonTables::view() returns a reference that lives as long as the tables.
Resolution resolve(const Query& q, const TableSet&& t) = delete;

}  // namespace gpucompat
