// gpucompat — the human text of an answer: the best fit, the other
// candidates, the rejections grouped and ranked, the hints after "Nothing
// fits.", and check()'s problems with their fixes. The command-line tool
// prints these; every sentence comes from explain.hpp and hints.hpp.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "check.hpp"
#include "explain.hpp"
#include "framework_resolver.hpp"
#include "hints.hpp"
#include "install.hpp"
#include "resolver.hpp"

namespace gpucompat {

// How text is written: ANSI colour or plain.
struct TextStyle {
    bool colour = false;
    [[nodiscard]] std::string paint(const std::string& s, const char* code) const {
        return colour ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
    }
};

namespace detail {

inline std::string driver_line(const std::optional<DriverVersion>& d, DriverRule rule) {
    if (!d) return {};
    return ", driver >= " + str(d->text()) + (rule == DriverRule::MinorVersionFloor ? " (minor version compatibility floor)" : "");
}

inline std::string best_fit_text(const Resolution& r, const TextStyle& st) {
    const Candidate& best = *r.best();
    const TensorFlowRow& row = *best.row;
    std::string out = st.paint("Best fit: TensorFlow " + str(row.tensorflow.text()), "1") + " on " + platform_name(best.platform) + " (" +
                      str(to_string(best.compatibility)) + ")\n";
    out += "  CUDA " + str(row.cuda.text()) + ", cuDNN " + str(row.cudnn.text()) + ", Python " + python_range(row) +
           driver_line(best.driver_min(), best.driver_rule) + "\n";
    out += "  pip package: " + str(row.package) + "\n";
    InstallOptions shown;
    shown.method = r.query.method;
    shown.conda_builds = true;  // the answer names exact conda builds where the tables know them
    shown.python = r.query.python;
    const InstallPlan plan = plan_install(best, shown);
    for (const auto& s : plan.conda) out += "  conda: " + s.spec() + "\n";
    for (const auto& p : plan.pip) out += "  pip:   " + p + "\n";
    best.notes.for_each([&](NoteCode n) { out += "  note: " + note_message(best, n) + "\n"; });
    for (const auto& n : plan.notes) out += "  note: " + n + "\n";
    out += "  source: " + str(row.provenance.source) + "\n";
    return out;
}

inline std::string other_candidates_text(const Resolution& r) {
    if (r.candidates.size() <= 1) return {};
    std::string out = "\nOther candidates:\n";
    char line[200];
    std::snprintf(line, sizeof line, "  %-9s %-8s %-6s %-6s %-14s %-10s %s\n", "TF", "platform", "CUDA", "cuDNN", "Python", "driver>=",
                  "compatibility");
    out += line;
    for (std::size_t i = 1; i < r.candidates.size(); ++i) {
        const Candidate& c = r.candidates[i];
        const auto d = c.driver_min();
        std::snprintf(line, sizeof line, "  %-9s %-8s %-6s %-6s %-14s %-10s %s\n", str(c.tensorflow.text()).c_str(),
                      str(to_string(c.platform)).c_str(), str(c.row->cuda.text()).c_str(), str(c.row->cudnn.text()).c_str(),
                      python_range(*c.row).c_str(), d ? str(d->text()).c_str() : "-", str(to_string(c.compatibility)).c_str());
        out += line;
    }
    return out;
}

// Every reason of one rejection, one line each (--all).
template <class Res, class Rej>
std::string all_reasons_text(const Res& r, const Rej& x, const std::string& head, const TextStyle& st) {
    std::string out = head + "\n";
    const ReasonScope scope = scope_of(r, x);
    for (const Reason& why : r.reasons(x))
        out += "    " + st.paint(str(to_string(why.code)), "33") + ": " + explain(scope, why).message + "\n";
    return out;
}

// The decisive reason in full, the other codes by name.
struct RejectionLine {
    std::string key, message, others;
};
template <class Res, class Rej>
RejectionLine rejection_line(const Res& r, const Rej& x) {
    RejectionLine l;
    const Reasons reasons = r.reasons(x);
    const Reason& primary = *reasons.primary();
    ReasonScope scope = scope_of(r, x);
    scope.bare = true;
    l.message = str(to_string(primary.code)) + ": " + explain(scope, primary).message;
    for (const Reason& why : reasons)
        if (why.code != primary.code) l.others += (l.others.empty() ? "" : ", ") + str(to_string(why.code));
    // Releases group when the reason reads the same but for their names.
    scope.subject = "\x1f";
    l.key = std::to_string(static_cast<int>(x.platform)) + "|" + explain(scope, primary).message + "|" + l.others;
    return l;
}

inline std::string hints_text(const std::vector<Hint>& hs, const TextStyle& st) {
    std::string out;
    for (const auto& h : hs) out += st.paint("hint", "36") + ": " + h.change + " would allow " + h.allows + "\n";
    return out;
}

}  // namespace detail

// Rejected TensorFlow releases: one line per run of consecutive releases
// (newest first) that fail for the same reason, or with `all` every release
// with every reason.
[[nodiscard]] inline std::string rejections_text(const Resolution& r, bool all, const TextStyle& st = {}) {
    if (r.rejected.empty()) return {};
    std::string out = "\nRejected:\n";
    if (all) {
        for (const auto& x : r.rejected)
            out += detail::all_reasons_text(r, x, "  " + detail::str(x.tensorflow().text()) + " (" + detail::str(to_string(x.platform)) + ")", st);
        return out;
    }
    std::vector<const Rejection*> sorted;
    for (const auto& x : r.rejected) sorted.push_back(&x);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Rejection* a, const Rejection* b) {
        if (a->platform != b->platform) return static_cast<int>(a->platform) < static_cast<int>(b->platform);
        return a->tensorflow() > b->tensorflow();
    });
    std::vector<detail::RejectionLine> lines;
    for (const auto* x : sorted) lines.push_back(detail::rejection_line(r, *x));
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && lines[j + 1].key == lines[i].key) ++j;
        std::string range = detail::str(sorted[j]->tensorflow().text());
        if (i != j) range += " - " + detail::str(sorted[i]->tensorflow().text());
        out += "  " + range + " (" + detail::str(to_string(sorted[i]->platform)) + "): " + st.paint(lines[i].message, "33");
        if (!lines[i].others.empty()) out += " [also: " + lines[i].others + "]";
        out += "\n";
        i = j + 1;
    }
    return out + "  (--all lists every release with all its reasons)\n";
}

// resolve()'s answer as the command line prints it.
[[nodiscard]] inline std::string resolution_text(const Resolution& r, bool all, const TextStyle& st = {}) {
    std::string out;
    if (r.best() != nullptr) out = detail::best_fit_text(r, st) + detail::other_candidates_text(r);
    else out = st.paint("Nothing fits.", "1;31") + "\n" + detail::hints_text(hints(r), st);
    return out + rejections_text(r, all, st);
}

namespace detail {

inline std::string best_fit_text(const FrameworkResolution& r, const TextStyle& st) {
    const FrameworkCandidate& best = *r.best();
    const FrameworkRelease& row = *best.row;
    std::string out = st.paint("Best fit: " + framework_name(row.framework) + " " + str(row.version.text()) + " " + str(row.variant), "1") + " on " +
                      platform_name(best.platform) + " " + str(to_string(row.arch)) + " (" + str(to_string(best.compatibility)) + ")\n";
    out += "  CUDA " + str(row.cuda.text()) + ", cuDNN " + (row.cudnn.empty() ? std::string("unknown") : str(row.cudnn.text())) + ", Python " +
           python_list(row.python) + driver_line(best.driver_min(), best.driver_rule) + "\n";
    out += "  pip:   " + framework_pip_command(row) + "\n";
    best.notes.for_each([&](NoteCode n) { out += "  note: " + framework_note_message(best, n) + "\n"; });
    out += "  source: " + str(row.provenance.source) + "\n";
    return out;
}

inline std::string other_candidates_text(const FrameworkResolution& r) {
    if (r.candidates.size() <= 1) return {};
    std::string out = "\nOther candidates:\n";
    char line[200];
    std::snprintf(line, sizeof line, "  %-9s %-14s %-8s %-7s %-6s %-10s %-10s %s\n", "version", "variant", "platform", "arch", "CUDA", "cuDNN",
                  "driver>=", "compatibility");
    out += line;
    for (std::size_t i = 1; i < r.candidates.size(); ++i) {
        const FrameworkCandidate& c = r.candidates[i];
        const auto d = c.driver_min();
        std::snprintf(line, sizeof line, "  %-9s %-14s %-8s %-7s %-6s %-10s %-10s %s\n", str(c.row->version.text()).c_str(), str(c.row->variant).c_str(),
                      str(to_string(c.platform)).c_str(), str(to_string(c.row->arch)).c_str(), str(c.row->cuda.text()).c_str(),
                      c.row->cudnn.empty() ? "?" : str(c.row->cudnn.text()).c_str(), d ? str(d->text()).c_str() : "-",
                      str(to_string(c.compatibility)).c_str());
        out += line;
    }
    return out;
}

}  // namespace detail

// Rejected PyTorch/JAX builds: without `all`, builds the constraint excludes
// are counted, not listed, and the others get one line each (at most 15).
[[nodiscard]] inline std::string rejections_text(const FrameworkResolution& r, bool all, const TextStyle& st = {}) {
    if (r.rejected.empty()) return {};
    std::string out = "\nRejected:\n";
    std::size_t excluded = 0, listed = 0, more = 0;
    for (const auto& x : r.rejected) {
        const std::string head = "  " + detail::str(x.row->version.text()) + " " + detail::str(x.row->variant) + " (" +
                                 detail::str(to_string(x.platform)) + " " + detail::str(to_string(x.row->arch)) + ")";
        if (all) {
            out += detail::all_reasons_text(r, x, head, st);
            continue;
        }
        if (x.codes.has(ReasonCode::VersionConstraint)) {
            ++excluded;
            continue;
        }
        if (listed == 15) {
            ++more;
            continue;
        }
        ++listed;
        const Reasons reasons = r.reasons(x);
        const Reason& primary = *reasons.primary();
        std::string others;
        for (const Reason& why : reasons)
            if (why.code != primary.code) others += (others.empty() ? "" : ", ") + detail::str(to_string(why.code));
        out += head + ": " + st.paint(detail::str(to_string(primary.code)) + ": " + explain(scope_of(r, x), primary).message, "33");
        if (!others.empty()) out += " [also: " + others + "]";
        out += "\n";
    }
    if (more != 0) out += "  ... and " + std::to_string(more) + " more\n";
    if (excluded != 0) out += "  " + std::to_string(excluded) + " builds outside the requested version or variant\n";
    if (!all) out += "  (--all lists every build with all its reasons)\n";
    return out;
}

[[nodiscard]] inline std::string resolution_text(const FrameworkResolution& r, bool all, const TextStyle& st = {}) {
    std::string out;
    if (r.best() != nullptr) out = detail::best_fit_text(r, st) + detail::other_candidates_text(r);
    else out = st.paint("Nothing fits.", "1;31") + "\n" + detail::hints_text(hints(r), st);
    return out + rejections_text(r, all, st);
}

// check()'s problems, each with its fix; `indent` before each line (doctor
// nests them under a heading).
[[nodiscard]] inline std::string problems_text(const InstalledStack& s, const CheckResult& r, const std::string& indent, const TextStyle& st,
                                               const char* code_colour = "31") {
    std::string out;
    const ReasonScope scope = scope_of(s, r);
    for (const auto& p : r.problems) {
        const Explanation e = explain(scope, p);
        const std::string code = detail::str(to_string(p.code));
        out += indent + (code_colour != nullptr ? st.paint(code, code_colour) : code) + ": " + e.message + "\n" + indent + "  fix: " + e.fix + "\n";
    }
    return out;
}

// check()'s answer as the command line prints it.
[[nodiscard]] inline std::string check_text(const InstalledStack& s, const CheckResult& r, const TextStyle& st = {}) {
    if (!r.ok()) return problems_text(s, r, "", st);
    return st.paint("OK", "32") + ": TensorFlow " + detail::str(s.tensorflow.text()) + " on " + detail::platform_name(s.platform) +
           " (built with CUDA " + detail::str(r.row->cuda.text()) + ", cuDNN " + detail::str(r.row->cudnn.text()) + ") is consistent with what was given\n";
}

}  // namespace gpucompat
