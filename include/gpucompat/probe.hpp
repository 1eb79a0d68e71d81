// gpucompat — live probing of this machine (opt-in; link gpucompat::probe).
//
// Reads files, runs commands, and asks the NVIDIA driver (NVML first, cuInit
// only as a fallback), the CUDA runtime and cuDNN for their versions, with no
// link-time dependency on CUDA. Nothing foreign runs inside the caller's
// process: every command and every library call happens in a child (see
// spawn.hpp) with a deadline, so a library that crashes, aborts, exits or
// hangs becomes a note. Library calls run in a helper mode of a program the
// caller names (DetectOptions::helper; the gpucompat CLI names itself and
// dispatches `gpucompat __probe ...` to helper_main()).
//
// Each value can be pinned from the environment, with the same rules as the
// CLI's options; a value that breaks them is ignored with a note:
//
//   GPUCOMPAT_OS (linux|wsl2|windows|macos), GPUCOMPAT_OS_BUILD, GPUCOMPAT_DRIVER,
//   GPUCOMPAT_DRIVER_CUDA, GPUCOMPAT_CC (comma-separated), GPUCOMPAT_GPU_NAME,
//   GPUCOMPAT_PYTHON, GPUCOMPAT_CUDA, GPUCOMPAT_CUDNN,
//   GPUCOMPAT_SYSROOT (prefix for /proc and /sys reads),
//   GPUCOMPAT_NO_EXEC / GPUCOMPAT_NO_DLOPEN (1/true/yes/on: run no command /
//   load no library; 0/false/no/off: unset), GPUCOMPAT_PROBE_TIMEOUT_MS
//   (each probe's time limit, 1-600000).
#pragma once

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "detect.hpp"
#include "gpus.hpp"
#include "messages.hpp"
#include "platform.hpp"
#include "python_env.hpp"
#include "sanitize.hpp"
#include "spawn.hpp"
#include "windows_build.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#include <unistd.h>
#define GPUCOMPAT_POSIX 1
#endif

namespace gpucompat::probe {

// What one step of detection found, and where.
template <class T>
struct Found {
    std::optional<T> value;
    std::string from;  // "GPUCOMPAT_DRIVER", "/sys/module/nvidia/version", "libnvidia-ml.so.1"
};

// One library file, with every name and folder that leads to it: the loader
// sees libcudart.so.13, libcudart.so.13.0.96 and ldconfig's entry as one file.
struct LibraryPath {
    std::string path;  // as found (sanitised for output)
    std::string from;  // LD_LIBRARY_PATH, venv, conda, user site, python3, ldconfig, system, WSL
};
struct LibraryFound {
    std::string name;                // libcudnn.so.9 (the first name seen)
    std::string path;                // the first path seen, in the loader's order
    std::string from;                // where that path came from
    std::optional<Version> version;  // from the library itself when plausible, else its file name
    std::string version_from;        // "cudnnGetVersion", "file name"
    std::string file;                // the file every path resolves to
    std::vector<LibraryPath> paths;  // every path to this file, first one first
};

struct MachineInfo {
    Found<Platform> platform;
    Found<std::uint32_t> windows_build;
    bool wsl = false;
    Found<DriverVersion> driver;
    Found<DriverCudaVersion> driver_cuda;
    std::vector<detect::GpuInfo> gpus;  // every GPU, however many
    std::string gpus_from;
    std::vector<LibraryFound> cuda_runtime;
    std::vector<LibraryFound> cudnn;
    std::vector<LibraryFound> other_libraries;  // cublas, cufft, ... that TensorFlow loads
    Found<Version> python;
    std::string python_env;                     // the venv or conda root, when one was found
    std::vector<SiteDir> site_dirs;
    std::vector<PackageFound> packages;
    std::vector<FrameworkFound> frameworks;
    std::vector<std::string> notes;             // what could not be found, and why
};

struct DetectOptions {
    // The program whose helper mode runs the library probes: argv
    // {helper, "__probe", ...} must reach helper_main(). Empty: no library
    // is loaded (versions come from file names), with a note.
    std::string helper;
};

inline constexpr const char* helper_command = "__probe";

namespace detail {

inline std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}

inline std::string sysroot_path(const std::string& path) {
    if (auto root = env("GPUCOMPAT_SYSROOT")) return *root + path;
    return path;
}

// Reads at most `limit` bytes: /proc files report size 0, so read until EOF.
inline std::optional<std::string> read_file(const std::string& path, std::size_t limit = 1 << 20) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string out(limit, '\0');
    in.read(out.data(), static_cast<std::streamsize>(limit));
    out.resize(static_cast<std::size_t>(in.gcount()));
    return out;
}

// A user-given value quoted in a note: printable and short.
inline std::string shown_value(const std::string& s) { return "'" + printable(s, 60) + "'"; }

// The switches and limits, read once from the environment.
struct Settings {
    bool no_exec = false;
    bool no_dlopen = false;
    std::optional<std::chrono::milliseconds> timeout;  // GPUCOMPAT_PROBE_TIMEOUT_MS
    std::string helper;
};

// A yes/no variable: 1/true/yes/on set it, 0/false/no/off (and empty) leave it unset.
inline bool flag(const char* name, std::vector<std::string>& notes) {
    const auto v = env(name);
    if (!v) return false;
    std::string l;
    for (char c : *v) l += gpucompat::detail::to_lower(c);
    if (l == "1" || l == "true" || l == "yes" || l == "on") return true;
    if (l != "0" && l != "false" && l != "no" && l != "off")
        notes.push_back(std::string(name) + "=" + shown_value(*v) + " is not 1/true/yes/on or 0/false/no/off: ignored");
    return false;
}

inline Settings read_settings(const DetectOptions& o, std::vector<std::string>& notes) {
    Settings s;
    s.no_exec = flag("GPUCOMPAT_NO_EXEC", notes);
    s.no_dlopen = flag("GPUCOMPAT_NO_DLOPEN", notes);
    s.helper = o.helper;
    if (auto t = env("GPUCOMPAT_PROBE_TIMEOUT_MS")) {
        const auto v = Version::parse(*t);
        if (v && v->size() == 1 && v->major() >= 1 && v->major() <= 600000) s.timeout = std::chrono::milliseconds(v->major());
        else notes.push_back("GPUCOMPAT_PROBE_TIMEOUT_MS=" + shown_value(*t) + " is not a number of milliseconds (1-600000): ignored");
    }
    return s;
}

inline spawn::Job job(const Settings& s, std::vector<std::string> argv, std::chrono::milliseconds limit) {
    spawn::Job j;
    j.argv = std::move(argv);
    j.limit = s.timeout.value_or(limit);
    return j;
}
inline spawn::Job helper_job(const Settings& s, std::vector<std::string> args, std::chrono::milliseconds limit) {
    args.insert(args.begin(), {s.helper, helper_command});
    return job(s, std::move(args), limit);
}

// Why a probe gave nothing, for a note: "crashed (signal 11)", "did not finish within 3000 ms".
inline std::string failure(const spawn::Job& j) {
    if (!j.started) return "could not be started";
    if (j.timed_out) return "did not finish within " + std::to_string(j.limit.count()) + " ms (stopped)";
    if (j.signal != 0) return "crashed (signal " + std::to_string(j.signal) + ")";
    if (j.exited && j.exit_code == 127) return "is not installed";
    return "exited with status " + std::to_string(j.exit_code);
}
inline bool ok(const spawn::Job& j) { return j.exited && j.exit_code == 0; }

// The helper's answers: "key value..." lines; values are hex where they are driver text.
inline std::string hex(std::string_view s) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 0xF];
    }
    return out;
}
inline std::string unhex(std::string_view s) {
    std::string out;
    auto val = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
        const int hi = val(s[i]), lo = val(s[i + 1]);
        if (hi < 0 || lo < 0) break;
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}
inline std::vector<std::vector<std::string>> records(const std::string& output) {
    std::vector<std::vector<std::string>> out;
    for (auto line : detect::detail::lines(output)) {
        std::vector<std::string> fields;
        for (auto w : detect::detail::words(line)) fields.emplace_back(w);
        if (!fields.empty()) out.push_back(std::move(fields));
    }
    return out;
}
inline std::optional<long long> number(const std::string& s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    long long v = 0;
    std::size_t i = 0;
    const bool neg = s[0] == '-';
    if (neg) i = 1;
    if (i == s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
        if (!gpucompat::detail::is_digit(s[i])) return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    return neg ? -v : v;
}

#ifdef GPUCOMPAT_POSIX
template <class F>
F symbol(void* handle, const char* name) {
    void* p = dlsym(handle, name);
    F f;
    static_assert(sizeof f == sizeof p);
    std::memcpy(&f, &p, sizeof f);
    return f;
}
#endif

}  // namespace detail

// --- the helper: runs in a child, talks in lines on stdout -----------------------
//
//   __probe nvml [library]      NVML: driver, the driver's CUDA, each GPU's name, cc, MIG
//   __probe cuda [library]      libcuda: cuDriverGetVersion, cuInit, each device
//   __probe cudnn PATH          cudnnGetVersion()
//   __probe cudart PATH         cudaRuntimeGetVersion()
//
// Every answer is flushed as soon as it is known, so a library that crashes
// halfway still leaves what it said before.
inline int helper_main(int argc, char** argv) {
#ifdef GPUCOMPAT_POSIX
    if (argc < 3) return 2;
    const std::string kind = argv[2];
    const std::string lib = argc > 3 ? argv[3] : "";
    auto say = [](const std::string& line) {
        std::fputs((line + "\n").c_str(), stdout);
        std::fflush(stdout);
    };
    auto open = [&](const std::string& name) -> void* {
        void* h = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (h == nullptr) return nullptr;
        // Where the loader found it (the file it mapped).
        Dl_info info{};
        void* any = dlsym(h, kind == "nvml" ? "nvmlInit_v2" : kind == "cuda" ? "cuInit" : kind == "cudnn" ? "cudnnGetVersion" : "cudaRuntimeGetVersion");
        if (any != nullptr && dladdr(any, &info) != 0 && info.dli_fname != nullptr) say("library " + detail::hex(info.dli_fname));
        return h;
    };
    if (kind == "nvml") {
        // nvml.h: nvmlReturn_t is an enum (0 = NVML_SUCCESS), nvmlDevice_t an opaque pointer.
        using Device = void*;
        void* h = nullptr;
        // WSL2 keeps the driver's libraries in /usr/lib/wsl/lib, not always on the loader path.
        for (const std::string& name : {lib.empty() ? std::string("libnvidia-ml.so.1") : lib, std::string("/usr/lib/wsl/lib/libnvidia-ml.so.1")})
            if ((h = open(name)) != nullptr) break;
        if (h == nullptr) return say("missing"), 3;
        const auto init = detail::symbol<int (*)()>(h, "nvmlInit_v2");
        const auto shutdown = detail::symbol<int (*)()>(h, "nvmlShutdown");
        const auto driver = detail::symbol<int (*)(char*, unsigned)>(h, "nvmlSystemGetDriverVersion");
        const auto cuda = detail::symbol<int (*)(int*)>(h, "nvmlSystemGetCudaDriverVersion_v2");
        const auto count = detail::symbol<int (*)(unsigned*)>(h, "nvmlDeviceGetCount_v2");
        const auto handle = detail::symbol<int (*)(unsigned, Device*)>(h, "nvmlDeviceGetHandleByIndex_v2");
        const auto name = detail::symbol<int (*)(Device, char*, unsigned)>(h, "nvmlDeviceGetName");
        const auto cc = detail::symbol<int (*)(Device, int*, int*)>(h, "nvmlDeviceGetCudaComputeCapability");
        const auto mig = detail::symbol<int (*)(Device, unsigned*, unsigned*)>(h, "nvmlDeviceGetMigMode");
        const auto mig_max = detail::symbol<int (*)(Device, unsigned*)>(h, "nvmlDeviceGetMaxMigDeviceCount");
        const auto mig_handle = detail::symbol<int (*)(Device, unsigned, Device*)>(h, "nvmlDeviceGetMigDeviceHandleByIndex");
        if (init == nullptr) return say("missing"), 3;
        const int rc = init();
        say("init " + std::to_string(rc));
        if (rc != 0) return 0;
        // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE is 80, NVML_DEVICE_NAME_V2_BUFFER_SIZE 96: room for both.
        char buf[256] = {};
        if (driver != nullptr && driver(buf, sizeof buf - 1) == 0) say("driver " + detail::hex(std::string_view(buf, strnlen(buf, sizeof buf))));
        int v = 0;
        if (cuda != nullptr && cuda(&v) == 0) say("cuda " + std::to_string(v));
        unsigned n = 0;
        if (count != nullptr && count(&n) == 0) {
            say("count " + std::to_string(n));
            for (unsigned i = 0; i < n && handle != nullptr; ++i) {
                Device d = nullptr;
                if (handle(i, &d) != 0) continue;
                std::memset(buf, 0, sizeof buf);
                if (name != nullptr && name(d, buf, sizeof buf - 1) == 0)
                    say("name " + std::to_string(i) + " " + detail::hex(std::string_view(buf, strnlen(buf, sizeof buf))));
                int major = 0, minor = 0;
                if (cc != nullptr && cc(d, &major, &minor) == 0) say("cc " + std::to_string(i) + " " + std::to_string(major) + " " + std::to_string(minor));
                unsigned current = 0, pending = 0;
                if (mig != nullptr && mig(d, &current, &pending) == 0) {
                    unsigned devices = 0, max = 0;
                    // NVML_DEVICE_MIG_ENABLE = 1: count the MIG devices that exist now.
                    if (current == 1 && mig_max != nullptr && mig_handle != nullptr && mig_max(d, &max) == 0)
                        for (unsigned k = 0; k < max && k < 1024; ++k) {
                            Device m = nullptr;
                            if (mig_handle(d, k, &m) == 0) ++devices;
                        }
                    say("mig " + std::to_string(i) + " " + std::to_string(current) + " " + std::to_string(devices));
                }
            }
        }
        if (shutdown != nullptr) shutdown();
        return 0;
    }
    if (kind == "cuda") {
        void* h = nullptr;
        for (const std::string& name : {lib.empty() ? std::string("libcuda.so.1") : lib, std::string("/usr/lib/wsl/lib/libcuda.so.1")})
            if ((h = open(name)) != nullptr) break;
        if (h == nullptr) return say("missing"), 3;
        const auto cu_init = detail::symbol<int (*)(unsigned)>(h, "cuInit");
        const auto cu_version = detail::symbol<int (*)(int*)>(h, "cuDriverGetVersion");
        const auto count_fn = detail::symbol<int (*)(int*)>(h, "cuDeviceGetCount");
        const auto get_fn = detail::symbol<int (*)(int*, int)>(h, "cuDeviceGet");
        const auto name_fn = detail::symbol<int (*)(char*, int, int)>(h, "cuDeviceGetName");
        const auto attr_fn = detail::symbol<int (*)(int*, int, int)>(h, "cuDeviceGetAttribute");
        if (cu_init == nullptr || cu_version == nullptr) return say("missing"), 3;
        int v = 0;
        if (cu_version(&v) == 0) say("cuda " + std::to_string(v));
        const int rc = cu_init(0);
        say("init " + std::to_string(rc));
        int n = 0;
        if (rc != 0 || count_fn == nullptr || count_fn(&n) != 0) return 0;
        say("count " + std::to_string(n));
        for (int i = 0; i < n && get_fn != nullptr; ++i) {
            int dev = 0;
            if (get_fn(&dev, i) != 0) continue;
            char buf[257] = {};
            if (name_fn != nullptr && name_fn(buf, 256, dev) == 0) say("name " + std::to_string(i) + " " + detail::hex(std::string_view(buf, strnlen(buf, 256))));
            int major = 0, minor = 0;
            // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, _MINOR = 76 (cuda.h)
            if (attr_fn != nullptr && attr_fn(&major, 75, dev) == 0 && attr_fn(&minor, 76, dev) == 0)
                say("cc " + std::to_string(i) + " " + std::to_string(major) + " " + std::to_string(minor));
        }
        return 0;
    }
    if (kind == "cudnn" || kind == "cudart") {
        void* h = open(lib);
        if (h == nullptr) return say("missing"), 3;
        if (kind == "cudnn") {
            const auto f = detail::symbol<std::size_t (*)()>(h, "cudnnGetVersion");
            if (f == nullptr) return say("missing"), 3;
            say("version " + std::to_string(f()));
        } else {
            const auto f = detail::symbol<int (*)(int*)>(h, "cudaRuntimeGetVersion");
            if (f == nullptr) return say("missing"), 3;
            int v = 0;
            const int rc = f(&v);
            say(rc == 0 ? "version " + std::to_string(v) : "error " + std::to_string(rc));
        }
        return 0;
    }
    return 2;
#else
    (void)argc;
    (void)argv;
    return 2;
#endif
}

// --- the driver and the GPUs, from the helper's answers ---------------------------

// What the driver said, range-checked: a value out of range is a note, not a fact.
struct DriverAnswer {
    bool loaded = false;  // the library was found and answered
    std::string library;
    std::optional<int> init;  // nvmlInit_v2's / cuInit's return code
    std::optional<DriverVersion> driver;
    std::optional<DriverCudaVersion> cuda;
    std::vector<detect::GpuInfo> gpus;
    std::vector<std::string> notes;
};

// Reads the helper's lines. `who` names the library in notes.
inline DriverAnswer read_driver_answer(const std::string& output, const std::string& who) {
    DriverAnswer a;
    std::vector<std::optional<detect::GpuInfo>> by_index;
    auto gpu = [&](long long i) -> detect::GpuInfo* {
        // NVML counts GPUs in an unsigned int; more than 4096 in one node is not a real answer.
        if (i < 0 || i >= 4096) return nullptr;
        const auto k = static_cast<std::size_t>(i);
        if (by_index.size() <= k) by_index.resize(k + 1);
        if (!by_index[k]) by_index[k] = detect::GpuInfo{};
        return &*by_index[k];
    };
    for (const auto& r : detail::records(output)) {
        const std::string& key = r[0];
        if (key == "missing") return a;
        a.loaded = true;
        if (key == "library" && r.size() > 1) a.library = printable(detail::unhex(r[1]));
        else if (key == "init" && r.size() > 1) a.init = static_cast<int>(detail::number(r[1]).value_or(-1));
        else if (key == "driver" && r.size() > 1) {
            const std::string text = detail::unhex(r[1]);
            if (auto d = detect::detail::driver_token(text)) a.driver = *d;
            else a.notes.push_back(who + " reported driver version " + detail::shown_value(text) + ": not a driver version, ignored");
        } else if (key == "cuda" && r.size() > 1) {
            const auto n = detail::number(r[1]).value_or(-1);
            const auto c = n > 0 ? DriverCudaVersion::from_int(static_cast<std::uint32_t>(n)) : Parsed<DriverCudaVersion>(ParseError{0, ""});
            if (c) a.cuda = *c;
            else a.notes.push_back(who + " reported CUDA driver version " + printable(r[1], 20) + ": out of range, ignored");
        } else if (key == "name" && r.size() > 2) {
            if (auto* g = gpu(detail::number(r[1]).value_or(-1))) g->name = printable(detail::unhex(r[2]), 256);
        } else if (key == "cc" && r.size() > 3) {
            const auto i = detail::number(r[1]).value_or(-1);
            const auto ma = detail::number(r[2]).value_or(-1), mi = detail::number(r[3]).value_or(-1);
            if (auto* g = gpu(i)) {
                // ComputeCapability holds 1-99 for the major and one digit for the minor, as NVIDIA numbers them.
                if (ma >= 1 && ma <= 99 && mi >= 0 && mi <= 9)
                    g->cc = ComputeCapability{static_cast<std::uint8_t>(ma), static_cast<std::uint8_t>(mi)};
                else
                    a.notes.push_back(who + " reported compute capability " + printable(r[2], 20) + "." + printable(r[3], 20) + " for GPU " +
                                      std::to_string(i) + ": out of range, ignored");
            }
        } else if (key == "mig" && r.size() > 3) {
            if (auto* g = gpu(detail::number(r[1]).value_or(-1))) {
                const auto mode = detail::number(r[2]).value_or(-1), n = detail::number(r[3]).value_or(-1);
                if (mode == 0 || mode == 1) g->mig = mode == 1;
                if (n >= 0 && n <= 1024) g->mig_devices = static_cast<unsigned>(n);
            }
        }
    }
    for (std::size_t i = 0; i < by_index.size(); ++i)
        if (by_index[i]) {
            by_index[i]->index = static_cast<int>(i);
            a.gpus.push_back(std::move(*by_index[i]));
        }
    return a;
}

// --- libraries -------------------------------------------------------------------

// Where a CUDA program's loader, and TensorFlow's/PyTorch's own preloading,
// look for the CUDA libraries, in that order; `site_dirs` are Python's.
inline std::vector<std::pair<std::string, std::string>> library_search_dirs(const std::vector<SiteDir>& site_dirs) {
    namespace fs = std::filesystem;
    std::vector<std::pair<std::string, std::string>> dirs;
    if (auto ld = detail::env("LD_LIBRARY_PATH")) {
        std::stringstream ss(*ld);
        std::string d;
        while (std::getline(ss, d, ':'))
            if (!d.empty()) dirs.emplace_back(d, "LD_LIBRARY_PATH");
    }
    if (auto conda = detail::env("CONDA_PREFIX")) dirs.emplace_back(*conda + "/lib", "conda");
    // pip's CUDA wheels: nvidia/<library>/lib (nvidia/cudnn/lib, nvidia/cuda_runtime/lib)
    // and, from CUDA 13, one nvidia/cu13/lib for them all.
    for (const auto& site : site_dirs) {
        std::error_code ec;
        const fs::path nv = fs::path(site.path) / "nvidia";
        std::vector<std::string> found;
        fs::directory_iterator it(nv, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            const auto lib = it->path() / "lib";
            std::error_code e2;
            if (fs::is_directory(lib, e2)) found.push_back(lib.string());
        }
        std::sort(found.begin(), found.end());
        for (auto& f : found) dirs.emplace_back(std::move(f), site.from + " (pip)");
    }
    for (const char* d : {"/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64"})
        dirs.emplace_back(d, "system");
    dirs.emplace_back("/usr/lib/wsl/lib", "WSL");
    return dirs;
}

namespace detail {
inline std::vector<LibraryFound>* classify(MachineInfo& m, const std::string& name) {
    if (name.rfind("libcudart.so.", 0) == 0) return &m.cuda_runtime;
    if (name.rfind("libcudnn.so.", 0) == 0) return &m.cudnn;
    for (const char* p : {"libcublas.so.", "libcublasLt.so.", "libcufft.so.", "libcurand.so.", "libcusolver.so.", "libcusparse.so."})
        if (name.rfind(p, 0) == 0) return &m.other_libraries;
    return nullptr;
}

// Adds one path, merged with the entry for the same file (symlinks, a
// symlinked folder, ldconfig's name for it). `raw_files` keeps the unsanitised
// file for the version probe, index for index with the list.
struct RawFiles {
    std::vector<std::string> cuda_runtime, cudnn, other;
    std::vector<std::string>& of(MachineInfo& m, const std::vector<LibraryFound>* list) {
        return list == &m.cuda_runtime ? cuda_runtime : list == &m.cudnn ? cudnn : other;
    }
};
inline void add_library(MachineInfo& m, RawFiles& raw, const std::string& name, const std::string& path, const std::string& from) {
    namespace fs = std::filesystem;
    auto* list = classify(m, name);
    if (list == nullptr) return;
    std::error_code ec;
    const fs::path real = fs::canonical(path, ec);
    if (ec) return;  // a dangling link: nothing the loader could load
    const std::string file = real.string();
    auto& files = raw.of(m, list);
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i] != file) continue;
        auto& e = (*list)[i];
        const std::string shown = printable(path);
        for (const auto& p : e.paths)
            if (p.path == shown) return;
        e.paths.push_back({shown, from});
        return;
    }
    LibraryFound f;
    f.name = printable(name);
    f.path = printable(path);
    f.from = from;
    f.file = printable(file);
    f.paths.push_back({f.path, from});
    // The real file's name is the most precise promise (libcudart.so.13.0.96).
    f.version = detect::version_from_library_name(name);
    if (auto v = detect::version_from_library_name(real.filename().string()); v && (!f.version || v->size() > f.version->size()))
        f.version = *v;
    if (f.version) f.version_from = "file name";
    list->push_back(std::move(f));
    files.push_back(file);
}

// A version a library reported, believed only when plausible and in line with
// the major its file name promises (libcudnn.so.9 cannot be cuDNN 0.0.0).
inline std::optional<Version> plausible(const std::optional<Version>& reported, const std::optional<Version>& named) {
    if (!reported || reported->major() < 1 || reported->major() > 99) return std::nullopt;
    if (reported->size() > 1 && reported->minor() > 99) return std::nullopt;
    if (named && named->major() != reported->major()) return std::nullopt;
    return reported;
}
}  // namespace detail

// --- the machine -----------------------------------------------------------------

inline MachineInfo detect_machine(const DetectOptions& options = {}) {
    namespace fs = std::filesystem;
    using namespace std::chrono_literals;
    MachineInfo m;
    const detail::Settings s = detail::read_settings(options, m.notes);
    const bool can_load = !s.no_dlopen && !s.no_exec && !s.helper.empty();
    if (!s.no_dlopen && !s.no_exec && s.helper.empty())
        m.notes.push_back("no helper program to load libraries in (DetectOptions::helper): library versions come from file names");

    // OS and WSL.
    if (auto os = detail::env("GPUCOMPAT_OS")) {
        if (auto p = parse_platform(*os)) m.platform = {*p, "GPUCOMPAT_OS"};
        else m.notes.push_back("GPUCOMPAT_OS=" + detail::shown_value(*os) + " is not linux, windows, wsl2 or macos: ignored");
    }
    if (!m.platform.value) {
#if defined(_WIN32)
        m.platform = {Platform::Windows, "compiled for Windows"};
#elif defined(__APPLE__)
        m.platform = {Platform::MacOS, "compiled for macOS"};
#else
        const auto rel = detail::read_file(detail::sysroot_path("/proc/sys/kernel/osrelease"));
        const auto k = detect::parse_kernel_release(rel ? *rel : std::string());
        m.wsl = k.wsl;
        const std::string release = printable(k.release, 80);
        if (k.wsl2) m.platform = {Platform::Wsl2, "/proc/sys/kernel/osrelease (" + release + ")"};
        else m.platform = {Platform::Linux, rel ? "/proc/sys/kernel/osrelease (" + release + ")" : "compiled for Linux"};
        if (k.wsl && !k.wsl2) m.notes.push_back("WSL1 detected: CUDA needs WSL2");
#endif
    }
    m.wsl = m.wsl || m.platform.value == Platform::Wsl2;

    // Windows build: override (only for windows and wsl2, as --os-build), or `cmd.exe /c ver`.
    bool want_ver = false;
    if (auto b = detail::env("GPUCOMPAT_OS_BUILD")) {
        const auto v = parse_windows_build(*b);
        if (!v) m.notes.push_back("GPUCOMPAT_OS_BUILD=" + detail::shown_value(*b) + " is not a Windows build (19045, 10.0.19045.3803, 22H2): ignored");
        else if (m.platform.value != Platform::Windows && m.platform.value != Platform::Wsl2)
            m.notes.push_back("GPUCOMPAT_OS_BUILD is only meaningful on windows or wsl2: ignored");
        else m.windows_build = {*v, "GPUCOMPAT_OS_BUILD"};
    } else if (m.platform.value == Platform::Wsl2) {
        want_ver = true;
    }

    // Driver release: override, /sys, /proc (cheap files); NVML below.
    if (auto d = detail::env("GPUCOMPAT_DRIVER")) {
        if (auto v = DriverVersion::parse(*d)) m.driver = {*v, "GPUCOMPAT_DRIVER"};
        else m.notes.push_back("GPUCOMPAT_DRIVER=" + detail::shown_value(*d) + " is not a driver version (456.71, 525.60.13): ignored");
    }
    if (!m.driver.value)
        if (auto t = detail::read_file(detail::sysroot_path("/sys/module/nvidia/version")))
            if (auto v = detect::parse_sys_module_version(*t)) m.driver = {*v, "/sys/module/nvidia/version"};
    if (!m.driver.value)
        if (auto t = detail::read_file(detail::sysroot_path("/proc/driver/nvidia/version")))
            if (auto v = detect::parse_proc_driver_version(*t)) m.driver = {*v, "/proc/driver/nvidia/version"};
    if (auto c = detail::env("GPUCOMPAT_DRIVER_CUDA")) {
        if (auto v = DriverCudaVersion::parse(*c)) m.driver_cuda = {*v, "GPUCOMPAT_DRIVER_CUDA"};
        else m.notes.push_back("GPUCOMPAT_DRIVER_CUDA=" + detail::shown_value(*c) + " is not a CUDA version (12.4): ignored");
    }
    if (auto cc = detail::env("GPUCOMPAT_CC")) {
        std::stringstream ss(*cc);
        std::string one;
        const std::string name = printable(detail::env("GPUCOMPAT_GPU_NAME").value_or(""), 256);
        while (std::getline(ss, one, ',')) {
            if (auto c = ComputeCapability::parse(gpucompat::detail::trim(one))) {
                detect::GpuInfo g;
                g.name = name;
                g.cc = *c;
                g.index = static_cast<int>(m.gpus.size());
                m.gpus.push_back(std::move(g));
            } else {
                m.notes.push_back("GPUCOMPAT_CC: " + detail::shown_value(one) + " is not a compute capability (8.6, sm_86): ignored");
            }
        }
        if (!m.gpus.empty()) m.gpus_from = "GPUCOMPAT_CC";
    }

    // Python: GPUCOMPAT_PYTHON, as --python: X.Y[.Z] with X 2 or 3.
    if (auto p = detail::env("GPUCOMPAT_PYTHON")) {
        const auto v = Version::parse(*p);
        if (v && v->size() >= 2 && v->major() >= 2 && v->major() <= 3) m.python = {*v, "GPUCOMPAT_PYTHON"};
        else m.notes.push_back("GPUCOMPAT_PYTHON=" + detail::shown_value(*p) + " is not a Python version such as 3.10: ignored");
    }
    // The venv says its version in pyvenv.cfg: no need to start Python at all.
    const auto venv = find_venv();
    if (venv) {
        m.python_env = printable(venv->root.string());
        if (!m.python.value && venv->cfg.version) m.python = {*venv->cfg.version, "pyvenv.cfg (" + venv->from + ")"};
        for (auto& d : site_packages_under(venv->root, venv->cfg.version)) m.site_dirs.push_back({std::move(d), "venv"});
    }
    const auto conda = detail::env("CONDA_PREFIX");
    if (conda && !venv) m.python_env = printable(*conda);
    if (conda)
        for (auto& d : site_packages_under(*conda, std::nullopt)) m.site_dirs.push_back({std::move(d), "conda"});

    // Everything that needs no earlier answer runs at once: python3 (when
    // the files did not say enough), ldconfig, NVML, and the version probes
    // of the libraries already in sight. doctor's time is then the slowest
    // probe, not the sum of them.
    const bool system_site = !venv || venv->cfg.include_system_site;
    // A venv that sees the system's packages needs the base interpreter's
    // folders, which are exactly what python3 -S names.
    const bool run_python = !s.no_exec && (!m.python.value.has_value() || (venv && system_site));
    // -S skips site's start-up work (.pth files: most of a python3 run); the
    // venv's folders come from pyvenv.cfg above, so sysconfig's prefix is right
    // here: this python3 is not a venv's, or the venv was not found.
    spawn::Job python = detail::job(s, {"python3", "-S", "-c",
                                        "import os, sys, sysconfig\nprint('Python', sys.version.split()[0])\n"
                                        "p = sysconfig.get_paths()\nprint(p['purelib'])\nprint(p['platlib'])\n"
                                        "print(sysconfig.get_path('purelib', os.name + '_user'))"},
                                    5000ms);
    std::string ldconfig_path = "ldconfig";
    for (const char* p : {"/sbin/ldconfig", "/usr/sbin/ldconfig"})
        if (access(p, X_OK) == 0) {
            ldconfig_path = p;
            break;
        }
    spawn::Job ldconfig = detail::job(s, {ldconfig_path, "-p"}, 3000ms);
    spawn::Job ver = detail::job(s, {"cmd.exe", "/c", "ver"}, 3000ms);
    spawn::Job nvml = detail::helper_job(s, {"nvml"}, 10000ms);

    // The libraries: found in folders (and ldconfig's list), one entry per
    // file; each file's version asked once, in its own child.
    detail::RawFiles raw;
    auto finalize_site_dirs = [&] {
        // One entry per folder (purelib and platlib are often one; a symlinked folder is one folder).
        std::vector<SiteDir> unique;
        std::set<std::string> seen;
        for (auto& d : m.site_dirs) {
            std::error_code ec;
            const auto real = fs::canonical(d.path, ec);
            if (ec || !seen.insert(real.string()).second) continue;
            unique.push_back(std::move(d));
        }
        m.site_dirs = std::move(unique);
    };
    auto scan_libraries = [&] {
        for (const auto& [dir, from] : library_search_dirs(m.site_dirs)) {
            std::error_code ec;
            std::vector<std::pair<std::string, std::string>> entries;
            fs::directory_iterator it(dir, ec), end;
            for (; !ec && it != end; it.increment(ec)) entries.emplace_back(it->path().filename().string(), it->path().string());
            std::sort(entries.begin(), entries.end());
            for (const auto& [name, path] : entries) detail::add_library(m, raw, name, path, from);
        }
    };
    struct VersionProbe {
        std::vector<LibraryFound>* list;
        std::size_t index;
        const char* function;
    };
    std::set<std::string> probed;
    auto plan_version_probes = [&](std::vector<spawn::Job>& jobs, std::vector<VersionProbe>& of) {
        if (!can_load) return;
        for (std::size_t i = 0; i < raw.cudnn.size(); ++i)
            if (probed.insert(raw.cudnn[i]).second) {
                jobs.push_back(detail::helper_job(s, {"cudnn", raw.cudnn[i]}, 5000ms));
                of.push_back({&m.cudnn, i, "cudnnGetVersion"});
            }
        for (std::size_t i = 0; i < raw.cuda_runtime.size(); ++i)
            if (probed.insert(raw.cuda_runtime[i]).second) {
                jobs.push_back(detail::helper_job(s, {"cudart", raw.cuda_runtime[i]}, 5000ms));
                of.push_back({&m.cuda_runtime, i, "cudaRuntimeGetVersion"});
            }
    };
    auto take_versions = [&](std::vector<spawn::Job>& jobs, const std::vector<VersionProbe>& of) {
        for (std::size_t k = 0; k < jobs.size(); ++k) {
            LibraryFound& lib = (*of[k].list)[of[k].index];
            const std::string fn = of[k].function;
            std::optional<long long> n;
            for (const auto& r : detail::records(jobs[k].output))
                if (r[0] == "version" && r.size() > 1) n = detail::number(r[1]);
            if (!detail::ok(jobs[k]) || !n) {
                if (!(jobs[k].exited && jobs[k].exit_code == 3))
                    m.notes.push_back(lib.file + ": " + fn + "() " + detail::failure(jobs[k]) + "; version from the file name");
                continue;
            }
            std::optional<Version> reported;
            if (*n > 0 && *n <= 0xFFFFFFFFLL) {
                const auto u = static_cast<std::uint32_t>(*n);
                reported = fn == "cudnnGetVersion" ? detect::cudnn_version_from_int(u) : detect::cuda_version_from_int(u);
            }
            const auto named = detect::version_from_library_name(lib.name);
            if (auto v = detail::plausible(reported, named)) {
                // The file name may say more (13.0.96 beside the runtime's 13.0): keep the longer when they agree.
                if (!(lib.version && lib.version->size() > v->size() && lib.version->truncated(v->size()) == *v)) lib.version = *v;
                lib.version_from = fn;
            } else {
                m.notes.push_back(lib.file + ": " + fn + "() reported " + (reported ? std::string(reported->text()) : std::to_string(*n)) +
                                  ", implausible for " + lib.name + "; version from the file name");
            }
        }
    };
    // Without python3 to ask, the folders are known now.
    if (!run_python) {
        finalize_site_dirs();
        scan_libraries();
    }
    std::vector<spawn::Job> early_versions;
    std::vector<VersionProbe> early_of;
    plan_version_probes(early_versions, early_of);

    std::vector<spawn::Job*> first;
    if (run_python) first.push_back(&python);
    if (!s.no_exec) first.push_back(&ldconfig);
    if (want_ver && !s.no_exec) first.push_back(&ver);
    const bool need_driver = !m.driver.value || !m.driver_cuda.value || m.gpus.empty();
    if (need_driver && can_load) first.push_back(&nvml);
    for (auto& j : early_versions) first.push_back(&j);
    spawn::run_all(first);
    take_versions(early_versions, early_of);

    if (want_ver) {
        if (detail::ok(ver))
            if (auto v = detect::parse_windows_ver(ver.output)) m.windows_build = {*v, "cmd.exe /c ver"};
        if (!m.windows_build.value) m.notes.push_back("Windows build not found (cmd.exe through WSL interop failed); set GPUCOMPAT_OS_BUILD");
    }

    // Python on PATH, when the files did not say enough.
    if (run_python) {
        if (detail::ok(python)) {
            const auto ls = detect::detail::lines(python.output);
            if (!ls.empty() && !m.python.value)
                if (auto v = detect::parse_python_version(ls.front()); v && v->size() >= 2 && v->major() >= 2 && v->major() <= 3)
                    m.python = {*v, "python3 on PATH"};
            for (std::size_t i = 1; i < ls.size() && i < 4; ++i) {
                if (ls[i].empty() || ls[i].front() != '/') continue;
                const bool user = i == 3;
                if (user ? !system_site : (!system_site && venv)) continue;
                m.site_dirs.push_back({std::string(ls[i]), user ? "user site" : "python3"});
            }
            if (!m.python.value) m.notes.push_back("python3 on PATH printed no version gpucompat could read");
        } else {
            m.notes.push_back(!python.started || (python.exited && python.exit_code == 127) ? std::string("No python3 on PATH")
                                                                                             : "python3 " + detail::failure(python));
        }
        finalize_site_dirs();
        scan_libraries();
    }
    // ldconfig's cache: mostly the system folders' files again (merged), sometimes more.
    if (!s.no_exec) {
        if (detail::ok(ldconfig)) {
            for (const auto& e : detect::parse_ldconfig(ldconfig.output)) detail::add_library(m, raw, e.name, e.path, "ldconfig");
        } else if (ldconfig.started && !(ldconfig.exited && ldconfig.exit_code == 127)) {
            m.notes.push_back("ldconfig -p " + detail::failure(ldconfig));
        }
    }

    // What pip installed there.
    {
        std::set<std::string> seen;
        for (const auto& d : m.site_dirs)
            for (auto& p : read_packages(d.path, m.notes))
                if (seen.insert(p.name).second) m.packages.push_back(std::move(p));  // the first folder wins, as for import
        m.frameworks = frameworks_of(m.packages);
    }

    // The driver through NVML; then libcuda and nvidia-smi for what is still
    // missing, together with the version probes of libraries found since.
    auto take = [&](const DriverAnswer& a, const std::string& from) {
        m.notes.insert(m.notes.end(), a.notes.begin(), a.notes.end());
        if (!m.driver.value && a.driver) m.driver = {*a.driver, from};
        if (!m.driver_cuda.value && a.cuda) m.driver_cuda = {*a.cuda, from};
        if (m.gpus.empty() && !a.gpus.empty()) {
            m.gpus = a.gpus;
            m.gpus_from = from;
        }
    };
    bool nvml_ok = false;
    if (need_driver && can_load) {
        const DriverAnswer a = read_driver_answer(nvml.output, "libnvidia-ml.so.1");
        if (!detail::ok(nvml) && !(nvml.exited && nvml.exit_code == 3))
            m.notes.push_back("NVML probe (libnvidia-ml.so.1) " + detail::failure(nvml));
        else if (a.loaded && !a.init)
            m.notes.push_back("NVML probe (libnvidia-ml.so.1) ended before nvmlInit_v2 returned");
        else if (a.init && *a.init != 0)
            m.notes.push_back("nvmlInit_v2 failed with nvmlReturn_t " + std::to_string(*a.init) + " (9: driver not loaded, 12: library not found)");
        take(a, a.library.empty() ? std::string("libnvidia-ml.so.1") : a.library);
        nvml_ok = a.loaded && a.init == 0;
    }
    const bool still_need = !m.driver.value || !m.driver_cuda.value || m.gpus.empty();
    spawn::Job cuda = detail::helper_job(s, {"cuda"}, 10000ms);
    spawn::Job smi = detail::job(s, {"nvidia-smi", "--query-gpu=index,name,driver_version,compute_cap", "--format=csv,noheader"}, 5000ms);
    spawn::Job banner = detail::job(s, {"nvidia-smi"}, 5000ms);
    std::vector<spawn::Job> late_versions;
    std::vector<VersionProbe> late_of;
    plan_version_probes(late_versions, late_of);
    std::vector<spawn::Job*> second;
    if (still_need && can_load && !nvml_ok) second.push_back(&cuda);
    if (still_need && !s.no_exec) {
        second.push_back(&smi);
        if (!m.driver_cuda.value) second.push_back(&banner);
    }
    for (auto& j : late_versions) second.push_back(&j);
    spawn::run_all(second);
    take_versions(late_versions, late_of);
    if (cuda.started) {
        const DriverAnswer a = read_driver_answer(cuda.output, "libcuda.so.1");
        if (!detail::ok(cuda) && !(cuda.exited && cuda.exit_code == 3)) m.notes.push_back("CUDA driver probe (libcuda.so.1) " + detail::failure(cuda));
        else if (a.loaded && !a.init)
            m.notes.push_back("CUDA driver probe (libcuda.so.1) ended before cuInit returned");
        else if (a.init && *a.init != 0)
            m.notes.push_back("cuInit failed with CUresult " + std::to_string(*a.init) + " (100: no CUDA-capable device)");
        take(a, a.library.empty() ? std::string("libcuda.so.1") : a.library);
    }
    if (smi.started && !(smi.exited && smi.exit_code == 127)) {
        if (detail::ok(smi)) {
            DriverAnswer a;
            const auto rows = detect::parse_nvidia_smi_csv(smi.output);
            for (const auto& r : rows) {
                detect::GpuInfo g = r.gpu;
                g.name = printable(g.name, 256);
                g.index = r.index;
                a.gpus.push_back(std::move(g));
            }
            if (!rows.empty() && rows.front().driver) a.driver = *rows.front().driver;
            if (rows.empty() && !smi.output.empty()) m.notes.push_back("nvidia-smi --query-gpu printed nothing gpucompat could read");
            take(a, "nvidia-smi");
        } else {
            m.notes.push_back("nvidia-smi " + detail::failure(smi));
        }
    }
    if (banner.started && detail::ok(banner)) {
        const auto b = detect::parse_nvidia_smi_banner(banner.output);
        if (!m.driver_cuda.value && b.driver_cuda) m.driver_cuda = {*b.driver_cuda, "nvidia-smi"};
        if (!m.driver.value && b.driver) m.driver = {*b.driver, "nvidia-smi"};
    }
    // GPUs whose source gave a name but no compute capability (old drivers
    // print [N/A]): the bundled table answers, with every chip a name covers.
    for (auto& g : m.gpus) {
        if (g.cc || g.name.empty()) continue;
        const auto all = find_gpu_all(g.name);
        if (all.size() == 1) g.cc = all.front()->cc;
        else if (all.size() > 1) {
            std::string ccs;
            for (const auto* model : all) {
                g.cc_candidates.push_back(model->cc);
                ccs += (ccs.empty() ? "" : " or ") + gpucompat::detail::cc_text(model->cc);
            }
            m.notes.push_back("GPU " + std::to_string(g.index) + " '" + g.name + "' names more than one chip (compute capability " + ccs +
                              "): answering for each; set GPUCOMPAT_CC to choose");
        }
    }
    if (!m.driver.value) m.notes.push_back("No NVIDIA driver found (/sys/module/nvidia/version, /proc/driver/nvidia/version, NVML, nvidia-smi)");
    if (m.gpus.empty()) m.notes.push_back("No NVIDIA GPU found (NVML, libcuda, nvidia-smi)");
    if (auto c = detail::env("GPUCOMPAT_CUDA")) {
        if (auto v = Version::parse(*c); v && v->major() >= 1 && v->major() <= 99) {
            m.cuda_runtime.clear();
            m.cuda_runtime.push_back({"", "", "GPUCOMPAT_CUDA", *v, "GPUCOMPAT_CUDA", "", {}});
        } else {
            m.notes.push_back("GPUCOMPAT_CUDA=" + detail::shown_value(*c) + " is not a CUDA version (12.4): ignored");
        }
    }
    if (auto c = detail::env("GPUCOMPAT_CUDNN")) {
        if (auto v = Version::parse(*c); v && v->major() >= 1 && v->major() <= 99) {
            m.cudnn.clear();
            m.cudnn.push_back({"", "", "GPUCOMPAT_CUDNN", *v, "GPUCOMPAT_CUDNN", "", {}});
        } else {
            m.notes.push_back("GPUCOMPAT_CUDNN=" + detail::shown_value(*c) + " is not a cuDNN version (9.1.0): ignored");
        }
    }
    if (m.cuda_runtime.empty()) m.notes.push_back("No CUDA runtime (libcudart.so.*) on the loader path");
    if (m.cudnn.empty()) m.notes.push_back("No cuDNN (libcudnn.so.*) on the loader path");
    return m;
}

}  // namespace gpucompat::probe
