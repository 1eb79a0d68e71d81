// gpucompat — answers as JSON (opt-in; needs nlohmann_json).
//
// The shapes are the contract users and scripts rely on (docs/contract.md, docs/schema/):
// resolve -> {"query", "candidates", "rejected"}, check -> {"query", "ok",
// "problems"}. Values are written as the official tables write them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "explain.hpp"
#include "framework_resolver.hpp"
#include "install.hpp"
#include "messages.hpp"
#include "resolver.hpp"
#include "shared_environment.hpp"

namespace gpucompat {

namespace detail {
// The contract writes null where a member does not apply.
inline nlohmann::json or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }
// One reason as the contract writes it: code, message, and the evidence.
inline nlohmann::json reason_json(const ReasonScope& scope, const Reason& r) {
    const Explanation e = explain(scope, r);
    return {{"code", std::string(to_string(r.code))}, {"message", e.message}, {"found", or_null(e.found)},
            {"needed", or_null(e.needed)}, {"source", or_null(e.source)}};
}
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
    j["framework"] = "tensorflow";
    j["version"] = std::string(row.tensorflow.text());
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
        const ReasonScope scope = scope_of(r, rej);
        for (const Reason& why : r.reasons(rej)) reasons.push_back(detail::reason_json(scope, why));
        j["rejected"].push_back({{"framework", "tensorflow"},
                                 {"version", std::string(rej.tensorflow().text())},
                                 {"tensorflow", std::string(rej.tensorflow().text())},
                                 {"platform", std::string(to_string(rej.platform))},
                                 {"reasons", reasons}});
    }
    return j;
}

// PyTorch and JAX (docs/contract.md, "Frameworks beyond TensorFlow").
namespace detail {
template <std::size_t N>
nlohmann::json python_json(const FixedList<PythonMinor, N>& l) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& p : l) a.push_back(std::to_string(p.major) + "." + std::to_string(p.minor));
    return a;
}
template <std::size_t N>
nlohmann::json cc_array(const FixedList<ComputeCapability, N>& l) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& c : l) a.push_back(cc_json(c));
    return a;
}
}  // namespace detail

inline nlohmann::json framework_install_json(const FrameworkRelease& r) {
    nlohmann::json step{{"manager", "pip"}, {"spec", std::string(r.pip_spec)}};
    switch (r.pip_index) {
        case PipIndex::IndexUrl: step["index_url"] = std::string(r.pip_index_url); break;
        case PipIndex::ExtraIndexUrl: step["extra_index_url"] = std::string(r.pip_index_url); break;
        case PipIndex::FindLinks: step["find_links"] = std::string(r.pip_index_url); break;
        case PipIndex::None: break;
    }
    step["command"] = framework_pip_command(r);
    return nlohmann::json::array({step});
}

inline nlohmann::json to_json(const FrameworkCandidate& c) {
    const FrameworkRelease& row = *c.row;
    nlohmann::json j;
    j["framework"] = std::string(to_string(row.framework));
    j["version"] = std::string(row.version.text());
    j["variant"] = std::string(row.variant);
    j["platform"] = std::string(to_string(c.platform));
    j["arch"] = std::string(to_string(row.arch));
    j["package"] = row.framework == Framework::PyTorch ? "torch" : "jax";
    j["python"] = detail::python_json(row.python);
    j["cuda"] = std::string(row.cuda.text());
    j["cudnn"] = row.cudnn.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(row.cudnn.text()));
    const auto dmin = c.driver_min();
    j["driver_min"] = dmin ? nlohmann::json(std::string(dmin->text())) : nlohmann::json(nullptr);
    j["driver_rule"] = c.driver_rule == DriverRule::ToolkitMinimum      ? "toolkit-minimum"
                       : c.driver_rule == DriverRule::MinorVersionFloor ? "minor-version-floor"
                                                                        : "unknown";
    j["compatibility"] = std::string(to_string(c.compatibility));
    j["pypi_default"] = row.pypi_default;
    if (row.arches_known())
        j["cuda_arches"] = {{"sass", detail::cc_array(row.sass)}, {"ptx", detail::cc_array(row.ptx)}, {"config", std::string(row.config)}};
    else
        j["cuda_arches"] = nullptr;
    j["install"] = framework_install_json(row);
    nlohmann::json notes = nlohmann::json::array();
    c.notes.for_each([&](NoteCode n) { notes.push_back(framework_note_message(c, n)); });
    j["notes"] = notes;
    j["source"] = std::string(row.provenance.source);
    return j;
}

inline nlohmann::json to_json(const FrameworkResolution& r) {
    nlohmann::json j;
    nlohmann::json q = to_json(r.query);
    q["framework"] = std::string(to_string(r.framework));
    q[r.framework == Framework::PyTorch ? "torch" : "jax"] =
        r.framework_query.version ? nlohmann::json(r.framework_query.version->to_string()) : nlohmann::json(nullptr);
    q["variant"] = r.framework_query.variant.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(r.framework_query.variant));
    j["query"] = q;
    j["framework"] = std::string(to_string(r.framework));
    j["candidates"] = nlohmann::json::array();
    for (const auto& c : r.candidates) j["candidates"].push_back(to_json(c));
    j["rejected"] = nlohmann::json::array();
    for (const auto& rej : r.rejected) {
        nlohmann::json reasons = nlohmann::json::array();
        const ReasonScope scope = scope_of(r, rej);
        for (const Reason& why : r.reasons(rej)) reasons.push_back(detail::reason_json(scope, why));
        j["rejected"].push_back({{"framework", std::string(to_string(rej.row->framework))},
                                 {"version", std::string(rej.row->version.text())},
                                 {"variant", std::string(rej.row->variant)},
                                 {"platform", std::string(to_string(rej.platform))},
                                 {"arch", std::string(to_string(rej.row->arch))},
                                 {"reasons", reasons}});
    }
    if (r.platform_statement != nullptr)
        j["statement"] = {{"text", std::string(r.platform_statement->text)}, {"source", std::string(r.platform_statement->provenance.source)}};
    return j;
}

// --framework all, or constraints for two frameworks: the environments the
// builds can share (shared_environment.hpp).
inline nlohmann::json to_json(const SharedResolution& r) {
    const SharedQuery& sq = r.shared_query;
    nlohmann::json frameworks = nlohmann::json::array();
    for (Framework f : sq.frameworks) frameworks.push_back(std::string(to_string(f)));
    nlohmann::json q = to_json(sq.query);
    q["frameworks"] = frameworks;
    q["torch"] = sq.pytorch.version ? nlohmann::json(sq.pytorch.version->to_string()) : nlohmann::json(nullptr);
    q["jax"] = sq.jax.version ? nlohmann::json(sq.jax.version->to_string()) : nlohmann::json(nullptr);
    nlohmann::json envs = nlohmann::json::array();
    for (const auto& e : r.environments) {
        nlohmann::json members = nlohmann::json::array();
        for (Framework f : sq.frameworks) {
            const std::size_t i = e.member(f);
            if (f == Framework::TensorFlow) members.push_back(to_json(r.tensorflow.candidates[i]));
            else members.push_back(to_json(f == Framework::PyTorch ? r.pytorch.candidates[i] : r.jax.candidates[i]));
        }
        nlohmann::json python = nlohmann::json::array();
        for (std::uint32_t m = 0; m < 31; ++m)
            if (e.python & (1u << m)) python.push_back("3." + std::to_string(m));
        envs.push_back({{"platform", std::string(to_string(e.platform))},
                        {"arch", e.arch ? nlohmann::json(std::string(to_string(*e.arch))) : nlohmann::json(nullptr)},
                        {"cuda_major", std::to_string(e.cuda_major)},
                        {"cudnn", std::string(e.cudnn->text())},
                        {"python", python},
                        {"members", members}});
    }
    nlohmann::json conflicts = nlohmann::json::array();
    for (const auto& c : r.conflicts) {
        const MemberFacts a = r.facts(c.framework, c.rank), b = r.facts(c.other, c.other_rank);
        conflicts.push_back({{"code", std::string(to_string(c.code))},
                             {"message", shared_conflict_message(r, c)},
                             {"framework", std::string(to_string(c.framework))},
                             {"build", shared_member_label(r, c.framework, c.rank)},
                             {"other_framework", std::string(to_string(c.other))},
                             {"other_build", shared_member_label(r, c.other, c.other_rank)},
                             {"found", shared_member_needs(a, c.code)},
                             {"needed", shared_member_needs(b, c.code)},
                             {"source", nullptr}});
    }
    nlohmann::json counts;
    for (Framework f : sq.frameworks) counts[std::string(to_string(f))] = r.candidate_count(f);
    return {{"query", q}, {"frameworks", frameworks}, {"environments", envs}, {"conflicts", conflicts}, {"candidates_per_framework", counts}};
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
    const ReasonScope scope = scope_of(s, r);
    for (const auto& p : r.problems) {
        nlohmann::json j = detail::reason_json(scope, p);
        j["fix"] = explain(scope, p).fix;
        problems.push_back(std::move(j));
    }
    nlohmann::json j{{"query", q}, {"ok", r.ok()}, {"problems", problems}};
    if (r.row != nullptr)
        j["expects"] = {{"cuda", std::string(r.row->cuda.text())}, {"cudnn", std::string(r.row->cudnn.text())},
                        {"source", std::string(r.row->provenance.source)}};
    return j;
}

}  // namespace gpucompat
