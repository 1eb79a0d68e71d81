// gpucompat — hints: what to change so that something fits.
//
// When nothing fits, each rejection's reasons say what would lift them (the
// registry's Remedy: the driver, Python, the platform, the Windows build, the
// GPU's build, the architecture, the version constraint). For each of those,
// the newest release held back by that one kind of reason alone gives a
// concrete change (the driver its reasons name, a Python its row supports),
// and the change is proven by resolving the changed query again: a hint is
// given only when that resolution fits, and it names what then fits best.
// Nothing here is guessed from the words of a message.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "explain.hpp"
#include "framework_resolver.hpp"
#include "reason.hpp"
#include "resolver.hpp"

namespace gpucompat {

struct Hint {
    Remedy remedy{};
    std::string change;  // "a driver >= 525.60.13", "Python 3.11 (--python 3.11)"
    std::string allows;  // "TensorFlow 2.15.0 (CUDA 12.2)"
};

namespace detail {

// The Python of `rows` nearest the one asked for: the newest if it is too
// new, the oldest if it is too old, else the first above it.
template <std::size_t N>
std::optional<Version> nearest_python(const FixedList<PythonMinor, N>& rows, const std::optional<Version>& asked) {
    if (rows.empty()) return std::nullopt;
    auto v = [](const PythonMinor& p) { return Version::of(p.major, p.minor); };
    const Version newest = v(rows[rows.size() - 1]);
    if (!asked || newest < asked->truncated(2)) return newest;
    for (const auto& p : rows)
        if (v(p) > asked->truncated(2)) return v(p);
    return newest;
}

inline bool only(ReasonSet codes, Remedy axis) {
    bool all = !codes.empty();
    codes.for_each([&](ReasonCode c) { all = all && info(c).remedy == axis; });
    return all;
}

inline std::string driver_change(const Query& q) {
    if (q.driver) return "a driver >= " + str(q.driver->text());
    if (q.driver_cuda)
        return "a driver that supports CUDA " + std::to_string(q.driver_cuda->major()) + "." + std::to_string(q.driver_cuda->minor()) +
               " (nvidia-smi's \"CUDA Version\")";
    return {};
}

// The driver a rejection's driver reasons need: each reason's lowest (the
// minor-version floor where it applies) or, `own`, each toolkit's own minimum.
inline std::optional<DriverVersion> driver_needed(const Reasons& reasons, bool own) {
    std::optional<DriverVersion> need;
    auto raise = [&](const DriverVersion* d) {
        if (d != nullptr && (!need || *need < *d)) need = *d;
    };
    for (const auto& r : reasons) {
        if (r.code == ReasonCode::DriverTooOld) raise(!own && r.driver_floor != nullptr ? r.driver_floor : r.driver);
        if (r.code == ReasonCode::PtxJitNeedsNewerDriver) raise(r.driver);
        if (r.code == ReasonCode::Wsl2DriverTooOld)
            if (const auto d = requirement_driver(r.requirement)) raise(&*d);
    }
    return need;
}

// The queries that would lift a rejection whose reasons are all of one
// axis, most modest first, each with the words for the change.
struct Change {
    Query query;
    std::string words;
};
template <class PythonRows>
std::vector<Change> changes_for(const Query& q, Remedy axis, const Reasons& reasons, const PythonRows& python, const Version& cuda) {
    std::vector<Change> out;
    Query c = q;
    switch (axis) {
        case Remedy::Driver:
            if (q.driver) {
                c.driver_cuda.reset();
                for (bool own : {false, true})
                    if (const auto d = driver_needed(reasons, own)) {
                        c.driver = *d;
                        out.push_back({c, driver_change(c)});
                    }
            } else if (q.driver_cuda && cuda.size() >= 2) {
                c.driver_cuda = DriverCudaVersion{cuda.major(), cuda.minor()};
                out.push_back({c, driver_change(c)});
            }
            break;
        case Remedy::Python:
            if (const auto p = nearest_python(python, q.python)) {
                c.python = *p;
                out.push_back({c, "Python " + str(p->text()) + " (--python " + str(p->text()) + ")"});
            }
            break;
        case Remedy::Platform:
            if (q.platform == Platform::Windows) {
                c.platform = Platform::Wsl2;
                out.push_back({c, "WSL2 on this Windows machine (--os wsl2)"});
            } else if (q.platform == Platform::MacOS) {
                c.platform = Platform::Linux;
                c.driver.reset();
                c.driver_cuda.reset();
                out.push_back({c, "a Linux machine with an NVIDIA GPU (--os linux)"});
            }
            break;
        case Remedy::Windows:
            for (const auto& r : reasons)
                if (r.code == ReasonCode::WindowsBuildTooOld && r.build != 0) {
                    c.windows_build = r.build;
                    out.push_back({c, "Windows build " + std::to_string(r.build) + " or later (--os-build " + std::to_string(r.build) + ")"});
                }
            break;
        case Remedy::Gpu:
            for (const auto& r : reasons)
                if (r.code == ReasonCode::ComputeCapabilityUnsupported && r.conda_runs && q.method != InstallMethod::Conda) {
                    c.method = InstallMethod::Conda;
                    out.push_back({c, "Anaconda's conda build (--method conda)"});
                }
            break;
        case Remedy::Arch:
            c.arch = Arch::X86_64;
            out.push_back({c, "an x86_64 machine (--arch x86_64)"});
            break;
        case Remedy::Constraint:
        case Remedy::Libraries:
        case Remedy::Packages:
        case Remedy::Release: break;
    }
    return out;
}

// The axes hints are given for, in the order they are printed.
inline constexpr Remedy hint_axes[] = {Remedy::Driver, Remedy::Python, Remedy::Platform, Remedy::Windows, Remedy::Gpu, Remedy::Arch};

inline std::string fits_words(const Candidate& c) {
    return "TensorFlow " + str(c.row->tensorflow.text()) + " (CUDA " + str(c.row->cuda.text()) + ", " + platform_name(c.platform) + ")";
}
inline std::string fits_words(const FrameworkCandidate& c) {
    return framework_name(c.row->framework) + " " + str(c.row->version.text()) + " " + str(c.row->variant) + " (CUDA " + str(c.row->cuda.text()) +
           ", " + platform_name(c.platform) + ")";
}

// The shared walk: `rows` are the rejections newest first; `again` resolves a
// changed query.
template <class Rejections, class Again>
std::vector<Hint> find_hints(const Query& q, const Rejections& newest_first, Again again) {
    std::vector<Hint> out;
    for (Remedy axis : hint_axes) {
        for (const auto* x : newest_first) {
            if (!only(x->x->codes, axis)) continue;  // the codes decide; the evidence only where they do
            const Reasons reasons = x->reasons();
            for (const Change& c : changes_for(q, axis, reasons, x->python(), x->cuda())) {
                const auto res = again(c.query);
                if (res.best() == nullptr) continue;
                out.push_back({axis, c.words, fits_words(*res.best())});
                break;
            }
            break;  // one hint per axis: the newest release it would lift
        }
    }
    return out;
}

// Adapter: one rejection of either resolver as find_hints sees it.
template <class Res, class Rej>
struct RejectionView {
    const Res* res;
    const Rej* x;
    [[nodiscard]] Reasons reasons() const { return res->reasons(*x); }
    [[nodiscard]] const auto& python() const { return x->row->python; }
    [[nodiscard]] const Version& cuda() const { return x->row->cuda; }
};
using TfRejectionView = RejectionView<Resolution, Rejection>;
using FrameworkRejectionView = RejectionView<FrameworkResolution, FrameworkRejection>;

}  // namespace detail

// What to change so that a TensorFlow release fits; empty when something
// already fits or no single change is proven to help.
[[nodiscard]] inline std::vector<Hint> hints(const Resolution& r) {
    if (r.fits()) return {};
    std::vector<detail::TfRejectionView> views;
    for (const auto& x : r.rejected) views.push_back({&r, &x});
    std::stable_sort(views.begin(), views.end(), [](const auto& a, const auto& b) { return a.x->tensorflow() > b.x->tensorflow(); });
    std::vector<const detail::TfRejectionView*> order;
    for (const auto& v : views) order.push_back(&v);
    const TableSet& t = *r.tables;
    return detail::find_hints(r.query, order, [&](const Query& q) { return resolve(q, t); });
}

[[nodiscard]] inline std::vector<Hint> hints(const FrameworkResolution& r) {
    if (r.fits()) return {};
    std::vector<detail::FrameworkRejectionView> views;
    for (const auto& x : r.rejected) views.push_back({&r, &x});
    std::stable_sort(views.begin(), views.end(), [](const auto& a, const auto& b) { return a.x->row->version > b.x->row->version; });
    std::vector<const detail::FrameworkRejectionView*> order;
    for (const auto& v : views) order.push_back(&v);
    const TableSet& t = *r.tables;
    const Framework f = r.framework;
    const FrameworkQuery fq = r.framework_query;
    return detail::find_hints(r.query, order, [&](const Query& q) { return resolve_framework(f, q, fq, t); });
}

}  // namespace gpucompat
