// gpucompat — check(): is an installed stack consistent?
//
// Given a TensorFlow release, the platform and what is installed (CUDA
// runtime, cuDNN, driver, the shared libraries the loader can see), report
// every problem with its reason code. The rules:
//  * cuDNN: TensorFlow's loader requires the same major and an equal or newer
//    minor ("Loaded runtime CuDNN library: 7.4.1 but source was compiled
//    with: 7.6.5. CuDNN library major and minor version needs to match or
//    have higher minor version in case of CuDNN 7.0 or later version.");
//  * CUDA runtime: before CUDA 11 the library names carry the exact minor
//    (cudart64_100.dll is not cudart64_101.dll, libcudart.so.10.0 is not
//    .so.10.1), so the minor must match; from 11 on the names carry only the
//    major (cudart64_110.dll, libcudart.so.11.0/.so.12) and a newer minor of
//    the same major serves;
//  * driver: as resolve();
//  * libraries: each name the release loads must be present.
#pragma once

#include <optional>
#include <string_view>

#include "resolver.hpp"

namespace gpucompat {

// An installed Python package: numpy 2.0.2.
struct InstalledPackage {
    std::string_view name;
    Version version;
};

struct InstalledStack {
    Version tensorflow{};
    Platform platform = Platform::Linux;
    std::optional<Version> cuda;                   // the CUDA runtime (cudart) version
    std::optional<Version> cudnn;
    std::optional<DriverVersion> driver;
    std::optional<DriverCudaVersion> driver_cuda;
    bool libraries_known = false;                  // true: `libraries` lists every library found
    FixedList<std::string_view, 32> libraries{};   // file names: cudart64_101.dll, libcudnn.so.8
    FixedList<InstalledPackage, 8> packages{};     // Python packages beside TensorFlow: numpy 2.0.2
};

// A problem is a reason with its evidence (reason.hpp); what it needs is the
// row's (CheckResult::row), what was found the stack's.
using Problem = Reason;

struct CheckResult {
    const TableSet* tables = &bundled;
    const TensorFlowRow* row = nullptr;            // the release's official row, nullptr if unknown
    const TensorFlowLibraries* expects = nullptr;  // the names it loads, when the tables know them
    FixedList<Problem, static_cast<std::size_t>(ReasonCode::Count_)> problems{};  // each code at most once
    FixedList<std::string_view, 8> missing{};      // library names not found
    const CudaLibraries* shipped_by = nullptr;     // the installed CUDA's names, when missing names come from it
    Query query{};                                 // what else the user told (check(s, q)); empty for check(s)
    bool platform_reason = false;                  // row: the Linux row of a release with no GPU build on the platform
    FixedList<const PythonConstraint*, 8> conflicts{};  // rows of python_constraints an installed package breaks
    FixedList<InstalledPackage, 8> offending{};    // the installed package of each conflict
    [[nodiscard]] constexpr bool ok() const noexcept { return problems.empty(); }
    [[nodiscard]] constexpr bool has(ReasonCode c) const noexcept {
        for (const auto& p : problems)
            if (p.code == c) return true;
        return false;
    }
};

// The official row for a release on a platform: the exact version, else the
// same major.minor (patch releases keep their minor's configuration).
[[nodiscard]] constexpr const TensorFlowRow* find_tensorflow_row(const Version& tf, Platform p,
                                                                const TableSet& t = bundled) noexcept {
    const Platform rows_of = p == Platform::Wsl2 ? Platform::Linux : p;
    const TensorFlowRow* same_minor = nullptr;
    for (const auto& r : t.tensorflow) {
        if (r.platform != rows_of) continue;
        if (r.tensorflow == tf) return &r;
        if (same_minor == nullptr && r.tensorflow.same_prefix(tf, 2)) same_minor = &r;
    }
    return same_minor;
}

// Does a CUDA runtime `installed` provide the libraries a build against `built` loads?
[[nodiscard]] constexpr bool cuda_runtime_serves(const Version& built, const Version& installed) noexcept {
    if (built.major() != installed.major()) return false;
    if (built.major() < 11) return built.minor() == installed.minor();
    return installed.minor() >= built.minor();
}

// check() with the rest of what the user told: every option of the query
// (GPU, Python, architecture, Windows build, method) is judged by the same
// rules as resolve(), for this release on this platform. A release that has
// no GPU build for the platform gets the platform's reason, not "unknown".
// Throws as resolve() does for a query that names nothing.
[[nodiscard]] constexpr CheckResult check(const InstalledStack& s, const Query& query, const TableSet& t = bundled);
// Does `v` satisfy a single-clause specifier such as "<2" or ">=1.20"? An
// operator it does not know: no answer (the caller reports nothing).
[[nodiscard]] constexpr std::optional<bool> satisfies(const Version& v, std::string_view spec) noexcept {
    std::size_t n = 0;
    while (n < spec.size() && (spec[n] == '<' || spec[n] == '>' || spec[n] == '=' || spec[n] == '!')) ++n;
    const auto bound = Version::parse(spec.substr(n));
    if (!bound) return std::nullopt;
    const std::string_view op = spec.substr(0, n);
    if (op == "<") return v < *bound;
    if (op == "<=") return v <= *bound;
    if (op == ">") return v > *bound;
    if (op == ">=") return v >= *bound;
    if (op == "==") return v == *bound;
    if (op == "!=") return v != *bound;
    return std::nullopt;
}

[[nodiscard]] constexpr CheckResult check(const InstalledStack& s, const TableSet& t = bundled) noexcept {
    CheckResult r;
    r.tables = &t;
    r.row = find_tensorflow_row(s.tensorflow, s.platform, t);
    if (r.row == nullptr) {
        r.problems.push_back(Problem{.code = ReasonCode::TensorflowUnknown});
        return r;
    }
    const TensorFlowRow& row = *r.row;
    const std::string_view row_source = row.provenance.source;
    r.expects = find_libraries(row.tensorflow, s.platform, t);
    if (s.cudnn) {
        if (s.cudnn->major() != row.cudnn.major()) r.problems.push_back(Problem{.code = ReasonCode::CudnnMajorMismatch, .source = row_source});
        // A version known only by its major (libcudnn.so.9) says nothing of the minor.
        else if (s.cudnn->size() >= 2 && s.cudnn->minor() < row.cudnn.minor())
            r.problems.push_back(Problem{.code = ReasonCode::CudnnMinorTooOld, .source = row_source});
    }
    if (s.cuda && !cuda_runtime_serves(row.cuda, *s.cuda)) r.problems.push_back(Problem{.code = ReasonCode::CudaRuntimeMismatch, .source = row_source});
    if (s.driver || s.driver_cuda) {
        const DriverVerdict dv = judge_driver(row.cuda, find_cuda_release(row.cuda, t), s.platform, s.driver, s.driver_cuda, t);
        if (!dv.ok) r.problems.push_back(detail::driver_reason(dv));
    }
    // No list of files, but a CUDA version: what that release ships. A build
    // against 11.0 loads libcusolver.so.10, which 11.1 and later do not ship.
    if (!s.libraries_known && s.cuda && r.expects != nullptr && cuda_runtime_serves(row.cuda, *s.cuda)) {
        if (const CudaLibraries* ships = find_cuda_libraries(*s.cuda, s.platform, t)) {
            const TensorFlowLibraries& e = *r.expects;
            const std::string_view pairs[][2] = {{e.cudart, ships->cudart},   {e.cublas, ships->cublas},     {e.cublaslt, ships->cublaslt},
                                                 {e.cufft, ships->cufft},     {e.curand, ships->curand},     {e.cusolver, ships->cusolver},
                                                 {e.cusparse, ships->cusparse}};
            for (const auto& [want, have] : pairs)
                if (!want.empty() && !have.empty() && want != have) r.missing.push_back(want);
            if (!r.missing.empty()) {
                r.shipped_by = ships;
                r.problems.push_back(Problem{.code = ReasonCode::LibraryNotFound, .source = r.expects->provenance.source});
            }
        }
    }
    if (s.libraries_known && r.expects != nullptr) {
        const TensorFlowLibraries& e = *r.expects;
        for (std::string_view name : {e.cudart, e.cublas, e.cublaslt, e.cufft, e.curand, e.cusolver, e.cusparse, e.cudnn}) {
            if (name.empty()) continue;
            bool found = false;
            for (std::string_view have : s.libraries) found = found || have == name;
            if (!found) r.missing.push_back(name);
        }
        if (!r.missing.empty()) r.problems.push_back(Problem{.code = ReasonCode::LibraryNotFound, .source = e.provenance.source});
    }
    // Installed packages against the pins the release needs today
    // (data/python_constraints.json). A row limited to some patches applies
    // only to an installed TensorFlow inside them.
    for (const auto& pkg : s.packages) {
        for (const auto& k : t.python_constraints) {
            if (k.framework != "tensorflow" || !s.tensorflow.same_prefix(k.release, 2) || k.package != pkg.name) continue;
            if (!k.patch_from.empty() && (s.tensorflow < k.patch_from || s.tensorflow > k.patch_to)) continue;
            if (satisfies(pkg.version, k.spec) == false) {
                // One pin broken is enough to name a package: at most one
                // conflict per package, so `conflicts` holds as many as `packages`.
                r.conflicts.push_back(&k);
                r.offending.push_back(pkg);
                break;
            }
        }
    }
    if (!r.conflicts.empty()) r.problems.push_back(Problem{.code = ReasonCode::PackageIncompatible, .source = r.conflicts[0]->provenance.source});
    return r;
}

[[nodiscard]] constexpr CheckResult check(const InstalledStack& s, const Query& query, const TableSet& t) {
    Query q = query;
    q.platform = s.platform;
    q.driver = s.driver;
    q.driver_cuda = s.driver_cuda;
    q.tensorflow.reset();  // the release is matched by its row below
    const Resolution res = resolve(q, t);
    CheckResult r = check(s, t);
    r.query = q;
    if (r.row == nullptr) {
        // Not a release of this platform: say why, as resolve() does.
        for (const auto& x : res.rejected) {
            if (x.platform != s.platform || !x.row->tensorflow.same_prefix(s.tensorflow, 2)) continue;
            r.problems = {};
            r.row = x.row;
            for (const Reason& why : res.reasons(x))
                if (why.code != ReasonCode::TfConstraint) r.problems.push_back(why);
            r.platform_reason = true;
            return r;
        }
        return r;
    }
    for (const auto& x : res.rejected) {
        if (x.row != r.row || x.platform != s.platform) continue;
        for (const Reason& why : res.reasons(x))
            if (why.code != ReasonCode::TfConstraint && !r.has(why.code)) r.problems.push_back(why);
    }
    return r;
}

// A CheckResult refers to its table set, as a Resolution does: a temporary one does not compile.
CheckResult check(const InstalledStack& s, const TableSet&& t) = delete;
CheckResult check(const InstalledStack& s, const Query& query, const TableSet&& t) = delete;

}  // namespace gpucompat
