// gpucompat — install plans and the commands that carry them out.
//
// A plan is data (conda specs, pip specs, environment steps); renderers turn
// it into bash, PowerShell, a conda environment.yml or a pip requirements
// file. Exact conda builds come only from the bundled conda table, which
// holds only builds seen in real listings: a build nobody can source is
// never guessed. Every name that reaches a shell is validated first.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "messages.hpp"
#include "resolver.hpp"

namespace gpucompat {

// Uv: a virtual environment made by uv (`uv venv`, `uv pip install`), for
// plans that pip alone carries out; sh, or PowerShell for native Windows.
enum class InstallFormat { Sh, PowerShell, Yml, Requirements, Uv };

struct InstallOptions {
    InstallMethod method = InstallMethod::Any;     // Any: conda for the CUDA libraries when the era needs them
    std::optional<CondaChannel> channel;           // default: where the table has exact builds, else conda-forge
    bool exact = false;                            // pin conda build strings where known, and the full TensorFlow version
    bool conda_builds = false;                     // pin conda build strings where known (pip stays X.Y.*)
    std::string env = "";                          // conda environment name; default tf-X.Y
    std::optional<Version> python;                 // default: the query's, else the newest the release supports
};

struct CondaSpec {
    std::string name, version, build;  // build empty when unknown or not requested
    const CondaPackage* row = nullptr; // where the exact build comes from
    [[nodiscard]] std::string spec() const {
        std::string s = name;
        // A version constraint ("<2") is written as conda's match spec numpy<2.
        if (!version.empty()) s += (version[0] == '<' || version[0] == '>' || version[0] == '!') ? version : "=" + version;
        if (!build.empty()) s += "=" + build;
        return s;
    }
};

struct InstallPlan {
    Candidate candidate{};              // a copy: a plan outlives the Resolution it came from
    bool use_conda = false;
    CondaChannel channel = CondaChannel::CondaForge;
    std::string env;
    std::string python;                 // 3.10
    std::vector<CondaSpec> conda;       // CUDA libraries from conda
    std::vector<std::string> pip;       // pip requirement specs
    bool ld_library_path_hook = false;  // Linux/WSL2 conda: activate.d script
    std::vector<std::string> notes;
};

// Why a conda environment name is refused, or no value when it is safe.
//
// The name reaches a shell, conda and a file system, so the rule is the
// intersection of what each accepts unquoted: letters, digits, '.', '_', '-';
// not starting with '-' (an option to conda) or '.' (hidden), not ending with
// '.' (Windows drops a trailing dot, so the folder would not match the name).
// Reserved names are refused case-insensitively: conda's own environment
// (base, and root, its old alias) would be the user's installation, not a new
// environment; Windows device names (con, prn, aux, nul, com1-com9,
// lpt1-lpt9, also with an extension such as nul.tf) cannot be folders there.
[[nodiscard]] constexpr std::optional<ParseError> env_name_problem(std::string_view s) noexcept {
    if (s.empty()) return ParseError{0, "empty environment name"};
    if (s.size() > 64) return ParseError{64, "at most 64 characters"};
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!detail::is_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
            return ParseError{i, "only letters, digits, '.', '_' and '-' are allowed"};
    if (s.front() == '-' || s.front() == '.') return ParseError{0, "must not start with '-' or '.'"};
    if (s.back() == '.') return ParseError{s.size() - 1, "must not end with '.' (Windows drops it from folder names)"};
    if (detail::iequals(s, "base") || detail::iequals(s, "root"))
        return ParseError{0, "reserved by conda for its own base environment"};
    const std::string_view stem = s.substr(0, s.find('.'));
    for (std::string_view device : {"con", "prn", "aux", "nul"})
        if (detail::iequals(stem, device)) return ParseError{0, "a Windows device name (con, prn, aux, nul, com1-9, lpt1-9)"};
    if (stem.size() == 4 && (detail::iequals(stem.substr(0, 3), "com") || detail::iequals(stem.substr(0, 3), "lpt")) &&
        stem[3] >= '1' && stem[3] <= '9')
        return ParseError{0, "a Windows device name (con, prn, aux, nul, com1-9, lpt1-9)"};
    return std::nullopt;
}

[[nodiscard]] constexpr bool valid_env_name(std::string_view s) noexcept { return !env_name_problem(s).has_value(); }

namespace detail {
// User text in an error message: printable ASCII, at most 80 characters.
inline std::string shown_text(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (out.size() >= 80) return out + "...";
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

inline void require_env_name(std::string_view env) {
    if (const auto e = env_name_problem(env))
        throw std::invalid_argument("conda environment name '" + shown_text(env) + "': " + std::string(e->message) +
                                    " (expected letters, digits, '.', '_' and '-', such as tf-2.10)");
}
}  // namespace detail

// How a release lets Python ask for its GPUs. The call must exist in the
// release the script installs, or the last line fails on a working setup:
//  * tf.config.list_physical_devices: from 2.1 (the r2.1 API docs list it in
//    tf.config; r2.0's tf.config has only experimental_list_devices and the
//    soft-placement pair; huggingface/transformers#5955 hit the AttributeError
//    on 2.0).
//  * tf.config.experimental.list_physical_devices: 1.14 to 2.0 (API docs r1.15
//    and r2.0; 1.14.0's release notes: the first 1.x release carrying the 2.0
//    API, tf.config included; 1.13.1 has no tf.config at all,
//    fizyr/keras-maskrcnn#117). Later releases keep it only as an alias.
//  * tf.test.is_gpu_available(): every release before (deprecated from 2.1).
enum class GpuCheckApi { IsGpuAvailable, ExperimentalListPhysicalDevices, ListPhysicalDevices };

[[nodiscard]] constexpr GpuCheckApi gpu_check_api(const Version& tensorflow) noexcept {
    // major.minor only: 2.1.0rc0 already has the 2.1 API.
    const Version mm = tensorflow.truncated(2);
    if (mm >= Version::of(2, 1)) return GpuCheckApi::ListPhysicalDevices;
    if (mm >= Version::of(1, 14)) return GpuCheckApi::ExperimentalListPhysicalDevices;
    return GpuCheckApi::IsGpuAvailable;
}

// One Python statement without '$', '`', '"' or a backslash, so it can sit in double
// quotes in sh and PowerShell alike.
[[nodiscard]] constexpr std::string_view gpu_check_python(GpuCheckApi api) noexcept {
    switch (api) {
        case GpuCheckApi::ListPhysicalDevices: return "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))";
        case GpuCheckApi::ExperimentalListPhysicalDevices:
            return "import tensorflow as tf; print(tf.config.experimental.list_physical_devices('GPU'))";
        case GpuCheckApi::IsGpuAvailable: break;
    }
    return "import tensorflow as tf; print(tf.test.is_gpu_available())";
}

namespace detail {

inline std::string_view conda_subdir(Platform p) {
    switch (p) {
        case Platform::Windows: return "win-64";
        case Platform::MacOS: return "osx-64";
        default: return "linux-64";
    }
}

// The newest row of `name` whose version starts with `prefix` (and, for cudnn,
// whose CUDA matches `cuda`), on this subdir and channel.
inline const CondaPackage* find_conda(const TableSet& t, std::string_view name, const Version& prefix, const Version& cuda,
                                      std::string_view subdir, CondaChannel channel, bool need_build) {
    const CondaPackage* best = nullptr;
    for (const auto& p : t.conda_packages) {
        if (p.name != name || p.subdir != subdir || p.channel != channel || !p.version.starts_with(prefix)) continue;
        if (need_build && p.build.empty()) continue;
        if (!cuda.empty() && !p.cuda.empty()) {
            // CUDA 10.x libraries carry the exact minor; 11+ only the major.
            const bool ok = cuda.major() >= 11 ? p.cuda.major() == cuda.major() : p.cuda.truncated(2) == cuda.truncated(2);
            if (!ok) continue;
        }
        if (best == nullptr || p.version > best->version) best = &p;
    }
    return best;
}

// The cuDNN package for a release: its own major.minor where the tables have
// it, else the newest of the same major with a minor at least as new, which
// TensorFlow's loader accepts ("CuDNN library major and minor version needs
// to match or have higher minor version"; see check.hpp).
inline const CondaPackage* find_cudnn(const TableSet& t, const TensorFlowRow& row, std::string_view subdir, CondaChannel channel,
                                      bool need_build) {
    if (const CondaPackage* exact = find_conda(t, "cudnn", row.cudnn, row.cuda, subdir, channel, need_build)) return exact;
    const CondaPackage* best = nullptr;
    for (std::uint32_t minor = row.cudnn.minor() + 1; minor < 10; ++minor)
        if (const CondaPackage* p = find_conda(t, "cudnn", Version::of(row.cudnn.major(), minor), row.cuda, subdir, channel, need_build))
            best = p;
    return best;
}

}  // namespace detail

namespace detail {
// Anaconda's terms for its own channels: users in organisations often must
// avoid `defaults`; conda-forge is free for everyone.
inline constexpr std::string_view defaults_terms_note =
    "Anaconda's defaults channel needs a paid licence for use on behalf of an organisation of 200 or more employees or "
    "contractors (Anaconda Terms of Service 2.1, in force from 2024-03-30; https://anaconda.com/pricing/terms-of-service-faqs); "
    "conda-forge is free for everyone (https://conda-forge.org/blog/posts/2020-11-20-anaconda-tos/): use --channel conda-forge where it has the packages";
}  // namespace detail

// The rows of t.python_constraints that the planned install needs: the
// release's minor, a Python at or above the row's floor (NumPy 2 cannot
// install below 3.9), and, for a row limited to some patches, an exact pin
// inside them (an X.Y.* or <X.Y+1 spec lets pip take the newest patch, which
// carries the bound itself). An unknown Python keeps the pin: it is harmless.
[[nodiscard]] inline std::vector<const PythonConstraint*> constraints_for(const Version& tensorflow, bool exact,
                                                                          std::string_view python, const TableSet& t) {
    std::vector<const PythonConstraint*> out;
    const Version mm = tensorflow.truncated(2);
    const auto py = Version::parse(python);
    for (const auto& k : t.python_constraints) {
        if (k.framework != "tensorflow" || k.release != mm) continue;
        if (k.python_min.major != 0 && py && py->size() >= 2 &&
            py->truncated(2) < Version::of(k.python_min.major, k.python_min.minor))
            continue;
        if (!k.patch_from.empty() && !(exact && k.patch_from <= tensorflow && tensorflow <= k.patch_to)) continue;
        out.push_back(&k);
    }
    return out;
}

[[nodiscard]] inline InstallPlan plan_install(const Candidate& c, const InstallOptions& o = {}) {
    const TensorFlowRow& row = *c.row;
    const TableSet& t = *c.tables;
    InstallPlan plan;
    plan.candidate = c;
    const std::string mm = std::string(row.tensorflow.truncated(2).text());
    plan.env = o.env.empty() ? "tf-" + mm : o.env;
    detail::require_env_name(plan.env);  // refused before anything is planned for it
    if (o.python) {
        plan.python = std::string(o.python->truncated(2).text());
    } else if (!row.python.empty()) {
        plan.python = std::to_string(row.python.back().major) + "." + std::to_string(row.python.back().minor);
    }

    const bool pip_cuda = (c.platform == Platform::Linux || c.platform == Platform::Wsl2) && find_pip_extra(row.tensorflow, t);
    // From the [and-cuda] era pip brings CUDA and cuDNN; before it, conda is
    // the documented way to get matching libraries (TensorFlow pip guide).
    plan.use_conda = o.method == InstallMethod::Conda || (o.method == InstallMethod::Any && !pip_cuda && c.platform != Platform::MacOS);

    // pip: the package of the era.
    std::string pkg = std::string(row.package);
    if (pip_cuda) pkg += "[and-cuda]";
    if (o.exact) {
        plan.pip.push_back(pkg + "==" + std::string(row.tensorflow.text()));
    } else if (c.platform == Platform::Windows && row.tensorflow == last_gpu_release(Platform::Windows, t)) {
        // TensorFlow's own Windows instruction: pip install "tensorflow<2.11".
        const Version next = Version::of(row.tensorflow.major(), row.tensorflow.minor() + 1);
        plan.pip.push_back(pkg + "<" + std::string(next.text()));
    } else {
        plan.pip.push_back(pkg + "==" + mm + ".*");
    }

    const bool pin_builds = o.exact || o.conda_builds;
    if (plan.use_conda && !pip_cuda) {
        const std::string_view subdir = detail::conda_subdir(c.platform);
        auto pick_channel = [&]() {
            if (o.channel) return *o.channel;
            // Prefer the channel where both libraries have rows for this platform.
            for (CondaChannel ch : {CondaChannel::Defaults, CondaChannel::CondaForge}) {
                if (detail::find_conda(t, "cudatoolkit", row.cuda.truncated(2), Version{}, subdir, ch, pin_builds) &&
                    detail::find_cudnn(t, row, subdir, ch, pin_builds))
                    return ch;
            }
            return CondaChannel::CondaForge;
        };
        plan.channel = pick_channel();
        const CondaPackage* tk = detail::find_conda(t, "cudatoolkit", row.cuda.truncated(2), Version{}, subdir, plan.channel, false);
        const CondaPackage* dnn = detail::find_cudnn(t, row, subdir, plan.channel, false);
        CondaSpec toolkit{"cudatoolkit", std::string(row.cuda.truncated(2).text()), "", tk};
        CondaSpec cudnn{"cudnn", "", "", dnn};
        if (dnn != nullptr) cudnn.version = std::string(dnn->version.truncated(3).text());
        else cudnn.version = std::string(row.cudnn.text());
        if (pin_builds) {
            if (const CondaPackage* e = detail::find_conda(t, "cudatoolkit", row.cuda.truncated(2), Version{}, subdir, plan.channel, true)) {
                toolkit.version = std::string(e->version.text());
                toolkit.build = std::string(e->build);
                toolkit.row = e;
            } else {
                plan.notes.push_back("No sourced cudatoolkit " + toolkit.version + " build for " + std::string(subdir) + " on " +
                                     std::string(to_string(plan.channel)) + ": version pinned, build left to conda");
            }
            if (const CondaPackage* e = detail::find_cudnn(t, row, subdir, plan.channel, true)) {
                cudnn.version = std::string(e->version.text());
                cudnn.build = std::string(e->build);
                cudnn.row = e;
            } else {
                plan.notes.push_back("No sourced cudnn " + cudnn.version + " build for " + std::string(subdir) + " on " +
                                     std::string(to_string(plan.channel)) + ": version pinned, build left to conda");
            }
        }
        if (tk == nullptr)
            plan.notes.push_back("No sourced cudatoolkit " + toolkit.version + " package for " + std::string(subdir) + " on " +
                                 std::string(to_string(plan.channel)) + " in the bundled tables: check `conda search -c " +
                                 std::string(to_string(plan.channel)) + " cudatoolkit` before relying on this line");
        if (dnn == nullptr)
            plan.notes.push_back("No sourced cudnn " + cudnn.version + " package for CUDA " + std::string(row.cuda.text()) + " on " +
                                 std::string(subdir) + " / " + std::string(to_string(plan.channel)) + " in the bundled tables: check `conda search -c " +
                                 std::string(to_string(plan.channel)) + " cudnn` before relying on this line");
        if (dnn != nullptr && !dnn->version.same_prefix(row.cudnn, 2))
            plan.notes.push_back("cuDNN " + std::string(dnn->version.truncated(3).text()) + " for TensorFlow's " + std::string(row.cudnn.text()) +
                                 ": the tables source no " + std::string(row.cudnn.text()) + " build on this channel, and TensorFlow loads any " +
                                 std::to_string(row.cudnn.major()) + ".x with an equal or higher minor (its cuDNN version check)");
        if (!o.channel)
            plan.notes.push_back("Channel " + std::string(to_string(plan.channel)) + ": " +
                                 (tk != nullptr && dnn != nullptr ? "the bundled tables source both packages there"
                                                                  : "no channel has both packages in the bundled tables; conda-forge is the default"));
        plan.conda.push_back(toolkit);
        plan.conda.push_back(cudnn);
        plan.ld_library_path_hook = c.platform == Platform::Linux || c.platform == Platform::Wsl2;
    }
    if (!plan.use_conda && !pip_cuda && c.platform != Platform::MacOS) {
        plan.notes.push_back("pip alone does not bring CUDA " + std::string(row.cuda.text()) + " and cuDNN " +
                             std::string(row.cudnn.text()) + " for this release: install them from NVIDIA and put their " +
                             (c.platform == Platform::Windows ? "bin folders on PATH" : "lib folders on LD_LIBRARY_PATH") +
                             ", or use --method conda");
    }
    // The candidate was judged with Anaconda's defaults conda build (its
    // capability list differs from the pip wheels'): install that binary, from
    // the channel that has it, or the answer would not be the one installed.
    if (c.arches != nullptr && c.arches->build == "conda-defaults") {
        plan.use_conda = true;
        plan.channel = CondaChannel::Defaults;
        plan.pip.clear();
        plan.conda.insert(plan.conda.begin(), CondaSpec{"tensorflow-gpu", mm, "", nullptr});
        plan.notes.push_back("TensorFlow comes from Anaconda's defaults channel (tensorflow-gpu " + mm +
                             ", built with TF_CUDA_COMPUTE_CAPABILITIES=" + std::string(c.arches->config) +
                             "), not from pip: the pip wheels carry no code for this GPU (" + std::string(c.arches->provenance.source) + ")");
    }
    // Pins the release needs today on top of its own metadata (numpy<2,
    // protobuf<3.20): pip, or conda where TensorFlow itself comes from conda.
    const bool tf_from_conda = plan.pip.empty();  // Anaconda's tensorflow-gpu X.Y: any patch
    for (const PythonConstraint* k : constraints_for(row.tensorflow, o.exact && !tf_from_conda, plan.python, t)) {
        const std::string spec = std::string(k->package) + std::string(k->spec);
        if (tf_from_conda)
            plan.conda.push_back(CondaSpec{std::string(k->package), std::string(k->spec), "", nullptr});
        else
            plan.pip.push_back(spec);
        std::string why = spec + ": TensorFlow " + mm;
        if (!k->patch_from.empty()) why += " (" + std::string(k->patch_from.text()) + " to " + std::string(k->patch_to.text()) + ")";
        if (!k->python_min.major) {
            why += ": ";
        } else {
            why += " on Python " + std::to_string(k->python_min.major) + "." + std::to_string(k->python_min.minor) + "+: ";
        }
        plan.notes.push_back(why + std::string(k->why) + " (" + std::string(k->provenance.source) + ")");
    }
    if (plan.use_conda && plan.channel == CondaChannel::Defaults)
        plan.notes.push_back(std::string(detail::defaults_terms_note));
    if (c.platform == Platform::Windows && plan.use_conda)
        plan.notes.push_back("conda puts the CUDA DLLs in %CONDA_PREFIX%\\Library\\bin, which is on PATH while the environment is active");
    return plan;
}

namespace detail {
inline std::string sh_quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}
inline std::string ps_quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "''";
        else out += c;
    }
    return out + "'";
}
// A word that is inert unquoted in sh and PowerShell alike stays as it is
// (tf-2.12, python=3.11), anything else is quoted: a name that slipped past
// validation still cannot become code.
constexpr bool plain_word(std::string_view s) noexcept {
    if (s.empty() || s.front() == '-') return false;
    for (char c : s)
        if (!is_alnum(c) && c != '.' && c != '_' && c != '-' && c != '=') return false;
    return true;
}
inline std::string sh_word(std::string_view s) { return plain_word(s) ? std::string(s) : sh_quote(s); }
// A long option (--index-url) is inert in sh and PowerShell alike: written as it is.
constexpr bool option_name(std::string_view s) noexcept {
    if (s.size() < 3 || s.substr(0, 2) != "--") return false;
    for (char c : s.substr(2))
        if (!is_alnum(c) && c != '-') return false;
    return true;
}
inline std::string ps_word(std::string_view s) { return plain_word(s) ? std::string(s) : ps_quote(s); }

// Text for a '#' comment line: a line break in a note must not end the
// comment and start a command.
inline std::string comment_text(std::string_view s) {
    std::string out;
    for (char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    return out;
}

}  // namespace detail

// What a script sets up, whatever the framework: one conda environment with
// its Python, the conda packages, then pip (with the index options a wheel
// needs) inside it, and the line that asks the framework for its GPUs.
struct ScriptSpec {
    std::string header;                 // first comment line
    std::vector<std::string> notes;     // comment lines
    std::string env, python;
    bool windows = false;
    std::string channel = "conda-forge";
    std::vector<std::string> conda;     // conda match specs
    std::vector<std::string> pip;       // requirement specs
    std::vector<std::string> pip_options;  // "--index-url", "https://download.pytorch.org/whl/cu130"
    bool ld_library_path_hook = false;
    std::string check;                  // one Python statement (no $, `, " or backslash)
    std::string framework = "TensorFlow";  // who finds conda's CUDA libraries through the hook
};

namespace detail {
inline std::string render_sh(const ScriptSpec& s) {
    const std::string env = sh_word(s.env);
    const std::string python = s.windows ? "\"$prefix/python.exe\"" : "\"$prefix/bin/python\"";
    const std::string exists_message = "gpucompat: a conda environment named " + s.env +
                                       " already exists; nothing was changed. Remove it first (conda env remove -n " + s.env +
                                       ") or choose another name (--env).";
    std::string out = "# Paste it or run it with sh: it stops at the first failure, never replaces an existing\n"
                      "# environment, and names " + s.env + " in every step.\n";
    out += "(\nset -e\n";
    out += "if conda list -n " + env + " >/dev/null 2>&1; then\n";
    out += "  echo " + sh_quote(exists_message) + " >&2\n  exit 1\nfi\n";
    out += "conda create -n " + env + " " + sh_word("python=" + s.python) + "\n";
    if (!s.conda.empty()) {
        out += "conda install -y -n " + env + " -c " + s.channel;
        for (const auto& c : s.conda) out += " " + sh_quote(c);
        out += "\n";
    }
    // Python on Windows ends its line with \r, which $(...) keeps.
    out += "prefix=$(conda run -n " + env + " python -c 'import sys; print(sys.prefix)'" + (s.windows ? " | tr -d '\\r'" : "") + ")\n";
    out += "if [ ! -d \"$prefix/conda-meta\" ]; then\n";
    out += "  echo " + sh_quote("gpucompat: conda did not report the folder of environment " + s.env + "; stopping") + " >&2\n  exit 1\nfi\n";
    if (!s.pip.empty()) {
        out += python + " -m pip install --upgrade pip\n";
        out += python + " -m pip install";
        for (const auto& p : s.pip) out += " " + sh_quote(p);
        for (const auto& o : s.pip_options) out += " " + (option_name(o) ? o : sh_word(o));
        out += "\n";
    }
    if (s.ld_library_path_hook) {
        // Evaluated when the environment is activated, so $CONDA_PREFIX is then this environment.
        out += "mkdir -p \"$prefix/etc/conda/activate.d\"\n";
        out += "echo 'export LD_LIBRARY_PATH=\"$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/\"' > \"$prefix/etc/conda/activate.d/env_vars.sh\"\n";
    }
    out += "conda run -n " + env + " python -c \"" + s.check + "\"\n";
    out += "echo " + sh_quote("Done. Use it with: conda activate " + s.env) + "\n)\n";
    return out;
}

inline std::string render_powershell(const ScriptSpec& s) {
    const std::string env = ps_word(s.env);
    const std::string python = s.windows ? "& (Join-Path $prefix 'python.exe')" : "& (Join-Path $prefix 'bin/python')";
    const std::string exists_message = "gpucompat: a conda environment named " + s.env +
                                       " already exists; nothing was changed. Remove it first (conda env remove -n " + s.env +
                                       ") or choose another name (--env).";
    auto checked = [&](const std::string& command, std::string_view what) {
        return command + "\nif ($LASTEXITCODE -ne 0) { throw \"gpucompat: " + std::string(what) + " failed (exit $LASTEXITCODE)\" }\n";
    };
    std::string out = "# Paste it or run it: it stops at the first failure, never replaces an existing\n"
                      "# environment, and names " + s.env + " in every step.\n";
    out += "& {\n$ErrorActionPreference = 'Stop'\n";
    // The list as JSON: asking `conda list -n` and redirecting its
    // error output would itself stop Windows PowerShell 5.1 here.
    out += checked("$envs = conda env list --json | Out-String", "conda env list");
    out += "if ((ConvertFrom-Json $envs).envs | Where-Object { (Split-Path -Leaf $_) -eq " + ps_quote(s.env) + " }) {\n  throw " +
           ps_quote(exists_message) + "\n}\n";
    out += checked("conda create -n " + env + " " + ps_word("python=" + s.python), "conda create");
    if (!s.conda.empty()) {
        std::string install = "conda install -y -n " + env + " -c " + s.channel;
        for (const auto& c : s.conda) install += " " + ps_quote(c);
        out += checked(install, "conda install");
    }
    out += checked("$prefix = (conda run -n " + env + " python -c 'import sys; print(sys.prefix)' | Out-String).Trim()", "conda run");
    out += "if (-not (Test-Path -LiteralPath (Join-Path $prefix 'conda-meta'))) {\n  throw " +
           ps_quote("gpucompat: conda did not report the folder of environment " + s.env + "; stopping") + "\n}\n";
    if (!s.pip.empty()) {
        out += checked(python + " -m pip install --upgrade pip", "pip");
        std::string pip = python + " -m pip install";
        for (const auto& p : s.pip) pip += " " + ps_quote(p);
        for (const auto& o : s.pip_options) pip += " " + (option_name(o) ? o : ps_word(o));
        out += checked(pip, "pip");
    }
    if (s.ld_library_path_hook) {
        out += "New-Item -ItemType Directory -Force -Path (Join-Path $prefix 'etc/conda/activate.d') | Out-Null\n";
        out += "Set-Content -LiteralPath (Join-Path $prefix 'etc/conda/activate.d/env_vars.sh') -Value "
               "'export LD_LIBRARY_PATH=\"$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/\"'\n";
    }
    out += checked("conda run -n " + env + " python -c \"" + s.check + "\"", "the GPU check");
    out += "Write-Host " + ps_quote("Done. Use it with: conda activate " + s.env) + "\n}\n";
    return out;
}

inline std::string render_yml(const ScriptSpec& s) {
    std::string out = "# Create it with: conda env create -f <this file>. Without --force or --yes, conda stops or\n"
                      "# asks before it replaces an existing environment named " + s.env + ".\n";
    // Quoted: a bare name such as 1.10 or yes would be read as a number or a boolean.
    out += "name: \"" + s.env + "\"\nchannels:\n  - " + (s.conda.empty() ? std::string("conda-forge") : s.channel) + "\n";
    out += "dependencies:\n  - python=" + s.python + "\n";
    for (const auto& c : s.conda) out += "  - " + c + "\n";
    if (!s.pip.empty()) {
        out += "  - pip\n  - pip:\n";
        // conda hands these lines to pip as a requirements file: an index
        // option is one line of it.
        for (std::size_t i = 0; i + 1 < s.pip_options.size(); i += 2)
            out += "      - \"" + s.pip_options[i] + " " + s.pip_options[i + 1] + "\"\n";
        for (const auto& p : s.pip) out += "      - \"" + p + "\"\n";
    }
    if (s.ld_library_path_hook)
        out += "# Then let " + s.framework + " find conda's CUDA libraries: `gpucompat install --format sh` writes the\n"
               "# activate.d hook into " + s.env + "'s own folder.\n";
    return out;
}

// uv: a virtual environment folder named like the conda environment, in the
// current folder, refused when anything of that name exists.
inline std::string render_uv_sh(const ScriptSpec& s) {
    const std::string dir = sh_word(s.env);
    const std::string python = sh_word(s.env + (s.windows ? "/Scripts/python.exe" : "/bin/python"));
    std::string out = "# Paste it or run it with sh (uv: https://docs.astral.sh/uv/): it stops at the first failure and\n"
                      "# never replaces an existing folder " + s.env + ".\n";
    out += "(\nset -e\n";
    out += "if [ -e " + dir + " ]; then\n  echo " +
           sh_quote("gpucompat: " + s.env + " already exists here; nothing was changed. Remove it or choose another name (--env).") +
           " >&2\n  exit 1\nfi\n";
    out += "uv venv --python " + sh_word(s.python) + " " + dir + "\n";
    out += "uv pip install --python " + python;
    for (const auto& p : s.pip) out += " " + sh_quote(p);
    for (const auto& o : s.pip_options) out += " " + (option_name(o) ? o : sh_word(o));
    out += "\n" + python + " -c \"" + s.check + "\"\n";
    out += "echo " + sh_quote("Done. Use it with: . " + s.env + (s.windows ? "/Scripts/activate" : "/bin/activate")) + "\n)\n";
    return out;
}

inline std::string render_uv_powershell(const ScriptSpec& s) {
    const std::string python = "(Join-Path " + ps_quote(s.env) + " 'Scripts/python.exe')";
    auto checked = [&](const std::string& command, std::string_view what) {
        return command + "\nif ($LASTEXITCODE -ne 0) { throw \"gpucompat: " + std::string(what) + " failed (exit $LASTEXITCODE)\" }\n";
    };
    std::string out = "# Paste it or run it (uv: https://docs.astral.sh/uv/): it stops at the first failure and\n"
                      "# never replaces an existing folder " + s.env + ".\n";
    out += "& {\n$ErrorActionPreference = 'Stop'\n";
    out += "if (Test-Path -LiteralPath " + ps_quote(s.env) + ") {\n  throw " +
           ps_quote("gpucompat: " + s.env + " already exists here; nothing was changed. Remove it or choose another name (--env).") + "\n}\n";
    out += checked("uv venv --python " + ps_word(s.python) + " " + ps_word(s.env), "uv venv");
    std::string pip = "uv pip install --python " + python;
    for (const auto& p : s.pip) pip += " " + ps_quote(p);
    for (const auto& o : s.pip_options) pip += " " + (option_name(o) ? o : ps_word(o));
    out += checked(pip, "uv pip install");
    out += checked("& " + python + " -c \"" + s.check + "\"", "the GPU check");
    out += "Write-Host " + ps_quote("Done. Use it with: " + s.env + "\\Scripts\\Activate.ps1") + "\n}\n";
    return out;
}

inline std::string render_requirements(const ScriptSpec& s, const std::vector<std::string>& conda_only) {
    std::string out = "# Install it with the Python of the environment it is for, never base's:\n"
                      "# conda run -n " + s.env + " python -m pip install -r <this file>\n";
    for (const auto& c : conda_only) out += "# from conda, not pip: " + c + "\n";
    // pip reads index options from a requirements file, one per line.
    for (std::size_t i = 0; i + 1 < s.pip_options.size(); i += 2) out += s.pip_options[i] + " " + s.pip_options[i + 1] + "\n";
    for (const auto& p : s.pip) out += p + "\n";
    return out;
}

// One script from a spec: the header and notes as comments, then the format's body.
inline std::string render_script(const ScriptSpec& s, InstallFormat format) {
    require_env_name(s.env);
    std::string out = "# " + comment_text(s.header) + "\n";
    for (const auto& n : s.notes) out += "# " + comment_text(n) + "\n";
    switch (format) {
        case InstallFormat::Sh: return out + render_sh(s);
        case InstallFormat::PowerShell: return out + render_powershell(s);
        case InstallFormat::Yml: return out + render_yml(s);
        case InstallFormat::Requirements: return out + render_requirements(s, s.conda);
        case InstallFormat::Uv: return out + (s.windows ? render_uv_powershell(s) : render_uv_sh(s));
    }
    return out;
}
}  // namespace detail

// The commands for a plan. Every format is safe to paste and to run:
//  * an existing environment is never replaced: the scripts check first and
//    stop with a message, `conda create` carries no -y, and the yml says to
//    create it without --force;
//  * every step names the environment (conda -n, the environment's own
//    python) and the scripts stop at the first failure (sh: a subshell with
//    set -e, so a pasted block cannot close the user's shell; PowerShell: a
//    script block with $ErrorActionPreference = 'Stop' and $LASTEXITCODE
//    checked after every native command). Nothing depends on `conda activate`,
//    which fails in a script before `conda init` and would leave every later
//    line running in whatever environment was active;
//  * the LD_LIBRARY_PATH hook goes into the folder conda reports for the new
//    environment, checked to be one (conda-meta), never into $CONDA_PREFIX.
// Throws std::invalid_argument when plan.env is not a safe environment name
// (env_name_problem() says why, without throwing).
[[nodiscard]] inline std::string render_install(const InstallPlan& plan, InstallFormat format) {
    detail::require_env_name(plan.env);
    if (format == InstallFormat::Uv && !plan.conda.empty())
        throw std::invalid_argument("this plan takes CUDA libraries from conda: uv cannot carry it out (use sh, powershell or yml)");
    const TensorFlowRow& row = *plan.candidate.row;
    ScriptSpec s;
    s.header = "TensorFlow " + std::string(row.tensorflow.text()) + " on " + detail::platform_name(plan.candidate.platform) + ": CUDA " +
               std::string(row.cuda.text()) + ", cuDNN " + std::string(row.cudnn.text()) + ", Python " + plan.python;
    s.notes = plan.notes;
    s.env = plan.env;
    s.python = plan.python;
    s.windows = plan.candidate.platform == Platform::Windows;
    s.channel = std::string(to_string(plan.channel));
    for (const auto& c : plan.conda) s.conda.push_back(c.spec());
    s.pip = plan.pip;
    s.ld_library_path_hook = plan.ld_library_path_hook;
    s.check = std::string(gpu_check_python(gpu_check_api(row.tensorflow)));
    return detail::render_script(s, format);
}

// The pip command that installs one build, as its publisher documents it:
// `pip install torch==2.8.0 --index-url https://download.pytorch.org/whl/cu126`,
// plain `pip install torch==2.8.0` for PyPI's default, `pip install "jax[cuda13]==0.8.0"`.
inline std::string framework_pip_command(const FrameworkRelease& r) {
    const std::string spec(r.pip_spec);
    std::string cmd = "pip install " + (spec.find('[') != std::string::npos ? "\"" + spec + "\"" : spec);
    if (r.pip_index != PipIndex::None) cmd += " " + std::string(to_string(r.pip_index)) + " " + std::string(r.pip_index_url);
    return cmd;
}

}  // namespace gpucompat
