// gpucompat — resolve_shared(): builds of two or three frameworks that can
// live in one Python environment, best first, and why the best builds of each
// framework do not.
//
//   SharedQuery sq;  sq.query = q;  sq.frameworks = {Framework::PyTorch, Framework::Jax};
//   const SharedResolution r = resolve_shared(sq);
//   r.environments[0]  // one PyTorch candidate and one JAX candidate that share
//
// Each framework is resolved on its own first (resolve() / resolve_framework()
// with the same Query), so every member already meets its own driver, GPU,
// platform and Python rules. Members share an environment when:
//  * platform (and, for PyTorch/JAX, CPU architecture) are the same;
//  * their CUDA has one major: the wheels' CUDA libraries (libcudart.so.12,
//    libcublas.so.12, ...) are named by the major, so two majors mean two sets
//    of libraries one process cannot both load;
//  * one cuDNN satisfies all: the same major, and the highest version the
//    members were built with (or, for JAX, the lowest it accepts) is at least
//    each one's own (TensorFlow, PyTorch and JAX all load a cuDNN of their
//    major with an equal or newer minor; check.hpp cites TensorFlow's
//    loader, the JAX guide states ">= 9.8, < 10.0"). A member whose cuDNN is
//    unknown shares with nothing (unknown, not assumed);
//  * a Python version supports them all (and the query's, if given).
// One environment is kept per (platform, architecture, CUDA major, cuDNN
// major): the combination whose members rank best in their own lists.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include <string>

#include "framework_resolver.hpp"
#include "messages.hpp"
#include "resolver.hpp"

namespace gpucompat {

struct SharedQuery {
    Query query{};                        // query.tensorflow: --tf
    FrameworkQuery pytorch{}, jax{};      // --torch, --jax
    FixedList<Framework, 3> frameworks{};  // two or three, each once
    [[nodiscard]] constexpr bool wants(Framework f) const noexcept {
        for (Framework x : frameworks)
            if (x == f) return true;
        return false;
    }
};

// Why two builds cannot share one environment.
enum class ShareConflict : std::uint8_t { Platform, CudaMajor, CudnnMajor, CudnnUnknown, Python };
[[nodiscard]] constexpr std::string_view to_string(ShareConflict c) noexcept {
    switch (c) {
        case ShareConflict::Platform: return "platform-mismatch";
        case ShareConflict::CudaMajor: return "cuda-major-mismatch";
        case ShareConflict::CudnnMajor: return "cudnn-major-mismatch";
        case ShareConflict::CudnnUnknown: return "cudnn-unknown";
        case ShareConflict::Python: return "python-disjoint";
    }
    return "?";
}

// What sharing depends on, for one candidate of any framework.
struct MemberFacts {
    Framework framework = Framework::TensorFlow;
    std::size_t rank = 0;            // index in its framework's candidates (0: the best)
    Platform platform = Platform::Linux;
    std::optional<Arch> arch;        // TensorFlow rows name none
    const Version* cuda = nullptr;   // the row's own (a pointer: this is built for every candidate)
    const Version* cudnn = nullptr;  // empty(): unknown
    std::uint32_t python = 0;        // bit n: Python 3.n; bit 31: Python 2.x
    std::uint8_t cuda_major = 0;     // cuda->major() and cudnn->major() (0: unknown), compared
    std::uint8_t cudnn_major = 0;    //   here for every pair without reading the rows
};


[[nodiscard]] constexpr MemberFacts member_facts(const Candidate& c, std::size_t rank) noexcept {
    return {Framework::TensorFlow, rank, c.platform, std::nullopt, &c.row->cuda, &c.row->cudnn, detail::python_mask(c.row->python),
            detail::small_major(c.row->cuda), detail::small_major(c.row->cudnn)};
}
// From the row's precomputed facts (framework_resolver.hpp): this runs for
// every candidate of a framework, and the facts are a few bytes a row.
[[nodiscard]] constexpr MemberFacts member_facts(const FrameworkCandidate& c, std::size_t rank) noexcept {
    const FrameworkRowFacts f = detail::framework_row_facts(*c.row, *c.tables);
    return {f.framework, rank, c.platform, f.arch, &c.row->cuda, &c.row->cudnn, f.python, f.cuda_major, f.cudnn_major};
}

// The first reason `a` and `b` cannot share an environment, or none.
[[nodiscard]] constexpr std::optional<ShareConflict> share_conflict(const MemberFacts& a, const MemberFacts& b) noexcept {
    if (a.platform != b.platform || (a.arch && b.arch && *a.arch != *b.arch)) return ShareConflict::Platform;
    if (a.cuda_major != b.cuda_major) return ShareConflict::CudaMajor;
    if (a.cudnn_major == 0 || b.cudnn_major == 0) return ShareConflict::CudnnUnknown;
    if (a.cudnn_major != b.cudnn_major) return ShareConflict::CudnnMajor;
    if ((a.python & b.python) == 0) return ShareConflict::Python;
    return std::nullopt;
}

// One environment: a member per framework asked (index in that framework's
// candidates, npos where not asked).
struct SharedEnvironment {
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    std::size_t tensorflow = npos, pytorch = npos, jax = npos;
    Platform platform = Platform::Linux;
    std::optional<Arch> arch;
    std::uint32_t cuda_major = 0;
    const Version* cudnn = nullptr;  // the one cuDNN that serves every member: the highest they name (one member's)
    std::uint8_t cudnn_major = 0;    // cudnn->major(), compared without reading the row
    std::uint32_t python = 0;        // the Python versions every member supports (mask as in MemberFacts)
    std::size_t rank_sum = 0;
    [[nodiscard]] constexpr std::size_t member(Framework f) const noexcept {
        return f == Framework::TensorFlow ? tensorflow : f == Framework::PyTorch ? pytorch : jax;
    }
};

// The best build of one framework and why it is not in the best environment.
struct SharedConflict {
    Framework framework = Framework::TensorFlow;  // whose best build is left out
    std::size_t rank = 0;                         // that build: its index in its framework's candidates (0)
    Framework other = Framework::TensorFlow;      // the member it cannot share with
    std::size_t other_rank = 0;
    ShareConflict code = ShareConflict::CudaMajor;
};

inline constexpr std::size_t max_shared_environments = 32;

struct SharedResolution {
    SharedQuery shared_query{};
    Resolution tensorflow{};
    FrameworkResolution pytorch{}, jax{};
    FixedList<SharedEnvironment, max_shared_environments> environments{};
    FixedList<SharedConflict, 6> conflicts{};
    [[nodiscard]] constexpr bool fits() const noexcept { return !environments.empty(); }
    [[nodiscard]] constexpr std::size_t candidate_count(Framework f) const noexcept {
        return f == Framework::TensorFlow ? tensorflow.candidates.size() : f == Framework::PyTorch ? pytorch.candidates.size() : jax.candidates.size();
    }
    [[nodiscard]] constexpr MemberFacts facts(Framework f, std::size_t rank) const noexcept {
        if (f == Framework::TensorFlow) return member_facts(tensorflow.candidates[rank], rank);
        return member_facts(f == Framework::PyTorch ? pytorch.candidates[rank] : jax.candidates[rank], rank);
    }
};

namespace detail {

// The best candidate of each distinct sharing key (platform, architecture,
// CUDA major, cuDNN major, Python set): the others of a key can share with
// exactly what the best of it can, so only these are combined.
struct Representatives {
    FixedList<MemberFacts, 48> items{};
};

// What share_conflict() reads of a member, packed into one integer: two
// candidates share with the same others exactly when their keys are equal.
// Computed for every candidate of every framework, in registers: building
// each one's MemberFacts on the stack and comparing it field by field made
// this loop wait on its own stores.
constexpr std::uint64_t sharing_key(std::uint32_t python, Platform platform, std::optional<Arch> arch, std::uint8_t cuda_major,
                                    std::uint8_t cudnn_major) noexcept {
    return std::uint64_t{python} | (std::uint64_t{static_cast<std::uint8_t>(platform)} << 32) |
           (std::uint64_t{arch ? static_cast<std::uint8_t>(1 + static_cast<unsigned>(*arch)) : std::uint8_t{0}} << 40) |
           (std::uint64_t{cuda_major} << 48) | (std::uint64_t{cudnn_major} << 56);
}
constexpr std::uint64_t sharing_key(const SharedResolution& r, Framework f, std::size_t rank) noexcept {
    if (f == Framework::TensorFlow) {
        const Candidate& c = r.tensorflow.candidates.items[rank];
        return sharing_key(python_mask(c.row->python), c.platform, std::nullopt, small_major(c.row->cuda), small_major(c.row->cudnn));
    }
    const FrameworkCandidate& c = f == Framework::PyTorch ? r.pytorch.candidates.items[rank] : r.jax.candidates.items[rank];
    const auto key = [&](const FrameworkRowFacts& facts) {
        return sharing_key(facts.python, c.platform, facts.arch, facts.cuda_major, facts.cudnn_major);
    };
    // Read in place (a copy of the facts would be stored and read back).
    if (const FrameworkRowFacts* facts = carried_framework_row_facts(*c.row, *c.tables)) return key(*facts);
    return key(framework_row_facts_of(*c.tables, *c.row));
}

constexpr void representatives_into(Representatives& reps, const SharedResolution& r, Framework f) noexcept {
    std::array<std::uint64_t, decltype(reps.items)::capacity> keys{};
    const std::size_t n = r.candidate_count(f);
    for (std::size_t i = 0; i < n && !reps.items.full(); ++i) {
        const std::uint64_t key = sharing_key(r, f, i);
        // Neighbours mostly share a key (the builds of one release): the
        // previous candidate's is kept already.
        if (i > 0 && key == keys[reps.items.count - 1]) continue;
        bool seen = false;
        for (std::size_t k = 0; k < reps.items.count; ++k) seen = seen || keys[k] == key;
        if (seen) continue;
        keys[reps.items.count] = key;
        reps.items.push_back(r.facts(f, i));
    }
}

constexpr const Version* newer_of(const Version* a, const Version* b) noexcept { return a == nullptr || *b > *a ? b : a; }

// Keep the combination if it is the first (lowest rank sum) of its group.
// The group and the rank sum first (small integers); the rest only for a
// combination that is kept. Members share their CUDA and cuDNN majors.
constexpr void keep_environment(SharedResolution& r, const MemberFacts* members, std::size_t count) noexcept {
    std::size_t rank_sum = 0;
    std::optional<Arch> arch;
    for (std::size_t i = 0; i < count; ++i) {
        rank_sum += members[i].rank;
        if (members[i].arch) arch = members[i].arch;
    }
    SharedEnvironment* same = nullptr;
    for (std::size_t i = 0; i < r.environments.count && same == nullptr; ++i) {
        SharedEnvironment& x = r.environments.items[i];
        if (x.platform == members[0].platform && x.arch == arch && x.cuda_major == members[0].cuda_major &&
            x.cudnn_major == members[0].cudnn_major)
            same = &x;
    }
    if (same != nullptr && rank_sum >= same->rank_sum) return;
    SharedEnvironment e;
    e.platform = members[0].platform;
    e.arch = arch;
    e.cuda_major = members[0].cuda_major;
    e.cudnn_major = members[0].cudnn_major;
    e.python = ~0u;
    e.rank_sum = rank_sum;
    for (std::size_t i = 0; i < count; ++i) {
        const MemberFacts& m = members[i];
        e.cudnn = newer_of(e.cudnn, m.cudnn);
        e.python &= m.python;
        (m.framework == Framework::TensorFlow ? e.tensorflow : m.framework == Framework::PyTorch ? e.pytorch : e.jax) = m.rank;
    }
    if (same != nullptr) *same = e;
    else r.environments.push_back(e);
}

// Every combination of one representative per framework that shares.
constexpr void combine(SharedResolution& r, const std::array<Representatives, 3>& reps, std::size_t nf) noexcept {
    const Representatives& a = reps[0];
    const Representatives& b = reps[1];
    for (const auto& x : a.items)
        for (const auto& y : b.items) {
            if (share_conflict(x, y)) continue;
            if (nf == 2) {
                const MemberFacts m[2] = {x, y};
                keep_environment(r, m, 2);
                continue;
            }
            for (const auto& z : reps[2].items) {
                if (share_conflict(x, z) || share_conflict(y, z) || (x.python & y.python & z.python) == 0) continue;
                const MemberFacts m[3] = {x, y, z};
                keep_environment(r, m, 3);
            }
        }
}

// Why each framework's best build is not in the best environment (or, when
// nothing shares, why the best builds do not share with each other).
constexpr void explain(SharedResolution& r) noexcept {
    const auto& fs = r.shared_query.frameworks;
    for (Framework f : fs) {
        if (r.candidate_count(f) == 0) continue;
        const MemberFacts best = r.facts(f, 0);
        for (Framework g : fs) {
            if (g == f || r.candidate_count(g) == 0) continue;
            std::size_t other = 0;
            if (r.fits()) {
                if (r.environments[0].member(f) == 0) break;  // f's best is in the best environment
                other = r.environments[0].member(g);
            }
            if (const auto c = share_conflict(best, r.facts(g, other))) {
                r.conflicts.push_back({f, 0, g, other, *c});
                break;
            }
        }
    }
}

}  // namespace detail

[[nodiscard]] constexpr SharedResolution resolve_shared(const SharedQuery& sq, const TableSet& t = bundled) noexcept {
    SharedResolution r;
    r.shared_query = sq;
    // In place: each resolution is tens of kilobytes, not worth a copy.
    if (sq.wants(Framework::TensorFlow)) detail::resolve_into(r.tensorflow, sq.query, t);
    if (sq.wants(Framework::PyTorch)) detail::resolve_framework_into(r.pytorch, Framework::PyTorch, sq.query, sq.pytorch, t);
    if (sq.wants(Framework::Jax)) detail::resolve_framework_into(r.jax, Framework::Jax, sq.query, sq.jax, t);
    const std::size_t nf = sq.frameworks.size();
    if (nf < 2) return r;
    std::array<detail::Representatives, 3> reps{};
    for (std::size_t i = 0; i < nf; ++i) detail::representatives_into(reps[i], r, sq.frameworks[i]);
    detail::combine(r, reps, nf);
    if (sq.query.python) {
        const std::uint32_t major = sq.query.python->major(), minor = sq.query.python->minor();
        const std::uint32_t bit = major == 3 && minor < 31 ? (1u << minor) : (1u << 31);
        for (std::size_t i = 0; i < r.environments.count; ++i) r.environments.items[i].python &= bit;
    }
    detail::insertion_sort(r.environments, [](const SharedEnvironment& a, const SharedEnvironment& b) { return a.rank_sum < b.rank_sum; });
    detail::explain(r);
    return r;
}

// --- text, at run time -----------------------------------------------------
// "PyTorch 2.13.0 (cu130, Linux x86_64)", "TensorFlow 2.21.0 (Linux)".
[[nodiscard]] inline std::string shared_member_label(const SharedResolution& r, Framework f, std::size_t rank) {
    if (f == Framework::TensorFlow) {
        const Candidate& c = r.tensorflow.candidates[rank];
        return "TensorFlow " + std::string(c.row->tensorflow.text()) + " (" + detail::platform_name(c.platform) + ")";
    }
    const FrameworkCandidate& c = f == Framework::PyTorch ? r.pytorch.candidates[rank] : r.jax.candidates[rank];
    return framework_label(*c.row);
}

// "3.12, 3.13" from a Python mask.
[[nodiscard]] inline std::string python_mask_text(std::uint32_t mask) {
    std::string out;
    if (mask & (1u << 31)) out = "2.7";
    for (std::uint32_t m = 0; m < 31; ++m)
        if (mask & (1u << m)) out += (out.empty() ? "3." : ", 3.") + std::to_string(m);
    return out;
}

// What one member needs, in the terms of a conflict.
[[nodiscard]] inline std::string shared_member_needs(const MemberFacts& m, ShareConflict code) {
    const std::string jax_floor = m.framework == Framework::Jax ? " or newer" : "";
    switch (code) {
        case ShareConflict::Platform:
            return detail::platform_name(m.platform) + (m.arch ? " " + std::string(to_string(*m.arch)) : std::string());
        case ShareConflict::CudaMajor: return "CUDA " + std::to_string(m.cuda->major()) + " (" + std::string(m.cuda->text()) + jax_floor + ")";
        case ShareConflict::CudnnMajor:
        case ShareConflict::CudnnUnknown:
            return m.cudnn->empty() ? std::string("a cuDNN the tables do not know") : "cuDNN " + std::string(m.cudnn->text()) + jax_floor;
        case ShareConflict::Python: return "Python " + python_mask_text(m.python);
    }
    return "";
}

// "PyTorch 2.13.0 (cu130, Linux x86_64) needs CUDA 13 (13.0) while TensorFlow 2.21.0 (Linux) needs CUDA 12 (12.5): ..."
[[nodiscard]] inline std::string shared_conflict_message(const SharedResolution& r, const SharedConflict& c) {
    const MemberFacts a = r.facts(c.framework, c.rank);
    const MemberFacts b = r.facts(c.other, c.other_rank);
    std::string m = shared_member_label(r, c.framework, c.rank) + " needs " + shared_member_needs(a, c.code) + " while " +
                    shared_member_label(r, c.other, c.other_rank) + " needs " + shared_member_needs(b, c.code);
    switch (c.code) {
        case ShareConflict::Platform: return m + ": not one machine";
        case ShareConflict::CudaMajor:
            return m + ": their CUDA libraries carry the major in their names (libcudart.so." + std::to_string(a.cuda->major()) + " / .so." +
                   std::to_string(b.cuda->major()) + "), so one environment holds one major";
        case ShareConflict::CudnnMajor:
            return m + ": each loads only a cuDNN of its own major (libcudnn.so." + std::to_string(a.cudnn->major()) + " / .so." +
                   std::to_string(b.cudnn->major()) + ")";
        case ShareConflict::CudnnUnknown: return m + ": whether one cuDNN serves both is unknown";
        case ShareConflict::Python: return m + ": no Python version supports both";
    }
    return m;
}

}  // namespace gpucompat
