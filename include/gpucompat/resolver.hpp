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

// Which rule gave the minimum driver of a candidate.
enum class DriverRule : std::uint8_t { ToolkitMinimum, MinorVersionFloor, Unknown };

// Capacity of a Resolution: at most one entry per official row.
inline constexpr std::size_t max_rows = 96;
static_assert(tables::tensorflow.size() <= max_rows, "raise max_rows: the bundled table outgrew it");

struct Candidate {
    VersionRef tensorflow{};  // the row's own version
    Platform platform = Platform::Linux;
    Compatibility compatibility = Compatibility::Full;
    DriverRule driver_rule = DriverRule::Unknown;
    const TensorFlowRow* row = nullptr;
    const CudaRelease* cuda_release = nullptr;  // the toolkit minor the release was built with
    const TensorFlowArches* arches = nullptr;   // nullptr: unknown
    NoteSet notes{};
    const TableSet* tables = &bundled;

    // The driver this candidate needs under the rule that admitted it.
    [[nodiscard]] constexpr std::optional<DriverVersion> driver_min() const noexcept {
        if (cuda_release == nullptr) return std::nullopt;
        const DriverVersion* d = driver_rule == DriverRule::MinorVersionFloor ? minor_version_driver_min(row->cuda.major(), platform, *tables)
                                                                              : toolkit_driver_min(*cuda_release, platform);
        if (d == nullptr) return std::nullopt;
        return *d;
    }
};

struct Rejection {
    const TensorFlowRow* row = nullptr;  // the release's facts (the Linux row for platforms that lack one)
    Platform platform = Platform::Linux;
    ReasonSet reasons{};
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
};

// What the driver rules decide for one release on one platform.
struct DriverVerdict {
    bool ok = true;
    Compatibility compatibility = Compatibility::Full;
    DriverRule rule = DriverRule::Unknown;
};

// `rel` is find_cuda_release(cuda, t), passed in so a caller that already
// looked it up does not scan the table again.
[[nodiscard]] constexpr DriverVerdict judge_driver(const Version& cuda, const CudaRelease* rel, Platform p,
                                                   const std::optional<DriverVersion>& driver,
                                                   const std::optional<DriverCudaVersion>& driver_cuda,
                                                   const TableSet& t = bundled) noexcept {
    DriverVerdict v;
    if (driver && rel != nullptr) {
        const auto need = toolkit_driver_min(*rel, p);
        const auto floor = minor_version_driver_min(cuda.major(), p, t);
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

struct Evaluation {
    ReasonSet reasons{};
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
};
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
        for (const auto& gpu : q.cc)
            if (minimum_only && gpu < cc_min) v.rejected = true;
        // The lists are unknown, but the toolkit could write no SASS for
        // this GPU: PTX is the only way it can run, if it is there.
        if (beyond_toolkit) {
            v.needs_ptx = true;
            v.notes.add(NoteCode::PtxOnlyIfPresent);
        }
        return v;
    }
    for (const auto& gpu : q.cc) {
        bool has_sass = false, has_ptx = false;
        for (const auto& s : sass) has_sass = has_sass || gpu.runs_sass_of(s);
        for (const auto& x : ptx) has_ptx = has_ptx || gpu.can_jit_ptx_of(x);
        if (!has_sass && !has_ptx) v.rejected = true;
        else if (!has_sass) v.needs_ptx = true;
    }
    return v;
}
constexpr CcVerdict judge_cc(const Query& q, const TensorFlowArches* arches, bool beyond_toolkit) noexcept {
    if (arches == nullptr) return judge_cc_lists(q, {}, {}, {}, false, beyond_toolkit);
    return judge_cc_lists(q, std::span<const ComputeCapability>(arches->sass.begin(), arches->sass.size()),
                          std::span<const ComputeCapability>(arches->ptx.begin(), arches->ptx.size()), arches->cc_min, true, beyond_toolkit);
}

// NVIDIA's rules, for every build whatever its lists are known to carry: nvcc
// of a CUDA release builds nothing for GPUs older than its floor (adds
// compute-capability-unsupported), and no SASS for a major architecture newer
// than its newest target (returns true: such a GPU can run only PTX).
constexpr bool judge_toolkit_range(const Query& q, const CudaArchitectureRange* range, ReasonSet& reasons) noexcept {
    bool beyond_toolkit = false;
    if (range == nullptr) return false;
    for (const auto& gpu : q.cc) {
        if (gpu < range->cc_min) reasons.add(ReasonCode::ComputeCapabilityUnsupported);
        else if (!range->sass_max.empty() && gpu.major() > range->sass_max.major()) beyond_toolkit = true;
    }
    return beyond_toolkit;
}

// A capability verdict applied to a candidate: PTX written by toolkit X.Y is
// JIT-compiled only by a driver that implements X.Y, so minor version
// compatibility does not cover it.
constexpr void apply_cc_verdict(const CcVerdict& v, const DriverVerdict& dv, ReasonSet& reasons, NoteSet& notes,
                                Compatibility& compatibility) noexcept {
    if (v.rejected) reasons.add(ReasonCode::ComputeCapabilityUnsupported);
    notes = notes | v.notes;
    if (v.needs_ptx) {
        notes.add(NoteCode::PtxJitWarmup);
        if (dv.compatibility == Compatibility::MinorVersion) reasons.add(ReasonCode::PtxJitNeedsNewerDriver);
        else compatibility = Compatibility::PtxJit;
    }
}

// WSL2's own requirements (the Windows build, the Windows driver for WSL, the
// GPU generation), the same for every framework's Linux builds.
constexpr void judge_wsl2(const Query& q, const TableSet& t, ReasonSet& reasons, NoteSet& notes) noexcept {
    notes.add(NoteCode::Wsl2UseWindowsDriver);
    if (!q.windows_build) notes.add(NoteCode::Wsl2BuildUnknown);
    else if (*q.windows_build < wsl2_min_build(t)) reasons.add(ReasonCode::WindowsBuildTooOld);
    if (q.driver)
        if (const auto need = wsl2_driver_min(t); need && *q.driver < *need) reasons.add(ReasonCode::Wsl2DriverTooOld);
    if (const ComputeCapability oldest = wsl2_gpu_cc_min(t); !oldest.empty()) {
        const ComputeCapability may_work = wsl2_gpu_cc_may_work(t);
        for (const auto& gpu : q.cc) {
            if (!(gpu < oldest)) continue;
            if (!may_work.empty() && !(gpu < may_work)) notes.add(NoteCode::Wsl2GpuMayWork);
            else reasons.add(ReasonCode::Wsl2GpuUnsupported);
        }
    }
}

constexpr Evaluation evaluate(const Query& q, const TensorFlowRow& row, Platform p, const TableSet& t, CudaLookup& cuda) noexcept {
    Evaluation e;
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
    if (q.arch && *q.arch != Arch::X86_64) e.reasons.add(ReasonCode::ArchUnsupported);
    if (q.python && !python_supported(row, *q.python)) e.reasons.add(ReasonCode::PythonUnsupported);

    if (p == Platform::Wsl2) judge_wsl2(q, t, e.reasons, c.notes);

    const DriverVerdict& dv = cuda.verdict;
    c.driver_rule = dv.rule;
    c.compatibility = dv.compatibility;
    if (!dv.ok) e.reasons.add(ReasonCode::DriverTooOld);
    if (dv.compatibility == Compatibility::MinorVersion) c.notes.add(NoteCode::MinorVersionLimits);
    if (!q.driver && !q.driver_cuda) c.notes.add(p == Platform::MacOS ? NoteCode::MacOSDriverUnknown : NoteCode::DriverUnknown);

    // NVIDIA's rules first, for every release whatever its wheels are known to
    // carry: nvcc of the row's CUDA builds nothing for GPUs older than its
    // floor, and no SASS for a major architecture newer than its newest target.
    const bool beyond_toolkit = judge_toolkit_range(q, facts.cc_range, e.reasons);
    if (!q.cc.empty()) {
        CcVerdict v = judge_cc(q, c.arches, beyond_toolkit);
        // --method conda: where the pip wheels carry no code for this GPU but
        // Anaconda's conda build (its own capability list) does, that build is
        // the answer, and install() installs it rather than the wheel.
        if (v.rejected && q.method == InstallMethod::Conda && facts.conda_arches != nullptr) {
            const CcVerdict conda = judge_cc(q, facts.conda_arches, beyond_toolkit);
            if (!conda.rejected) {
                v = conda;
                c.arches = facts.conda_arches;
            }
        }
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
// resolve() into a Resolution that already exists (empty), so a caller that
// holds one (resolve_shared) does not copy a whole answer.
constexpr void resolve_into(Resolution& res, const Query& q, const TableSet& t) noexcept {
    res.query = q;
    res.tables = &t;
    // Computed once: the newest GPU row of the queried platform.
    const Version last_of_platform = q.platform ? last_gpu_release(*q.platform, t) : Version{};
    detail::CudaLookup cuda;
    auto consider = [&](const TensorFlowRow& row, Platform p, std::optional<ReasonCode> platform_reason) {
        auto e = detail::evaluate(q, row, p, t, cuda);
        if (platform_reason) e.reasons.add(*platform_reason);
        if (e.reasons.empty()) res.candidates.push_back(e.candidate);
        else res.rejected.push_back(Rejection{&row, p, e.reasons});
    };
    for (const auto& row : t.tensorflow) {
        if (!q.platform) {
            consider(row, row.platform, std::nullopt);
            continue;
        }
        const Platform p = *q.platform;
        const Platform rows_of = p == Platform::Wsl2 ? Platform::Linux : p;
        if (row.platform == rows_of) {
            consider(row, p, std::nullopt);
        } else if (row.platform == Platform::Linux && (p == Platform::Windows || p == Platform::MacOS) &&
                   row.tensorflow > last_of_platform) {
            // Releases after the platform's last GPU row: say why there is none.
            consider(row, p, p == Platform::Windows ? ReasonCode::WindowsNativeGpuDropped : ReasonCode::PlatformNoGpu);
        }
    }
    insertion_sort(res.candidates, better);
}
}  // namespace detail

[[nodiscard]] constexpr Resolution resolve(const Query& q, const TableSet& t = bundled) noexcept {
    Resolution res;
    detail::resolve_into(res, q, t);
    return res;
}

}  // namespace gpucompat
