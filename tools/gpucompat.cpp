// gpucompat — the command-line tool. A thin layer over the library: it parses
// options, calls resolve()/check()/plan_install()/detect_machine() and prints.
// No compatibility logic lives here. Contract: docs/contract.md.
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/gpus.hpp>
#include <gpucompat/doctor_json.hpp>
#include <gpucompat/json.hpp>
#include <gpucompat/report.hpp>
#include <gpucompat/framework_check_json.hpp>
#include <gpucompat/framework_env.hpp>
#include <gpucompat/fleet.hpp>
#include <gpucompat/probe.hpp>
#include <gpucompat/sanitize.hpp>

#include "output.hpp"
#include "table_render.hpp"

using namespace gpucompat;
using nlohmann::json;

namespace {

constexpr int exit_ok = 0, exit_nothing_fits = 1, exit_usage = 2, exit_detection = 3;
// The answer was computed but could not be written (full disk, closed pipe):
// distinct from 2, since nothing was wrong with what the user typed.
constexpr int exit_write = 4;
// Something failed that was not the user's input (a bug, memory): exit 2
// would blame what they typed.
constexpr int exit_internal = 5;

// Bad input: one line naming the option and the expected form, exit 2.
struct UsageError {
    std::string message;
};

// User text echoed back in an error: printable ASCII only, at most 80
// characters and an ellipsis, so a 128 KB value still gives one short line.
std::string shown(std::string_view s) { return gpucompat::detail::shown_text(s); }

template <class T>
T parsed_or_throw(const Parsed<T>& p, const std::string& option, const std::string& text) {
    if (!p) {
        throw UsageError{option + " '" + shown(text) + "': " + std::string(p.error().message) + " (at position " +
                         std::to_string(p.error().position + 1) + ")"};
    }
    return *p;
}

// Range checks on top of the parsers, which take any 32-bit component: a
// value no release of the thing has ever had is a typo, said so at once
// rather than answered as if it were real.
void require_components_at_most(const std::string& option, const std::string& text, std::uint32_t max, const char* expected) {
    std::size_t digits = 0;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '.') {
            digits = 0;
            value = 0;
            continue;
        }
        if (text[i] < '0' || text[i] > '9') continue;  // the parser already judged the form
        value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
        if (value > max || ++digits > 9)
            throw UsageError{option + " '" + shown(text) + "': each number must be at most " + std::to_string(max) + " (expected " +
                             expected + ")"};
    }
}
Version toolkit_version(const std::string& option, const std::string& text, std::size_t max_parts, const char* expected) {
    const Version v = parsed_or_throw(Version::parse(text), option, text);
    if (v.size() > max_parts || v.major() < 1 || v.major() > 99)
        throw UsageError{option + " '" + shown(text) + "': expected " + expected};
    require_components_at_most(option, text, 9999, expected);
    return v;
}

bool colour_enabled() { return isatty(1) && std::getenv("NO_COLOR") == nullptr; }
std::string paint(const std::string& s, const char* code) {
    return colour_enabled() ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
}

std::string data_date() {
    std::string newest;
    auto see = [&](const Provenance& p) { newest = std::max(newest, std::string(p.checked)); };
    for (const auto& r : bundled.tensorflow) see(r.provenance);
    for (const auto& r : bundled.cuda_releases) see(r.provenance);
    for (const auto& r : bundled.conda_packages) see(r.provenance);
    return newest;
}

// An option given with an empty value is bad input, not an omitted option.
const CLI::Validator nonempty{[](std::string& s) { return s.empty() ? std::string("empty value") : std::string(); }, "", "nonempty"};

// An enumerated option: CLI11's CheckedTransformer accepts each spelling (in
// any case) and hands on the canonical name, --help lists the values, and a
// bad one is one line: "--os: 'banana': expected linux, windows, wsl2 or macos".
using Spellings = std::vector<std::pair<std::string, std::string>>;
CLI::Validator one_of(const Spellings& accepted, const std::string& listed) {
    const CLI::CheckedTransformer check(accepted, CLI::ignore_case);
    std::string names;
    for (const auto& [spelling, canonical] : accepted)
        if (spelling == canonical) names += (names.empty() ? "" : ",") + canonical;
    return CLI::Validator(
        [check, listed](std::string& s) {
            const std::string given = s;
            return check(s).empty() ? std::string() : "'" + shown(given) + "': expected " + listed;
        },
        "{" + names + "}", "one of");
}
const Spellings os_values = {{"linux", "linux"}, {"windows", "windows"}, {"win", "windows"}, {"win32", "windows"}, {"win64", "windows"},
                             {"wsl2", "wsl2"},   {"wsl", "wsl2"},         {"macos", "macos"}, {"mac", "macos"},     {"darwin", "macos"},
                             {"osx", "macos"}};
const Spellings arch_values = {{"x86_64", "x86_64"}, {"amd64", "x86_64"}, {"x64", "x86_64"}, {"aarch64", "aarch64"}, {"arm64", "aarch64"}};
const Spellings method_values = {{"pip", "pip"}, {"conda", "conda"}, {"any", "any"}};
const Spellings framework_values = {{"tensorflow", "tensorflow"}, {"tf", "tensorflow"}, {"pytorch", "pytorch"}, {"torch", "pytorch"}, {"jax", "jax"}};
// install --format keeps the spelling given: --json echoes it.
const Spellings install_formats = {{"sh", "sh"}, {"bash", "bash"}, {"powershell", "powershell"}, {"ps1", "ps1"},
                                   {"yml", "yml"}, {"yaml", "yaml"}, {"requirements", "requirements"}, {"txt", "txt"}, {"uv", "uv"}};
const Spellings channel_values = {{"auto", "auto"}, {"defaults", "defaults"}, {"conda-forge", "conda-forge"}};
const Spellings doctor_formats = {{"text", "text"}, {"json", "json"}, {"prometheus", "prometheus"}, {"nfd", "nfd"}};
const Spellings table_formats = {{"md", "md"}, {"csv", "csv"}, {"json", "json"}, {"html", "html"}};

DriverVersion parse_driver(const std::string& text) {
    const DriverVersion d = parsed_or_throw(DriverVersion::parse(text), "--driver", text);
    require_components_at_most("--driver", text, 9999, "a driver version such as 456.71, 525.60.13 or 27.21.14.5671");
    return d;
}
DriverCudaVersion parse_driver_cuda(const std::string& text) {
    const DriverCudaVersion d = parsed_or_throw(DriverCudaVersion::parse(text), "--driver-cuda", text);
    if (text.find('.') != std::string::npos) require_components_at_most("--driver-cuda", text, 99, "a CUDA version such as 12.4");
    return d;
}

// The query options every command shares.
struct QueryOptions {
    std::string os, os_build, arch, driver, driver_cuda, python, tf, method;
    std::vector<std::string> cc, gpu;
    bool json = false;

    void add_to(CLI::App* app) {
        app->add_option("--os", os, "target platform: linux, windows (native), wsl2, macos")->transform(one_of(os_values, "linux, windows, wsl2 or macos"));
        app->add_option("--os-build", os_build, "Windows build: 19044, 10.0.19045.3803, 21H2, win11-23H2")->check(nonempty);
        app->add_option("--arch", arch, "CPU architecture: x86_64, aarch64")->transform(one_of(arch_values, "x86_64 or aarch64"));
        app->add_option("--driver", driver, "NVIDIA driver: 456.71, 525.60.13, or Windows' 27.21.14.5671")->check(nonempty);
        app->add_option("--driver-cuda", driver_cuda, "highest CUDA the driver supports (nvidia-smi's \"CUDA Version\"): 12.4")->check(nonempty);
        app->add_option("--cc", cc, "GPU compute capability, repeatable: 5.0, 8.6, sm_86")->check(nonempty);
        app->add_option("--gpu", gpu, "GPU model name, repeatable: \"GeForce GTX 850M\", \"RTX 3060\"");
        app->add_option("--python", python, "Python version: 3.7, 3.10.12")->check(nonempty);
        app->add_option("--tf", tf, "TensorFlow constraint: 2.10, <2.11, >=2.4,<2.7, 2.10.*, ==2.4.0")->check(nonempty);
        app->add_option("--method", method, "install method: pip, conda, any")->transform(one_of(method_values, "pip, conda or any"));
        app->add_flag("--json", json, "machine-readable output on stdout");
    }

    [[nodiscard]] Query to_query() const {
        Query q;
        if (!os.empty()) q.platform = parsed_or_throw(parse_platform(os), "--os", os);
        if (!os_build.empty()) q.windows_build = parsed_or_throw(parse_windows_build(os_build), "--os-build", os_build);
        if (!arch.empty()) q.arch = parsed_or_throw(parse_arch(arch), "--arch", arch);
        if (!driver.empty()) q.driver = parse_driver(driver);
        if (!driver_cuda.empty()) q.driver_cuda = parse_driver_cuda(driver_cuda);
        // Any number of GPUs: the query keeps their distinct capabilities.
        auto add_gpu = [&q](const ComputeCapability& c) {
            if (!q.cc.try_push_back(c))
                throw UsageError{"--cc/--gpu: more than " + std::to_string(ComputeCapabilities::capacity) + " distinct compute capabilities"};
        };
        for (const auto& c : cc) add_gpu(parsed_or_throw(ComputeCapability::parse(c), "--cc", c));
        for (const auto& g : gpu) {
            const auto all = find_gpu_all(g);
            if (all.empty()) throw UsageError{"--gpu '" + shown(g) + "': unknown GPU model (expected a name such as \"GeForce GTX 850M\"; or give --cc)"};
            if (all.size() > 1) {
                // One name, two chips: guessing would answer for the wrong one.
                std::string ccs;
                for (std::size_t i = 0; i < all.size(); ++i)
                    ccs += (i == 0 ? "" : i + 1 == all.size() ? " and " : ", ") + gpucompat::detail::cc_text(all[i]->cc);
                throw UsageError{"--gpu '" + shown(g) + "': this name covers GPUs of compute capability " + ccs +
                                 "; give --cc with the one you have (nvidia-smi --query-gpu=compute_cap --format=csv)"};
            }
            add_gpu(all.front()->cc);
        }
        if (!python.empty()) {
            const Version v = parsed_or_throw(Version::parse(python), "--python", python);
            if (v.size() < 2 || v.major() < 2 || v.major() > 3) throw UsageError{"--python '" + shown(python) + "': expected a Python version such as 3.10"};
            q.python = v;
        }
        if (!tf.empty()) q.tensorflow = parsed_or_throw(VersionSpec::parse(tf), "--tf", tf);
        if (!method.empty()) q.method = parsed_or_throw(parse_install_method(method), "--method", method);
        if (q.windows_build && q.platform && *q.platform != Platform::Windows && *q.platform != Platform::Wsl2)
            throw UsageError{"--os-build: only meaningful with --os windows or --os wsl2"};
        return q;
    }
};

void print_resolution(const Resolution& r, bool all, std::ostream& out) { out << resolution_text(r, all, TextStyle{colour_enabled()}); }

int cmd_resolve(const QueryOptions& o, bool all) {
    const Query q = o.to_query();
    const Resolution r = resolve(q);
    if (o.json) {
        InstallOptions shown;
        shown.method = q.method;
        shown.conda_builds = true;
        shown.python = q.python;
        std::cout << to_json(r, shown).dump(2) << "\n";
    } else {
        print_resolution(r, all, std::cout);
    }
    return r.fits() ? exit_ok : exit_nothing_fits;
}

// --- resolve --framework pytorch|jax ---------------------------------------------
struct FrameworkOptions {
    std::string framework, torch, jax;
    void add_to(CLI::App* app) {
        app->add_option("--framework", framework,
                        "tensorflow (default), pytorch, jax, all, or a list such as pytorch,jax (builds that share one environment)")
            ->check(nonempty);
        app->add_option("--torch", torch, "PyTorch constraint (implies --framework pytorch): 2.8, >=2.4,<2.7; 2.11.0+cu130 pins the CUDA variant")
            ->check(nonempty);
        app->add_option("--jax", jax, "JAX constraint (implies --framework jax): 0.6.*, >=0.4.30; 0.8.0+cuda13 pins the CUDA variant")->check(nonempty);
    }
    // The frameworks asked for, each once: --framework (one, a comma list, or
    // all) and those a constraint implies (--tf, --torch, --jax); TensorFlow
    // when none is named. Two or more ask for builds sharing one environment.
    [[nodiscard]] std::vector<Framework> frameworks_of(const QueryOptions& o) const {
        std::vector<Framework> out;
        auto add = [&](Framework f) {
            if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
        };
        for (std::size_t pos = 0; !framework.empty() && pos <= framework.size();) {
            const std::size_t comma = std::min(framework.find(',', pos), framework.size());
            add_named(framework.substr(pos, comma - pos), add);
            pos = comma + 1;
        }
        const bool named = !out.empty();
        // --tf alone keeps its old meaning; beside another framework it adds TensorFlow.
        if (!o.tf.empty() && (named || !torch.empty() || !jax.empty())) add(Framework::TensorFlow);
        if (!torch.empty()) add(Framework::PyTorch);
        if (!jax.empty()) add(Framework::Jax);
        if (out.empty()) add(Framework::TensorFlow);
        if ((out.size() > 1 || out.front() != Framework::TensorFlow) && !o.method.empty() && o.method != "pip" && o.method != "any")
            throw UsageError{"--method " + shown(o.method) + ": PyTorch and JAX builds are answered for pip only (" +
                             conda_install_unknown(out.back() == Framework::TensorFlow ? out.front() : out.back()) + ")"};
        std::sort(out.begin(), out.end());  // TensorFlow, PyTorch, JAX: the order answers list them in
        return out;
    }
    template <class Add>
    void add_named(const std::string& name, Add&& add) const {
        if (name == "tensorflow" || name == "tf") add(Framework::TensorFlow);
        else if (name == "pytorch" || name == "torch") add(Framework::PyTorch);
        else if (name == "jax") add(Framework::Jax);
        else if (name == "all") {
            add(Framework::TensorFlow);
            add(Framework::PyTorch);
            add(Framework::Jax);
        } else {
            throw UsageError{"--framework '" + shown(framework) + "': expected tensorflow, pytorch, jax, all, or a comma list such as pytorch,jax"};
        }
    }
    [[nodiscard]] FrameworkQuery query(Framework f) const {
        FrameworkQuery fq;
        const std::string& text = f == Framework::PyTorch ? torch : jax;
        const char* option = f == Framework::PyTorch ? "--torch" : "--jax";
        if (text.empty()) return fq;
        std::string spec = text;
        // "2.11.0+cu130": the local version names the CUDA variant.
        if (const auto plus = spec.find('+'); plus != std::string::npos) {
            const std::string variant = spec.substr(plus + 1);
            if (variant.empty() || variant.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
                throw UsageError{std::string(option) + " '" + shown(text) + "': expected a variant such as cu130 or cuda13 after '+'"};
            bool known = false;
            for (const auto& r : framework_rows(f)) known = known || r.variant == variant;
            if (!known) throw UsageError{std::string(option) + " '" + shown(text) + "': no " + (f == Framework::PyTorch ? "PyTorch" : "JAX") +
                                         " build in the bundled tables has the variant '" + shown(variant) + "'"};
            // FrameworkQuery keeps a view: one storage per framework, so a
            // PyTorch and a JAX query can live side by side.
            std::string& storage = f == Framework::PyTorch ? variant_storage : jax_variant_storage;
            storage = variant;
            fq.variant = storage;
            spec.resize(plus);
        }
        if (!spec.empty()) fq.version = parsed_or_throw(VersionSpec::parse(spec), option, text);
        return fq;
    }
    mutable std::string variant_storage, jax_variant_storage;
};

void print_framework_resolution(const FrameworkResolution& r, bool all, std::ostream& out) {
    out << resolution_text(r, all, TextStyle{colour_enabled()});
}

int cmd_resolve_framework(Framework f, const QueryOptions& o, const FrameworkOptions& fo, bool all) {
    const Query q = o.to_query();
    const FrameworkQuery fq = fo.query(f);
    const FrameworkResolution r = resolve_framework(f, q, fq);
    if (o.json) std::cout << to_json(r).dump(2) << "\n";
    else print_framework_resolution(r, all, std::cout);
    return r.fits() ? exit_ok : exit_nothing_fits;
}

// --- resolve for builds sharing one environment (--framework all, pytorch,jax) ---
SharedQuery shared_query(const std::vector<Framework>& fs, const QueryOptions& o, const FrameworkOptions& fo) {
    SharedQuery sq;
    sq.query = o.to_query();
    for (Framework f : fs) sq.frameworks.push_back(f);
    if (sq.wants(Framework::PyTorch)) sq.pytorch = fo.query(Framework::PyTorch);
    if (sq.wants(Framework::Jax)) sq.jax = fo.query(Framework::Jax);
    return sq;
}

// One member: what it is, how it is judged, the pip line that installs it.
void print_shared_member(const SharedResolution& r, Framework f, std::size_t i, std::ostream& out) {
    if (f == Framework::TensorFlow) {
        const Candidate& c = r.tensorflow.candidates[i];
        InstallOptions shown;
        shown.method = r.shared_query.query.method;
        shown.python = r.shared_query.query.python;
        const InstallPlan plan = plan_install(c, shown);  // conda for the CUDA libraries where the era needs them
        out << "    " << shared_member_label(r, f, i) << ": CUDA " << c.row->cuda.text() << ", cuDNN " << c.row->cudnn.text() << " ("
            << to_string(c.compatibility) << ")\n";
        if (!plan.conda.empty()) {
            out << "      conda install -c " << to_string(plan.channel);
            for (const auto& s : plan.conda) out << " \"" << s.spec() << "\"";
            out << "\n";
        }
        out << "      pip install";
        for (const auto& p : plan.pip) out << " \"" << p << "\"";
        out << "\n";
        return;
    }
    const FrameworkCandidate& c = f == Framework::PyTorch ? r.pytorch.candidates[i] : r.jax.candidates[i];
    out << "    " << shared_member_label(r, f, i) << ": CUDA " << c.row->cuda.text() << (f == Framework::Jax ? "+" : "") << ", cuDNN "
        << (c.row->cudnn.empty() ? std::string_view("unknown") : c.row->cudnn.text()) << (f == Framework::Jax ? "+" : "") << " ("
        << to_string(c.compatibility) << ")\n      " << framework_pip_command(*c.row) << "\n";
}

void print_shared_resolution(const SharedResolution& r, std::ostream& out) {
    std::string names;
    for (Framework f : r.shared_query.frameworks) names += (names.empty() ? "" : " + ") + framework_name(f);
    if (r.environments.empty()) out << paint("Nothing fits: no builds of " + names + " share one environment.", "1;31") << "\n";
    else out << paint(names + ": builds that share one environment", "1") << " (one CUDA major, one cuDNN, one Python), best first\n";
    std::size_t n = 0;
    for (const auto& e : r.environments) {
        out << "\n" << ++n << ". " << gpucompat::detail::platform_name(e.platform) << (e.arch ? " " + std::string(to_string(*e.arch)) : "")
            << ": CUDA " << e.cuda_major << ".x, cuDNN " << e.cudnn->text() << " serves all, Python " << python_mask_text(e.python) << "\n";
        for (Framework f : r.shared_query.frameworks) print_shared_member(r, f, e.member(f), out);
    }
    for (Framework f : r.shared_query.frameworks)
        if (r.candidate_count(f) == 0)
            out << "\n" << framework_name(f) << ": no build fits this query on its own (`gpucompat resolve --framework " << to_string(f)
                << "` says why)\n";
    if (!r.conflicts.empty()) out << "\nWhy the best builds are not together:\n";
    for (const auto& c : r.conflicts) out << "  " << paint(std::string(to_string(c.code)), "33") << ": " << shared_conflict_message(r, c) << "\n";
    if (!r.environments.empty())
        out << "\nRun an entry's pip lines in one environment, one command each (a PyTorch --index-url replaces PyPI for its own command)\n";
}

int cmd_resolve_shared(const std::vector<Framework>& fs, const QueryOptions& o, const FrameworkOptions& fo) {
    const SharedResolution r = resolve_shared(shared_query(fs, o, fo));
    if (o.json) std::cout << to_json(r).dump(2) << "\n";
    else print_shared_resolution(r, std::cout);
    return r.fits() ? exit_ok : exit_nothing_fits;
}

// --- install ------------------------------------------------------------------
// -o's target, judged before any work: a usage error names -o and says what
// to do; the write itself (tools/output.hpp) looks again, without a gap.
void check_output_target(const std::string& path, bool force) {
    const std::string head = "-o '" + shown(path) + "': ";
    const cli::Target t = cli::inspect(path);
    if (!t.error.empty()) throw UsageError{head + t.error + " (expected a file path)"};
    switch (t.kind) {
        case cli::TargetKind::Directory: throw UsageError{head + "is a directory (expected a file path)"};
        case cli::TargetKind::Symlink:
            if (!force)
                throw UsageError{head + "is a symbolic link (use --force to replace the link itself; the file it points to is never written)"};
            break;
        case cli::TargetKind::Regular:
        case cli::TargetKind::Other:
            if (!force) throw UsageError{head + "the file exists (use --force to overwrite)"};
            break;
        case cli::TargetKind::Missing: {
            const cli::Target folder = cli::inspect(cli::detail::folder_of(path) + "/.");
            if (!folder.error.empty() || folder.kind != cli::TargetKind::Directory)
                throw UsageError{head + "its folder does not exist" + (folder.error.empty() ? "" : " (" + folder.error + ")")};
            break;
        }
    }
}
struct InstallArgs {
    std::string format = "sh", channel, env, output;
    bool exact = false, force = false;
};

InstallFormat install_format(const std::string& f) {
    if (f == "sh" || f == "bash") return InstallFormat::Sh;
    if (f == "powershell" || f == "ps1") return InstallFormat::PowerShell;
    if (f == "yml" || f == "yaml") return InstallFormat::Yml;
    if (f == "requirements" || f == "txt") return InstallFormat::Requirements;
    if (f == "uv") return InstallFormat::Uv;
    throw UsageError{"--format '" + shown(f) + "': expected sh, powershell, yml, requirements or uv"};
}

InstallOptions install_options(const Query& q, const InstallArgs& a) {
    InstallOptions opt;
    opt.method = q.method;
    opt.exact = a.exact;
    opt.python = q.python;
    if (!a.channel.empty() && a.channel != "auto") {
        if (a.channel == "defaults") opt.channel = CondaChannel::Defaults;
        else if (a.channel == "conda-forge") opt.channel = CondaChannel::CondaForge;
        else throw UsageError{"--channel '" + shown(a.channel) + "': expected auto, defaults or conda-forge"};
    }
    if (!a.env.empty()) {
        if (const auto e = env_name_problem(a.env))
            throw UsageError{"--env '" + shown(a.env) + "': " + std::string(e->message) +
                             " (expected a conda environment name of letters, digits, '.', '_' and '-', such as tf210)"};
    }
    opt.env = a.env;
    if (!a.output.empty() && a.output != "-") check_output_target(a.output, a.force);  // -o - is standard output, as for most tools
    return opt;
}

// The answer to standard output or to -o's file, whole or not at all.
int emit_install(const std::string& text, const InstallArgs& a, int code) {
    if (text.empty()) return code;
    if (a.output.empty() || a.output == "-") {
        std::cout << text;
    } else if (const auto w = cli::write_file(a.output, text, a.force); !w.ok()) {
        std::cerr << "gpucompat: -o '" << shown(a.output) << "': cannot write the file: " << w.error
                  << (w.error == "exists" ? " (use --force to replace it)" : "") << "\n";
        return exit_write;
    }
    return code;
}

int cmd_install(const QueryOptions& o, const InstallArgs& a) {
    const Query q = o.to_query();
    const InstallFormat format = install_format(a.format);
    const InstallOptions opt = install_options(q, a);
    const Resolution r = resolve(q);
    std::string text;
    int code = exit_ok;
    if (const Candidate* best = r.best()) {
        const InstallPlan plan = plan_install(*best, opt);
        if (format == InstallFormat::Uv && !plan.conda.empty())
            throw UsageError{"--format uv: TensorFlow " + std::string(best->row->tensorflow.text()) +
                             " takes CUDA and cuDNN from conda here, which uv cannot install (expected sh, powershell, yml or requirements; or --method pip)"};
        if (o.json) {
            json j{{"candidate", to_json(*best, opt)}, {"format", a.format}, {"script", render_install(plan, format)}};
            text = j.dump(2) + "\n";
        } else {
            text = render_install(plan, format);
        }
    } else {
        std::cerr << "gpucompat: nothing fits this query; `gpucompat resolve` with the same options says why\n";
        code = exit_nothing_fits;
        // A program reading --json gets an object for every outcome, with the reasons.
        if (o.json) {
            const json resolved = to_json(r);
            json j{{"candidate", nullptr}, {"format", a.format}, {"script", nullptr},
                   {"query", resolved.at("query")}, {"rejected", resolved.at("rejected")}};
            text = j.dump(2) + "\n";
        }
    }
    return emit_install(text, a, code);
}

// The decisive reason the newest rejected build was refused, for an install
// that has nothing to install (JAX on native Windows: its own statement).
std::string framework_refusal(const FrameworkResolution& r) {
    if (r.rejected.empty()) return "no build in the bundled tables";
    const FrameworkRejection& rej = r.rejected[0];
    ReasonCode primary = ReasonCode::VersionConstraint;
    for (ReasonCode c : {ReasonCode::PlatformNoGpu, ReasonCode::ArchUnsupported, ReasonCode::PythonUnsupported, ReasonCode::DriverTooOld,
                         ReasonCode::ComputeCapabilityUnsupported, ReasonCode::VersionConstraint})
        if (rej.codes.has(c)) {
            primary = c;
            break;
        }
    return std::string(to_string(primary)) + ": " + framework_reason_message(r, rej, primary);
}

int cmd_install_framework(Framework f, const QueryOptions& o, const FrameworkOptions& fo, const InstallArgs& a) {
    const Query q = o.to_query();
    const FrameworkQuery fq = fo.query(f);
    const InstallFormat format = install_format(a.format);
    const InstallOptions opt = install_options(q, a);
    const FrameworkResolution r = resolve_framework(f, q, fq);
    const FrameworkCandidate* best = r.best();
    if (best == nullptr) {
        std::cerr << "gpucompat: nothing fits this query: " << framework_refusal(r) << " (`gpucompat resolve --framework " << to_string(f)
                  << "` with the same options lists every build)\n";
        std::string text;
        if (o.json) {
            const json resolved = to_json(r);
            text = json{{"candidate", nullptr}, {"format", a.format}, {"script", nullptr}, {"query", resolved.at("query")},
                        {"rejected", resolved.at("rejected")}}.dump(2) + "\n";
        }
        return emit_install(text, a, exit_nothing_fits);
    }
    const FrameworkInstallPlan plan = plan_framework_install(*best, opt);
    const std::string script = render_framework_install(plan, format);
    const std::string text = o.json ? json{{"candidate", to_json(*best)}, {"format", a.format}, {"script", script},
                                           {"uv", framework_uv_command(*best->row)}}.dump(2) + "\n"
                                    : script;
    return emit_install(text, a, exit_ok);
}

// --- check --------------------------------------------------------------------
struct CheckArgs {
    std::string cuda, cudnn;
    std::vector<std::string> libs;
    std::vector<std::string> packages;  // NAME==VERSION
};

int cmd_check(const QueryOptions& o, const CheckArgs& a) {
    if (o.tf.empty()) throw UsageError{"--tf: required by check (the installed TensorFlow release, e.g. 2.2 or 2.10.0)"};
    InstalledStack s;
    // --tf takes resolve's forms: a version, or a constraint (<2.11, 2.10.*),
    // which means the newest release of the platform that satisfies it.
    if (const auto v = Version::parse(o.tf)) {
        s.tensorflow = *v;
    } else {
        const VersionSpec spec = parsed_or_throw(VersionSpec::parse(o.tf), "--tf", o.tf);
        const Platform p = o.os.empty() ? Platform::Linux : parsed_or_throw(parse_platform(o.os), "--os", o.os);
        const Platform rows_of = p == Platform::Wsl2 ? Platform::Linux : p;
        for (const auto& row : bundled.tensorflow)
            if (row.platform == rows_of && spec.contains(row.tensorflow) && (s.tensorflow.empty() || s.tensorflow < row.tensorflow))
                s.tensorflow = row.tensorflow;
        if (s.tensorflow.empty())
            throw UsageError{"--tf '" + shown(o.tf) + "': no TensorFlow GPU release of this platform satisfies it"};
    }
    s.platform = o.os.empty() ? Platform::Linux : parsed_or_throw(parse_platform(o.os), "--os", o.os);
    if (!a.cuda.empty()) s.cuda = toolkit_version("--cuda", a.cuda, 3, "a CUDA version X.Y[.Z] from 1.0, such as 10.1 or 11.8");
    // cuDNN has a fourth number where conda writes one (8.1.0.77).
    if (!a.cudnn.empty()) s.cudnn = toolkit_version("--cudnn", a.cudnn, 4, "a cuDNN version X.Y[.Z] from 1.0, such as 7.6.5 or 8.1.0");
    if (!o.driver.empty()) s.driver = parse_driver(o.driver);
    if (!o.driver_cuda.empty()) s.driver_cuda = parse_driver_cuda(o.driver_cuda);
    if (a.libs.size() > 32) throw UsageError{"--lib: at most 32 library names"};
    for (const auto& l : a.libs) {
        const bool control = std::any_of(l.begin(), l.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
        const bool blank = l.find_first_not_of(' ') == std::string::npos;
        if (blank || control || l.size() > 128 || l.find_first_of("/\\") != std::string::npos)
            throw UsageError{"--lib '" + shown(l) + "': expected a library file name (no folders, blanks or control characters) such as cudart64_101.dll or libcudnn.so.8"};
        s.libraries.push_back(l);
    }
    s.libraries_known = !a.libs.empty();
    if (a.packages.size() > 8) throw UsageError{"--package: at most 8 packages"};
    for (const std::string& p : a.packages) {
        // The name is a view into `a`, which outlives `s`.
        const auto eq = p.find("==");
        const std::string_view name = eq == std::string::npos ? std::string_view{} : std::string_view(p).substr(0, eq);
        const bool name_ok = !name.empty() && name.size() <= 64 &&
                             std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'; });
        const auto v = Version::parse(name_ok ? std::string_view(p).substr(eq + 2) : std::string_view{});
        if (!name_ok || !v)
            throw UsageError{"--package '" + shown(p) + "': expected NAME==VERSION with a lower-case package name, such as numpy==2.0.2"};
        s.packages.push_back({name, *v});
    }
    // Every query option given is judged too (GPU, Python, architecture,
    // Windows build, method): the same rules as resolve, for this release.
    const Query q = o.to_query();
    const CheckResult r = check(s, q);
    if (o.json) {
        std::cout << to_json(s, r).dump(2) << "\n";
    } else {
        std::cout << check_text(s, r, TextStyle{colour_enabled()});
    }
    return r.ok() ? exit_ok : exit_nothing_fits;
}

// --- check --torch/--jax ----------------------------------------------------------
// "2.11.0+cu130": the installed release and the variant its local label names
// (PyTorch); "0.7.2+cuda13" for JAX. A bare PyTorch release is the platform's
// PyPI default build; +cpu is PyTorch's CPU-only build.
struct InstalledRelease {
    Version version;
    std::string variant;
};
InstalledRelease installed_release(Framework f, const std::string& text, const char* option) {
    const auto plus = text.find('+');
    const std::string head = text.substr(0, plus);
    const auto v = Version::parse(head);
    if (!v || head.find_first_not_of("0123456789.") != std::string::npos)
        throw UsageError{std::string(option) + " '" + shown(text) + "': check needs the installed release, such as " +
                         (f == Framework::PyTorch ? "2.11.0+cu130 or 2.8.0" : "0.7.2+cuda13")};
    InstalledRelease r{*v, plus == std::string::npos ? std::string() : text.substr(plus + 1)};
    if (plus == std::string::npos || (f == Framework::PyTorch && r.variant == "cpu")) return r;
    bool known = false;
    for (const auto& row : framework_rows(f)) known = known || row.variant == r.variant;
    if (!known)
        throw UsageError{std::string(option) + " '" + shown(text) + "': no " + framework_name(f) + " build in the bundled tables has the variant '" +
                         shown(r.variant) + "'"};
    return r;
}

// --package NAME==VERSION, as the TensorFlow check reads it; the name views `p`.
InstalledPackage package_arg(const std::string& p) {
    const auto eq = p.find("==");
    const std::string_view name = eq == std::string::npos ? std::string_view{} : std::string_view(p).substr(0, eq);
    const bool name_ok = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
    const auto v = Version::parse(name_ok ? std::string_view(p).substr(eq + 2) : std::string_view{});
    if (!name_ok || !v) throw UsageError{"--package '" + shown(p) + "': expected NAME==VERSION with a lower-case package name, such as jaxlib==0.7.2"};
    return {name, *v};
}

// JAX's packages from --package: jaxlib, and the CUDA plugins, whose name
// gives the variant when --jax does not.
void jax_packages(const CheckArgs& a, FrameworkInstall& s, std::string& variant) {
    if (a.packages.size() > 8) throw UsageError{"--package: at most 8 packages"};
    for (const std::string& text : a.packages) {
        const InstalledPackage p = package_arg(text);
        if (p.name == "jaxlib") s.jaxlib = p.version;
        for (std::string_view cuda : {"cuda12", "cuda13"})
            if (p.name == "jax-" + std::string(cuda) + "-plugin" || p.name == "jax-" + std::string(cuda) + "-pjrt") {
                s.plugins.push_back(p);
                if (variant.empty()) variant = std::string(cuda);
            }
    }
}

void print_framework_check(const FrameworkInstall& s, const FrameworkCheckResult& r, std::ostream& out) {
    if (r.same_minor)
        out << "note: " << framework_install_label(s) << " is not in the bundled tables; judged by " << framework_label(*r.row)
            << ", the newest build of its minor\n";
    if (r.ok()) {
        out << paint("OK", "32") << ": " << framework_install_label(s) << " on " << gpucompat::detail::platform_name(r.platform) << " (CUDA "
            << r.row->cuda.text() << ", cuDNN " << (r.row->cudnn.empty() ? std::string_view("unknown") : r.row->cudnn.text())
            << ") is consistent with what was given\n";
        return;
    }
    for (const auto& p : r.problems) {
        const ProblemText t = framework_problem_text(s, r, p.code);
        out << paint(std::string(to_string(p.code)), "31") << ": " << t.message << "\n  fix: " << t.fix << "\n";
    }
}

int cmd_check_framework(Framework f, const QueryOptions& o, const CheckArgs& a, const FrameworkOptions& fo) {
    const std::string& text = f == Framework::PyTorch ? fo.torch : fo.jax;
    const char* option = f == Framework::PyTorch ? "--torch" : "--jax";
    if (text.empty()) throw UsageError{std::string(option) + ": required by check --framework " + std::string(to_string(f)) + " (the installed release)"};
    if (!a.libs.empty()) throw UsageError{"--lib: only with --tf (the library names TensorFlow loads are in its tables)"};
    InstalledRelease rel = installed_release(f, text, option);
    FrameworkInstall s;
    s.framework = f;
    s.version = rel.version;
    s.machine = o.to_query();
    if (!a.cuda.empty()) s.cuda = toolkit_version("--cuda", a.cuda, 3, "a CUDA version X.Y[.Z] from 1.0, such as 12.8 or 13.0");
    if (!a.cudnn.empty()) s.cudnn = toolkit_version("--cudnn", a.cudnn, 4, "a cuDNN version X.Y[.Z] from 1.0, such as 9.1.0 or 9.19.0");
    if (f == Framework::Jax) {
        jax_packages(a, s, rel.variant);
        if (rel.variant.empty())
            throw UsageError{"--jax '" + shown(text) + "': check needs the CUDA plugin, as 0.7.2+cuda13 or --package jax-cuda13-plugin==0.7.2"};
    } else if (!a.packages.empty()) {
        throw UsageError{"--package: with --torch, nothing is checked against Python packages yet"};
    }
    s.variant = rel.variant;
    const FrameworkCheckResult r = check_framework(s);
    if (o.json) std::cout << to_json(s, r).dump(2) << "\n";
    else print_framework_check(s, r, std::cout);
    return r.ok() ? exit_ok : exit_nothing_fits;
}

// --- doctor -------------------------------------------------------------------
// The program's own path, for the probe helper (`gpucompat __probe ...`):
// library calls run in a child of this same binary, never in this process.
std::string self_path() {
    std::error_code ec;
    const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : p.string();
}

// One line per library file: its version, then every path that leads to it and where each came from.
void print_libraries(const char* what, const std::vector<probe::LibraryFound>& libs, std::ostream& out) {
    auto pad = [](const std::string& w) { return "  " + w + std::string(w.size() < 14 ? 14 - w.size() : 1, ' '); };
    if (libs.empty()) out << pad(what) << "not found\n";
    for (const auto& l : libs) {
        out << pad(what) << (l.version ? std::string(l.version->text()) : "?");
        if (l.version && !l.version_from.empty()) out << " (" << l.version_from << ")";
        if (l.paths.empty()) out << "  [" << l.from << "]";
        for (std::size_t i = 0; i < l.paths.size(); ++i) out << (i == 0 ? "  " : ", ") << l.paths[i].path << " [" << l.paths[i].from << "]";
        out << "\n";
    }
}

// --- doctor: PyTorch and JAX ------------------------------------------------------
// Every PyTorch and JAX in the environment checked against the machine, and
// the best build of each for it.
struct DoctorFrameworks {
    std::vector<probe::FrameworkInEnv> installed;
    std::vector<FrameworkCheckResult> checks;  // index for index with `installed`
    fleet::FrameworkAnswers answers;
    json best = json::object();                // pytorch/jax -> the best candidate, or null
};

DoctorFrameworks doctor_frameworks(const probe::MachineInfo& m, const Query& q) {
    DoctorFrameworks d;
    d.installed = probe::frameworks_in_env(m, q);
    for (const auto& f : d.installed) {
        const FrameworkInstall s = f.install();
        d.checks.push_back(check_framework(s));
        fleet::InstalledAnswer a{f.found.name, std::string(to_string(s.framework)), f.found.version, f.variant, {}};
        for (const auto& p : d.checks.back().problems) a.problems.emplace_back(to_string(p.code));
        d.answers.installed.push_back(std::move(a));
    }
    for (Framework f : {Framework::PyTorch, Framework::Jax}) {
        const auto r = std::make_unique<FrameworkResolution>(resolve_framework(f, q));
        const FrameworkCandidate* b = r->best();
        fleet::FrameworkBest best{std::string(to_string(f)), "", "", ""};
        if (b != nullptr) best = {best.framework, std::string(b->row->version.text()), std::string(b->row->variant), std::string(to_string(b->compatibility))};
        d.answers.best.push_back(best);
        d.best[best.framework] = b != nullptr ? to_json(*b) : json(nullptr);
    }
    return d;
}

// One block per installed framework: what it is, what it loads, the verdict.
void print_doctor_frameworks(const DoctorFrameworks& d, std::ostream& out) {
    if (d.installed.empty()) return;
    out << "\n" << paint("Installed PyTorch and JAX (from package metadata, not imported)", "1") << "\n";
    for (std::size_t i = 0; i < d.installed.size(); ++i) {
        const auto& f = d.installed[i];
        const FrameworkInstall s = f.install();
        const FrameworkCheckResult& r = d.checks[i];
        out << "  " << framework_install_label(s) << "  [" << f.found.path << "]\n";
        if (r.row != nullptr)
            out << "    judged by " << framework_label(*r.row) << ": CUDA " << r.row->cuda.text() << ", cuDNN "
                << (r.row->cudnn.empty() ? std::string_view("unknown") : r.row->cudnn.text())
                << (r.same_minor ? " (the newest build of its minor: this release is not in the tables)" : "") << "\n";
        // Where each file is, the library lines above say; here, which copy this framework gets.
        if (!f.cudnn_path.empty()) out << "    loads cuDNN " << (s.cudnn ? std::string(s.cudnn->text()) : "?") << " [" << f.cudnn_from << "]\n";
        if (!f.cuda_path.empty()) out << "    loads CUDA runtime " << (s.cuda ? std::string(s.cuda->text()) : "?") << " [" << f.cuda_from << "]\n";
        if (r.ok()) out << "    " << paint("OK", "32") << ": consistent with this machine\n";
        for (const auto& p : r.problems) {
            const ProblemText t = framework_problem_text(s, r, p.code);
            out << "    " << paint(std::string(to_string(p.code)), "31") << ": " << t.message << "\n      fix: " << t.fix << "\n";
        }
    }
}

// The query doctor resolves for: what was detected. One entry per distinct
// compute capability: eight identical GPUs are one constraint, and a name
// that covers two chips constrains with both.
Query doctor_query(probe::MachineInfo& m) {
    Query q;
    q.platform = m.platform.value;
    q.windows_build = m.windows_build.value;
    q.driver = m.driver.value;
    q.driver_cuda = m.driver_cuda.value;
    std::vector<ComputeCapability> ccs;
    for (const auto& g : m.gpus) {
        if (g.cc) ccs.push_back(*g.cc);
        ccs.insert(ccs.end(), g.cc_candidates.begin(), g.cc_candidates.end());
    }
    std::sort(ccs.begin(), ccs.end());
    ccs.erase(std::unique(ccs.begin(), ccs.end()), ccs.end());
    std::size_t dropped = 0;
    for (const auto& c : ccs) dropped += c.empty() || q.cc.try_push_back(c) ? 0 : 1;
    if (dropped != 0)
        m.notes.push_back("more than " + std::to_string(ComputeCapabilities::capacity) + " distinct compute capabilities: resolving for the " +
                          std::to_string(ComputeCapabilities::capacity) + " lowest");
    if (m.python.value) q.python = m.python.value->truncated(2);
    return q;
}

// check: the installed TensorFlow (read from its package metadata) or else
// the newest candidate, against the CUDA runtime, cuDNN and the Python
// packages found (numpy 2 beside a release built against NumPy 1.x).
std::optional<InstalledStack> doctor_stack(const probe::MachineInfo& m, const Resolution& r, const Query& q) {
    std::optional<Version> installed_tf;
    for (const auto& f : m.frameworks)
        if (f.name == "tensorflow" || f.name == "tensorflow-gpu")
            if (const auto v = Version::parse(f.version)) installed_tf = *v;
    const Candidate* best = r.best();
    if (!(installed_tf || best != nullptr) || !(installed_tf || !m.cuda_runtime.empty() || !m.cudnn.empty())) return std::nullopt;
    InstalledStack s;
    s.tensorflow = installed_tf ? *installed_tf : best->row->tensorflow;
    s.platform = best != nullptr ? best->platform : q.platform.value_or(Platform::Linux);
    for (const auto& p : m.packages)
        if (s.packages.size() < 8 && (p.name == "numpy" || p.name == "protobuf"))
            if (const auto v = Version::parse(p.version)) s.packages.push_back({p.name, *v});
    for (const auto& l : m.cuda_runtime)
        if (l.version && (!s.cuda || *l.version > *s.cuda)) s.cuda = l.version;
    for (const auto& l : m.cudnn)
        if (l.version && (!s.cudnn || *l.version > *s.cudnn)) s.cudnn = l.version;
    s.driver = q.driver;
    s.driver_cuda = q.driver_cuda;
    return s;
}

// "  driver        580.159.04  [NVML]"
void machine_line(const std::string& what, const std::string& value, const std::string& from, std::ostream& out) {
    out << "  " << what << std::string(what.size() < 14 ? 14 - what.size() : 1, ' ') << value << (from.empty() ? "" : "  [" + from + "]") << "\n";
}

void print_gpus(const probe::MachineInfo& m, std::ostream& out) {
    if (m.gpus.empty()) machine_line("GPU", "not found", "", out);
    for (std::size_t i = 0; i < m.gpus.size(); ++i) {
        const auto& g = m.gpus[i];
        std::string what = g.name.empty() ? std::string("(no name)") : g.name;
        if (g.cc) what += " (compute capability " + gpucompat::detail::cc_text(*g.cc) + ")";
        if (!g.cc_candidates.empty()) {
            std::string ccs;
            for (const auto& c : g.cc_candidates) ccs += (ccs.empty() ? "" : " or ") + gpucompat::detail::cc_text(c);
            what += " (compute capability " + ccs + ": the name covers each)";
        }
        if (g.mig.value_or(false)) what += ", MIG on" + (g.mig_devices ? " (" + std::to_string(*g.mig_devices) + " MIG devices)" : std::string());
        machine_line("GPU " + std::to_string(g.index >= 0 ? g.index : static_cast<int>(i)), what, m.gpus_from, out);
    }
}

// "This machine": every fact detected, with where it came from.
void print_machine(const probe::MachineInfo& m, std::ostream& out) {
    out << paint("This machine", "1") << "\n";
    machine_line("OS", m.platform.value ? gpucompat::detail::platform_name(*m.platform.value) : "unknown", m.platform.from, out);
    if (m.platform.value == Platform::Wsl2 || m.platform.value == Platform::Windows)
        machine_line("Windows build", m.windows_build.value ? std::to_string(*m.windows_build.value) : "unknown", m.windows_build.from, out);
    machine_line("driver", m.driver.value ? std::string(m.driver.value->text()) : "not found", m.driver.from, out);
    machine_line("driver CUDA", m.driver_cuda.value ? std::string(m.driver_cuda.value->version().text()) : "not found", m.driver_cuda.from, out);
    print_gpus(m, out);
    print_libraries("CUDA runtime", m.cuda_runtime, out);
    print_libraries("cuDNN", m.cudnn, out);
    machine_line("Python", m.python.value ? std::string(m.python.value->text()) : "not found", m.python.from, out);
    if (!m.python_env.empty()) machine_line("environment", m.python_env, "", out);
    for (const auto& f : m.frameworks) machine_line(f.name, f.version, f.path, out);
    for (const auto& n : m.notes) out << "  note: " << n << "\n";
}

// doctor's text: the machine, resolve for it, the TensorFlow check, PyTorch and JAX.
void print_doctor(const probe::MachineInfo& m, const Resolution& r, const std::optional<InstalledStack>& stack, const CheckResult& cr,
                  const DoctorFrameworks& others, std::ostream& out) {
    print_machine(m, out);
    out << "\n";
    print_resolution(r, false, out);
    if (stack) {
        out << "\n" << paint("Installed libraries against TensorFlow " + std::string(stack->tensorflow.text()), "1") << "\n";
        if (cr.ok()) out << "  OK: the CUDA runtime and cuDNN found serve it\n";
        out << problems_text(*stack, cr, "  ", TextStyle{colour_enabled()}, nullptr);
    }
    print_doctor_frameworks(others, out);
}

// --json is --format json; the format was validated by its option.
std::string doctor_format_of(const std::string& format, bool as_json) {
    if (as_json && format != "json" && format != "text")
        throw UsageError{"--json and --format '" + shown(format) + "': --json is --format json; give one of them"};
    return as_json ? std::string("json") : format;
}

int cmd_doctor(const std::string& format_option, bool as_json, bool require) {
    const std::string format = doctor_format_of(format_option, as_json);
    probe::DetectOptions options;
    options.helper = self_path();
    probe::MachineInfo m = probe::detect_machine(options);
    const Query q = doctor_query(m);
    const Resolution r = resolve(q);
    const std::optional<InstalledStack> stack = doctor_stack(m, r, q);
    const CheckResult cr = stack ? check(*stack) : CheckResult{};
    const std::vector<fleet::FrameworkAnswer> answers{{"tensorflow", &r, stack ? &*stack : nullptr, stack ? &cr : nullptr}};
    const DoctorFrameworks others = doctor_frameworks(m, q);
    if (format == "prometheus") {
        std::cout << fleet::render_prometheus(m, answers, static_cast<std::int64_t>(std::time(nullptr)), others.answers);
    } else if (format == "nfd") {
        std::cout << fleet::render_nfd(m, answers, others.answers);
    } else if (format == "json") {
        const DoctorAnswer d{&m, &r, stack ? &*stack : nullptr, stack ? &cr : nullptr, &others.installed, &others.checks, others.best};
        // Detected text is printable UTF-8 already (probe.hpp); replacing here
        // too means no stray byte can ever turn the answer into an exception.
        std::cout << to_json(d).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    } else {
        print_doctor(m, r, stack, cr, others, std::cout);
    }
    if (require && !(m.driver.value.has_value() && !m.gpus.empty())) {
        std::cerr << "gpucompat: detection failed: no NVIDIA driver or GPU found (--require-gpu)\n";
        return exit_detection;
    }
    return exit_ok;
}

// --- the command line: options, commands, dispatch ------------------------------
// Every command's options, filled by CLI11.
struct Options {
    QueryOptions resolve, install, check;
    FrameworkOptions resolve_framework, install_framework, check_framework;
    InstallArgs install_args;
    CheckArgs check_args;
    bool all = false, doctor_json = false, require_gpu = false;
    std::string doctor_format = "text", table_format = "md", table_os, table_framework;
};
struct Commands {
    CLI::App *resolve = nullptr, *install = nullptr, *check = nullptr, *doctor = nullptr, *table = nullptr;
};

CLI::App* add_resolve(CLI::App& app, Options& o) {
    auto* cmd = app.add_subcommand("resolve", "every TensorFlow GPU release that fits, best first, and why the others do not");
    o.resolve.add_to(cmd);
    cmd->add_flag("--all", o.all, "list every rejected release with all its reasons");
    o.resolve_framework.add_to(cmd);
    cmd->footer(
        "Examples:\n"
        "  gpucompat resolve --os windows --os-build 19045 --driver 456.71 --cc 5.0 --python 3.7\n"
        "  gpucompat resolve --os wsl2 --os-build 22H2 --driver 536.23 --gpu \"RTX 3060 Laptop GPU\"\n"
        "  gpucompat resolve --os linux --driver 525.60.13 --tf \">=2.12\" --json\n"
        "  gpucompat resolve --framework pytorch --os linux --driver 580.65.06 --gpu H200 --python 3.12\n"
        "  gpucompat resolve --framework all --os linux --driver 570.86.10 --cc 8.6");
    return cmd;
}

CLI::App* add_install(CLI::App& app, Options& o) {
    auto* cmd = app.add_subcommand("install", "print the commands that install the best fit (or the --tf one)");
    InstallArgs& a = o.install_args;
    o.install.add_to(cmd);
    cmd->add_option("--format", a.format, "sh, powershell, yml, requirements or uv (a uv virtual environment)")
        ->transform(one_of(install_formats, "sh, bash, powershell, ps1, yml, yaml, requirements, txt or uv"));
    cmd->add_option("--channel", a.channel, "conda channel: auto (default: the channel whose builds the tables source), defaults or conda-forge")
        ->transform(one_of(channel_values, "auto, defaults or conda-forge"));
    cmd->add_option("--env", a.env, "conda environment name (default tf-X.Y)")->check(nonempty);
    cmd->add_flag("--exact", a.exact, "pin conda build strings where the tables know them");
    cmd->add_option("-o,--output", a.output, "write to this file, or - for standard output (refuses an existing file or a link without --force)")
        ->check(nonempty);
    cmd->add_flag("--force", a.force, "replace the -o file (whole or not at all; a link is replaced, never followed)");
    o.install_framework.add_to(cmd);
    cmd->footer(
        "Examples:\n"
        "  gpucompat install --os windows --tf 2.1 --python 3.7 --method conda --exact\n"
        "  gpucompat install --os windows --tf \"<2.11\" --format powershell --env tf210\n"
        "  gpucompat install --os linux --driver 550.54.14 --format yml -o environment.yml\n"
        "  gpucompat install --torch 2.11.0+cu126 --os windows --format powershell\n"
        "  gpucompat install --framework jax --os linux --driver 580.65.06 --format uv");
    return cmd;
}

CLI::App* add_check(CLI::App& app, Options& o) {
    auto* cmd = app.add_subcommand("check", "is an installed stack consistent? one line per problem, with the fix");
    CheckArgs& a = o.check_args;
    o.check.add_to(cmd);
    cmd->add_option("--cuda", a.cuda, "installed CUDA runtime: 10.1, 11.8")->check(nonempty);
    cmd->add_option("--cudnn", a.cudnn, "installed cuDNN: 7.6.5, 8.1.0")->check(nonempty);
    cmd->add_option("--lib", a.libs, "a CUDA library file present (repeatable): cudart64_101.dll")->check(nonempty);
    cmd->add_option("--package", a.packages, "an installed Python package (repeatable): numpy==2.0.2, jaxlib==0.7.2, jax-cuda13-plugin==0.7.2")
        ->check(nonempty);
    o.check_framework.add_to(cmd);
    cmd->footer(
        "Examples:\n"
        "  gpucompat check --os linux --tf 2.4 --cuda 10.1 --cudnn 7.6.5\n"
        "  gpucompat check --os windows --tf 2.1 --cuda 10.0 --lib cudart64_100.dll\n"
        "  gpucompat check --os linux --driver 580.159.04 --cc 9.0 --torch 2.11.0+cu130 --cudnn 9.19.0\n"
        "  gpucompat check --os linux --driver 570.86.10 --jax 0.6.2+cuda12 --cudnn 9.1.0 --package jaxlib==0.6.2");
    return cmd;
}

CLI::App* add_doctor(CLI::App& app, Options& o) {
    auto* cmd = app.add_subcommand("doctor", "detect this machine, then resolve and check for it");
    cmd->add_flag("--json", o.doctor_json, "machine-readable output (= --format json)");
    cmd->add_option("--format", o.doctor_format, "text, json, prometheus (node_exporter textfile) or nfd (Node Feature Discovery)")
        ->transform(one_of(doctor_formats, "text, json, prometheus or nfd"));
    cmd->add_flag("--require-gpu", o.require_gpu, "exit 3 when no NVIDIA driver or GPU is found");
    cmd->footer(
        "Examples:\n"
        "  gpucompat doctor\n"
        "  GPUCOMPAT_DRIVER=456.71 GPUCOMPAT_OS=windows gpucompat doctor --json\n"
        "  gpucompat doctor --format prometheus > /var/lib/node_exporter/textfile/gpucompat.prom.$$\n"
        "  gpucompat doctor --format nfd > /etc/kubernetes/node-feature-discovery/features.d/gpucompat");
    return cmd;
}

CLI::App* add_table(CLI::App& app, Options& o) {
    auto* cmd = app.add_subcommand("table", "the bundled TensorFlow GPU matrix");
    cmd->add_option("--format", o.table_format, "md, csv, json or html")->transform(one_of(table_formats, "md, csv, json or html"));
    cmd->add_option("--os", o.table_os, "only this platform: linux, windows, wsl2 (the Linux wheels on the Windows driver), macos")
        ->transform(one_of(os_values, "linux, windows, wsl2 or macos"));
    cmd->add_option("--framework", o.table_framework, "tensorflow (default), pytorch or jax")
        ->transform(one_of(framework_values, "tensorflow, pytorch or jax"));
    cmd->footer("Examples:\n  gpucompat table --format md --os windows\n  gpucompat table --format html > tensorflow-gpu.html");
    return cmd;
}

int cmd_table(const Options& o) {
    std::optional<Platform> only;
    if (!o.table_os.empty()) only = parsed_or_throw(parse_platform(o.table_os), "--os", o.table_os);
    std::string out;
    const bool other = !o.table_framework.empty() && o.table_framework != "tensorflow";
    const bool ok = other ? render_framework_table(o.table_framework == "pytorch" ? Framework::PyTorch : Framework::Jax, o.table_format, only, out)
                          : render_table(o.table_format, only, out);
    if (!ok) throw UsageError{"--format '" + shown(o.table_format) + "': expected md, csv, json or html"};
    std::cout << out;
    return exit_ok;
}

// check and install answer for one framework; resolve also for several.
Framework one_framework(const FrameworkOptions& fo, const QueryOptions& qo, const char* command) {
    const std::vector<Framework> fs = fo.frameworks_of(qo);
    if (fs.size() > 1)
        throw UsageError{std::string("--framework: ") + command + " takes one framework at a time (expected tensorflow, pytorch or jax; " +
                         "`gpucompat resolve` with the same options names the builds that share one environment)"};
    return fs.front();
}

int dispatch_resolve(const Options& o) {
    const std::vector<Framework> fs = o.resolve_framework.frameworks_of(o.resolve);
    if (fs.size() > 1) return cmd_resolve_shared(fs, o.resolve, o.resolve_framework);
    if (fs.front() != Framework::TensorFlow) return cmd_resolve_framework(fs.front(), o.resolve, o.resolve_framework, o.all);
    return cmd_resolve(o.resolve, o.all);
}

int dispatch(const CLI::App& app, const Commands& c, const Options& o) {
    if (c.resolve->parsed()) return dispatch_resolve(o);
    if (c.install->parsed()) {
        const Framework f = one_framework(o.install_framework, o.install, "install");
        return f != Framework::TensorFlow ? cmd_install_framework(f, o.install, o.install_framework, o.install_args)
                                          : cmd_install(o.install, o.install_args);
    }
    if (c.check->parsed()) {
        const Framework f = one_framework(o.check_framework, o.check, "check");
        return f != Framework::TensorFlow ? cmd_check_framework(f, o.check, o.check_args, o.check_framework) : cmd_check(o.check, o.check_args);
    }
    if (c.doctor->parsed()) return cmd_doctor(o.doctor_format, o.doctor_json, o.require_gpu);
    if (c.table->parsed()) return cmd_table(o);
    std::cout << app.help();
    return exit_ok;
}

// CLI11's message names the option; user text in it is cut short and made
// printable, never echoed whole: one line.
int usage_error(const CLI::ParseError& e) {
    std::string msg = e.what();
    for (char& ch : msg)
        if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) ch = '?';
    std::cerr << "gpucompat: " << msg.substr(0, 200) << " (see gpucompat --help)\n";
    return exit_usage;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"gpucompat: which TensorFlow / CUDA / cuDNN fits this NVIDIA GPU, driver, OS and Python - and why.", "gpucompat"};
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", std::string("gpucompat ") + GPUCOMPAT_VERSION_STRING + " (data checked " + data_date() + ")");
    app.footer(
        "Examples:\n"
        "  gpucompat resolve --os windows --driver 456.71 --gpu \"GeForce GTX 850M\"\n"
        "  gpucompat install --os windows --tf \"<2.11\" --method conda\n"
        "  gpucompat check --os linux --tf 2.2 --cuda 10.1 --cudnn 7.6.5\n"
        "  gpucompat doctor\n"
        "  gpucompat table --format md\n"
        "Exit status: 0 fits, 1 nothing fits or a problem found, 2 bad input, 3 detection failed (--require-gpu),\n"
        "4 the answer could not be written, 5 internal error.");
    Options o;
    const Commands c{add_resolve(app, o), add_install(app, o), add_check(app, o), add_doctor(app, o), add_table(app, o)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(e);
    }
    try {
        return dispatch(app, c, o);
    } catch (const UsageError& e) {
        std::cerr << "gpucompat: " << e.message << "\n";
        return exit_usage;
    } catch (const std::exception& e) {
        // Not the user's input: say so, and do not blame what they typed.
        std::cerr << "gpucompat: internal error: " << gpucompat::detail::shown_text(e.what()) << " (please report it)\n";
        return exit_internal;
    }
}

// Everything the commands print is collected, then written once with every
// error checked (tools/output.hpp): output that did not arrive is never
// reported as success.
int main(int argc, char** argv) {
    // doctor's probes run here, in a child process of this binary (probe.hpp).
    if (argc >= 2 && std::string_view(argv[1]) == probe::helper_command) return probe::helper_main(argc, argv);
    std::ostringstream collected;
    std::streambuf* const terminal = std::cout.rdbuf(collected.rdbuf());
    const int code = run(argc, argv);
    std::cout.rdbuf(terminal);
    if (const auto w = cli::finish_stdout(collected.view()); !w.ok()) {
        std::cerr << "gpucompat: write error on standard output: " << w.error << "\n";
        return exit_write;
    }
    return code;
}
