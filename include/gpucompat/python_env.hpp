// gpucompat — the Python environment a user's `python3` will run in, and
// what pip installed there (opt-in; part of probe.hpp's detection).
//
// Found from files, without starting Python where the files say enough: the
// active venv (VIRTUAL_ENV, or the pyvenv.cfg beside the `python3` on PATH:
// `python3 -S` skips `site`, and in a venv sysconfig then names the base
// interpreter's site-packages), conda (CONDA_PREFIX), and the user site.
// Package versions come from `*.dist-info/METADATA` (Name, Version), never
// from importing the packages: importing torch alone takes seconds.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

#include "detect.hpp"
#include "sanitize.hpp"
#include "version.hpp"

namespace gpucompat::probe {

// A folder Python imports from, and why it is on the list.
struct SiteDir {
    std::string path;
    std::string from;  // "venv", "conda", "user site", "python3"
};

// A distribution pip installed (from its .dist-info).
struct PackageFound {
    std::string name;     // normalised as pip compares names: "nvidia-cudnn-cu13"
    std::string version;  // as METADATA writes it: "2.11.0+cu130"
    std::string path;     // the .dist-info folder
    std::vector<std::string> libraries;  // nvidia-* wheels: the shared libraries RECORD lists, relative to the site folder
};

// A GPU framework among them (contract: detected.frameworks).
struct FrameworkFound {
    std::string name;                // tensorflow, torch, jax, jaxlib
    std::string version;             // 2.11.0+cu130
    std::optional<std::string> variant;  // cu130 (torch's local label), cuda13 (jax's plugin)
    std::string path;
};

// pyvenv.cfg: "home = ...", "version = 3.12.3" (3.11+: also version_info),
// "include-system-site-packages = false".
struct PyvenvCfg {
    std::string home;
    std::optional<Version> version;
    bool include_system_site = false;
};

namespace pydetail {
inline std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}
inline std::string lower(std::string_view s) {
    std::string out;
    for (char c : s) out += gpucompat::detail::to_lower(c);
    return out;
}
inline std::optional<std::string> read_small(const std::filesystem::path& p, std::size_t limit = 64 * 1024) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::string out(limit, '\0');
    in.read(out.data(), static_cast<std::streamsize>(limit));
    out.resize(static_cast<std::size_t>(in.gcount()));
    return out;
}
}  // namespace pydetail

inline PyvenvCfg parse_pyvenv_cfg(std::string_view text) {
    PyvenvCfg cfg;
    for (auto line : detect::detail::lines(text)) {
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const auto key = pydetail::lower(gpucompat::detail::trim(line.substr(0, eq)));
        const auto value = gpucompat::detail::trim(line.substr(eq + 1));
        if (key == "home") cfg.home = std::string(value);
        else if (key == "version" || key == "version_info") {
            // version_info may read "3.12.3.final.0": the numeric head is the version.
            std::size_t n = 0, dots = 0;
            while (n < value.size() && (gpucompat::detail::is_digit(value[n]) || value[n] == '.')) {
                if (value[n] == '.' && ++dots == 3) break;
                ++n;
            }
            if (auto v = Version::parse(value.substr(0, n)); v && v->size() >= 2 && v->major() == 3) cfg.version = *v;
        } else if (key == "include-system-site-packages") {
            cfg.include_system_site = pydetail::lower(value) == "true";
        }
    }
    return cfg;
}

// pip's name comparison (PEP 503): lower case, runs of -_. as one '-'.
inline std::string normalize_package_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '-' || c == '_' || c == '.') {
            if (!out.empty() && out.back() != '-') out += '-';
        } else {
            out += gpucompat::detail::to_lower(c);
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

// The packages doctor reports: the frameworks, their CUDA wheels and the
// libraries whose versions break them most often.
inline bool package_of_interest(std::string_view n) {
    for (std::string_view p : {"tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tf-nightly", "torch", "jax", "jaxlib",
                               "jax-cuda12-plugin", "jax-cuda13-plugin", "jax-cuda12-pjrt", "jax-cuda13-pjrt", "numpy", "protobuf", "keras",
                               "tf-keras"})
        if (n == p) return true;
    return n.rfind("nvidia-", 0) == 0;
}

// A version as pip writes it, checked before it is believed: PEP 440
// characters only, at most 64 of them, starting with a digit.
inline bool plausible_package_version(std::string_view v) {
    if (v.empty() || v.size() > 64 || !gpucompat::detail::is_digit(v.front())) return false;
    for (char c : v)
        if (!(gpucompat::detail::is_digit(c) || gpucompat::detail::is_alpha(c) || c == '.' || c == '+' || c == '!' || c == '-' || c == '_'))
            return false;
    return true;
}

// METADATA's header block (RFC 822 style): Name and Version, up to the first blank line.
inline std::optional<std::pair<std::string, std::string>> parse_metadata(std::string_view text) {
    std::string name, version;
    for (auto line : detect::detail::lines(text)) {
        if (line.empty()) break;
        if (line.rfind("Name:", 0) == 0 && name.empty()) name = std::string(gpucompat::detail::trim(line.substr(5)));
        else if (line.rfind("Version:", 0) == 0 && version.empty()) version = std::string(gpucompat::detail::trim(line.substr(8)));
    }
    if (name.empty() || version.empty()) return std::nullopt;
    return std::pair{name, version};
}

// The shared libraries a wheel's RECORD lists ("path,hash,size" lines, the
// path relative to the site folder): nvidia/cudnn/lib/libcudnn.so.9,
// nvidia/cu13/lib/libcudart.so.13. Where a wheel puts them is read, never
// assumed: CUDA 13's wheels moved to nvidia/cu13/lib. A quoted path (a comma
// inside) is no library name gpucompat looks for, and is skipped.
inline std::vector<std::string> record_libraries(std::string_view text) {
    std::vector<std::string> out;
    for (auto line : detect::detail::lines(text)) {
        if (line.empty() || line.front() == '"') continue;
        const auto path = line.substr(0, line.find(','));
        const auto slash = path.rfind('/');
        const auto file = slash == std::string_view::npos ? path : path.substr(slash + 1);
        const auto so = file.find(".so");
        const bool shared = (so != std::string_view::npos && (so + 3 == file.size() || file[so + 3] == '.')) ||
                            (file.size() > 4 && pydetail::lower(file.substr(file.size() - 4)) == ".dll");
        if (shared && path.find("..") == std::string_view::npos && path.size() <= 512) out.push_back(printable(path));
    }
    return out;
}

// Every package of interest in one site-packages folder. `notes` gets a line
// for each METADATA that names an implausible version.
inline std::vector<PackageFound> read_packages(const std::string& site, std::vector<std::string>& notes) {
    namespace fs = std::filesystem;
    std::vector<PackageFound> out;
    std::error_code ec;
    fs::directory_iterator it(site, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const std::string dir = it->path().filename().string();
        if (dir.size() < 11 || dir.compare(dir.size() - 10, 10, ".dist-info") != 0) continue;
        // "{name}-{version}.dist-info": the name decides whether the file is worth reading.
        const auto dash = dir.find('-');
        if (dash == std::string::npos || !package_of_interest(normalize_package_name(std::string_view(dir).substr(0, dash)))) continue;
        const auto text = pydetail::read_small(it->path() / "METADATA");
        if (!text) continue;
        const auto meta = parse_metadata(*text);
        if (!meta) continue;
        PackageFound p{normalize_package_name(meta->first), meta->second, printable(it->path().string()), {}};
        if (!package_of_interest(p.name)) continue;
        if (!plausible_package_version(p.version)) {
            notes.push_back("ignored " + printable(p.name, 80) + " in " + p.path + ": its METADATA Version '" + printable(p.version, 80) +
                            "' is not a version");
            continue;
        }
        if (p.name.rfind("nvidia-", 0) == 0)
            if (const auto record = pydetail::read_small(it->path() / "RECORD", 1024 * 1024)) p.libraries = record_libraries(*record);
        out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const PackageFound& a, const PackageFound& b) { return a.name < b.name; });
    return out;
}

// The frameworks among the packages, each with its CUDA variant: torch's
// local version label (2.11.0+cu130 -> cu130), jax's CUDA plugin (cuda13).
inline std::vector<FrameworkFound> frameworks_of(const std::vector<PackageFound>& packages) {
    std::optional<std::string> jax_variant;
    for (const auto& p : packages)
        for (std::string_view cuda : {"cuda12", "cuda13"})
            if (p.name == "jax-" + std::string(cuda) + "-plugin" || p.name == "jax-" + std::string(cuda) + "-pjrt") jax_variant = std::string(cuda);
    std::vector<FrameworkFound> out;
    for (const auto& p : packages) {
        std::string name = p.name;
        if (name == "tensorflow-cpu" || name == "tensorflow-gpu" || name == "tf-nightly") name = "tensorflow";
        if (name != "tensorflow" && name != "torch" && name != "jax" && name != "jaxlib") continue;
        FrameworkFound f{name, p.version, std::nullopt, p.path};
        if (name == "torch") {
            if (const auto plus = p.version.find('+'); plus != std::string::npos && plus + 1 < p.version.size())
                f.variant = p.version.substr(plus + 1);
        } else if (name == "jax" || name == "jaxlib") {
            f.variant = jax_variant;
        }
        out.push_back(std::move(f));
    }
    return out;
}

// The site-packages folders under a venv or conda root: lib/python3.X/site-packages
// (lib64 too), or Lib/site-packages on Windows. With `want` known, only its X.
inline std::vector<std::string> site_packages_under(const std::filesystem::path& root, const std::optional<Version>& want) {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    std::error_code ec;
    for (const char* lib : {"lib", "lib64"}) {
        fs::directory_iterator it(root / lib, ec), end;
        std::vector<std::string> found;
        for (; !ec && it != end; it.increment(ec)) {
            const std::string n = it->path().filename().string();
            if (n.rfind("python3.", 0) != 0) continue;
            if (want && n != "python" + std::to_string(want->major()) + "." + std::to_string(want->minor())) continue;
            const auto sp = it->path() / "site-packages";
            std::error_code e2;
            if (fs::is_directory(sp, e2)) found.push_back(sp.string());
        }
        ec.clear();
        std::sort(found.begin(), found.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    if (fs::is_directory(root / "Lib" / "site-packages", ec)) out.push_back((root / "Lib" / "site-packages").string());
    return out;
}

// The venv a user's `python3` runs in: VIRTUAL_ENV when activated, else the
// pyvenv.cfg one level above the first python3 on PATH (a venv used by
// calling its bin/python3, or put on PATH without `activate`).
struct VenvFound {
    std::filesystem::path root;
    std::string from;  // "VIRTUAL_ENV", "python3 on PATH"
    PyvenvCfg cfg;
};
inline std::optional<VenvFound> find_venv() {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto at = [&](const fs::path& root, const char* from) -> std::optional<VenvFound> {
        const auto text = pydetail::read_small(root / "pyvenv.cfg");
        if (!text) return std::nullopt;
        return VenvFound{root, from, parse_pyvenv_cfg(*text)};
    };
    if (auto v = pydetail::env("VIRTUAL_ENV"))
        if (auto f = at(*v, "VIRTUAL_ENV")) return f;
    if (auto path = pydetail::env("PATH")) {
        std::string_view rest = *path;
        while (true) {
            const auto colon = rest.find(':');
            const std::string dir(rest.substr(0, colon));
            if (!dir.empty()) {
                const fs::path py = fs::path(dir) / "python3";
                if (fs::exists(py, ec) && access(py.c_str(), X_OK) == 0) return at(fs::path(dir).parent_path(), "python3 on PATH");
            }
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    return std::nullopt;
}

}  // namespace gpucompat::probe
