// gpucompat — every reason rendered from its evidence, in one place.
//
// resolve(), resolve_framework() and check() record each reason with the
// facts that decided it (reason.hpp). explain() turns one into words: the
// message (what was found, what is needed, where the fact comes from), the
// same evidence as values for JSON (`found`, `needed`, `source`), and the fix.
// It reads only the reason, the release's row and what the user told: nothing
// is looked up in the tables again. One switch, no `default:`, so a new code
// without its text does not compile (-Wswitch -Werror).
#pragma once

#include <string>
#include <string_view>

#include "check.hpp"
#include "framework_check.hpp"
#include "framework_resolver.hpp"
#include "messages.hpp"
#include "reason.hpp"
#include "resolver.hpp"

namespace gpucompat {

// What a reason is about: one release (or build) on one platform, and what
// the user told.
struct ReasonScope {
    Query query{};
    Platform platform = Platform::Linux;
    std::string subject;                         // "TensorFlow 2.15.0", "PyTorch 2.8.0 (cu128, Linux x86_64)"
    const TensorFlowRow* tf = nullptr;           // TensorFlow: the release's row
    const FrameworkRelease* build = nullptr;     // PyTorch / JAX: the build's row
    const FrameworkQuery* framework_query = nullptr;
    const InstalledStack* stack = nullptr;       // check(): what is installed
    const CheckResult* check = nullptr;
    const FrameworkInstall* install = nullptr;   // check_framework(): the PyTorch/JAX build installed
    const FrameworkCheckResult* framework_check = nullptr;
    // Leave out the "TensorFlow 2.15.0: " that opens some messages (a line
    // that names the releases itself).
    bool bare = false;
};

// One reason in words, and its evidence as values (empty: does not apply,
// null in JSON).
struct Explanation {
    std::string message, found, needed, source, fix;
};

// The evidence of one reason as values (JSON's found/needed/source).
struct Evidence {
    std::string found, needed, source;
};

namespace detail {

inline std::string lead(const ReasonScope& s) { return s.bare ? std::string() : s.subject + ": "; }
inline const Version& cuda_of(const ReasonScope& s) {
    static const Version none{};
    return s.tf != nullptr ? s.tf->cuda : s.build != nullptr ? s.build->cuda : none;
}
inline std::string found_driver(const Query& q) {
    if (q.driver) return str(q.driver->text());
    if (q.driver_cuda) return "CUDA " + std::to_string(q.driver_cuda->major()) + "." + std::to_string(q.driver_cuda->minor());
    return {};
}
// The GPUs of the query a reason names: "3.0, 5.0".
inline std::string gpus_of(const Query& q, std::uint32_t mask, const char* sep = ", ") {
    std::string out;
    for (std::size_t i = 0; i < q.cc.size(); ++i)
        if (i < 32 && ((mask >> i) & 1U) != 0) out += (out.empty() ? "" : sep) + cc_text(q.cc[i]);
    return out;
}
inline std::string source_in(std::string_view s) { return s.empty() ? std::string() : " (" + str(s) + ")"; }

inline Explanation explain_platform_no_gpu(const ReasonScope& s, const Reason& r) {
    Explanation e{{}, str(to_string(s.platform)), "linux or wsl2", str(r.source), "use a Linux or WSL2 machine with an NVIDIA GPU"};
    if (s.build != nullptr) {
        const std::string name = framework_name(s.build->framework);
        const std::string head = s.bare ? std::string() : name + " " + str(s.build->version.text()) + ": ";
        if (s.platform == Platform::MacOS) {
            e.message = head + "no macOS CUDA build of it is known (the bundled tables list its Linux and Windows CUDA builds only)";
            return e;
        }
        e.message = head + name + " publishes no GPU build for " + platform_name(s.platform);
        if (r.requirement != nullptr) e.message += " (\"" + str(r.requirement->text) + "\", " + str(r.requirement->provenance.source) + ")";
        e.message += "; use WSL2 (--os wsl2) or Linux";
        return e;
    }
    e.message = lead(s) + "TensorFlow's macOS builds have no GPU support after " + (r.version ? str(r.version->text()) : std::string("?")) +
                " (TensorFlow tested build configurations, " + str(r.source) +
                "); on a Mac with an Apple or AMD GPU use the tensorflow-metal plug-in instead";
    return e;
}

inline Explanation explain_windows_dropped(const ReasonScope& s, const Reason& r) {
    const std::string last = r.version ? str(r.version->text()) : std::string("?");
    std::string m = lead(s) + "no GPU on native Windows after " + last +
                    " (TensorFlow pip guide: \"TensorFlow 2.10 was the last TensorFlow release that supported GPU on native-Windows\"); use WSL2";
    const Query& q = s.query;
    if (q.windows_build) {
        m += *q.windows_build >= r.build ? " (your build " + std::to_string(*q.windows_build) + " qualifies)"
                                         : " (needs build " + std::to_string(r.build) + "; yours is " + std::to_string(*q.windows_build) + ")";
    } else if (r.build != 0) {
        m += " (Windows 10 build " + std::to_string(r.build) + " or later)";
    }
    m += " or TensorFlow <= " + last;
    return {m, s.tf ? str(s.tf->tensorflow.text()) : std::string(), "<=" + last + " on native Windows, or WSL2", str(r.source),
            "run TensorFlow in WSL2 (gpucompat resolve --os wsl2), or install TensorFlow <= " + last + " on native Windows"};
}

inline Explanation explain_windows_build(const ReasonScope& s, const Reason& r) {
    const Query& q = s.query;
    const std::string need = std::to_string(r.build);
    return {"WSL2 GPU needs Windows 10 build " + need + " or later (TensorFlow install guide" + (r.source.empty() ? "" : ", " + str(r.source)) +
                "); this machine is " + (q.windows_build ? std::to_string(*q.windows_build) : std::string("unknown")),
            q.windows_build ? std::to_string(*q.windows_build) : std::string(), ">=" + need, str(r.source),
            "update Windows to build " + need + " or later"};
}

inline Explanation explain_wsl2_driver(const ReasonScope& s, const Reason& r) {
    const auto need = requirement_driver(r.requirement);
    const Query& q = s.query;
    return {"CUDA on WSL2 needs a Windows driver >= " + (need ? str(need->text()) : std::string("?")) + " (NVIDIA CUDA on WSL User Guide" +
                (r.source.empty() ? "" : ", " + str(r.source)) + "); found " + (q.driver ? str(q.driver->text()) : std::string("unknown")),
            q.driver ? str(q.driver->text()) : std::string(), need ? ">=" + str(need->text()) : std::string(), str(r.source),
            "update the Windows NVIDIA driver" + (need ? " to " + str(need->text()) + " or newer" : std::string())};
}

inline Explanation explain_wsl2_gpu(const ReasonScope& s, const Reason& r) {
    return {"CUDA on WSL2 supports " + (r.requirement ? str(r.requirement->value) : std::string("newer")) + " and later GPUs (compute capability " +
                cc_text(r.cc) + "+; NVIDIA CUDA on WSL User Guide" + (r.source.empty() ? "" : ", " + str(r.source)) + "); this GPU is " +
                gpus_of(s.query, r.gpus),
            gpus_of(s.query, r.gpus, ","), ">=" + cc_text(r.cc), str(r.source),
            "use a GPU of compute capability " + cc_text(r.cc) + " or newer for WSL2, or native Linux"};
}

// "CUDA 11.2, which needs driver >= 460.82 on Windows, or >= 452.39 with minor version compatibility".
inline std::string thresholds(const Version& cuda, Platform p, const Reason& r) {
    if (r.source.empty()) return "CUDA " + str(cuda.text()) + " (no driver minimum in the tables)";
    std::string out = "CUDA " + str(cuda.text()) + ", which needs driver >= " + (r.driver ? str(r.driver->text()) : std::string("(not stated)"));
    out += p == Platform::Linux ? " on Linux" : " on Windows";
    if (r.driver_floor != nullptr) out += ", or >= " + str(r.driver_floor->text()) + " with minor version compatibility";
    return out;
}

inline Explanation explain_driver(const ReasonScope& s, const Reason& r) {
    const Query& q = s.query;
    const Version& cuda = cuda_of(s);
    std::string m = s.subject + " was built with ";
    m += q.driver ? thresholds(cuda, s.platform, r) + "; found " + str(q.driver->text()) : "CUDA " + str(cuda.text());
    if (q.driver_cuda) {
        const auto& d = *q.driver_cuda;
        m += "; the driver supports CUDA " + std::to_string(d.major()) + "." + std::to_string(d.minor()) +
             (cuda.major() >= 11 ? " (needs " + std::to_string(cuda.major()) + ".x for minor version compatibility, or >= " + str(cuda.text()) + ")"
                                 : " (needs >= " + str(cuda.text()) + "; minor version compatibility starts with CUDA 11)");
    }
    m += source_in(r.source);
    const DriverVersion* lowest = r.driver_floor != nullptr ? r.driver_floor : r.driver;
    return {m, found_driver(q), lowest ? ">=" + str(lowest->text()) : std::string(), str(r.source),
            r.driver ? "update the NVIDIA driver to " + str(r.driver->text()) + " or newer" : std::string("update the NVIDIA driver")};
}

inline Explanation explain_ptx_driver(const ReasonScope& s, const Reason& r) {
    const Version& cuda = cuda_of(s);
    std::string m = s.subject + " has no SASS for this GPU, only PTX, and PTX from CUDA " + str(cuda.text()) +
                    " is JIT-compiled only by a driver that supports CUDA " + str(cuda.text()) +
                    " itself; minor version compatibility does not cover PTX (NVIDIA CUDA Compatibility guide)";
    if (r.driver) m += ": needs driver >= " + str(r.driver->text());
    if (s.query.driver) m += ", found " + str(s.query.driver->text());
    return {m, found_driver(s.query), r.driver ? ">=" + str(r.driver->text()) : std::string(), str(r.source),
            r.driver ? "update the NVIDIA driver to " + str(r.driver->text()) + " or newer (the toolkit's own minimum)"
                     : std::string("update the NVIDIA driver to the toolkit's own minimum")};
}

inline Explanation explain_python(const ReasonScope& s, const Reason& r) {
    const Query& q = s.query;
    const std::string found = q.python ? str(q.python->text()) : std::string("?");
    Explanation e;
    e.found = q.python ? str(q.python->truncated(2).text()) : std::string();
    e.source = str(r.source);
    if (s.build != nullptr) {
        e.needed = python_list(s.build->python);
        e.message = s.subject + " supports Python " + e.needed + "; found " + found + source_in(r.source);
    } else {
        e.needed = s.tf ? python_range(*s.tf) : std::string();
        e.message = s.subject + " on " + platform_name(s.platform) + " supports Python " + e.needed + "; found " + found +
                    " (TensorFlow tested build configurations, " + str(r.source) + ")";
    }
    e.fix = "create the environment with a Python this release supports (" + e.needed + ")";
    return e;
}

inline Explanation explain_cc(const ReasonScope& s, const Reason& r) {
    const Query& q = s.query;
    const std::uint32_t lists = r.gpus & ~r.toolkit_gpus;
    Explanation e;
    e.found = gpus_of(q, r.gpus, ",");
    e.fix = "install a release whose binaries carry code for this GPU: gpucompat resolve --os " + str(to_string(s.platform)) + " --cc X.Y";
    std::string& m = e.message;
    if (r.toolkit_gpus != 0 && r.range != nullptr) {
        m = s.subject + " was built with CUDA " + str(cuda_of(s).text()) + ", which builds for compute capability " + cc_text(r.range->cc_min) +
            " and newer (NVIDIA: \"" + str(r.range->text) + "\", " + str(r.range->provenance.source) + "); this GPU is " + gpus_of(q, r.toolkit_gpus);
        e.needed = ">=" + cc_text(r.range->cc_min);
        e.source = str(r.range->provenance.source);
    }
    if (lists != 0 && s.build != nullptr) {
        const FrameworkRelease& row = *s.build;
        m += (m.empty() ? "" : "; ") + s.subject + " carries SASS for compute capability " + cc_list(row.sass) + " and PTX for " + cc_list(row.ptx) +
             " (" + str(row.framework == Framework::PyTorch ? "TORCH_CUDA_ARCH_LIST=" : "CUDA_COMPUTE_CAPABILITIES=") + str(row.config) + ", " +
             str(row.provenance.source) + "); this GPU (" + gpus_of(q, lists) + ") can run neither";
        if (e.needed.empty()) e.needed = "sass " + cc_list(row.sass) + "; ptx " + cc_list(row.ptx);
        if (e.source.empty()) e.source = str(row.provenance.source);
    } else if (lists != 0 && r.arches != nullptr) {
        const TensorFlowArches& a = *r.arches;
        if (!m.empty()) m += "; ";
        const bool minimum_only = a.sass.empty() && a.ptx.empty();
        if (minimum_only)
            m += s.subject + " needs compute capability " + cc_text(a.cc_min) + " or higher (" + str(a.provenance.source) + "); this GPU is " + gpus_of(q, lists);
        else
            m += s.subject + " wheels carry SASS for compute capability " + cc_list(a.sass) + " and PTX for " + cc_list(a.ptx) + "; this GPU (" +
                 gpus_of(q, lists) + ") can run neither (" + str(a.provenance.source) + ")";
        if (e.needed.empty()) e.needed = minimum_only ? ">=" + cc_text(a.cc_min) : "sass " + cc_list(a.sass) + "; ptx " + cc_list(a.ptx);
        if (e.source.empty()) e.source = str(a.provenance.source);
    }
    // The pip wheels and Anaconda's conda build carry different lists:
    // where only the conda build runs on these GPUs, say so.
    if (r.conda_runs && r.conda != nullptr && r.toolkit_gpus == 0 && lists != 0) {
        m += "; Anaconda's defaults conda build (tensorflow-gpu, TF_CUDA_COMPUTE_CAPABILITIES=" + str(r.conda->config) +
             ") does carry code for it: use --method conda (" + str(r.conda->provenance.source) + ")";
        e.fix = "use Anaconda's build: --method conda";
    }
    if (m.empty()) m = s.subject + ": compute capability not supported";
    return e;
}

inline Explanation explain_arch(const ReasonScope& s, const Reason& r) {
    const std::string found = s.query.arch ? str(to_string(*s.query.arch)) : std::string();
    const std::string shown = found.empty() ? std::string("?") : found;
    const std::string m = s.build != nullptr
                              ? s.subject + " is published for x86_64 only; found " + shown
                              : lead(s) + "TensorFlow's official GPU builds are for x86_64 only (tested build configurations); found " + shown;
    return {m, found, "x86_64", str(r.source), "use an x86_64 machine for the official GPU builds"};
}

inline Explanation explain_tf_constraint(const ReasonScope& s, const Reason&) {
    const std::string spec = s.query.tensorflow ? s.query.tensorflow->to_string() : std::string();
    return {s.subject + " does not match the requested version constraint " + spec, s.tf ? str(s.tf->tensorflow.text()) : std::string(), spec, "",
            "widen --tf"};
}

inline Explanation explain_version_constraint(const ReasonScope& s, const Reason&) {
    std::string want;
    if (s.framework_query != nullptr) {
        want = s.framework_query->version ? s.framework_query->version->to_string() : std::string();
        if (!s.framework_query->variant.empty()) want += (want.empty() ? "" : " ") + str("+") + str(s.framework_query->variant);
    }
    const std::string name = s.build ? framework_name(s.build->framework) : std::string("the");
    const std::string found = s.build ? str(s.build->version.text()) + "+" + str(s.build->variant) : std::string();
    return {s.subject + " does not match the requested " + name + " constraint " + want, found, want, "", "widen the version constraint"};
}

inline Explanation explain_tf_unknown(const ReasonScope& s, const Reason&) {
    const std::string v = s.stack ? str(s.stack->tensorflow.text()) : std::string();
    return {"TensorFlow " + v + " has no official GPU row on " + platform_name(s.platform) + " in the bundled tables", v, "", "",
            "run `gpucompat resolve --os " + str(to_string(s.platform)) + "` to list the releases that have one"};
}

// "TensorFlow 2.4 was built against CUDA 11.0 and cuDNN 8.0 (source)".
inline std::string built_against(const ReasonScope& s) {
    const TensorFlowRow& row = *s.tf;
    return "TensorFlow " + str(s.stack->tensorflow.text()) + " was built against CUDA " + str(row.cuda.text()) + " and cuDNN " +
           str(row.cudnn.text()) + " (" + str(row.provenance.source) + ")";
}

inline Explanation explain_cudnn(const ReasonScope& s, const Reason& r) {
    const TensorFlowRow& row = *s.tf;
    const std::string major = std::to_string(row.cudnn.major()), minor = std::to_string(row.cudnn.minor());
    const std::string found = s.stack->cudnn ? str(s.stack->cudnn->text()) : std::string();
    return {"Loaded runtime CuDNN library: " + found + " but source was compiled with: " + str(row.cudnn.text()) +
                ". CuDNN library major and minor version needs to match or have higher minor version (TensorFlow's cuDNN check); " + built_against(s),
            found, major + ".x >= " + major + "." + minor, str(r.source),
            "install cuDNN " + major + "." + minor + " or a newer " + major + ".x built for CUDA " + str(row.cuda.text())};
}

inline Explanation explain_cuda_runtime(const ReasonScope& s, const Reason& r) {
    const TensorFlowRow& row = *s.tf;
    const CheckResult& c = *s.check;
    const bool exact = row.cuda.major() < 11;
    std::string m = built_against(s) + "; the installed CUDA runtime is " + (s.stack->cuda ? str(s.stack->cuda->text()) : std::string("?"));
    if (c.expects != nullptr && !c.expects->cudart.empty()) {
        m += ". It loads " + str(c.expects->cudart);
        if (!c.expects->cusolver.empty()) m += ", " + str(c.expects->cusolver);
        if (!c.expects->cudnn.empty()) m += ", " + str(c.expects->cudnn);
        m += " (" + str(c.expects->provenance.source) + ")";
    }
    const std::string same_major = std::to_string(row.cuda.major()) + ".x";
    m += exact ? "; before CUDA 11 the library names carry the exact minor version, so only CUDA " + str(row.cuda.text()) + " serves"
               : "; CUDA " + same_major + " from " + str(row.cuda.text()) + " on serves";
    return {m, s.stack->cuda ? str(s.stack->cuda->text()) : std::string(),
            exact ? str(row.cuda.truncated(2).text()) : same_major + " >= " + str(row.cuda.text()), str(r.source),
            exact ? "install CUDA " + str(row.cuda.text()) + " (e.g. conda install cudatoolkit=" + str(row.cuda.truncated(2).text()) + ")"
                  : "install CUDA " + same_major + " >= " + str(row.cuda.text())};
}

inline Explanation explain_library(const ReasonScope& s, const Reason& r) {
    const TensorFlowRow& row = *s.tf;
    const CheckResult& c = *s.check;
    const std::string tf = "TensorFlow " + str(s.stack->tensorflow.text());
    std::string names, list;
    for (auto n : c.missing) {
        names += (names.empty() ? "" : ", ") + str(n);
        list += (list.empty() ? "" : ",") + str(n);
    }
    const std::string cited = c.expects ? " (" + str(c.expects->provenance.source) + ")" : std::string();
    if (c.shipped_by != nullptr) {
        const CudaLibraries& ships = *c.shipped_by;
        std::string shipped;
        for (std::string_view n : {ships.cudart, ships.cublas, ships.cublaslt, ships.cufft, ships.curand, ships.cusolver, ships.cusparse})
            if (!n.empty()) shipped += (shipped.empty() ? "" : ", ") + str(n);
        const std::string installed = s.stack->cuda ? str(s.stack->cuda->text()) : std::string("?");
        return {tf + " (built with CUDA " + str(row.cuda.text()) + ") loads " + names + cited + "; CUDA " + installed + " ships " + shipped + " (" +
                    str(ships.provenance.source) + "), so the loader will not find it",
                "CUDA " + installed, list, str(r.source),
                "install CUDA " + str(row.cuda.text()) + " itself (e.g. conda install cudatoolkit=" + str(row.cuda.truncated(2).text()) +
                    "). Last resort, at your own risk: a symlink or copy under the old name loads a library of another version and can fail or compute wrongly"};
    }
    const std::string folders = s.platform == Platform::Windows ? "bin folders to PATH" : "lib folders to LD_LIBRARY_PATH";
    return {tf + " loads " + names + ", which the loader cannot find" + cited, "", list, str(r.source),
            "install CUDA " + str(row.cuda.text()) + " / cuDNN " + str(row.cudnn.text()) + " and add their " + folders};
}

inline Explanation explain_packages(const ReasonScope& s, const Reason& r) {
    const CheckResult& c = *s.check;
    const std::string tf = "TensorFlow " + str(s.stack->tensorflow.text());
    Explanation e;
    std::string fix;
    for (std::size_t i = 0; i < c.conflicts.size(); ++i) {
        const PythonConstraint& k = *c.conflicts[i];
        const std::string spec = str(k.package) + str(k.spec);
        e.message += (e.message.empty() ? "" : "; ") + tf + " needs " + spec + ", and " + str(c.offending[i].name) + " " +
                     str(c.offending[i].version.text()) + " is installed: " + str(k.why) + " (" + str(k.provenance.source) + ")";
        e.found += (e.found.empty() ? "" : ",") + str(c.offending[i].name) + "==" + str(c.offending[i].version.text());
        e.needed += (e.needed.empty() ? "" : ",") + spec;
        fix += " '" + spec + "'";
    }
    e.source = str(r.source);
    e.fix = "python -m pip install" + fix;
    return e;
}


// --- check_framework(): an installed PyTorch or JAX ------------------------

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
inline std::string resolve_hint(const FrameworkInstall& s) {
    return "gpucompat resolve --framework " + std::string(to_string(s.framework)) + " lists the builds that fit this machine";
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

inline Explanation explain_cpu_only(const ReasonScope& sc, const Reason&) {
    const FrameworkInstall& s = *sc.install;
    return {framework_install_label(s) + " is a CPU-only build: " +
                (s.framework == Framework::Jax ? std::string("no jax-cuda12/13 plugin is installed, so JAX runs on the CPU")
                                               : std::string("the +cpu wheel carries no CUDA code")),
            s.variant.empty() ? "no CUDA plugin" : str(s.variant), "a CUDA build", "", resolve_hint(s) + ", with the pip command for each"};
}

inline Explanation explain_release_unknown(const ReasonScope& sc, const Reason&) {
    const FrameworkInstall& s = *sc.install;
    return {framework_install_label(s) + " is not in the bundled tables (no row for its release or minor with this variant on " +
                platform_name(sc.platform) + ")",
            str(s.version.text()) + (s.variant.empty() ? std::string() : "+" + str(s.variant)), "", "",
            "gpucompat table --framework " + std::string(to_string(s.framework)) + " lists the builds the tables know"};
}

inline Explanation explain_framework_cudnn(const ReasonScope& sc, const Reason& r) {
    const FrameworkInstall& s = *sc.install;
    const FrameworkRelease& row = *sc.build;
    const std::string who = framework_install_label(s);
    const std::string rule = s.framework == Framework::PyTorch
                                 ? "PyTorch's cuDNN check: same major, runtime minor >= compile minor (" + str(torch_cudnn_rule_source) + ")"
                                 : "XLA's cuDNN check: \"CuDNN library needs to have matching major version and equal or higher minor version\"";
    const std::string found = "cuDNN " + str(s.cudnn->text()) + (s.cudnn_path.empty() ? std::string() : " (" + str(s.cudnn_path) + ")");
    Explanation e{who + " needs cuDNN " + cudnn_needed(row.cudnn) + " (its row: cuDNN " + str(row.cudnn.text()) + ", " + str(row.provenance.source) +
                      "); the loader gives it " + found + "; " + rule,
                  str(s.cudnn->text()), cudnn_needed(row.cudnn), s.framework == Framework::PyTorch ? str(torch_cudnn_rule_source) : str(r.source), {}};
    if (r.code != ReasonCode::LibraryShadowed) {
        e.fix = "python -m pip install '" + cudnn_wheel_name(row.cuda) + ">=" + major_minor(row.cudnn) + "," + "<" +
                std::to_string(row.cudnn.major() + 1) + "'" +
                (s.cudnn_from == "LD_LIBRARY_PATH" ? " and remove the older cuDNN's folder from LD_LIBRARY_PATH" : std::string());
        return e;
    }
    e.message = "LD_LIBRARY_PATH puts " + found + " ahead of the " + cudnn_wheel_name(row.cuda) + " wheel's cuDNN " + str(s.cudnn_wheel->text()) +
                (s.cudnn_wheel_path.empty() ? std::string() : " (" + str(s.cudnn_wheel_path) + ")") + ": a library opened by the name libcudnn.so." +
                std::to_string(row.cudnn.major()) + " gets the first one, and " + e.message;
    if (s.framework == Framework::Jax)
        e.message += ". JAX's CUDA plugin tries the wheel's copy by its path (" + str(jax_preload_source) +
                     "), yet jax 0.11.2 with LD_LIBRARY_PATH set reported the LD_LIBRARY_PATH cuDNN loaded (measured on an H100 machine, "
                     "2026-12-05), as the loader's order says";
    std::string dir(s.cudnn_path);
    if (const auto slash = dir.rfind('/'); slash != std::string::npos) dir.resize(slash);
    e.fix = "remove " + (dir.empty() ? std::string("the older cuDNN's folder") : dir) + " from LD_LIBRARY_PATH (the wheel's cuDNN " +
            str(s.cudnn_wheel->text()) + " serves " + who + ")";
    return e;
}

inline Explanation explain_framework_cuda_runtime(const ReasonScope& sc, const Reason& r) {
    const FrameworkInstall& s = *sc.install;
    const FrameworkRelease& row = *sc.build;
    const std::string major = std::to_string(row.cuda.major());
    return {framework_install_label(s) + " needs a CUDA " + major + ".x runtime >= " + str(row.cuda.text()) + " (" + str(row.provenance.source) +
                "); the loader gives it CUDA runtime " + str(s.cuda->text()),
            str(s.cuda->text()), major + ".x >= " + str(row.cuda.text()), str(r.source),
            "install the CUDA " + major + " runtime wheel its build names, or the " + std::string(to_string(s.framework)) + " build for the CUDA you have (" +
                resolve_hint(s) + ")"};
}

inline Explanation explain_jax_packages(const ReasonScope& sc, const Reason& r) {
    const FrameworkInstall& s = *sc.install;
    const std::string jax = str(s.version.text());
    const std::string jaxlib = s.jaxlib ? str(s.jaxlib->text()) : std::string("?");
    const std::string extra = s.variant.empty() ? std::string("jax") : "jax[" + str(s.variant) + "]";
    if (r.code == ReasonCode::JaxlibMismatch)
        return {"jaxlib " + jaxlib + " is newer than jax " + jax + "; jax requires jaxlib <= its own version (" + str(jaxlib_pin_source) +
                    ") and refuses a newer one at import",
                s.jaxlib ? jaxlib : std::string(), "<=" + jax, str(jaxlib_pin_source),
                "python -m pip install 'jaxlib==" + jax + "' (or upgrade jax to " + jaxlib + ")"};
    std::string which, found;
    for (const auto& p : sc.framework_check->mismatched) {
        which += (which.empty() ? "" : ", ") + str(p.name) + " " + str(p.version.text());
        found += (found.empty() ? "" : ",") + str(p.name) + "==" + str(p.version.text());
    }
    return {which + " beside jaxlib " + jaxlib + ": jaxlib uses a CUDA plugin only when its version equals jaxlib's (\"is installed, but it is not "
                                                  "compatible with the installed jaxlib version\", " +
                str(jax_plugin_rule_source) + "), so JAX runs without the GPU",
            found, "==" + (s.jaxlib ? jaxlib : std::string()), str(jax_plugin_rule_source),
            "python -m pip install '" + extra + "==" + jax + "' (jax, jaxlib and the plugin of one version)"};
}

// resolve's reasons about an installed build: the same words, with what
// the installed build makes of them (the error CUDA gives, the fix).
inline void as_installed(const ReasonScope& sc, const Reason& r, Explanation& e) {
    const FrameworkInstall& s = *sc.install;
    switch (r.code) {
        case ReasonCode::ComputeCapabilityUnsupported: {
            e.message += ": CUDA fails with \"no kernel image is available for execution on the device\"";
            const std::string others = variants_running_on(*sc.build, s.machine, *sc.framework_check->tables);
            e.fix = others.empty() ? resolve_hint(s)
                                   : "install the " + others + " build of " + framework_name(s.framework) + " " + str(sc.build->version.text()) +
                                         ", which carries code for this GPU (" + resolve_hint(s) + ")";
            return;
        }
        case ReasonCode::DriverTooOld:
        case ReasonCode::PtxJitNeedsNewerDriver:
            e.fix = (r.driver ? "update the NVIDIA driver to " + str(r.driver->text()) + " or newer" : std::string("update the NVIDIA driver")) +
                    ", or install a build for an older CUDA (" + resolve_hint(s) + ")";
            return;
        case ReasonCode::PythonUnsupported:
            e.fix = "create the environment with a Python this build supports (" + python_list(sc.build->python) + ")";
            return;
        default: e.fix = resolve_hint(s); return;  // the rest: another build, which resolve lists
    }
}

}  // namespace detail

// One reason in words and values. Every code has its case; no default.
inline Explanation explain_code(const ReasonScope& s, const Reason& r);
inline Explanation explain(const ReasonScope& s, const Reason& r) {
    Explanation e = explain_code(s, r);
    // An installed PyTorch/JAX judged by resolve's rules: its own fix.
    if (s.install != nullptr && s.build != nullptr && s.framework_check != nullptr && info(r.code).remedy != Remedy::Libraries &&
        info(r.code).remedy != Remedy::Packages && r.code != ReasonCode::CpuOnlyBuild && r.code != ReasonCode::ReleaseUnknown)
        detail::as_installed(s, r, e);
    return e;
}
inline Explanation explain_code(const ReasonScope& s, const Reason& r) {
    const bool installed = s.install != nullptr && s.build != nullptr;
    switch (r.code) {
        case ReasonCode::PlatformNoGpu: return detail::explain_platform_no_gpu(s, r);
        case ReasonCode::WindowsNativeGpuDropped: return detail::explain_windows_dropped(s, r);
        case ReasonCode::WindowsBuildTooOld: return detail::explain_windows_build(s, r);
        case ReasonCode::Wsl2DriverTooOld: return detail::explain_wsl2_driver(s, r);
        case ReasonCode::Wsl2GpuUnsupported: return detail::explain_wsl2_gpu(s, r);
        case ReasonCode::DriverTooOld: return detail::explain_driver(s, r);
        case ReasonCode::PtxJitNeedsNewerDriver: return detail::explain_ptx_driver(s, r);
        case ReasonCode::PythonUnsupported: return detail::explain_python(s, r);
        case ReasonCode::ComputeCapabilityUnsupported: return detail::explain_cc(s, r);
        case ReasonCode::ArchUnsupported: return detail::explain_arch(s, r);
        case ReasonCode::TfConstraint: return detail::explain_tf_constraint(s, r);
        case ReasonCode::VersionConstraint: return detail::explain_version_constraint(s, r);
        case ReasonCode::TensorflowUnknown: return detail::explain_tf_unknown(s, r);
        case ReasonCode::CudnnMajorMismatch:
        case ReasonCode::CudnnMinorTooOld: return installed ? detail::explain_framework_cudnn(s, r) : detail::explain_cudnn(s, r);
        case ReasonCode::LibraryShadowed: return detail::explain_framework_cudnn(s, r);
        case ReasonCode::CudaRuntimeMismatch: return installed ? detail::explain_framework_cuda_runtime(s, r) : detail::explain_cuda_runtime(s, r);
        case ReasonCode::ReleaseUnknown: return detail::explain_release_unknown(s, r);
        case ReasonCode::CpuOnlyBuild: return detail::explain_cpu_only(s, r);
        case ReasonCode::JaxlibMismatch:
        case ReasonCode::PluginMismatch: return detail::explain_jax_packages(s, r);
        case ReasonCode::LibraryNotFound: return detail::explain_library(s, r);
        case ReasonCode::PackageIncompatible: return detail::explain_packages(s, r);
        case ReasonCode::Count_: break;
    }
    return {std::string(to_string(r.code)), {}, {}, {}, {}};
}

// --- scopes: what each kind of answer says a reason is about ----------------

[[nodiscard]] inline ReasonScope scope_of(const Resolution& res, const Rejection& x) {
    ReasonScope s;
    s.query = res.query;
    s.platform = x.platform;
    s.subject = "TensorFlow " + std::string(x.row->tensorflow.text());
    s.tf = x.row;
    return s;
}
[[nodiscard]] inline ReasonScope scope_of(const FrameworkResolution& res, const FrameworkRejection& x) {
    ReasonScope s;
    s.query = res.query;
    s.platform = x.platform;
    s.subject = framework_label(*x.row);
    s.build = x.row;
    s.framework_query = &res.framework_query;
    return s;
}
// check(): the row's reasons are judged with the stack's driver and what else
// the user told (CheckResult::query).
[[nodiscard]] inline ReasonScope scope_of(const InstalledStack& st, const CheckResult& r) {
    ReasonScope s;
    s.query = r.query;
    s.query.driver = st.driver;
    s.query.driver_cuda = st.driver_cuda;
    s.platform = st.platform;
    s.tf = r.row;
    s.subject = "TensorFlow " + std::string(r.row != nullptr ? r.row->tensorflow.text() : st.tensorflow.text());
    s.stack = &st;
    s.check = &r;
    return s;
}

// check_framework(): resolve's reasons are the row's, judged on the machine.
[[nodiscard]] inline ReasonScope scope_of(const FrameworkInstall& st, const FrameworkCheckResult& r) {
    ReasonScope s;
    s.query = st.machine;
    s.platform = r.platform;
    s.build = r.row;
    s.subject = r.row != nullptr ? framework_label(*r.row) : framework_install_label(st);
    s.install = &st;
    s.framework_check = &r;
    return s;
}

// --- the names earlier versions offered, now rendered from the reasons -------

// The message for one reason a TensorFlow release was rejected.
[[nodiscard]] inline std::string reason_message(const Resolution& res, const Rejection& x, ReasonCode code) {
    const Reasons reasons = res.reasons(x);
    const Reason* r = reasons.find(code);
    return r == nullptr ? std::string() : explain(scope_of(res, x), *r).message;
}
[[nodiscard]] inline Evidence reason_evidence(const Resolution& res, const Rejection& x, ReasonCode code) {
    const Reasons reasons = res.reasons(x);
    const Reason* r = reasons.find(code);
    if (r == nullptr) return {};
    Explanation e = explain(scope_of(res, x), *r);
    return {std::move(e.found), std::move(e.needed), std::move(e.source)};
}
// The message for one reason a PyTorch or JAX build was rejected.
[[nodiscard]] inline std::string framework_reason_message(const FrameworkResolution& res, const FrameworkRejection& x, ReasonCode code) {
    const Reasons reasons = res.reasons(x);
    const Reason* r = reasons.find(code);
    return r == nullptr ? std::string() : explain(scope_of(res, x), *r).message;
}

// check(): what is wrong, and how to fix it.
struct ProblemText {
    std::string message;
    std::string fix;
};
[[nodiscard]] inline const Problem* find_problem(const CheckResult& r, ReasonCode code) noexcept {
    for (const auto& p : r.problems)
        if (p.code == code) return &p;
    return nullptr;
}
[[nodiscard]] inline ProblemText problem_text(const InstalledStack& s, const CheckResult& r, ReasonCode code) {
    const Problem* p = find_problem(r, code);
    if (p == nullptr) return {};
    Explanation e = explain(scope_of(s, r), *p);
    return {std::move(e.message), std::move(e.fix)};
}
[[nodiscard]] inline Evidence problem_evidence(const InstalledStack& s, const CheckResult& r, ReasonCode code) {
    const Problem* p = find_problem(r, code);
    if (p == nullptr) return {};
    Explanation e = explain(scope_of(s, r), *p);
    return {std::move(e.found), std::move(e.needed), std::move(e.source)};
}

}  // namespace gpucompat
