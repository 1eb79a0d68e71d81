// gpucompat — the command-line tool. A thin layer over the library: it parses
// options, calls resolve()/check()/plan_install()/detect_machine() and prints.
// No compatibility logic lives here. Contract: docs/contract.md.
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/gpus.hpp>
#include <gpucompat/json.hpp>
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
        app->add_option("--os", os, "target platform: linux, windows (native), wsl2, macos")->check(nonempty);
        app->add_option("--os-build", os_build, "Windows build: 19044, 10.0.19045.3803, 21H2, win11-23H2")->check(nonempty);
        app->add_option("--arch", arch, "CPU architecture: x86_64, aarch64")->check(nonempty);
        app->add_option("--driver", driver, "NVIDIA driver: 456.71, 525.60.13, or Windows' 27.21.14.5671")->check(nonempty);
        app->add_option("--driver-cuda", driver_cuda, "highest CUDA the driver supports (nvidia-smi's \"CUDA Version\"): 12.4")->check(nonempty);
        app->add_option("--cc", cc, "GPU compute capability, repeatable: 5.0, 8.6, sm_86")->check(nonempty);
        app->add_option("--gpu", gpu, "GPU model name, repeatable: \"GeForce GTX 850M\", \"RTX 3060\"");
        app->add_option("--python", python, "Python version: 3.7, 3.10.12")->check(nonempty);
        app->add_option("--tf", tf, "TensorFlow constraint: 2.10, <2.11, >=2.4,<2.7, 2.10.*, ==2.4.0")->check(nonempty);
        app->add_option("--method", method, "install method: pip, conda, any")->check(nonempty);
        app->add_flag("--json", json, "machine-readable output on stdout");
    }

    [[nodiscard]] Query to_query() const {
        Query q;
        if (!os.empty()) q.platform = parsed_or_throw(parse_platform(os), "--os", os);
        if (!os_build.empty()) q.windows_build = parsed_or_throw(parse_windows_build(os_build), "--os-build", os_build);
        if (!arch.empty()) q.arch = parsed_or_throw(parse_arch(arch), "--arch", arch);
        if (!driver.empty()) q.driver = parse_driver(driver);
        if (!driver_cuda.empty()) q.driver_cuda = parse_driver_cuda(driver_cuda);
        if (cc.size() + gpu.size() > 8) throw UsageError{"--cc/--gpu: at most 8 GPUs"};
        for (const auto& c : cc) q.cc.push_back(parsed_or_throw(ComputeCapability::parse(c), "--cc", c));
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
            q.cc.push_back(all.front()->cc);
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

std::string python_range(const TensorFlowRow& row) { return gpucompat::detail::python_range(row); }

// --- resolve ------------------------------------------------------------------
void print_resolution(const Resolution& r, bool all, std::ostream& out) {
    if (const Candidate* best = r.best()) {
        const TensorFlowRow& row = *best->row;
        out << paint("Best fit: TensorFlow " + std::string(row.tensorflow.text()), "1") << " on "
            << gpucompat::detail::platform_name(best->platform) << " (" << to_string(best->compatibility) << ")\n";
        out << "  CUDA " << row.cuda.text() << ", cuDNN " << row.cudnn.text() << ", Python " << python_range(row);
        if (const auto d = best->driver_min())
            out << ", driver >= " << d->text()
                << (best->driver_rule == DriverRule::MinorVersionFloor ? " (minor version compatibility floor)" : "");
        out << "\n  pip package: " << row.package << "\n";
        InstallOptions shown;
        shown.method = r.query.method;
        shown.conda_builds = true;  // the answer names exact conda builds where the tables know them
        shown.python = r.query.python;
        const InstallPlan plan = plan_install(*best, shown);
        for (const auto& s : plan.conda) out << "  conda: " << s.spec() << "\n";
        for (const auto& p : plan.pip) out << "  pip:   " << p << "\n";
        best->notes.for_each([&](NoteCode n) { out << "  note: " << note_message(*best, n) << "\n"; });
        for (const auto& n : plan.notes) out << "  note: " << n << "\n";
        out << "  source: " << row.provenance.source << "\n";
        if (r.candidates.size() > 1) {
            out << "\nOther candidates:\n";
            char line[160];
            std::snprintf(line, sizeof line, "  %-9s %-8s %-6s %-6s %-14s %-10s %s\n", "TF", "platform", "CUDA", "cuDNN", "Python",
                          "driver>=", "compatibility");
            out << line;
            for (std::size_t i = 1; i < r.candidates.size(); ++i) {
                const Candidate& c = r.candidates[i];
                const auto d = c.driver_min();
                std::snprintf(line, sizeof line, "  %-9s %-8s %-6s %-6s %-14s %-10s %s\n", std::string(c.tensorflow.text()).c_str(),
                              std::string(to_string(c.platform)).c_str(), std::string(c.row->cuda.text()).c_str(),
                              std::string(c.row->cudnn.text()).c_str(), python_range(*c.row).c_str(),
                              d ? std::string(d->text()).c_str() : "-", std::string(to_string(c.compatibility)).c_str());
                out << line;
            }
        }
    } else {
        out << paint("Nothing fits.", "1;31") << "\n";
    }
    if (r.rejected.empty()) return;
    out << "\nRejected:\n";
    if (all) {
        for (const auto& rej : r.rejected) {
            out << "  " << rej.tensorflow().text() << " (" << to_string(rej.platform) << ")\n";
            rej.reasons.for_each([&](ReasonCode code) {
                out << "    " << paint(std::string(to_string(code)), "33") << ": "
                    << reason_message(r.query, *rej.row, rej.platform, code, *r.tables) << "\n";
            });
        }
        return;
    }
    // Group consecutive releases (newest first) by reason: one line per group.
    std::vector<const Rejection*> sorted;
    for (const auto& rej : r.rejected) sorted.push_back(&rej);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Rejection* a, const Rejection* b) {
        if (a->platform != b->platform) return static_cast<int>(a->platform) < static_cast<int>(b->platform);
        return a->tensorflow() > b->tensorflow();
    });
    // One line per group of consecutive releases: the decisive reason (a
    // platform-level one first) in full, the other codes by name.
    constexpr ReasonCode order[] = {ReasonCode::PlatformNoGpu, ReasonCode::WindowsNativeGpuDropped, ReasonCode::ArchUnsupported,
                                    ReasonCode::WindowsBuildTooOld, ReasonCode::Wsl2GpuUnsupported, ReasonCode::TfConstraint, ReasonCode::PythonUnsupported,
                                    ReasonCode::Wsl2DriverTooOld, ReasonCode::DriverTooOld, ReasonCode::ComputeCapabilityUnsupported,
                                    ReasonCode::PtxJitNeedsNewerDriver};
    struct Line {
        std::string key, message, others;
    };
    auto line_of = [&](const Rejection& rej) {
        Line l;
        ReasonCode primary = ReasonCode::TfConstraint;
        for (ReasonCode c : order)
            if (rej.reasons.has(c)) {
                primary = c;
                break;
            }
        l.message = reason_message(r.query, *rej.row, rej.platform, primary, *r.tables);
        const std::string name = "TensorFlow " + std::string(rej.tensorflow().text());
        if (l.message.rfind(name + ": ", 0) == 0) l.message.erase(0, name.size() + 2);
        std::string generic = l.message;
        for (auto p = generic.find(name); p != std::string::npos; p = generic.find(name)) generic.erase(p, name.size());
        l.message = std::string(to_string(primary)) + ": " + l.message;
        rej.reasons.for_each([&](ReasonCode c) {
            if (c != primary) l.others += (l.others.empty() ? "" : ", ") + std::string(to_string(c));
        });
        l.key = std::to_string(static_cast<int>(rej.platform)) + "|" + generic + "|" + l.others;
        return l;
    };
    std::vector<Line> lines;
    for (const auto* rej : sorted) lines.push_back(line_of(*rej));
    std::size_t i = 0;
    while (i < sorted.size()) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && lines[j + 1].key == lines[i].key) ++j;
        std::string range = std::string(sorted[j]->tensorflow().text());
        if (i != j) range += " - " + std::string(sorted[i]->tensorflow().text());
        out << "  " << range << " (" << to_string(sorted[i]->platform) << "): " << paint(lines[i].message, "33");
        if (!lines[i].others.empty()) out << " [also: " << lines[i].others << "]";
        out << "\n";
        i = j + 1;
    }
    out << "  (--all lists every release with all its reasons)\n";
}

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
    if (const FrameworkCandidate* best = r.best()) {
        const FrameworkRelease& row = *best->row;
        out << paint("Best fit: " + framework_name(row.framework) + " " + std::string(row.version.text()) + " " + std::string(row.variant), "1")
            << " on " << gpucompat::detail::platform_name(best->platform) << " " << to_string(row.arch) << " ("
            << to_string(best->compatibility) << ")\n";
        out << "  CUDA " << row.cuda.text() << ", cuDNN " << (row.cudnn.empty() ? std::string_view("unknown") : row.cudnn.text())
            << ", Python " << gpucompat::detail::python_list(row.python);
        if (const auto d = best->driver_min())
            out << ", driver >= " << d->text() << (best->driver_rule == DriverRule::MinorVersionFloor ? " (minor version compatibility floor)" : "");
        out << "\n  pip:   " << framework_pip_command(row) << "\n";
        best->notes.for_each([&](NoteCode n) { out << "  note: " << framework_note_message(*best, n) << "\n"; });
        out << "  source: " << row.provenance.source << "\n";
        if (r.candidates.size() > 1) {
            out << "\nOther candidates:\n";
            char line[200];
            std::snprintf(line, sizeof line, "  %-9s %-14s %-8s %-7s %-6s %-10s %-10s %s\n", "version", "variant", "platform", "arch", "CUDA",
                          "cuDNN", "driver>=", "compatibility");
            out << line;
            for (std::size_t i = 1; i < r.candidates.size(); ++i) {
                const FrameworkCandidate& c = r.candidates[i];
                const auto d = c.driver_min();
                std::snprintf(line, sizeof line, "  %-9s %-14s %-8s %-7s %-6s %-10s %-10s %s\n", std::string(c.row->version.text()).c_str(),
                              std::string(c.row->variant).c_str(), std::string(to_string(c.platform)).c_str(),
                              std::string(to_string(c.row->arch)).c_str(), std::string(c.row->cuda.text()).c_str(),
                              c.row->cudnn.empty() ? "?" : std::string(c.row->cudnn.text()).c_str(), d ? std::string(d->text()).c_str() : "-",
                              std::string(to_string(c.compatibility)).c_str());
                out << line;
            }
        }
    } else {
        out << paint("Nothing fits.", "1;31") << "\n";
    }
    if (r.rejected.empty()) return;
    out << "\nRejected:\n";
    // Without --all: builds the constraint excludes are counted, not listed;
    // the others get one line each, the decisive reason in full.
    constexpr ReasonCode order[] = {ReasonCode::PlatformNoGpu, ReasonCode::ArchUnsupported, ReasonCode::WindowsBuildTooOld,
                                    ReasonCode::Wsl2GpuUnsupported, ReasonCode::PythonUnsupported, ReasonCode::Wsl2DriverTooOld,
                                    ReasonCode::DriverTooOld, ReasonCode::ComputeCapabilityUnsupported, ReasonCode::PtxJitNeedsNewerDriver,
                                    ReasonCode::VersionConstraint};
    std::size_t excluded = 0, listed = 0, more = 0;
    for (const auto& rej : r.rejected) {
        const std::string head = "  " + std::string(rej.row->version.text()) + " " + std::string(rej.row->variant) + " (" +
                                 std::string(to_string(rej.platform)) + " " + std::string(to_string(rej.row->arch)) + ")";
        if (all) {
            out << head << "\n";
            rej.reasons.for_each([&](ReasonCode code) {
                out << "    " << paint(std::string(to_string(code)), "33") << ": " << framework_reason_message(r, rej, code) << "\n";
            });
            continue;
        }
        if (rej.reasons.has(ReasonCode::VersionConstraint)) {
            ++excluded;
            continue;
        }
        if (listed == 15) {
            ++more;
            continue;
        }
        ++listed;
        ReasonCode primary = ReasonCode::VersionConstraint;
        for (ReasonCode c : order)
            if (rej.reasons.has(c)) {
                primary = c;
                break;
            }
        std::string others;
        rej.reasons.for_each([&](ReasonCode c) {
            if (c != primary) others += (others.empty() ? "" : ", ") + std::string(to_string(c));
        });
        out << head << ": " << paint(std::string(to_string(primary)) + ": " + framework_reason_message(r, rej, primary), "33");
        if (!others.empty()) out << " [also: " << others << "]";
        out << "\n";
    }
    if (more != 0) out << "  ... and " << more << " more\n";
    if (excluded != 0) out << "  " << excluded << " builds outside the requested version or variant\n";
    if (!all) out << "  (--all lists every build with all its reasons)\n";
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
        if (rej.reasons.has(c)) {
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
    } else if (r.ok()) {
        std::cout << paint("OK", "32") << ": TensorFlow " << s.tensorflow.text() << " on " << gpucompat::detail::platform_name(s.platform)
                  << " (built with CUDA " << r.row->cuda.text() << ", cuDNN " << r.row->cudnn.text() << ") is consistent with what was given\n";
    } else {
        for (const auto& p : r.problems) {
            const ProblemText t = problem_text(s, r, p.code);
            std::cout << paint(std::string(to_string(p.code)), "31") << ": " << t.message << "\n  fix: " << t.fix << "\n";
        }
    }
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

json library_json(const std::vector<probe::LibraryFound>& v) {
    json a = json::array();
    for (const auto& l : v) {
        json paths = json::array();
        for (const auto& p : l.paths) paths.push_back({{"path", p.path}, {"from", p.from}});
        a.push_back({{"name", l.name}, {"path", l.path}, {"from", l.from},
                     {"version", l.version ? json(std::string(l.version->text())) : json(nullptr)},
                     {"version_from", l.version ? json(l.version_from) : json(nullptr)},
                     {"file", l.file.empty() ? json(nullptr) : json(l.file)}, {"paths", paths}});
    }
    return a;
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

int cmd_doctor(std::string format, bool as_json, bool require) {
    if (as_json && format != "json" && format != "text")
        throw UsageError{"--json and --format '" + shown(format) + "': --json is --format json; give one of them"};
    if (as_json) format = "json";
    if (format != "text" && format != "json" && format != "prometheus" && format != "nfd")
        throw UsageError{"--format '" + shown(format) + "': expected text, json, prometheus or nfd"};

    probe::DetectOptions options;
    options.helper = self_path();
    probe::MachineInfo m = probe::detect_machine(options);
    Query q;
    q.platform = m.platform.value;
    q.windows_build = m.windows_build.value;
    q.driver = m.driver.value;
    q.driver_cuda = m.driver_cuda.value;
    // One entry per distinct compute capability: eight identical GPUs are one
    // constraint, and a name that covers two chips constrains with both.
    {
        std::vector<ComputeCapability> ccs;
        for (const auto& g : m.gpus) {
            if (g.cc) ccs.push_back(*g.cc);
            ccs.insert(ccs.end(), g.cc_candidates.begin(), g.cc_candidates.end());
        }
        std::sort(ccs.begin(), ccs.end());
        ccs.erase(std::unique(ccs.begin(), ccs.end()), ccs.end());
        if (ccs.size() > 8) m.notes.push_back("more than 8 distinct compute capabilities: resolving for the 8 lowest");
        for (std::size_t i = 0; i < ccs.size() && i < 8; ++i) q.cc.push_back(ccs[i]);
    }
    if (m.python.value) q.python = m.python.value->truncated(2);
    const Resolution r = resolve(q);

    // check: the installed TensorFlow (read from its package metadata) or else
    // the newest candidate, against the CUDA runtime, cuDNN and the Python
    // packages found (numpy 2 beside a release built against NumPy 1.x).
    std::optional<InstalledStack> stack;
    CheckResult cr;
    std::optional<Version> installed_tf;
    for (const auto& f : m.frameworks)
        if (f.name == "tensorflow" || f.name == "tensorflow-gpu")
            if (const auto v = Version::parse(f.version)) installed_tf = *v;
    const Candidate* best = r.best();
    if ((installed_tf || best != nullptr) && (installed_tf || !m.cuda_runtime.empty() || !m.cudnn.empty())) {
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
        cr = check(s);
        stack = s;
    }
    const bool detected = m.driver.value.has_value() && !m.gpus.empty();
    const std::vector<fleet::FrameworkAnswer> answers{{"tensorflow", &r, stack ? &*stack : nullptr, stack ? &cr : nullptr}};
    if (format == "prometheus") {
        std::cout << fleet::render_prometheus(m, answers, static_cast<std::int64_t>(std::time(nullptr)));
    } else if (format == "nfd") {
        std::cout << fleet::render_nfd(m, answers);
    } else if (format == "json") {
        json gpus = json::array();
        for (std::size_t i = 0; i < m.gpus.size(); ++i) {
            const auto& g = m.gpus[i];
            json c = json::array();
            for (const auto& x : g.cc_candidates) c.push_back(gpucompat::detail::cc_text(x));
            gpus.push_back({{"index", g.index >= 0 ? g.index : static_cast<int>(i)}, {"name", g.name},
                            {"cc", g.cc ? json(gpucompat::detail::cc_text(*g.cc)) : json(nullptr)},
                            {"cc_candidates", c},
                            {"mig", g.mig ? json(*g.mig) : json(nullptr)},
                            {"mig_devices", g.mig_devices ? json(*g.mig_devices) : json(nullptr)}});
        }
        json frameworks = json::array(), packages = json::array(), sites = json::array();
        for (const auto& f : m.frameworks)
            frameworks.push_back({{"name", f.name}, {"version", f.version}, {"variant", f.variant ? json(*f.variant) : json(nullptr)}, {"path", f.path}});
        for (const auto& p : m.packages) packages.push_back({{"name", p.name}, {"version", p.version}, {"path", p.path}});
        for (const auto& d : m.site_dirs) sites.push_back({{"path", printable(d.path)}, {"from", d.from}});
        json detected_j{
            {"os", m.platform.value ? json(std::string(to_string(*m.platform.value))) : json(nullptr)},
            {"os_build", m.windows_build.value ? json(*m.windows_build.value) : json(nullptr)},
            {"wsl", m.wsl},
            {"driver", m.driver.value ? json(std::string(m.driver.value->text())) : json(nullptr)},
            {"driver_cuda", m.driver_cuda.value ? json(std::string(m.driver_cuda.value->version().text())) : json(nullptr)},
            {"gpus", gpus},
            {"cuda_runtime", library_json(m.cuda_runtime)},
            {"cudnn", library_json(m.cudnn)},
            {"other_libraries", library_json(m.other_libraries)},
            {"python", m.python.value ? json(std::string(m.python.value->text())) : json(nullptr)},
            {"python_env", m.python_env.empty() ? json(nullptr) : json(m.python_env)},
            {"site_packages", sites},
            {"frameworks", frameworks},
            {"packages", packages},
        };
        json sources{{"os", m.platform.from}, {"os_build", m.windows_build.from}, {"driver", m.driver.from},
                     {"driver_cuda", m.driver_cuda.from}, {"gpus", m.gpus_from}, {"python", m.python.from}};
        json j{{"detected", detected_j}, {"sources", sources}, {"resolve", to_json(r)},
               {"check", stack ? to_json(*stack, cr) : json(nullptr)}, {"notes", m.notes}};
        // Detected text is printable UTF-8 already (probe.hpp); replacing here
        // too means no stray byte can ever turn the answer into an exception.
        std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    } else {
        auto line = [](const std::string& what, const std::string& value, const std::string& from) {
            std::cout << "  " << what << std::string(what.size() < 14 ? 14 - what.size() : 1, ' ') << value
                      << (from.empty() ? "" : "  [" + from + "]") << "\n";
        };
        std::cout << paint("This machine", "1") << "\n";
        line("OS", m.platform.value ? gpucompat::detail::platform_name(*m.platform.value) : "unknown", m.platform.from);
        if (m.platform.value == Platform::Wsl2 || m.platform.value == Platform::Windows)
            line("Windows build", m.windows_build.value ? std::to_string(*m.windows_build.value) : "unknown", m.windows_build.from);
        line("driver", m.driver.value ? std::string(m.driver.value->text()) : "not found", m.driver.from);
        line("driver CUDA", m.driver_cuda.value ? std::string(m.driver_cuda.value->version().text()) : "not found", m.driver_cuda.from);
        if (m.gpus.empty()) line("GPU", "not found", "");
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
            line("GPU " + std::to_string(g.index >= 0 ? g.index : static_cast<int>(i)), what, m.gpus_from);
        }
        print_libraries("CUDA runtime", m.cuda_runtime, std::cout);
        print_libraries("cuDNN", m.cudnn, std::cout);
        line("Python", m.python.value ? std::string(m.python.value->text()) : "not found", m.python.from);
        if (!m.python_env.empty()) line("environment", m.python_env, "");
        for (const auto& f : m.frameworks) line(f.name, f.version, f.path);
        for (const auto& n : m.notes) std::cout << "  note: " << n << "\n";
        std::cout << "\n";
        print_resolution(r, false, std::cout);
        if (stack) {
            std::cout << "\n" << paint("Installed libraries against TensorFlow " + std::string(stack->tensorflow.text()), "1") << "\n";
            if (cr.ok()) std::cout << "  OK: the CUDA runtime and cuDNN found serve it\n";
            for (const auto& p : cr.problems) {
                const ProblemText t = problem_text(*stack, cr, p.code);
                std::cout << "  " << to_string(p.code) << ": " << t.message << "\n    fix: " << t.fix << "\n";
            }
        }
    }
    if (require && !detected) {
        std::cerr << "gpucompat: detection failed: no NVIDIA driver or GPU found (--require-gpu)\n";
        return exit_detection;
    }
    return exit_ok;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"gpucompat: which TensorFlow / CUDA / cuDNN fits this NVIDIA GPU, driver, OS and Python - and why.",
                 "gpucompat"};
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", std::string("gpucompat ") + GPUCOMPAT_VERSION_STRING + " (data checked " + data_date() + ")");
    app.footer(
        "Examples:\n"
        "  gpucompat resolve --os windows --driver 456.71 --gpu \"GeForce GTX 850M\"\n"
        "  gpucompat install --os windows --tf \"<2.11\" --method conda\n"
        "  gpucompat check --os linux --tf 2.2 --cuda 10.1 --cudnn 7.6.5\n"
        "  gpucompat doctor\n"
        "  gpucompat table --format md");

    QueryOptions qo;
    bool all = false;
    auto* resolve_cmd = app.add_subcommand("resolve", "every TensorFlow GPU release that fits, best first, and why the others do not");
    qo.add_to(resolve_cmd);
    resolve_cmd->add_flag("--all", all, "list every rejected release with all its reasons");
    FrameworkOptions fo;
    fo.add_to(resolve_cmd);
    resolve_cmd->footer(
        "Examples:\n"
        "  gpucompat resolve --os windows --os-build 19045 --driver 456.71 --cc 5.0 --python 3.7\n"
        "  gpucompat resolve --os wsl2 --os-build 22H2 --driver 536.23 --gpu \"RTX 3060 Laptop GPU\"\n"
        "  gpucompat resolve --os linux --driver 525.60.13 --tf \">=2.12\" --json\n"
        "  gpucompat resolve --framework pytorch --os linux --driver 580.65.06 --gpu H200 --python 3.12\n"
        "  gpucompat resolve --framework all --os linux --driver 570.86.10 --cc 8.6");

    QueryOptions io;
    InstallArgs ia;
    auto* install_cmd = app.add_subcommand("install", "print the commands that install the best fit (or the --tf one)");
    io.add_to(install_cmd);
    FrameworkOptions ifo;
    ifo.add_to(install_cmd);
    install_cmd->add_option("--format", ia.format, "sh, powershell, yml, requirements or uv (a uv virtual environment)")->check(nonempty);
    install_cmd->add_option("--channel", ia.channel, "conda channel: auto (default: the channel whose builds the tables source), defaults or conda-forge")->check(nonempty);
    install_cmd->add_option("--env", ia.env, "conda environment name (default tf-X.Y)")->check(nonempty);
    install_cmd->add_flag("--exact", ia.exact, "pin conda build strings where the tables know them");
    install_cmd->add_option("-o,--output", ia.output,
                            "write to this file, or - for standard output (refuses an existing file or a link without --force)")
        ->check(nonempty);
    install_cmd->add_flag("--force", ia.force, "replace the -o file (whole or not at all; a link is replaced, never followed)");
    install_cmd->footer(
        "Examples:\n"
        "  gpucompat install --os windows --tf 2.1 --python 3.7 --method conda --exact\n"
        "  gpucompat install --os windows --tf \"<2.11\" --format powershell --env tf210\n"
        "  gpucompat install --os linux --driver 550.54.14 --format yml -o environment.yml\n"
        "  gpucompat install --torch 2.11.0+cu126 --os windows --format powershell\n"
        "  gpucompat install --framework jax --os linux --driver 580.65.06 --format uv");

    QueryOptions co;
    CheckArgs ca;
    auto* check_cmd = app.add_subcommand("check", "is an installed stack consistent? one line per problem, with the fix");
    co.add_to(check_cmd);
    check_cmd->add_option("--cuda", ca.cuda, "installed CUDA runtime: 10.1, 11.8")->check(nonempty);
    check_cmd->add_option("--cudnn", ca.cudnn, "installed cuDNN: 7.6.5, 8.1.0")->check(nonempty);
    check_cmd->add_option("--lib", ca.libs, "a CUDA library file present (repeatable): cudart64_101.dll")->check(nonempty);
    check_cmd->add_option("--package", ca.packages, "an installed Python package (repeatable): numpy==2.0.2")->check(nonempty);
    check_cmd->footer(
        "Examples:\n"
        "  gpucompat check --os linux --tf 2.4 --cuda 10.1 --cudnn 7.6.5\n"
        "  gpucompat check --os windows --tf 2.1 --cuda 10.0 --lib cudart64_100.dll");

    bool doctor_json = false, require_gpu = false;
    std::string doctor_format = "text";
    auto* doctor_cmd = app.add_subcommand("doctor", "detect this machine, then resolve and check for it");
    doctor_cmd->add_flag("--json", doctor_json, "machine-readable output (= --format json)");
    doctor_cmd->add_option("--format", doctor_format, "text, json, prometheus (node_exporter textfile) or nfd (Node Feature Discovery)")
        ->check(nonempty);
    doctor_cmd->add_flag("--require-gpu", require_gpu, "exit 3 when no NVIDIA driver or GPU is found");
    doctor_cmd->footer(
        "Examples:\n"
        "  gpucompat doctor\n"
        "  GPUCOMPAT_DRIVER=456.71 GPUCOMPAT_OS=windows gpucompat doctor --json\n"
        "  gpucompat doctor --format prometheus > /var/lib/node_exporter/textfile/gpucompat.prom.$$\n"
        "  gpucompat doctor --format nfd > /etc/kubernetes/node-feature-discovery/features.d/gpucompat");

    std::string table_format = "md", table_os, table_framework;
    auto* table_cmd = app.add_subcommand("table", "the bundled TensorFlow GPU matrix");
    table_cmd->add_option("--format", table_format, "md, csv, json or html")->check(nonempty);
    table_cmd->add_option("--os", table_os, "only this platform: linux, windows, wsl2 (the Linux wheels on the Windows driver), macos")->check(nonempty);
    table_cmd->add_option("--framework", table_framework, "tensorflow (default), pytorch or jax")->check(nonempty);
    table_cmd->footer("Examples:\n  gpucompat table --format md --os windows\n  gpucompat table --format html > tensorflow-gpu.html");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string msg = e.what();
        std::replace(msg.begin(), msg.end(), '\n', ' ');
        // CLI11's message names the option; user text in it is cut short, never echoed whole.
        std::cerr << "gpucompat: " << msg.substr(0, 200) << " (see gpucompat --help)\n";
        return exit_usage;
    }
    try {
        if (resolve_cmd->parsed()) {
            const std::vector<Framework> fs = fo.frameworks_of(qo);
            if (fs.size() > 1) return cmd_resolve_shared(fs, qo, fo);
            if (fs.front() != Framework::TensorFlow) return cmd_resolve_framework(fs.front(), qo, fo, all);
            return cmd_resolve(qo, all);
        }
        if (install_cmd->parsed()) {
            const std::vector<Framework> fs = ifo.frameworks_of(io);
            if (fs.size() > 1)
                throw UsageError{"--framework: install plans one framework at a time (expected tensorflow, pytorch or jax; "
                                 "`gpucompat resolve` with the same options names the builds that share one environment)"};
            if (fs.front() != Framework::TensorFlow) return cmd_install_framework(fs.front(), io, ifo, ia);
            return cmd_install(io, ia);
        }
        if (check_cmd->parsed()) return cmd_check(co, ca);
        if (doctor_cmd->parsed()) return cmd_doctor(doctor_format, doctor_json, require_gpu);
        if (table_cmd->parsed()) {
            std::optional<Platform> only;
            if (!table_os.empty()) only = parsed_or_throw(parse_platform(table_os), "--os", table_os);
            std::string out;
            if (!table_framework.empty() && table_framework != "tensorflow") {
                if (table_framework != "pytorch" && table_framework != "jax")
                    throw UsageError{"--framework '" + shown(table_framework) + "': expected tensorflow, pytorch or jax"};
                if (!render_framework_table(table_framework == "pytorch" ? Framework::PyTorch : Framework::Jax, table_format, only, out))
                    throw UsageError{"--format '" + shown(table_format) + "': expected md, csv, json or html"};
                std::cout << out;
                return exit_ok;
            }
            if (!render_table(table_format, only, out))
                throw UsageError{"--format '" + shown(table_format) + "': expected md, csv, json or html"};
            std::cout << out;
            return exit_ok;
        }
        std::cout << app.help();
        return exit_ok;
    } catch (const UsageError& e) {
        std::cerr << "gpucompat: " << e.message << "\n";
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "gpucompat: " << e.what() << "\n";
        return exit_usage;
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
