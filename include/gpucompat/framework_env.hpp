// gpucompat — the PyTorch and JAX installed in the Python environment doctor
// found, each with the CUDA runtime and cuDNN the loader will give it
// (opt-in; part of probe.hpp's detection, nothing imported).
//
// Which copy of a library a framework loads, when several are found:
//  * a copy in a LD_LIBRARY_PATH folder comes first for every load by name:
//    the dynamic loader searches LD_LIBRARY_PATH before a library's own
//    RUNPATH (ld.so(8)), and PyTorch reaches the nvidia-* wheels through
//    RUNPATH; PyTorch's own cuDNN check says "Looks like your
//    LD_LIBRARY_PATH contains incompatible version of cudnn"
//    (torch/backends/cudnn/__init__.py);
//  * else the nvidia-* wheel's copy, the file its RECORD lists (PyTorch's
//    RUNPATH, JAX's preloading by path in jax_plugins/cuda/__init__.py);
//  * else the first copy found (conda, the system folders, ldconfig).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "framework_check.hpp"
#include "probe.hpp"

namespace gpucompat::probe {

// One installed PyTorch or JAX, ready for check_framework().
struct FrameworkInEnv {
    FrameworkFound found;                 // torch 2.11.0+cu130 and its dist-info
    std::string variant;                  // the variant judged: cu130, cuda13; "" = PyPI default (torch) / no plugin (jax)
    std::string cudnn_path, cudnn_from, cudnn_wheel_path;
    std::string cuda_path, cuda_from;
    FrameworkInstall base;                // everything but the text views; see install()
    // The install with its views into this object: call it where the object stays put.
    [[nodiscard]] FrameworkInstall install() const {
        FrameworkInstall s = base;
        s.variant = variant;
        s.cudnn_path = cudnn_path;
        s.cudnn_from = cudnn_from;
        s.cudnn_wheel_path = cudnn_wheel_path;
        return s;
    }
};

namespace fwdetail {

// Is `l` the library `stem` + major (libcudnn.so.9), by its version or its name?
inline bool is_major(const LibraryFound& l, std::string_view stem, std::uint32_t major) {
    if (l.name.rfind(stem, 0) != 0) return false;
    if (l.version) return l.version->major() == major;
    return l.name == std::string(stem) + std::to_string(major);
}

// The entry of `libs` that is the file a wheel's RECORD lists, and that wheel.
struct WheelCopy {
    const LibraryFound* lib = nullptr;
    const PackageFound* wheel = nullptr;
};
inline WheelCopy wheel_copy(const MachineInfo& m, const std::vector<LibraryFound>& libs, std::string_view wheel_prefix, std::string_view stem,
                            std::uint32_t major) {
    namespace fs = std::filesystem;
    for (const auto& p : m.packages) {
        if (p.name.rfind(wheel_prefix, 0) != 0) continue;
        const fs::path site = fs::path(p.path).parent_path();
        for (const auto& rel : p.libraries) {
            std::error_code ec;
            const auto real = fs::canonical(site / rel, ec);
            if (ec) continue;
            for (const auto& l : libs)
                if (l.file == real.string() && is_major(l, stem, major)) return {&l, &p};
        }
    }
    return {};
}

struct Pick {
    const LibraryFound* lib = nullptr;    // what the framework loads
    std::string from;                     // LD_LIBRARY_PATH, "wheel nvidia-cudnn-cu13", system, ...
    WheelCopy wheel;                      // the wheel's copy, when one is found
    std::optional<Version> version;
    std::optional<Version> wheel_version;
};
inline std::optional<Version> version_of(const LibraryFound* l, const PackageFound* wheel) {
    if (l != nullptr && l->version && l->version->size() >= 2) return l->version;
    if (wheel != nullptr)
        if (const auto v = Version::parse(wheel->version)) return *v;
    return l != nullptr ? l->version : std::nullopt;
}
inline bool from_ld_library_path(const LibraryFound& l) {
    for (const auto& p : l.paths)
        if (p.from == "LD_LIBRARY_PATH") return true;
    return false;
}

// The copy of `stem` + major a framework gets (see the header comment).
inline Pick pick_library(const MachineInfo& m, const std::vector<LibraryFound>& libs, std::string_view wheel_prefix, std::string_view stem,
                         std::uint32_t major) {
    Pick out;
    out.wheel = wheel_copy(m, libs, wheel_prefix, stem, major);
    const LibraryFound* first = nullptr;
    const LibraryFound* ld = nullptr;
    for (const auto& l : libs) {
        if (!is_major(l, stem, major)) continue;
        if (first == nullptr) first = &l;
        if (ld == nullptr && from_ld_library_path(l)) ld = &l;
    }
    if (ld != nullptr) {
        out.lib = ld;
        out.from = "LD_LIBRARY_PATH";
    } else if (out.wheel.lib != nullptr) {
        out.lib = out.wheel.lib;
        out.from = "wheel " + out.wheel.wheel->name;
    } else if (first != nullptr) {
        out.lib = first;
        out.from = first->from;
    }
    // No copy of this major: nothing is claimed. The loader would not hand it
    // another major, and older torch wheels carry their own copies under
    // hashed names in torch/lib, which are not looked for.
    out.version = version_of(out.lib, out.lib == out.wheel.lib ? out.wheel.wheel : nullptr);
    if (out.wheel.lib != nullptr) out.wheel_version = version_of(out.wheel.lib, out.wheel.wheel);
    return out;
}

inline const PackageFound* package(const MachineInfo& m, std::string_view name) {
    for (const auto& p : m.packages)
        if (p.name == name) return &p;
    return nullptr;
}

// The release without its local label: 2.11.0+cu130 -> 2.11.0.
inline std::optional<Version> release_of(const std::string& version) {
    const auto v = Version::parse(std::string_view(version).substr(0, version.find('+')));
    return v ? std::optional<Version>(*v) : std::nullopt;
}

// The libraries the loader gives the build `s` judges, found by the row's majors.
inline void attach_libraries(const MachineInfo& m, FrameworkInEnv& f) {
    bool same_minor = false;
    const Platform p = f.base.machine.platform.value_or(Platform::Linux);
    const FrameworkRelease* row = find_framework_row(f.base.framework, f.base.version, f.variant, p == Platform::Wsl2 ? Platform::Linux : p,
                                                     f.base.machine.arch.value_or(Arch::X86_64), same_minor);
    if (row == nullptr) return;
    if (!row->cudnn.empty()) {
        const Pick c = pick_library(m, m.cudnn, "nvidia-cudnn-cu", "libcudnn.so.", row->cudnn.major());
        if (c.lib != nullptr) {
            f.base.cudnn = c.version;
            f.cudnn_path = c.lib->path;
            f.cudnn_from = c.from;
            if (c.wheel.lib != nullptr && c.wheel.lib != c.lib) {
                f.base.cudnn_wheel = c.wheel_version;
                f.cudnn_wheel_path = c.wheel.lib->path;
            }
        }
    }
    const Pick r = pick_library(m, m.cuda_runtime, "nvidia-cuda-runtime", "libcudart.so.", row->cuda.major());
    if (r.lib != nullptr) {
        f.base.cuda = r.version;
        f.cuda_path = r.lib->path;
        f.cuda_from = r.from;
    }
}

}  // namespace fwdetail

// Every PyTorch and JAX in the environment, as check_framework() takes them.
// `machine` is doctor's query (platform, driver, GPUs, Python). The result
// views strings of `m`: keep `m` unchanged while it is used.
inline std::vector<FrameworkInEnv> frameworks_in_env(const MachineInfo& m, const Query& machine) {
    std::vector<FrameworkInEnv> out;
    for (const auto& f : m.frameworks) {
        if (f.name != "torch" && f.name != "jax") continue;
        const auto release = fwdetail::release_of(f.version);
        if (!release) continue;
        FrameworkInEnv e;
        e.found = f;
        e.variant = f.variant.value_or("");
        e.base.framework = f.name == "torch" ? Framework::PyTorch : Framework::Jax;
        e.base.version = *release;
        e.base.machine = machine;
#if defined(__aarch64__)
        if (!e.base.machine.arch) e.base.machine.arch = Arch::Aarch64;
#endif
        if (e.base.framework == Framework::Jax) {
            if (const PackageFound* jaxlib = fwdetail::package(m, "jaxlib"))
                if (const auto v = Version::parse(jaxlib->version)) e.base.jaxlib = *v;
            for (const auto& p : m.packages) {
                const bool plugin = p.name.rfind("jax-cuda", 0) == 0 &&
                                    (p.name.size() > 7 && (p.name.substr(p.name.size() - 7) == "-plugin" || p.name.substr(p.name.size() - 5) == "-pjrt"));
                if (plugin)
                    if (const auto v = Version::parse(p.version)) e.base.plugins.push_back({p.name, *v});
            }
        }
        fwdetail::attach_libraries(m, e);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace gpucompat::probe
