// gpucompat — check_framework()'s answer as JSON (opt-in; needs
// nlohmann_json): `check --torch/--jax --json` and each entry of doctor's
// `frameworks` member (docs/schema/check_framework.schema.json).
#pragma once

#include <nlohmann/json.hpp>

#include "framework_problems.hpp"
#include "json.hpp"

namespace gpucompat {

// The problems, each with its evidence: {"code", "message", "fix", "found", "needed", "source"}.
inline nlohmann::json framework_problems_json(const FrameworkInstall& s, const FrameworkCheckResult& r) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems) {
        const ProblemText t = framework_problem_text(s, r, p.code);
        const Evidence e = framework_problem_evidence(s, r, p.code);
        problems.push_back({{"code", std::string(to_string(p.code))}, {"message", t.message}, {"fix", t.fix},
                            {"found", detail::or_null(e.found)}, {"needed", detail::or_null(e.needed)}, {"source", detail::or_null(e.source)}});
    }
    return problems;
}

// The row judged: {"version", "variant", "cuda", "cudnn", "same_minor", "source"}, or null.
inline nlohmann::json framework_expects_json(const FrameworkCheckResult& r) {
    if (r.row == nullptr) return nullptr;
    const FrameworkRelease& row = *r.row;
    return {{"version", std::string(row.version.text())},
            {"variant", std::string(row.variant)},
            {"cuda", std::string(row.cuda.text())},
            {"cudnn", row.cudnn.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(row.cudnn.text()))},
            {"compatibility", std::string(to_string(r.judged.compatibility))},
            {"same_minor", r.same_minor},
            {"source", std::string(row.provenance.source)}};
}

inline nlohmann::json to_json(const FrameworkInstall& s, const FrameworkCheckResult& r) {
    const Query& m = s.machine;
    nlohmann::json q{{"framework", std::string(to_string(s.framework))},
                     {"version", std::string(s.version.text())},
                     {"variant", s.variant.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(s.variant))},
                     {"os", std::string(to_string(r.platform))},
                     {"cuda", detail::opt_text(s.cuda)},
                     {"cudnn", detail::opt_text(s.cudnn)},
                     {"driver", m.driver ? nlohmann::json(std::string(m.driver->text())) : nlohmann::json(nullptr)},
                     {"driver_cuda", m.driver_cuda ? nlohmann::json(std::string(m.driver_cuda->version().text())) : nlohmann::json(nullptr)}};
    if (s.framework == Framework::Jax) q["jaxlib"] = detail::opt_text(s.jaxlib);
    return {{"query", q}, {"ok", r.ok()}, {"problems", framework_problems_json(s, r)}, {"expects", framework_expects_json(r)}};
}

}  // namespace gpucompat
