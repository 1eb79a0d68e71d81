// gpucompat — answers as JSON (opt-in; needs nlohmann_json).
//
// The shapes are the contract users and scripts rely on (docs/contract.md, docs/schema/):
// resolve -> {"query", "candidates", "rejected"}, check -> {"query", "ok",
// "problems"}. Values are written as the official tables write them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "install.hpp"
#include "messages.hpp"
#include "resolver.hpp"

namespace gpucompat {

namespace detail {
// The contract writes null where a member does not apply.
inline nlohmann::json or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }
}  // namespace detail


namespace detail {
inline nlohmann::json opt_text(const std::optional<Version>& v) {
    return v ? nlohmann::json(std::string(v->text())) : nlohmann::json(nullptr);
}
inline std::string cc_json(const ComputeCapability& c) { return cc_text(c); }
inline nlohmann::json python_list(const TensorFlowRow& row) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& p : row.python) a.push_back(std::to_string(p.major) + "." + std::to_string(p.minor));
    return a;
}
}  // namespace detail

inline nlohmann::json to_json(const Query& q) {
    nlohmann::json j;
    j["os"] = q.platform ? nlohmann::json(std::string(to_string(*q.platform))) : nlohmann::json(nullptr);
    j["os_build"] = q.windows_build ? nlohmann::json(*q.windows_build) : nlohmann::json(nullptr);
    j["arch"] = q.arch ? nlohmann::json(std::string(to_string(*q.arch))) : nlohmann::json(nullptr);
    j["driver"] = q.driver ? nlohmann::json(std::string(q.driver->text())) : nlohmann::json(nullptr);
    j["driver_cuda"] = q.driver_cuda ? nlohmann::json(std::string(q.driver_cuda->version().text())) : nlohmann::json(nullptr);
    j["cc"] = nlohmann::json::array();
    for (const auto& c : q.cc) j["cc"].push_back(detail::cc_json(c));
    j["python"] = detail::opt_text(q.python);
    j["tf"] = q.tensorflow ? nlohmann::json(q.tensorflow->to_string()) : nlohmann::json(nullptr);
    j["method"] = std::string(to_string(q.method));
    return j;
}

inline nlohmann::json to_json(const InstallPlan& plan) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& s : plan.conda) {
        nlohmann::json step{{"manager", "conda"}, {"channel", std::string(to_string(plan.channel))}, {"spec", s.spec()}};
        if (s.row != nullptr && !s.build.empty()) step["source"] = std::string(s.row->provenance.source);
        a.push_back(step);
    }
    for (const auto& p : plan.pip) a.push_back({{"manager", "pip"}, {"spec", p}});
    if (plan.ld_library_path_hook)
        a.push_back({{"manager", "env"},
                     {"spec", "export LD_LIBRARY_PATH=$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/"},
                     {"where", "$CONDA_PREFIX/etc/conda/activate.d/env_vars.sh"}});
    return a;
}

inline nlohmann::json to_json(const Candidate& c, const InstallOptions& options = {}) {
    const TensorFlowRow& row = *c.row;
    nlohmann::json j;
    j["tensorflow"] = std::string(row.tensorflow.text());
    j["platform"] = std::string(to_string(c.platform));
    const bool extra = (c.platform == Platform::Linux || c.platform == Platform::Wsl2) && find_pip_extra(row.tensorflow, *c.tables);
    j["package"] = std::string(row.package);
    j["pip_spec"] = std::string(row.package) + (extra ? "[and-cuda]" : "") + "==" + std::string(row.tensorflow.text());
    j["python"] = detail::python_list(row);
    j["cuda"] = std::string(row.cuda.text());
    j["cudnn"] = std::string(row.cudnn.text());
    const auto dmin = c.driver_min();
    j["driver_min"] = dmin ? nlohmann::json(std::string(dmin->text())) : nlohmann::json(nullptr);
    j["driver_rule"] = c.driver_rule == DriverRule::ToolkitMinimum      ? "toolkit-minimum"
                       : c.driver_rule == DriverRule::MinorVersionFloor ? "minor-version-floor"
                                                                        : "unknown";
    j["compatibility"] = std::string(to_string(c.compatibility));
    if (c.arches != nullptr) {
        nlohmann::json sass = nlohmann::json::array(), ptx = nlohmann::json::array();
        for (const auto& a : c.arches->sass) sass.push_back(detail::cc_json(a));
        for (const auto& a : c.arches->ptx) ptx.push_back(detail::cc_json(a));
        j["cuda_arches"] = {{"sass", sass}, {"ptx", ptx}, {"source", std::string(c.arches->provenance.source)}};
    } else {
        j["cuda_arches"] = nullptr;
    }
    const InstallPlan plan = plan_install(c, options);
    j["install"] = to_json(plan);
    nlohmann::json notes = nlohmann::json::array();
    c.notes.for_each([&](NoteCode n) { notes.push_back(note_message(c, n)); });
    for (const auto& n : plan.notes) notes.push_back(n);
    j["notes"] = notes;
    j["source"] = std::string(row.provenance.source);
    return j;
}

inline nlohmann::json to_json(const Resolution& r, const InstallOptions& options = {}) {
    nlohmann::json j;
    j["query"] = to_json(r.query);
    j["candidates"] = nlohmann::json::array();
    for (const auto& c : r.candidates) j["candidates"].push_back(to_json(c, options));
    j["rejected"] = nlohmann::json::array();
    for (const auto& rej : r.rejected) {
        nlohmann::json reasons = nlohmann::json::array();
        rej.reasons.for_each([&](ReasonCode code) {
            const Evidence e = reason_evidence(r.query, *rej.row, rej.platform, code, *r.tables);
            reasons.push_back({{"code", std::string(to_string(code))},
                               {"message", reason_message(r.query, *rej.row, rej.platform, code, *r.tables)},
                               {"found", detail::or_null(e.found)},
                               {"needed", detail::or_null(e.needed)},
                               {"source", detail::or_null(e.source)}});
        });
        j["rejected"].push_back({{"tensorflow", std::string(rej.tensorflow().text())},
                                 {"platform", std::string(to_string(rej.platform))},
                                 {"reasons", reasons}});
    }
    return j;
}

inline nlohmann::json to_json(const InstalledStack& s, const CheckResult& r) {
    nlohmann::json q;
    q["tf"] = std::string(s.tensorflow.text());
    q["os"] = std::string(to_string(s.platform));
    q["cuda"] = detail::opt_text(s.cuda);
    q["cudnn"] = detail::opt_text(s.cudnn);
    q["driver"] = s.driver ? nlohmann::json(std::string(s.driver->text())) : nlohmann::json(nullptr);
    q["driver_cuda"] = s.driver_cuda ? nlohmann::json(std::string(s.driver_cuda->version().text())) : nlohmann::json(nullptr);
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems) {
        const ProblemText t = problem_text(s, r, p.code);
        const Evidence e = problem_evidence(s, r, p.code);
        problems.push_back({{"code", std::string(to_string(p.code))}, {"message", t.message}, {"fix", t.fix},
                            {"found", detail::or_null(e.found)}, {"needed", detail::or_null(e.needed)}, {"source", detail::or_null(e.source)}});
    }
    nlohmann::json j{{"query", q}, {"ok", r.ok()}, {"problems", problems}};
    if (r.row != nullptr)
        j["expects"] = {{"cuda", std::string(r.row->cuda.text())}, {"cudnn", std::string(r.row->cudnn.text())},
                        {"source", std::string(r.row->provenance.source)}};
    return j;
}

}  // namespace gpucompat
