// gpucompat — what check_framework() found, in words and as evidence: every
// problem says what was found, what is needed, where the fact comes from, and
// the fix. The words are explain()'s (explain.hpp), rendered from each
// problem's evidence like every other reason; these are the short forms.
#pragma once

#include <string>

#include "explain.hpp"
#include "framework_check.hpp"

namespace gpucompat {

[[nodiscard]] inline const Problem* find_problem(const FrameworkCheckResult& r, ReasonCode code) noexcept {
    for (const auto& p : r.problems)
        if (p.code == code) return &p;
    return nullptr;
}

[[nodiscard]] inline ProblemText framework_problem_text(const FrameworkInstall& s, const FrameworkCheckResult& r, ReasonCode code) {
    const Problem* p = find_problem(r, code);
    if (p == nullptr) return {};
    Explanation e = explain(scope_of(s, r), *p);
    return {std::move(e.message), std::move(e.fix)};
}

// The evidence of one problem as values (see reason_evidence()).
[[nodiscard]] inline Evidence framework_problem_evidence(const FrameworkInstall& s, const FrameworkCheckResult& r, ReasonCode code) {
    const Problem* p = find_problem(r, code);
    if (p == nullptr) return {};
    Explanation e = explain(scope_of(s, r), *p);
    return {std::move(e.found), std::move(e.needed), std::move(e.source)};
}

}  // namespace gpucompat
