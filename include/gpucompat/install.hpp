// gpucompat — install plans and the commands that carry them out.
//
// A plan is data (conda specs, pip specs, environment steps); renderers turn
// it into bash, PowerShell, a conda environment.yml or a pip requirements
// file. Exact conda builds come only from the bundled conda table, which
// holds only builds seen in real listings: a build nobody can source is
// never guessed. Every name that reaches a shell is validated first.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages.hpp"
#include "resolver.hpp"

namespace gpucompat {

enum class InstallFormat { Sh, PowerShell, Yml, Requirements };

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
        if (!version.empty()) s += "=" + version;
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

// conda's own rule for environment names, tightened to what is safe to paste
// into any shell unquoted: letters, digits, '.', '_', '-'; no leading '-'.
[[nodiscard]] inline bool valid_env_name(std::string_view s) noexcept {
    if (s.empty() || s.size() > 64 || s.front() == '-' || s.front() == '.') return false;
    for (char c : s)
        if (!detail::is_alnum(c) && c != '.' && c != '_' && c != '-') return false;
    return s != "base";
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

}  // namespace detail

[[nodiscard]] inline InstallPlan plan_install(const Candidate& c, const InstallOptions& o = {}) {
    const TensorFlowRow& row = *c.row;
    const TableSet& t = *c.tables;
    InstallPlan plan;
    plan.candidate = c;
    const std::string mm = std::string(row.tensorflow.truncated(2).text());
    plan.env = o.env.empty() ? "tf-" + mm : o.env;
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
                    detail::find_conda(t, "cudnn", row.cudnn, row.cuda, subdir, ch, pin_builds))
                    return ch;
            }
            return CondaChannel::CondaForge;
        };
        plan.channel = pick_channel();
        const CondaPackage* tk = detail::find_conda(t, "cudatoolkit", row.cuda.truncated(2), Version{}, subdir, plan.channel, false);
        const CondaPackage* dnn = detail::find_conda(t, "cudnn", row.cudnn, row.cuda, subdir, plan.channel, false);
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
            if (const CondaPackage* e = detail::find_conda(t, "cudnn", row.cudnn, row.cuda, subdir, plan.channel, true)) {
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
}  // namespace detail

[[nodiscard]] inline std::string render_install(const InstallPlan& plan, InstallFormat format) {
    const TensorFlowRow& row = *plan.candidate.row;
    const std::string header = "TensorFlow " + std::string(row.tensorflow.text()) + " on " + detail::platform_name(plan.candidate.platform) +
                               ": CUDA " + std::string(row.cuda.text()) + ", cuDNN " + std::string(row.cudnn.text()) +
                               ", Python " + plan.python;
    std::string out;
    const std::string channel = std::string(to_string(plan.channel));
    switch (format) {
        case InstallFormat::Sh:
        case InstallFormat::PowerShell: {
            const bool ps = format == InstallFormat::PowerShell;
            auto q = [&](std::string_view s) { return ps ? detail::ps_quote(s) : detail::sh_quote(s); };
            out += "# " + header + "\n";
            for (const auto& n : plan.notes) out += "# " + n + "\n";
            out += "conda create -y -n " + plan.env + " python=" + plan.python + "\n";
            out += "conda activate " + plan.env + "\n";
            if (!plan.conda.empty()) {
                out += "conda install -y -c " + channel;
                for (const auto& s : plan.conda) out += " " + q(s.spec());
                out += "\n";
            }
            out += "python -m pip install --upgrade pip\n";
            out += "python -m pip install";
            for (const auto& p : plan.pip) out += " " + q(p);
            out += "\n";
            if (plan.ld_library_path_hook && !ps) {
                out += "# Let TensorFlow find conda's CUDA libraries whenever the environment is active\n";
                out += "mkdir -p \"$CONDA_PREFIX/etc/conda/activate.d\"\n";
                out += "echo 'export LD_LIBRARY_PATH=\"$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/\"' > \"$CONDA_PREFIX/etc/conda/activate.d/env_vars.sh\"\n";
                out += "conda deactivate && conda activate " + plan.env + "\n";
            }
            out += "python -c \"import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))\"\n";
            break;
        }
        case InstallFormat::Yml: {
            out += "# " + header + "\n";
            for (const auto& n : plan.notes) out += "# " + n + "\n";
            out += "name: " + plan.env + "\nchannels:\n  - " + (plan.conda.empty() ? std::string("conda-forge") : channel) + "\n";
            out += "dependencies:\n  - python=" + plan.python + "\n";
            for (const auto& s : plan.conda) out += "  - " + s.spec() + "\n";
            out += "  - pip\n  - pip:\n";
            for (const auto& p : plan.pip) out += "      - \"" + p + "\"\n";
            if (plan.ld_library_path_hook)
                out += "# After creating it: add $CONDA_PREFIX/lib to LD_LIBRARY_PATH (an activate.d script; see `gpucompat install --format sh`)\n";
            break;
        }
        case InstallFormat::Requirements: {
            out += "# " + header + "\n";
            for (const auto& n : plan.notes) out += "# " + n + "\n";
            for (const auto& s : plan.conda) out += "# from conda, not pip: " + s.spec() + "\n";
            for (const auto& p : plan.pip) out += p + "\n";
            break;
        }
    }
    return out;
}

}  // namespace gpucompat
