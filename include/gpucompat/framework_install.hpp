// gpucompat — install plans for PyTorch and JAX builds: the pip command its
// publisher documents (PyPI, or PyTorch's per-variant index, or a find-links
// page), written through the same safe script writers as TensorFlow's
// (install.hpp): sh and PowerShell scripts that make a conda environment and
// pip-install into it, a conda environment.yml, a requirements file, or a uv
// virtual environment.
//
// The wheels bring CUDA and cuDNN themselves (PyTorch's nvidia-* dependencies,
// jax[cuda12]/jax[cuda13]); a *_local JAX plugin uses a CUDA the user
// installs, which the plan says. The bundled tables hold no conda package
// facts for PyTorch or JAX (conda-forge's pytorch/jaxlib builds and their
// cuda-version pins), so a conda-only install is not planned: unknown, not
// guessed (conda_install_unknown()).
#pragma once

#include <string>
#include <vector>

#include "framework_resolver.hpp"
#include "install.hpp"
#include "messages.hpp"

namespace gpucompat {

struct FrameworkInstallPlan {
    FrameworkCandidate candidate{};     // a copy: a plan outlives the resolution it came from
    std::string env;                    // conda environment / uv folder: torch-2.11, jax-0.11
    std::string python;                 // 3.12
    std::vector<std::string> pip;       // torch==2.11.0, jax[cuda13]==0.11.0
    std::vector<std::string> pip_options;  // {"--index-url", "https://download.pytorch.org/whl/cu130"}
    std::vector<std::string> notes;
};

// The one statement that asks the framework for its GPUs; no $, `, " or
// backslash, so it sits in double quotes in sh and PowerShell alike.
[[nodiscard]] constexpr std::string_view framework_gpu_check(Framework f) noexcept {
    switch (f) {
        case Framework::PyTorch: return "import torch; print(torch.__version__, torch.cuda.is_available(), torch.version.cuda)";
        case Framework::Jax: return "import jax; print(jax.__version__, jax.devices())";
        case Framework::TensorFlow: break;
    }
    return "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))";
}

// Why no conda plan is given for PyTorch or JAX (shown to the user).
[[nodiscard]] inline std::string conda_install_unknown(Framework f) {
    return "conda install of " + framework_name(f) +
           ": unknown; the bundled tables hold no sourced conda package facts (conda-forge builds and their cuda-version pins) for it. "
           "Use pip (--method pip): the scripts make a conda environment and pip-install the wheels into it";
}

// The pip command as one line a user pastes: `pip install torch==2.11.0 --index-url ...`.
[[nodiscard]] inline std::string framework_uv_command(const FrameworkRelease& r) {
    const std::string spec(r.pip_spec);
    std::string cmd = "uv pip install " + (spec.find('[') != std::string::npos ? "\"" + spec + "\"" : spec);
    if (r.pip_index != PipIndex::None)
        cmd += " " + std::string(r.pip_index == PipIndex::FindLinks ? "--find-links" : to_string(r.pip_index)) + " " + std::string(r.pip_index_url);
    return cmd;
}

[[nodiscard]] inline FrameworkInstallPlan plan_framework_install(const FrameworkCandidate& c, const InstallOptions& o = {}) {
    const FrameworkRelease& row = *c.row;
    FrameworkInstallPlan plan;
    plan.candidate = c;
    const std::string mm = std::string(row.version.truncated(2).text());
    plan.env = o.env.empty() ? std::string(row.framework == Framework::PyTorch ? "torch-" : "jax-") + mm : o.env;
    detail::require_env_name(plan.env);
    if (o.python) plan.python = std::string(o.python->truncated(2).text());
    else if (!row.python.empty()) plan.python = std::to_string(row.python.back().major) + "." + std::to_string(row.python.back().minor);
    plan.pip.push_back(std::string(row.pip_spec));
    if (row.pip_index != PipIndex::None) {
        plan.pip_options.push_back(std::string(row.pip_index == PipIndex::FindLinks ? "--find-links" : to_string(row.pip_index)));
        plan.pip_options.push_back(std::string(row.pip_index_url));
    }
    c.notes.for_each([&](NoteCode n) {
        if (n != NoteCode::DriverUnknown) plan.notes.push_back(framework_note_message(c, n));
    });
    if (row.framework == Framework::PyTorch && row.pypi_default)
        plan.notes.push_back("PyPI's default torch " + std::string(row.version.text()) + " on " + detail::platform_name(row.platform) +
                             " is this " + std::string(row.variant) + " build: no index URL needed");
    if (row.pip_index == PipIndex::IndexUrl)
        plan.notes.push_back("--index-url replaces PyPI for this command: install other packages with a separate pip command");
    return plan;
}

// Throws std::invalid_argument when plan.env is not a safe name.
[[nodiscard]] inline std::string render_framework_install(const FrameworkInstallPlan& plan, InstallFormat format) {
    const FrameworkRelease& row = *plan.candidate.row;
    ScriptSpec s;
    s.header = framework_name(row.framework) + " " + std::string(row.version.text()) + " " + std::string(row.variant) + " on " +
               detail::platform_name(plan.candidate.platform) + " " + std::string(to_string(row.arch)) + ": CUDA " + std::string(row.cuda.text()) +
               ", cuDNN " + (row.cudnn.empty() ? std::string("unknown") : std::string(row.cudnn.text())) + ", Python " + plan.python;
    s.notes = plan.notes;
    s.env = plan.env;
    s.python = plan.python;
    s.windows = plan.candidate.platform == Platform::Windows;
    s.pip = plan.pip;
    s.pip_options = plan.pip_options;
    s.check = std::string(framework_gpu_check(row.framework));
    s.framework = framework_name(row.framework);
    return detail::render_script(s, format);
}

}  // namespace gpucompat
