// gpucompat — what check_framework() found, in words and as evidence:
// every problem says what was found, what is needed, where the fact comes
// from, and the fix. Rendered at run time (std::string), like messages.hpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "framework_check.hpp"
#include "messages.hpp"

namespace gpucompat {

namespace detail {
// Where the rules framework_check.hpp applies are written.
inline constexpr std::string_view torch_cudnn_rule_source = "https://github.com/pytorch/pytorch/blob/main/torch/backends/cudnn/__init__.py";
inline constexpr std::string_view jax_preload_source =
    "https://github.com/jax-ml/jax/blob/00070f859b90d28ac350a25a31410badd8778d02/jax_plugins/cuda/__init__.py";
inline constexpr std::string_view jaxlib_pin_source =
    "https://github.com/jax-ml/jax/blob/a1521744c6dc074443fe549f19f48d7197abf759/setup.py (tag jax-v0.11.0)";
inline constexpr std::string_view jax_plugin_rule_source =
    "https://github.com/jax-ml/jax/blob/4a8420bbc5d9899794be26e5956947c2b6993e47/jaxlib/plugin_support.py";

inline std::string major_minor(const Version& v) {
    return std::to_string(v.major()) + (v.size() >= 2 ? "." + std::to_string(v.minor()) : std::string());
}
// "9.x >= 9.17": what the cuDNN rule asks of a build against `built`.
inline std::string cudnn_needed(const Version& built) { return std::to_string(built.major()) + ".x >= " + major_minor(built); }
// The pip wheel that brings cuDNN for a CUDA major: nvidia-cudnn-cu13.
inline std::string cudnn_wheel_name(const Version& cuda) { return "nvidia-cudnn-cu" + std::to_string(cuda.major()); }
// The variants of the same release whose binaries run on every given GPU.
inline std::string variants_running_on(const FrameworkRelease& row, const Query& q, const TableSet& t) {
    std::string out;
    for (const auto& r : framework_rows(row.framework, t)) {
        if (r.version != row.version || r.platform != row.platform || r.arch != row.arch || &r == &row || !r.arches_known()) continue;
        bool all = true;
        for (const auto& c : q.cc) all = all && runs_on(c, r.sass, r.ptx);
        if (all) out += (out.empty() ? "" : ", ") + str(r.variant);
    }
    return out;
}
}  // namespace detail

// "PyTorch 2.11.0+cu130", "PyTorch 2.11.0 (PyPI default)", "JAX 0.11.2 (cuda13)".
inline std::string framework_install_label(const FrameworkInstall& s) {
    const std::string v = std::string(s.version.text());
    if (s.framework == Framework::PyTorch)
        return "PyTorch " + v + (s.variant.empty() ? std::string(" (PyPI default)") : "+" + std::string(s.variant));
    return framework_name(s.framework) + " " + v + (s.variant.empty() ? std::string(" (no CUDA plugin)") : " (" + std::string(s.variant) + ")");
}

namespace detail {
// A resolve reason for the judged row, in resolve's own words.
inline std::string judged_reason(const FrameworkInstall& s, const FrameworkCheckResult& r, ReasonCode code) {
    auto res = std::make_unique<FrameworkResolution>();
    res->framework = s.framework;
    res->query = s.machine;
    res->tables = r.tables;
    if (code == ReasonCode::PlatformNoGpu && r.platform == Platform::Windows) res->platform_statement = framework_statement("windows-gpu", s.framework, *r.tables);
    return framework_reason_message(*res, FrameworkRejection{r.row, r.platform, {}}, code);
}
inline std::string resolve_hint(const FrameworkInstall& s) {
    return "gpucompat resolve --framework " + std::string(to_string(s.framework)) + " lists the builds that fit this machine";
}
inline ProblemText cudnn_problem(const FrameworkInstall& s, const FrameworkCheckResult& r, ReasonCode code) {
    const FrameworkRelease& row = *r.row;
    const std::string who = framework_install_label(s);
    const std::string rule = s.framework == Framework::PyTorch
                                 ? "PyTorch's cuDNN check: same major, runtime minor >= compile minor (" + str(torch_cudnn_rule_source) + ")"
                                 : "XLA's cuDNN check: \"CuDNN library needs to have matching major version and equal or higher minor version\"";
    const std::string found = "cuDNN " + str(s.cudnn->text()) + (s.cudnn_path.empty() ? std::string() : " (" + str(s.cudnn_path) + ")");
    std::string m = who + " needs cuDNN " + cudnn_needed(row.cudnn) + " (its row: cuDNN " + str(row.cudnn.text()) + ", " +
                    str(row.provenance.source) + "); the loader gives it " + found + "; " + rule;
    if (code != ReasonCode::LibraryShadowed)
        return {m, "python -m pip install '" + cudnn_wheel_name(row.cuda) + ">=" + major_minor(row.cudnn) + "," + "<" +
                       std::to_string(row.cudnn.major() + 1) + "'" +
                       (s.cudnn_from == "LD_LIBRARY_PATH" ? " and remove the older cuDNN's folder from LD_LIBRARY_PATH" : std::string())};
    m = "LD_LIBRARY_PATH puts " + found + " ahead of the " + cudnn_wheel_name(row.cuda) + " wheel's cuDNN " + str(s.cudnn_wheel->text()) +
        (s.cudnn_wheel_path.empty() ? std::string() : " (" + str(s.cudnn_wheel_path) + ")") + ": a library opened by the name libcudnn.so." +
        std::to_string(row.cudnn.major()) + " gets the first one, and " + m;
    if (s.framework == Framework::Jax)
        m += ". JAX's CUDA plugin loads the wheel's copy by its path when it can (" + str(jax_preload_source) +
             "); whatever opens cuDNN by name first gets the older one";
    std::string dir(s.cudnn_path);
    if (const auto slash = dir.rfind('/'); slash != std::string::npos) dir.resize(slash);
    return {m, "remove " + (dir.empty() ? std::string("the older cuDNN's folder") : dir) + " from LD_LIBRARY_PATH (the wheel's cuDNN " +
                   str(s.cudnn_wheel->text()) + " serves " + who + ")"};
}
inline ProblemText jax_package_problem(const FrameworkInstall& s, const FrameworkCheckResult& r, ReasonCode code) {
    const std::string jax = str(s.version.text());
    const std::string jaxlib = s.jaxlib ? str(s.jaxlib->text()) : std::string("?");
    const std::string extra = s.variant.empty() ? std::string("jax") : "jax[" + str(s.variant) + "]";
    if (code == ReasonCode::JaxlibMismatch)
        return {"jaxlib " + jaxlib + " is newer than jax " + jax + "; jax requires jaxlib <= its own version (" + str(jaxlib_pin_source) +
                    ") and refuses a newer one at import",
                "python -m pip install 'jaxlib==" + jax + "' (or upgrade jax to " + jaxlib + ")"};
    std::string which;
    for (const auto& p : r.mismatched) which += (which.empty() ? "" : ", ") + str(p.name) + " " + str(p.version.text());
    return {which + " beside jaxlib " + jaxlib + ": jaxlib uses a CUDA plugin only when its version equals jaxlib's (\"is installed, but it is not "
                                                  "compatible with the installed jaxlib version\", " +
                str(jax_plugin_rule_source) + "), so JAX runs without the GPU",
            "python -m pip install '" + extra + "==" + jax + "' (jax, jaxlib and the plugin of one version)"};
}
}  // namespace detail

[[nodiscard]] inline ProblemText framework_problem_text(const FrameworkInstall& s, const FrameworkCheckResult& r, ReasonCode code) {
    using detail::str;
    const std::string who = framework_install_label(s);
    const std::string fw = std::string(to_string(s.framework));
    switch (code) {
        case ReasonCode::CpuOnlyBuild:
            return {who + " is a CPU-only build: " +
                        (s.framework == Framework::Jax ? std::string("no jax-cuda12/13 plugin is installed, so JAX runs on the CPU")
                                                       : std::string("the +cpu wheel carries no CUDA code")),
                    detail::resolve_hint(s) + ", with the pip command for each"};
        case ReasonCode::ReleaseUnknown:
            return {who + " is not in the bundled tables (no row for its release or minor with this variant on " + detail::platform_name(r.platform) + ")",
                    "gpucompat table --framework " + fw + " lists the builds the tables know"};
        case ReasonCode::CudnnMajorMismatch:
        case ReasonCode::CudnnMinorTooOld:
        case ReasonCode::LibraryShadowed: return detail::cudnn_problem(s, r, code);
        case ReasonCode::CudaRuntimeMismatch: {
            const FrameworkRelease& row = *r.row;
            return {who + " needs a CUDA " + std::to_string(row.cuda.major()) + ".x runtime >= " + str(row.cuda.text()) + " (" +
                        str(row.provenance.source) + "); the loader gives it CUDA runtime " + str(s.cuda->text()),
                    "install the CUDA " + std::to_string(row.cuda.major()) + " runtime wheel its build names, or the " + fw +
                        " build for the CUDA you have (" + detail::resolve_hint(s) + ")"};
        }
        case ReasonCode::JaxlibMismatch:
        case ReasonCode::PluginMismatch: return detail::jax_package_problem(s, r, code);
        case ReasonCode::ComputeCapabilityUnsupported: {
            const std::string others = detail::variants_running_on(*r.row, s.machine, *r.tables);
            return {detail::judged_reason(s, r, code) + ": CUDA fails with \"no kernel image is available for execution on the device\"",
                    others.empty() ? detail::resolve_hint(s)
                                   : "install the " + others + " build of " + framework_name(s.framework) + " " + str(r.row->version.text()) +
                                         ", which carries code for this GPU (" + detail::resolve_hint(s) + ")"};
        }
        case ReasonCode::DriverTooOld:
        case ReasonCode::PtxJitNeedsNewerDriver: {
            std::string need;
            if (const CudaRelease* rel = find_cuda_release(r.row->cuda, *r.tables))
                if (const auto d = toolkit_driver_min(*rel, r.platform)) need = str(d->text());
            return {detail::judged_reason(s, r, code),
                    (need.empty() ? std::string("update the NVIDIA driver") : "update the NVIDIA driver to " + need + " or newer") +
                        ", or install a build for an older CUDA (" + detail::resolve_hint(s) + ")"};
        }
        case ReasonCode::PythonUnsupported:
            return {detail::judged_reason(s, r, code),
                    "create the environment with a Python this build supports (" + detail::python_list(r.row->python) + ")"};
        default: break;
    }
    if (r.row != nullptr) return {detail::judged_reason(s, r, code), detail::resolve_hint(s)};
    return {str(to_string(code)), detail::resolve_hint(s)};
}

// The evidence of one problem as values (see reason_evidence()).
[[nodiscard]] inline Evidence framework_problem_evidence(const FrameworkInstall& s, const FrameworkCheckResult& r, ReasonCode code) {
    using detail::str;
    const Query& q = s.machine;
    if (code == ReasonCode::CpuOnlyBuild) return {s.variant.empty() ? "no CUDA plugin" : str(s.variant), "a CUDA build", ""};
    if (r.row == nullptr) return {str(s.version.text()) + (s.variant.empty() ? std::string() : "+" + str(s.variant)), "", ""};
    const FrameworkRelease& row = *r.row;
    const std::string src(row.provenance.source);
    switch (code) {
        case ReasonCode::CudnnMajorMismatch:
        case ReasonCode::CudnnMinorTooOld:
        case ReasonCode::LibraryShadowed:
            return {s.cudnn ? str(s.cudnn->text()) : std::string(), detail::cudnn_needed(row.cudnn),
                    s.framework == Framework::PyTorch ? str(detail::torch_cudnn_rule_source) : src};
        case ReasonCode::CudaRuntimeMismatch:
            return {s.cuda ? str(s.cuda->text()) : std::string(), std::to_string(row.cuda.major()) + ".x >= " + str(row.cuda.text()), src};
        case ReasonCode::JaxlibMismatch:
            return {s.jaxlib ? str(s.jaxlib->text()) : std::string(), "<=" + str(s.version.text()), str(detail::jaxlib_pin_source)};
        case ReasonCode::PluginMismatch: {
            std::string found;
            for (const auto& p : r.mismatched) found += (found.empty() ? "" : ",") + str(p.name) + "==" + str(p.version.text());
            return {found, "==" + (s.jaxlib ? str(s.jaxlib->text()) : std::string()), str(detail::jax_plugin_rule_source)};
        }
        case ReasonCode::DriverTooOld:
        case ReasonCode::PtxJitNeedsNewerDriver: {
            const CudaRelease* rel = find_cuda_release(row.cuda, *r.tables);
            std::string needed;
            if (rel != nullptr) {
                const DriverVersion* own = toolkit_driver_min(*rel, r.platform);
                const DriverVersion* floor = code == ReasonCode::DriverTooOld ? minor_version_driver_min(row.cuda.major(), r.platform, *r.tables) : nullptr;
                if (floor != nullptr) needed = ">=" + str(floor->text());
                else if (own != nullptr) needed = ">=" + str(own->text());
            }
            return {q.driver ? str(q.driver->text()) : std::string(), needed, rel ? str(rel->provenance.source) : std::string()};
        }
        case ReasonCode::ComputeCapabilityUnsupported: {
            std::string found;
            for (const auto& c : q.cc)
                if (!detail::runs_on(c, row.sass, row.ptx)) found += (found.empty() ? "" : ",") + detail::cc_text(c);
            return {found, "sass " + detail::cc_list(row.sass) + "; ptx " + detail::cc_list(row.ptx), src};
        }
        case ReasonCode::PythonUnsupported:
            return {q.python ? str(q.python->truncated(2).text()) : std::string(), detail::python_list(row.python), src};
        case ReasonCode::PlatformNoGpu: return {str(to_string(r.platform)), "linux or wsl2", src};
        case ReasonCode::ArchUnsupported: return {q.arch ? str(to_string(*q.arch)) : std::string(), "x86_64", src};
        default: break;
    }
    return {"", "", src};
}

}  // namespace gpucompat
