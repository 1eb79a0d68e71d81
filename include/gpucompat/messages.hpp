// gpucompat — human messages for reason and note codes, rendered at run time.
//
// Every message says what was found, what is needed and where the fact comes
// from: "CUDA 11.2 needs driver >= 460.82 on Windows, or >= 452.39 with minor
// version compatibility; found 441.22 (NVIDIA CUDA 11.2.0 release notes)".
// Kept apart from the constexpr core because std::string is not usable in
// constant expressions with every compiler we support (clang 14 + libstdc++ 12).
#pragma once

#include <string>
#include <string_view>

#include "check.hpp"
#include "framework_resolver.hpp"
#include "resolver.hpp"

namespace gpucompat {

namespace detail {

inline std::string str(std::string_view s) { return std::string(s); }

inline std::string platform_name(Platform p) {
    switch (p) {
        case Platform::Linux: return "Linux";
        case Platform::Windows: return "native Windows";
        case Platform::Wsl2: return "WSL2";
        case Platform::MacOS: return "macOS";
    }
    return "?";
}

inline std::string python_range(const TensorFlowRow& row) {
    // "2.7, 3.5-3.7": consecutive minors of one major collapse into a range.
    std::string out;
    for (std::size_t i = 0; i < row.python.size();) {
        std::size_t j = i;
        while (j + 1 < row.python.size() && row.python[j + 1].major == row.python[j].major &&
               row.python[j + 1].minor == row.python[j].minor + 1)
            ++j;
        if (!out.empty()) out += ", ";
        auto pv = [](PythonMinor p) { return std::to_string(p.major) + "." + std::to_string(p.minor); };
        out += pv(row.python[i]);
        if (j != i) out += "-" + pv(row.python[j]);
        i = j + 1;
    }
    return out;
}

template <std::size_t N>
std::string cc_list(const FixedList<ComputeCapability, N>& l) {
    std::string out;
    for (const auto& c : l) out += (out.empty() ? "" : ", ") + std::to_string(c.major()) + "." + std::to_string(c.minor());
    return out.empty() ? "none" : out;
}
inline std::string cc_text(const ComputeCapability& c) {
    std::string s = std::to_string(c.major()) + "." + std::to_string(c.minor());
    if (c.suffix() == ComputeCapability::Suffix::a) s += "a";
    if (c.suffix() == ComputeCapability::Suffix::f) s += "f";
    return s;
}

inline std::string driver_thresholds(const Version& cuda, Platform p, const TableSet& t) {
    const CudaRelease* rel = find_cuda_release(cuda, t);
    if (rel == nullptr) return "CUDA " + str(cuda.text()) + " (no driver minimum in the tables)";
    std::string out = "CUDA " + str(cuda.text()) + ", which needs driver >= ";
    const auto need = toolkit_driver_min(*rel, p);
    out += need ? str(need->text()) : std::string("(not stated)");
    out += p == Platform::Linux ? " on Linux" : " on Windows";
    if (const auto floor = minor_version_driver_min(cuda.major(), p, t))
        out += ", or >= " + str(floor->text()) + " with minor version compatibility";
    return out;
}
inline std::string driver_thresholds(const TensorFlowRow& row, Platform p, const TableSet& t) {
    return driver_thresholds(row.cuda, p, t);
}

// The driver sentences every framework shares: `name` was built with `cuda`.
inline std::string driver_too_old_message(const std::string& name, const Version& cuda, Platform p, const Query& q, const TableSet& t) {
    std::string m = name + " was built with ";
    m += q.driver ? driver_thresholds(cuda, p, t) + "; found " + str(q.driver->text()) : "CUDA " + str(cuda.text());
    if (q.driver_cuda) {
        const auto& d = *q.driver_cuda;
        m += "; the driver supports CUDA " + std::to_string(d.major()) + "." + std::to_string(d.minor()) +
             (cuda.major() >= 11 ? " (needs " + std::to_string(cuda.major()) + ".x for minor version compatibility, or >= " + str(cuda.text()) + ")"
                                 : " (needs >= " + str(cuda.text()) + "; minor version compatibility starts with CUDA 11)");
    }
    if (const CudaRelease* rel = find_cuda_release(cuda, t)) m += " (" + str(rel->provenance.source) + ")";
    return m;
}
inline std::string ptx_driver_message(const std::string& name, const Version& cuda, Platform p, const Query& q, const TableSet& t) {
    std::string m = name + " has no SASS for this GPU, only PTX, and PTX from CUDA " + str(cuda.text()) +
                    " is JIT-compiled only by a driver that supports CUDA " + str(cuda.text()) +
                    " itself; minor version compatibility does not cover PTX (NVIDIA CUDA Compatibility guide)";
    if (const CudaRelease* rel = find_cuda_release(cuda, t))
        if (const auto need = toolkit_driver_min(*rel, p)) m += ": needs driver >= " + str(need->text());
    if (q.driver) m += ", found " + str(q.driver->text());
    return m;
}

// Can a GPU run code from these lists (SASS of its major, or PTX to JIT)?
template <class Sass, class Ptx>
constexpr bool runs_on(const ComputeCapability& gpu, const Sass& sass, const Ptx& ptx) noexcept {
    for (const auto& x : sass)
        if (gpu.runs_sass_of(x)) return true;
    for (const auto& x : ptx)
        if (gpu.can_jit_ptx_of(x)) return true;
    return false;
}
// The same for a TensorFlow build; where only a minimum is stated, that minimum.
constexpr bool runs_on(const ComputeCapability& gpu, const TensorFlowArches& a) noexcept {
    if (a.sass.empty() && a.ptx.empty()) return !(gpu < a.cc_min);
    return runs_on(gpu, a.sass, a.ptx);
}
template <std::size_t N>
std::string python_list(const FixedList<PythonMinor, N>& l) {
    std::string out;
    for (const auto& p : l) out += (out.empty() ? "" : ", ") + std::to_string(p.major) + "." + std::to_string(p.minor);
    return out;
}

}  // namespace detail

// The message for one reason a release does not fit the query.
inline std::string reason_message(const Query& q, const TensorFlowRow& row, Platform p, ReasonCode code,
                                  const TableSet& t = bundled) {
    using detail::str;
    const std::string tf = "TensorFlow " + str(row.tensorflow.text());
    switch (code) {
        case ReasonCode::PlatformNoGpu:
            return tf + ": TensorFlow's macOS builds have no GPU support after " + str(last_gpu_release(Platform::MacOS, t).text()) +
                   " (TensorFlow tested build configurations, " + str(row.provenance.source) +
                   "); on a Mac with an Apple or AMD GPU use the tensorflow-metal plug-in instead";
        case ReasonCode::WindowsNativeGpuDropped: {
            std::string m = tf + ": no GPU on native Windows after " + str(last_gpu_release(Platform::Windows, t).text()) +
                            " (TensorFlow pip guide: \"TensorFlow 2.10 was the last TensorFlow release that supported GPU on native-Windows\"); use WSL2";
            const std::uint32_t need = wsl2_min_build(t);
            if (q.windows_build) {
                m += *q.windows_build >= need ? " (your build " + std::to_string(*q.windows_build) + " qualifies)"
                                              : " (needs build " + std::to_string(need) + "; yours is " + std::to_string(*q.windows_build) + ")";
            } else if (need != 0) {
                m += " (Windows 10 build " + std::to_string(need) + " or later)";
            }
            return m + " or TensorFlow <= " + str(last_gpu_release(Platform::Windows, t).text());
        }
        case ReasonCode::WindowsBuildTooOld: {
            const Requirement* r = find_requirement("wsl2-min-build", "tensorflow", t);
            return "WSL2 GPU needs Windows 10 build " + std::to_string(wsl2_min_build(t)) + " or later (TensorFlow install guide" +
                   (r ? ", " + str(r->provenance.source) : std::string()) + "); this machine is " +
                   (q.windows_build ? std::to_string(*q.windows_build) : std::string("unknown"));
        }
        case ReasonCode::Wsl2DriverTooOld: {
            const Requirement* r = find_requirement("wsl2-min-driver", "nvidia", t);
            const auto need = wsl2_driver_min(t);
            return "CUDA on WSL2 needs a Windows driver >= " + (need ? str(need->text()) : std::string("?")) +
                   " (NVIDIA CUDA on WSL User Guide" + (r ? ", " + str(r->provenance.source) : std::string()) +
                   "); found " + (q.driver ? str(q.driver->text()) : std::string("unknown"));
        }
        case ReasonCode::Wsl2GpuUnsupported: {
            const Requirement* r = find_requirement("wsl2-gpu-arch", "nvidia", t);
            std::string gpus;
            for (const auto& c : q.cc) gpus += (gpus.empty() ? "" : ", ") + detail::cc_text(c);
            return "CUDA on WSL2 supports " + (r ? str(r->value) : std::string("newer")) + " and later GPUs (compute capability " +
                   detail::cc_text(wsl2_gpu_cc_min(t)) + "+; NVIDIA CUDA on WSL User Guide" +
                   (r ? ", " + str(r->provenance.source) : std::string()) + "); this GPU is " + gpus;
        }
        case ReasonCode::DriverTooOld:
            return detail::driver_too_old_message(tf, row.cuda, p, q, t);
        case ReasonCode::PtxJitNeedsNewerDriver:
            return detail::ptx_driver_message(tf, row.cuda, p, q, t);
        case ReasonCode::PythonUnsupported:
            return tf + " on " + detail::platform_name(p) + " supports Python " + detail::python_range(row) + "; found " +
                   (q.python ? str(q.python->text()) : std::string("?")) + " (TensorFlow tested build configurations, " +
                   str(row.provenance.source) + ")";
        case ReasonCode::ComputeCapabilityUnsupported: {
            // Name only the GPUs that fail, each with the rule that rejects it.
            const RowFacts facts = row_facts(t, row);
            const TensorFlowArches* a = facts.arches;  // what the resolver judged (the row's own platform)
            std::string below, unsupported;
            for (const auto& c : q.cc) {
                if (facts.cc_range != nullptr && c < facts.cc_range->cc_min) {
                    below += (below.empty() ? "" : ", ") + detail::cc_text(c);
                    continue;
                }
                if (a == nullptr) continue;
                if (!detail::runs_on(c, *a)) unsupported += (unsupported.empty() ? "" : ", ") + detail::cc_text(c);
            }
            std::string m;
            if (!below.empty())
                m = tf + " was built with CUDA " + str(row.cuda.text()) + ", which builds for compute capability " +
                    detail::cc_text(facts.cc_range->cc_min) + " and newer (NVIDIA: \"" + str(facts.cc_range->text) + "\", " +
                    str(facts.cc_range->provenance.source) + "); this GPU is " + below;
            if (!unsupported.empty()) {
                if (!m.empty()) m += "; ";
                if (a->sass.empty() && a->ptx.empty())
                    m += tf + " needs compute capability " + detail::cc_text(a->cc_min) + " or higher (" + str(a->provenance.source) +
                         "); this GPU is " + unsupported;
                else
                    m += tf + " wheels carry SASS for compute capability " + detail::cc_list(a->sass) + " and PTX for " +
                         detail::cc_list(a->ptx) + "; this GPU (" + unsupported + ") can run neither (" + str(a->provenance.source) + ")";
            }
            // The pip wheels and Anaconda's conda build carry different lists:
            // where only the conda build runs on these GPUs, say so.
            if (facts.conda_arches != nullptr && below.empty() && !unsupported.empty()) {
                const TensorFlowArches& ca = *facts.conda_arches;
                bool conda_runs = true;
                for (const auto& c : q.cc) conda_runs = conda_runs && detail::runs_on(c, ca);
                if (conda_runs)
                    m += "; Anaconda's defaults conda build (tensorflow-gpu, TF_CUDA_COMPUTE_CAPABILITIES=" + str(ca.config) +
                         ") does carry code for it: use --method conda (" + str(ca.provenance.source) + ")";
            }
            return m.empty() ? tf + ": compute capability not supported" : m;
        }
        case ReasonCode::ArchUnsupported:
            return tf + ": TensorFlow's official GPU builds are for x86_64 only (tested build configurations); found " +
                   (q.arch ? str(to_string(*q.arch)) : std::string("?"));
        case ReasonCode::TfConstraint:
            return tf + " does not match the requested version constraint " + (q.tensorflow ? q.tensorflow->to_string() : std::string());
        default: break;
    }
    return str(to_string(code));
}

// The evidence of one reason as values a program can use without parsing the
// message: what was found, what is needed, and where the fact comes from.
// Empty members mean "does not apply" (null in JSON). Rendered from the same
// lookups as reason_message(), so the two cannot disagree.
struct Evidence {
    std::string found, needed, source;
};

inline Evidence reason_evidence(const Query& q, const TensorFlowRow& row, Platform p, ReasonCode code, const TableSet& t = bundled) {
    using detail::str;
    auto req_source = [&](std::string_view id, std::string_view who) {
        const Requirement* r = find_requirement(id, who, t);
        return r ? str(r->provenance.source) : std::string();
    };
    const CudaRelease* rel = find_cuda_release(row.cuda, t);
    switch (code) {
        case ReasonCode::PlatformNoGpu:
            return {str(to_string(p)), "linux or wsl2", str(row.provenance.source)};
        case ReasonCode::WindowsNativeGpuDropped:
            return {str(row.tensorflow.text()), "<=" + str(last_gpu_release(Platform::Windows, t).text()) + " on native Windows, or WSL2",
                    req_source("windows-native-last-gpu-tf", "tensorflow")};
        case ReasonCode::WindowsBuildTooOld:
            return {q.windows_build ? std::to_string(*q.windows_build) : std::string(), ">=" + std::to_string(wsl2_min_build(t)),
                    req_source("wsl2-min-build", "tensorflow")};
        case ReasonCode::Wsl2DriverTooOld: {
            const auto need = wsl2_driver_min(t);
            return {q.driver ? str(q.driver->text()) : std::string(), need ? ">=" + str(need->text()) : std::string(),
                    req_source("wsl2-min-driver", "nvidia")};
        }
        case ReasonCode::Wsl2GpuUnsupported: {
            std::string found;
            for (const auto& c : q.cc)
                if (c < wsl2_gpu_cc_min(t)) found += (found.empty() ? "" : ",") + detail::cc_text(c);
            return {found, ">=" + detail::cc_text(wsl2_gpu_cc_min(t)), req_source("wsl2-gpu-arch", "nvidia")};
        }
        case ReasonCode::DriverTooOld:
        case ReasonCode::PtxJitNeedsNewerDriver: {
            std::string found = q.driver ? str(q.driver->text()) : std::string();
            if (found.empty() && q.driver_cuda)
                found = "CUDA " + std::to_string(q.driver_cuda->major()) + "." + std::to_string(q.driver_cuda->minor());
            std::string needed;
            if (rel != nullptr) {
                const DriverVersion* own = toolkit_driver_min(*rel, p);
                const DriverVersion* floor = code == ReasonCode::DriverTooOld ? minor_version_driver_min(row.cuda.major(), p, t) : nullptr;
                if (floor != nullptr) needed = ">=" + str(floor->text());
                else if (own != nullptr) needed = ">=" + str(own->text());
            }
            return {found, needed, rel ? str(rel->provenance.source) : std::string()};
        }
        case ReasonCode::PythonUnsupported:
            return {q.python ? str(q.python->truncated(2).text()) : std::string(), detail::python_range(row), str(row.provenance.source)};
        case ReasonCode::ComputeCapabilityUnsupported: {
            const RowFacts facts = row_facts(t, row);
            const TensorFlowArches* a = facts.arches;  // what the resolver judged (the row's own platform)
            std::string found;
            bool below = false;
            for (const auto& c : q.cc) {
                bool fails = facts.cc_range != nullptr && c < facts.cc_range->cc_min;
                below = below || fails;
                if (!fails && a != nullptr) fails = !detail::runs_on(c, *a);
                if (fails) found += (found.empty() ? "" : ",") + detail::cc_text(c);
            }
            if (below && facts.cc_range != nullptr)
                return {found, ">=" + detail::cc_text(facts.cc_range->cc_min), str(facts.cc_range->provenance.source)};
            if (a == nullptr) return {found, "", ""};
            if (a->sass.empty() && a->ptx.empty()) return {found, ">=" + detail::cc_text(a->cc_min), str(a->provenance.source)};
            return {found, "sass " + detail::cc_list(a->sass) + "; ptx " + detail::cc_list(a->ptx), str(a->provenance.source)};
        }
        case ReasonCode::ArchUnsupported:
            return {q.arch ? str(to_string(*q.arch)) : std::string(), "x86_64", str(row.provenance.source)};
        case ReasonCode::TfConstraint:
            return {str(row.tensorflow.text()), q.tensorflow ? q.tensorflow->to_string() : std::string(), ""};
        default: break;
    }
    return {};
}

// The message for one note on a candidate.
inline std::string note_message(const Candidate& c, NoteCode code) {
    using detail::str;
    const TensorFlowRow& row = *c.row;
    const TableSet& t = *c.tables;
    switch (code) {
        case NoteCode::DriverUnknown:
            return "No driver given: " + detail::driver_thresholds(row, c.platform, t);
        case NoteCode::MinorVersionLimits:
            return "Runs through CUDA minor version compatibility (driver >= " +
                   (c.driver_min() ? str(c.driver_min()->text()) : std::string("?")) +
                   " for CUDA " + std::to_string(row.cuda.major()) +
                   ".x): features that need a newer driver fail with cudaErrorCallRequiresNewerDriver, and PTX from a newer toolkit cannot be JIT-compiled (NVIDIA CUDA Compatibility guide)";
        case NoteCode::PtxJitWarmup:
            return "This GPU is newer than every SASS architecture in the wheel: the driver JIT-compiles the PTX at first start (minutes, cached in ~/.nv/ComputeCache); set CUDA_CACHE_MAXSIZE to keep it";
        case NoteCode::ArchesUnknown:
            return "The CUDA architectures of TensorFlow " + str(row.tensorflow.text()) +
                   "'s wheels are not in the bundled tables: compute capability not checked (unknown, not assumed)";
        case NoteCode::ArchesMinimumOnly:
            return "TensorFlow " + str(row.tensorflow.text()) + "'s documentation states only a minimum compute capability (" +
                   detail::cc_text(c.arches->cc_min) + "): which architectures its wheels carry as SASS or PTX is unknown (" +
                   str(c.arches->provenance.source) + ")";
        case NoteCode::PtxOnlyIfPresent: {
            const CudaArchitectureRange* range = row_facts(t, row).cc_range;
            return "CUDA " + str(row.cuda.text()) + " writes SASS up to compute capability " +
                   (range ? detail::cc_text(range->sass_max) : std::string("?")) +
                   ", older than this GPU: TensorFlow " + str(row.tensorflow.text()) +
                   " can run on it only by JIT-compiling PTX, and whether its wheels carry PTX is not in the bundled tables (at best ptx-jit; unknown, not assumed)" +
                   (range ? " (" + str(range->provenance.source) + ")" : std::string());
        }
        case NoteCode::Wsl2GpuMayWork: {
            const Requirement* r = find_requirement("wsl2-gpu-may-work", "nvidia", t);
            return "NVIDIA on this GPU generation under WSL2: \"" + (r ? str(r->text) : std::string()) + "\"" +
                   (r ? " (" + str(r->provenance.source) + ")" : std::string());
        }
        case NoteCode::Wsl2BuildUnknown:
            return "WSL2 GPU needs Windows 10 build " + std::to_string(wsl2_min_build(t)) + " or later (TensorFlow install guide); pass --os-build to check";
        case NoteCode::Wsl2UseWindowsDriver:
            return "Under WSL2 the Windows NVIDIA driver provides CUDA (libcuda.so in /usr/lib/wsl/lib): install no Linux display driver inside WSL";
        case NoteCode::SeparateGpuPackage:
            return "TensorFlow " + str(row.tensorflow.truncated(2).text()) + "'s GPU build is the separate tensorflow-gpu package (GPU joined the tensorflow package in 2.1: " +
                   str(t.package_rule.source) + ")";
        case NoteCode::PipCudaExtra:
            return "pip can bring CUDA and cuDNN: pip install 'tensorflow[and-cuda]==" + str(row.tensorflow.text()) + "'";
        case NoteCode::MacOSDriverUnknown:
            return "macOS CUDA drivers are not in the bundled tables: driver not checked";
        default: break;
    }
    return "";
}

// PyTorch and JAX: "PyTorch 2.8.0 (cu128, Linux x86_64)".
inline std::string framework_name(Framework f) {
    switch (f) {
        case Framework::TensorFlow: return "TensorFlow";
        case Framework::PyTorch: return "PyTorch";
        case Framework::Jax: return "JAX";
    }
    return "?";
}
inline std::string framework_label(const FrameworkRelease& r) {
    return framework_name(r.framework) + " " + std::string(r.version.text()) + " (" + std::string(r.variant) + ", " +
           detail::platform_name(r.platform) + " " + std::string(to_string(r.arch)) + ")";
}

// The message for one reason a PyTorch or JAX build does not fit the query.
inline std::string framework_reason_message(const FrameworkResolution& res, const FrameworkRejection& rj, ReasonCode code) {
    using detail::str;
    const Query& q = res.query;
    const FrameworkRelease& row = *rj.row;
    const TableSet& t = *res.tables;
    const Platform p = rj.platform;
    const std::string name = framework_label(row);
    switch (code) {
        case ReasonCode::VersionConstraint: {
            std::string want = res.framework_query.version ? res.framework_query.version->to_string() : std::string();
            if (!res.framework_query.variant.empty()) want += (want.empty() ? "" : " ") + str("+") + str(res.framework_query.variant);
            return name + " does not match the requested " + framework_name(row.framework) + " constraint " + want;
        }
        case ReasonCode::PlatformNoGpu: {
            if (p == Platform::MacOS)
                return framework_name(row.framework) + " " + str(row.version.text()) +
                       ": no macOS CUDA build of it is known (the bundled tables list its Linux and Windows CUDA builds only)";
            std::string m = framework_name(row.framework) + " " + str(row.version.text()) + ": " + framework_name(row.framework) +
                            " publishes no GPU build for " + detail::platform_name(p);
            if (res.platform_statement != nullptr)
                m += " (\"" + str(res.platform_statement->text) + "\", " + str(res.platform_statement->provenance.source) + ")";
            return m + "; use WSL2 (--os wsl2) or Linux";
        }
        case ReasonCode::ArchUnsupported:
            return name + " is published for x86_64 only; found " + (q.arch ? str(to_string(*q.arch)) : std::string("?"));
        case ReasonCode::PythonUnsupported:
            return name + " supports Python " + detail::python_list(row.python) + "; found " +
                   (q.python ? str(q.python->text()) : std::string("?")) + " (" + str(row.provenance.source) + ")";
        case ReasonCode::DriverTooOld:
            return detail::driver_too_old_message(name, row.cuda, p, q, t);
        case ReasonCode::PtxJitNeedsNewerDriver:
            return detail::ptx_driver_message(name, row.cuda, p, q, t);
        case ReasonCode::ComputeCapabilityUnsupported: {
            const CudaArchitectureRange* range = detail::architecture_range_in(t, row.cuda);
            std::string below, unsupported;
            for (const auto& c : q.cc) {
                if (range != nullptr && c < range->cc_min) {
                    below += (below.empty() ? "" : ", ") + detail::cc_text(c);
                    continue;
                }
                if (!detail::runs_on(c, row.sass, row.ptx)) unsupported += (unsupported.empty() ? "" : ", ") + detail::cc_text(c);
            }
            std::string m;
            if (!below.empty())
                m = name + " was built with CUDA " + str(row.cuda.text()) + ", which builds for compute capability " +
                    detail::cc_text(range->cc_min) + " and newer (NVIDIA: \"" + str(range->text) + "\", " + str(range->provenance.source) +
                    "); this GPU is " + below;
            if (!unsupported.empty()) {
                if (!m.empty()) m += "; ";
                m += name + " carries SASS for compute capability " + detail::cc_list(row.sass) + " and PTX for " + detail::cc_list(row.ptx) +
                     " (" + str(row.framework == Framework::PyTorch ? "TORCH_CUDA_ARCH_LIST=" : "CUDA_COMPUTE_CAPABILITIES=") +
                     str(row.config) + ", " + str(row.provenance.source) + "); this GPU (" + unsupported + ") can run neither";
            }
            return m.empty() ? name + ": compute capability not supported" : m;
        }
        case ReasonCode::WindowsBuildTooOld:
        case ReasonCode::Wsl2DriverTooOld:
        case ReasonCode::Wsl2GpuUnsupported: {
            // WSL2's own rules do not depend on the framework's row.
            TensorFlowRow none{};
            return reason_message(q, none, p, code, t);
        }
        default: break;
    }
    return str(to_string(code));
}

// The message for one note on a PyTorch or JAX candidate.
inline std::string framework_note_message(const FrameworkCandidate& c, NoteCode code) {
    using detail::str;
    const FrameworkRelease& row = *c.row;
    const TableSet& t = *c.tables;
    switch (code) {
        case NoteCode::DriverUnknown:
            return "No driver given: " + detail::driver_thresholds(row.cuda, c.platform, t);
        case NoteCode::MinorVersionLimits:
            return "Runs through CUDA minor version compatibility (driver >= " +
                   (c.driver_min() ? str(c.driver_min()->text()) : std::string("?")) + " for CUDA " + std::to_string(row.cuda.major()) +
                   ".x): features that need a newer driver fail with cudaErrorCallRequiresNewerDriver, and PTX from a newer toolkit cannot be JIT-compiled (NVIDIA CUDA Compatibility guide)";
        case NoteCode::PtxJitWarmup:
            return "This GPU is newer than every SASS architecture in the build: the driver JIT-compiles the PTX at first start (minutes, cached in ~/.nv/ComputeCache)";
        case NoteCode::ArchesUnknown:
            return "The CUDA architectures of " + framework_label(row) + " are not in the bundled tables: compute capability not checked (unknown, not assumed)";
        case NoteCode::PtxOnlyIfPresent:
            return "CUDA " + str(row.cuda.text()) + " writes no SASS for this GPU: " + framework_label(row) +
                   " can run on it only through PTX, and whether it carries PTX is unknown";
        case NoteCode::WheelIndex:
            if (row.framework == Framework::PyTorch && row.platform == Platform::Windows)
                return "PyTorch's CUDA wheels for Windows come from download.pytorch.org, not PyPI (PyPI's Windows wheels are CPU-only): install with " +
                       str(to_string(row.pip_index)) + " " + str(row.pip_index_url);
            return "This build is not on PyPI: install with " + str(to_string(row.pip_index)) + " " + str(row.pip_index_url);
        case NoteCode::LocalCuda:
            return str(row.extra) + " uses a CUDA (>= " + str(row.cuda.text()) + ") and cuDNN (>= " + str(row.cudnn.text()) +
                   ", same major) that you install yourself; pip brings neither";
        case NoteCode::Wsl2BuildUnknown:
            return "WSL2 GPU needs Windows 10 build " + std::to_string(wsl2_min_build(t)) + " or later; pass --os-build to check";
        case NoteCode::Wsl2Experimental: {
            const Requirement* r = framework_statement("windows-gpu", row.framework, t);
            return framework_name(row.framework) + "'s install guide calls NVIDIA GPU under WSL2 experimental" +
                   (r ? " (\"" + str(r->text) + "\", " + str(r->provenance.source) + ")" : std::string());
        }
        case NoteCode::Wsl2UseWindowsDriver:
            return "Under WSL2 the Windows NVIDIA driver provides CUDA (libcuda.so in /usr/lib/wsl/lib): install no Linux display driver inside WSL";
        case NoteCode::Wsl2GpuMayWork: {
            const Requirement* r = find_requirement("wsl2-gpu-may-work", "nvidia", t);
            return "NVIDIA on this GPU generation under WSL2: \"" + (r ? str(r->text) : std::string()) + "\"" +
                   (r ? " (" + str(r->provenance.source) + ")" : std::string());
        }
        case NoteCode::MacOSDriverUnknown:
            return "macOS CUDA drivers are not in the bundled tables: driver not checked";
        default: break;
    }
    return "";
}

// check(): what is wrong, and how to fix it.
struct ProblemText {
    std::string message;
    std::string fix;
};

inline ProblemText problem_text(const InstalledStack& s, const CheckResult& r, ReasonCode code) {
    using detail::str;
    const std::string tf = "TensorFlow " + str(s.tensorflow.text());
    if (code == ReasonCode::TensorflowUnknown)
        return {tf + " has no official GPU row on " + detail::platform_name(s.platform) + " in the bundled tables",
                "run `gpucompat resolve --os " + str(to_string(s.platform)) + "` to list the releases that have one"};
    const TensorFlowRow& row = *r.row;
    const std::string built = tf + " was built against CUDA " + str(row.cuda.text()) + " and cuDNN " + str(row.cudnn.text()) +
                              " (" + str(row.provenance.source) + ")";
    switch (code) {
        case ReasonCode::CudnnMajorMismatch:
        case ReasonCode::CudnnMinorTooOld:
            return {"Loaded runtime CuDNN library: " + str(s.cudnn->text()) + " but source was compiled with: " + str(row.cudnn.text()) +
                        ". CuDNN library major and minor version needs to match or have higher minor version (TensorFlow's cuDNN check); " + built,
                    "install cuDNN " + std::to_string(row.cudnn.major()) + "." + std::to_string(row.cudnn.minor()) +
                        " or a newer " + std::to_string(row.cudnn.major()) + ".x built for CUDA " + str(row.cuda.text())};
        case ReasonCode::CudaRuntimeMismatch: {
            std::string m = built + "; the installed CUDA runtime is " + str(s.cuda->text());
            if (r.expects != nullptr && !r.expects->cudart.empty()) {
                m += ". It loads " + str(r.expects->cudart);
                if (!r.expects->cusolver.empty()) m += ", " + str(r.expects->cusolver);
                if (!r.expects->cudnn.empty()) m += ", " + str(r.expects->cudnn);
                m += " (" + str(r.expects->provenance.source) + ")";
            }
            m += row.cuda.major() < 11 ? "; before CUDA 11 the library names carry the exact minor version, so only CUDA " + str(row.cuda.text()) + " serves"
                                       : "; CUDA " + std::to_string(row.cuda.major()) + ".x from " + str(row.cuda.text()) + " on serves";
            return {m, row.cuda.major() < 11 ? "install CUDA " + str(row.cuda.text()) + " (e.g. conda install cudatoolkit=" + str(row.cuda.truncated(2).text()) + ")"
                                             : "install CUDA " + std::to_string(row.cuda.major()) + ".x >= " + str(row.cuda.text())};
        }
        case ReasonCode::DriverTooOld: {
            Query q;
            q.driver = s.driver;
            q.driver_cuda = s.driver_cuda;
            std::string need;
            if (const CudaRelease* rel = find_cuda_release(row.cuda, *r.tables))
                if (const auto d = toolkit_driver_min(*rel, s.platform)) need = str(d->text());
            return {reason_message(q, row, s.platform, code, *r.tables),
                    need.empty() ? "update the NVIDIA driver" : "update the NVIDIA driver to " + need + " or newer"};
        }
        case ReasonCode::LibraryNotFound: {
            std::string names;
            for (auto n : r.missing) names += (names.empty() ? "" : ", ") + str(n);
            if (r.shipped_by != nullptr) {
                const CudaLibraries& c = *r.shipped_by;
                std::string ships;
                for (std::string_view n : {c.cudart, c.cublas, c.cublaslt, c.cufft, c.curand, c.cusolver, c.cusparse})
                    if (!n.empty()) ships += (ships.empty() ? "" : ", ") + str(n);
                return {tf + " (built with CUDA " + str(row.cuda.text()) + ") loads " + names + (r.expects ? " (" + str(r.expects->provenance.source) + ")" : std::string()) +
                            "; CUDA " + str(s.cuda->text()) + " ships " + ships + " (" + str(c.provenance.source) + "), so the loader will not find it",
                        "install CUDA " + str(row.cuda.text()) + " itself (e.g. conda install cudatoolkit=" + str(row.cuda.truncated(2).text()) +
                            "). Last resort, at your own risk: a symlink or copy under the old name loads a library of another version and can fail or compute wrongly"};
            }
            return {tf + " loads " + names + ", which the loader cannot find" +
                        (r.expects ? " (" + str(r.expects->provenance.source) + ")" : std::string()),
                    s.platform == Platform::Windows ? "install CUDA " + str(row.cuda.text()) + " / cuDNN " + str(row.cudnn.text()) + " and add their bin folders to PATH"
                                                    : "install CUDA " + str(row.cuda.text()) + " / cuDNN " + str(row.cudnn.text()) + " and add their lib folders to LD_LIBRARY_PATH"};
        }
        case ReasonCode::PythonUnsupported:
            return {reason_message(r.query, row, s.platform, code, *r.tables),
                    "create the environment with a Python this release supports (" + detail::python_range(row) + ")"};
        case ReasonCode::ComputeCapabilityUnsupported:
        case ReasonCode::Wsl2GpuUnsupported:
            return {reason_message(r.query, row, s.platform, code, *r.tables),
                    "install a release whose binaries carry code for this GPU: gpucompat resolve --os " + str(to_string(s.platform)) + " --cc X.Y"};
        case ReasonCode::PtxJitNeedsNewerDriver:
            return {reason_message(r.query, row, s.platform, code, *r.tables), "update the NVIDIA driver to the toolkit's own minimum"};
        case ReasonCode::WindowsNativeGpuDropped:
            return {reason_message(r.query, row, s.platform, code, *r.tables),
                    "run TensorFlow in WSL2 (gpucompat resolve --os wsl2), or install TensorFlow <= " +
                        str(last_gpu_release(Platform::Windows, *r.tables).text()) + " on native Windows"};
        case ReasonCode::PlatformNoGpu:
            return {reason_message(r.query, row, s.platform, code, *r.tables), "use a Linux or WSL2 machine with an NVIDIA GPU"};
        case ReasonCode::ArchUnsupported:
            return {reason_message(r.query, row, s.platform, code, *r.tables), "use an x86_64 machine for the official GPU builds"};
        case ReasonCode::WindowsBuildTooOld:
            return {reason_message(r.query, row, s.platform, code, *r.tables),
                    "update Windows to build " + std::to_string(wsl2_min_build(*r.tables)) + " or later"};
        case ReasonCode::Wsl2DriverTooOld:
            return {reason_message(r.query, row, s.platform, code, *r.tables), "update the Windows NVIDIA driver"};
        case ReasonCode::PackageIncompatible: {
            std::string m, fix;
            for (std::size_t i = 0; i < r.conflicts.size(); ++i) {
                const PythonConstraint& k = *r.conflicts[i];
                const std::string spec = str(k.package) + str(k.spec);
                m += (m.empty() ? "" : "; ") + tf + " needs " + spec + ", and " + str(r.offending[i].name) + " " +
                     str(r.offending[i].version.text()) + " is installed: " + str(k.why) + " (" + str(k.provenance.source) + ")";
                fix += " '" + spec + "'";
            }
            return {m, "python -m pip install" + fix};
        }
        default: break;
    }
    return {str(to_string(code)), ""};
}

// The evidence of one check() problem (see reason_evidence()).
inline Evidence problem_evidence(const InstalledStack& s, const CheckResult& r, ReasonCode code) {
    using detail::str;
    if (code == ReasonCode::TensorflowUnknown || r.row == nullptr) return {str(s.tensorflow.text()), "", ""};
    const TensorFlowRow& row = *r.row;
    switch (code) {
        case ReasonCode::CudnnMajorMismatch:
        case ReasonCode::CudnnMinorTooOld:
            return {s.cudnn ? str(s.cudnn->text()) : std::string(),
                    std::to_string(row.cudnn.major()) + ".x >= " + std::to_string(row.cudnn.major()) + "." + std::to_string(row.cudnn.minor()),
                    str(row.provenance.source)};
        case ReasonCode::CudaRuntimeMismatch:
            return {s.cuda ? str(s.cuda->text()) : std::string(),
                    row.cuda.major() < 11 ? str(row.cuda.truncated(2).text()) : std::to_string(row.cuda.major()) + ".x >= " + str(row.cuda.text()),
                    str(row.provenance.source)};
        case ReasonCode::LibraryNotFound: {
            std::string names;
            for (auto n : r.missing) names += (names.empty() ? "" : ",") + str(n);
            return {r.shipped_by != nullptr ? "CUDA " + str(s.cuda->text()) : std::string(), names,
                    r.expects != nullptr ? str(r.expects->provenance.source) : std::string()};
        }
        case ReasonCode::DriverTooOld: {
            Query q = r.query;
            q.driver = s.driver;
            q.driver_cuda = s.driver_cuda;
            return reason_evidence(q, row, s.platform, code, *r.tables);
        }
        default: break;
    }
    return reason_evidence(r.query, row, s.platform, code, *r.tables);
}

}  // namespace gpucompat
