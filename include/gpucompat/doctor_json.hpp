// gpucompat — doctor's answer as JSON (docs/contract.md, docs/schema/doctor.schema.json):
// what was detected and where each fact came from, resolve and check for the
// machine, and every PyTorch/JAX found with its check. Needs gpucompat::json
// (nlohmann_json) and the probe types (link gpucompat::probe to detect).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "framework_check_json.hpp"
#include "framework_env.hpp"
#include "json.hpp"
#include "probe.hpp"
#include "resolver.hpp"
#include "sanitize.hpp"

namespace gpucompat {

namespace detail {

inline nlohmann::json library_json(const std::vector<probe::LibraryFound>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& l : v) {
        nlohmann::json paths = nlohmann::json::array();
        for (const auto& p : l.paths) paths.push_back({{"path", p.path}, {"from", p.from}});
        a.push_back({{"name", l.name}, {"path", l.path}, {"from", l.from},
                     {"version", l.version ? nlohmann::json(std::string(l.version->text())) : nlohmann::json(nullptr)},
                     {"version_from", l.version ? nlohmann::json(l.version_from) : nlohmann::json(nullptr)},
                     {"file", l.file.empty() ? nlohmann::json(nullptr) : nlohmann::json(l.file)}, {"paths", paths}});
    }
    return a;
}

inline nlohmann::json gpus_json(const probe::MachineInfo& m) {
    nlohmann::json gpus = nlohmann::json::array();
    for (std::size_t i = 0; i < m.gpus.size(); ++i) {
        const auto& g = m.gpus[i];
        nlohmann::json c = nlohmann::json::array();
        for (const auto& x : g.cc_candidates) c.push_back(cc_text(x));
        gpus.push_back({{"index", g.index >= 0 ? g.index : static_cast<int>(i)}, {"name", g.name},
                        {"cc", g.cc ? nlohmann::json(cc_text(*g.cc)) : nlohmann::json(nullptr)}, {"cc_candidates", c},
                        {"mig", g.mig ? nlohmann::json(*g.mig) : nlohmann::json(nullptr)},
                        {"mig_devices", g.mig_devices ? nlohmann::json(*g.mig_devices) : nlohmann::json(nullptr)}});
    }
    return gpus;
}

inline nlohmann::json library_choice_json(const std::string& path, const std::string& from, const std::optional<Version>& v) {
    if (path.empty()) return nullptr;
    return {{"path", path}, {"from", from}, {"version", v ? nlohmann::json(std::string(v->text())) : nlohmann::json(nullptr)}};
}

}  // namespace detail

// "detected": what doctor found on this machine.
inline nlohmann::json detected_json(const probe::MachineInfo& m) {
    using nlohmann::json;
    json frameworks = json::array(), packages = json::array(), sites = json::array();
    for (const auto& f : m.frameworks)
        frameworks.push_back({{"name", f.name}, {"version", f.version}, {"variant", f.variant ? json(*f.variant) : json(nullptr)}, {"path", f.path}});
    for (const auto& p : m.packages) packages.push_back({{"name", p.name}, {"version", p.version}, {"path", p.path}});
    for (const auto& d : m.site_dirs) sites.push_back({{"path", printable(d.path)}, {"from", d.from}});
    return {{"os", m.platform.value ? json(std::string(to_string(*m.platform.value))) : json(nullptr)},
            {"os_build", m.windows_build.value ? json(*m.windows_build.value) : json(nullptr)},
            {"wsl", m.wsl},
            {"driver", m.driver.value ? json(std::string(m.driver.value->text())) : json(nullptr)},
            {"driver_cuda", m.driver_cuda.value ? json(std::string(m.driver_cuda.value->version().text())) : json(nullptr)},
            {"gpus", detail::gpus_json(m)},
            {"cuda_runtime", detail::library_json(m.cuda_runtime)},
            {"cudnn", detail::library_json(m.cudnn)},
            {"other_libraries", detail::library_json(m.other_libraries)},
            {"python", m.python.value ? json(std::string(m.python.value->text())) : json(nullptr)},
            {"python_env", m.python_env.empty() ? json(nullptr) : json(m.python_env)},
            {"site_packages", sites},
            {"frameworks", frameworks},
            {"packages", packages}};
}

// "frameworks": every PyTorch/JAX installed, what it loads and its check
// (`checks` index for index with `installed`).
inline nlohmann::json installed_frameworks_json(const std::vector<probe::FrameworkInEnv>& installed, const std::vector<FrameworkCheckResult>& checks) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < installed.size() && i < checks.size(); ++i) {
        const auto& f = installed[i];
        const FrameworkInstall s = f.install();
        out.push_back({{"name", f.found.name}, {"version", f.found.version},
                       {"variant", f.variant.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.variant)}, {"path", f.found.path},
                       {"cudnn", detail::library_choice_json(f.cudnn_path, f.cudnn_from, s.cudnn)},
                       {"cuda_runtime", detail::library_choice_json(f.cuda_path, f.cuda_from, s.cuda)},
                       {"check", to_json(s, checks[i])}});
    }
    return out;
}

// What doctor answers: the whole object, as `doctor --json` prints it.
struct DoctorAnswer {
    const probe::MachineInfo* machine = nullptr;
    const Resolution* resolution = nullptr;
    const InstalledStack* stack = nullptr;  // the TensorFlow checked, if any
    const CheckResult* check = nullptr;
    const std::vector<probe::FrameworkInEnv>* frameworks = nullptr;
    const std::vector<FrameworkCheckResult>* framework_checks = nullptr;
    nlohmann::json best = nlohmann::json::object();  // pytorch/jax -> the best candidate, or null
};

inline nlohmann::json to_json(const DoctorAnswer& d) {
    const probe::MachineInfo& m = *d.machine;
    const nlohmann::json sources{{"os", m.platform.from}, {"os_build", m.windows_build.from}, {"driver", m.driver.from},
                                 {"driver_cuda", m.driver_cuda.from}, {"gpus", m.gpus_from}, {"python", m.python.from}};
    return {{"detected", detected_json(m)},
            {"sources", sources},
            {"resolve", to_json(*d.resolution)},
            {"check", d.stack != nullptr && d.check != nullptr ? to_json(*d.stack, *d.check) : nlohmann::json(nullptr)},
            {"notes", m.notes},
            {"frameworks", d.frameworks != nullptr && d.framework_checks != nullptr ? installed_frameworks_json(*d.frameworks, *d.framework_checks)
                                                                                    : nlohmann::json::array()},
            {"best", d.best}};
}

}  // namespace gpucompat
