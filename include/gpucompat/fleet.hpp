// gpucompat — doctor's answer in the formats fleet tools already collect
// (opt-in; with probe.hpp):
//  * Prometheus text exposition, for node_exporter's textfile collector:
//    every metric `gpucompat_*`, every label value escaped as the format
//    requires, so `promtool check metrics` accepts it;
//  * Kubernetes Node Feature Discovery's `local` source: `name=value` lines
//    whose values are valid label values, so NFD turns each into a node label.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "config.hpp"
#include "messages.hpp"
#include "probe.hpp"
#include "resolver.hpp"

namespace gpucompat::fleet {

// What doctor concluded for one framework.
struct FrameworkAnswer {
    std::string framework;                 // tensorflow
    const Resolution* resolution = nullptr;
    const InstalledStack* stack = nullptr;  // null when nothing was checked
    const CheckResult* check = nullptr;
};

// PyTorch and JAX: the best build for this machine (resolve_framework), and
// each one installed with doctor's verdict on it (check_framework).
struct FrameworkBest {
    std::string framework;       // pytorch, jax
    std::string version, variant, compatibility;
};
struct InstalledAnswer {
    std::string name;            // torch, jax: the pip name
    std::string framework;       // pytorch, jax
    std::string version;         // as pip wrote it: 2.11.0+cu130
    std::string variant;         // cu130, cuda13; "" = PyPI default / no plugin
    std::vector<std::string> problems;  // reason codes; empty: consistent
};
struct FrameworkAnswers {
    std::vector<FrameworkBest> best;
    std::vector<InstalledAnswer> installed;
};

namespace detail {
// A Prometheus label value: backslash, double quote and newline escaped
// (the exposition format's only escapes); the text is already printable UTF-8.
inline std::string label(std::string_view v) {
    std::string out;
    for (char c : printable(v, 256)) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}
inline std::string labels(std::initializer_list<std::pair<const char*, std::string>> kv) {
    std::string out = "{";
    for (const auto& [k, v] : kv) out += (out.size() > 1 ? "," : "") + std::string(k) + "=\"" + label(v) + "\"";
    return out + "}";
}
inline void metric(std::string& out, const char* name, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n";
}
inline std::string text_of(const std::optional<Version>& v) { return v ? std::string(v->text()) : std::string(); }
inline std::optional<Version> newest(const std::vector<probe::LibraryFound>& libs) {
    std::optional<Version> best;
    for (const auto& l : libs)
        if (l.version && (!best || *l.version > *best)) best = l.version;
    return best;
}
// The distinct compute capabilities, lowest first (the lowest is the one a wheel must serve).
inline std::vector<ComputeCapability> ccs(const probe::MachineInfo& m) {
    std::vector<ComputeCapability> out;
    for (const auto& g : m.gpus) {
        if (g.cc) out.push_back(*g.cc);
        out.insert(out.end(), g.cc_candidates.begin(), g.cc_candidates.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}
}  // namespace detail

inline void prometheus_frameworks(std::string& out, const FrameworkAnswers& more);

inline std::string render_prometheus(const probe::MachineInfo& m, const std::vector<FrameworkAnswer>& answers, std::int64_t now_seconds,
                                     const FrameworkAnswers& more = {}) {
    using detail::labels;
    std::string out;
    detail::metric(out, "gpucompat_info", "The machine as gpucompat doctor detected it; the value is always 1.");
    out += "gpucompat_info" +
           labels({{"os", m.platform.value ? std::string(to_string(*m.platform.value)) : ""},
                   {"driver", m.driver.value ? std::string(m.driver.value->text()) : ""},
                   {"driver_cuda", m.driver_cuda.value ? std::string(m.driver_cuda.value->version().text()) : ""},
                   {"python", m.python.value ? std::string(m.python.value->text()) : ""},
                   {"cuda_runtime", detail::text_of(detail::newest(m.cuda_runtime))},
                   {"cudnn", detail::text_of(detail::newest(m.cudnn))},
                   {"gpucompat_version", GPUCOMPAT_VERSION_STRING}}) +
           " 1\n";
    detail::metric(out, "gpucompat_gpus", "Number of NVIDIA GPUs detected.");
    out += "gpucompat_gpus " + std::to_string(m.gpus.size()) + "\n";
    detail::metric(out, "gpucompat_gpu_info", "One series per GPU: index, name and compute capability; the value is always 1.");
    for (std::size_t i = 0; i < m.gpus.size(); ++i) {
        const auto& g = m.gpus[i];
        std::string cc = g.cc ? gpucompat::detail::cc_text(*g.cc) : "";
        for (const auto& c : g.cc_candidates) cc += (cc.empty() ? "" : "|") + gpucompat::detail::cc_text(c);
        out += "gpucompat_gpu_info" +
               labels({{"index", std::to_string(g.index >= 0 ? static_cast<std::size_t>(g.index) : i)}, {"name", g.name}, {"cc", cc}}) + " 1\n";
    }
    detail::metric(out, "gpucompat_fits", "1 when at least one release of the framework fits this machine, else 0.");
    for (const auto& a : answers) out += "gpucompat_fits" + labels({{"framework", a.framework}}) + " " + (a.resolution->fits() ? "1" : "0") + "\n";
    for (const auto& b : more.best) out += "gpucompat_fits" + labels({{"framework", b.framework}}) + " " + (b.version.empty() ? "0" : "1") + "\n";
    detail::metric(out, "gpucompat_best_release_info", "The best-fitting release per framework that has a fit; the value is always 1.");
    for (const auto& a : answers)
        if (const Candidate* best = a.resolution->best())
            out += "gpucompat_best_release_info" +
                   labels({{"framework", a.framework}, {"version", std::string(best->tensorflow.text())},
                           {"compatibility", std::string(to_string(best->compatibility))}}) +
                   " 1\n";
    for (const auto& b : more.best)
        if (!b.version.empty())
            out += "gpucompat_best_release_info" +
                   labels({{"framework", b.framework}, {"version", b.version}, {"variant", b.variant}, {"compatibility", b.compatibility}}) + " 1\n";
    detail::metric(out, "gpucompat_check_problems",
                   "Problems gpucompat check found between the installed CUDA libraries and the best release, per framework and code.");
    for (const auto& a : answers)
        if (a.check != nullptr)
            for (const auto& p : a.check->problems)
                out += "gpucompat_check_problems" + labels({{"framework", a.framework}, {"code", std::string(to_string(p.code))}}) + " 1\n";
    for (const auto& i : more.installed)
        for (const auto& code : i.problems) out += "gpucompat_check_problems" + labels({{"framework", i.framework}, {"code", code}}) + " 1\n";
    prometheus_frameworks(out, more);
    detail::metric(out, "gpucompat_last_run_timestamp_seconds", "When gpucompat doctor wrote this file, in seconds since the Unix epoch.");
    out += "gpucompat_last_run_timestamp_seconds " + std::to_string(now_seconds) + "\n";
    return out;
}

// One series per installed PyTorch/JAX: its version, variant and verdict.
inline void prometheus_frameworks(std::string& out, const FrameworkAnswers& more) {
    detail::metric(out, "gpucompat_framework_installed_info",
                   "One series per PyTorch or JAX installed in the Python environment found (from package metadata): version, CUDA variant, "
                   "and verdict (ok or problems); the value is always 1.");
    for (const auto& i : more.installed)
        out += "gpucompat_framework_installed_info" +
               detail::labels({{"framework", i.framework}, {"version", i.version}, {"variant", i.variant},
                               {"verdict", i.problems.empty() ? "ok" : "problems"}}) +
               " 1\n";
}

// A valid Kubernetes label value made from `v`: characters outside
// [A-Za-z0-9._-] become '_' (2.11.0+cu130 -> 2.11.0_cu130), at most 63,
// starting and ending alphanumeric; empty when nothing is left.
inline std::string label_value(std::string_view v) {
    std::string out;
    for (char c : v) {
        const bool ok = gpucompat::detail::is_digit(c) || gpucompat::detail::is_alpha(c) || c == '.' || c == '_' || c == '-';
        out += ok ? c : '_';
    }
    if (out.size() > 63) out.resize(63);
    auto alnum = [](char c) { return gpucompat::detail::is_digit(c) || gpucompat::detail::is_alpha(c); };
    while (!out.empty() && !alnum(out.back())) out.pop_back();
    std::size_t start = 0;
    while (start < out.size() && !alnum(out[start])) ++start;
    return out.substr(start);
}

inline std::string render_nfd(const probe::MachineInfo& m, const std::vector<FrameworkAnswer>& answers, const FrameworkAnswers& more = {}) {
    std::string out;
    auto line = [&](const std::string& name, std::string_view value) {
        const std::string v = label_value(value);
        if (!v.empty()) out += "gpucompat." + name + "=" + v + "\n";  // an unknown value is no label
    };
    if (m.platform.value) line("os", to_string(*m.platform.value));
    if (m.driver.value) line("driver", m.driver.value->text());
    if (m.driver_cuda.value) line("driver-cuda", m.driver_cuda.value->version().text());
    line("gpu.count", std::to_string(m.gpus.size()));
    const auto ccs = detail::ccs(m);
    if (!ccs.empty()) {
        line("cc", gpucompat::detail::cc_text(ccs.front()));  // the lowest: what every pod's wheel must run on
        line("cc.max", gpucompat::detail::cc_text(ccs.back()));
    }
    bool mig = false;
    for (const auto& g : m.gpus) mig = mig || g.mig.value_or(false);
    if (!m.gpus.empty()) line("mig", mig ? "true" : "false");
    if (m.python.value) line("python", m.python.value->text());
    if (auto v = detail::newest(m.cuda_runtime)) line("cuda-runtime", v->text());
    if (auto v = detail::newest(m.cudnn)) line("cudnn", v->text());
    for (const auto& a : answers) {
        if (const Candidate* best = a.resolution->best()) {
            line(a.framework + ".max", best->tensorflow.text());
            line(a.framework + ".compatibility", to_string(best->compatibility));
        } else {
            line(a.framework + ".max", "none");
        }
        if (a.check != nullptr) line(a.framework + ".check", a.check->ok() ? "ok" : "problems");
    }
    for (const auto& b : more.best) {
        line(b.framework + ".max", b.version.empty() ? "none" : b.version);
        if (!b.version.empty()) line(b.framework + ".variant", b.variant);
    }
    for (const auto& f : m.frameworks) line(f.name + ".installed", f.version);
    for (const auto& i : more.installed) {
        line(i.name + ".installed.variant", i.variant);
        line(i.name + ".installed.check", i.problems.empty() ? "ok" : "problems");
    }
    return out;
}

}  // namespace gpucompat::fleet
