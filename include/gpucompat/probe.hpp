// gpucompat — live probing of this machine (opt-in; link gpucompat::probe).
//
// Reads files, runs commands with a time limit and loads the NVIDIA driver,
// CUDA runtime and cuDNN at run time (dlopen), with no link-time dependency
// on CUDA. Detection is an ordered chain of the pure parsers in detect.hpp,
// each value overridable from the environment so tests and CI can pin it:
//
//   GPUCOMPAT_OS (linux|wsl2|windows|macos), GPUCOMPAT_OS_BUILD, GPUCOMPAT_DRIVER,
//   GPUCOMPAT_DRIVER_CUDA, GPUCOMPAT_CC (comma-separated), GPUCOMPAT_GPU_NAME,
//   GPUCOMPAT_PYTHON, GPUCOMPAT_CUDA, GPUCOMPAT_CUDNN,
//   GPUCOMPAT_SYSROOT (prefix for /proc and /sys reads),
//   GPUCOMPAT_NO_EXEC=1 (run no external command), GPUCOMPAT_NO_DLOPEN=1.
#pragma once

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "detect.hpp"
#include "platform.hpp"
#include "windows_build.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#define GPUCOMPAT_POSIX 1
#endif

namespace gpucompat::probe {

// What one step of detection found, and where.
template <class T>
struct Found {
    std::optional<T> value;
    std::string from;  // "GPUCOMPAT_DRIVER", "/sys/module/nvidia/version", "libcuda.so.1"
};

struct LibraryFound {
    std::string name;                // libcudnn.so.9
    std::string path;                // /usr/lib/x86_64-linux-gnu/libcudnn.so.9
    std::string from;                // ldconfig, LD_LIBRARY_PATH, conda, pip, system
    std::optional<Version> version;  // from the library itself when loaded, else its name
};

struct MachineInfo {
    Found<Platform> platform;
    Found<std::uint32_t> windows_build;
    bool wsl = false;
    Found<DriverVersion> driver;
    Found<DriverCudaVersion> driver_cuda;
    std::vector<detect::GpuInfo> gpus;
    std::string gpus_from;
    std::vector<LibraryFound> cuda_runtime;
    std::vector<LibraryFound> cudnn;
    std::vector<LibraryFound> other_libraries;  // cublas, cufft, ... that TensorFlow loads
    Found<Version> python;
    std::vector<std::string> notes;             // what could not be found, and why
};

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

struct CommandResult {
    bool ran = false;       // the program started and exited within the time limit
    int exit_code = -1;
    std::string output;     // stdout only
};

// Runs argv[0] (looked up on PATH) with a time limit; never through a shell.
inline CommandResult run(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
    CommandResult r;
    if (env("GPUCOMPAT_NO_EXEC")) return r;
#ifdef GPUCOMPAT_POSIX
    int fds[2];
    if (pipe(fds) != 0) return r;
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return r;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        const int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 2);
        }
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buf[4096];
    bool timed_out = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = poll(&p, 1, static_cast<int>(left));
        if (ready <= 0) {
            if (ready == 0) timed_out = true;
            if (ready < 0 && errno == EINTR) continue;
            break;
        }
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        if (r.output.size() < (1 << 20)) r.output.append(buf, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    if (timed_out) kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) != 127) {
        r.ran = true;
        r.exit_code = WEXITSTATUS(status);
    }
#else
    (void)argv;
    (void)limit;
#endif
    return r;
}

// A dlopen()ed library, closed when it goes out of scope.
class Library {
public:
    explicit Library(const std::string& name) {
#ifdef GPUCOMPAT_POSIX
        if (!env("GPUCOMPAT_NO_DLOPEN")) handle_ = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
#else
        (void)name;
#endif
    }
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;
    ~Library() {
#ifdef GPUCOMPAT_POSIX
        if (handle_ != nullptr) dlclose(handle_);
#endif
    }
    [[nodiscard]] bool loaded() const noexcept { return handle_ != nullptr; }
    template <class F>
    [[nodiscard]] F symbol(const char* name) const noexcept {
#ifdef GPUCOMPAT_POSIX
        if (handle_ == nullptr) return nullptr;
        void* p = dlsym(handle_, name);
        F f;
        static_assert(sizeof f == sizeof p);
        std::memcpy(&f, &p, sizeof f);
        return f;
#else
        (void)name;
        return nullptr;
#endif
    }
    // Where the loader found it (the file it mapped).
    [[nodiscard]] std::string path(const char* any_symbol) const {
#if defined(GPUCOMPAT_POSIX) && defined(__GLIBC__)
        if (handle_ == nullptr) return {};
        void* p = dlsym(handle_, any_symbol);
        Dl_info info{};
        if (p != nullptr && dladdr(p, &info) != 0 && info.dli_fname != nullptr) return info.dli_fname;
#else
        (void)any_symbol;
#endif
        return {};
    }

private:
    void* handle_ = nullptr;
};

}  // namespace detail

// The driver, through libcuda: cuInit, cuDriverGetVersion, each device's name
// and compute capability. Empty when no driver can be loaded.
struct DriverProbe {
    bool loaded = false;
    std::string library;  // the file it came from
    int init_result = -1; // CUresult of cuInit (0 = CUDA_SUCCESS, 100 = no device)
    std::optional<DriverCudaVersion> cuda;
    std::vector<detect::GpuInfo> gpus;
};

inline DriverProbe probe_driver() {
    DriverProbe p;
    for (const char* name : {"libcuda.so.1", "/usr/lib/wsl/lib/libcuda.so.1", "libcuda.dylib"}) {
        detail::Library lib(name);
        if (!lib.loaded()) continue;
        using InitFn = int (*)(unsigned);
        using VersionFn = int (*)(int*);
        using CountFn = int (*)(int*);
        using GetFn = int (*)(int*, int);
        using NameFn = int (*)(char*, int, int);
        using AttrFn = int (*)(int*, int, int);
        const auto cu_init = lib.symbol<InitFn>("cuInit");
        const auto cu_version = lib.symbol<VersionFn>("cuDriverGetVersion");
        if (cu_init == nullptr || cu_version == nullptr) continue;
        p.loaded = true;
        p.library = lib.path("cuInit");
        if (p.library.empty()) p.library = name;
        int v = 0;
        if (cu_version(&v) == 0 && v > 0)
            if (auto c = DriverCudaVersion::from_int(static_cast<std::uint32_t>(v))) p.cuda = *c;
        p.init_result = cu_init(0);
        if (p.init_result != 0) return p;
        const auto count_fn = lib.symbol<CountFn>("cuDeviceGetCount");
        const auto get_fn = lib.symbol<GetFn>("cuDeviceGet");
        const auto name_fn = lib.symbol<NameFn>("cuDeviceGetName");
        const auto attr_fn = lib.symbol<AttrFn>("cuDeviceGetAttribute");
        int count = 0;
        if (count_fn == nullptr || count_fn(&count) != 0) return p;
        for (int i = 0; i < count && i < 64; ++i) {
            int dev = 0;
            if (get_fn == nullptr || get_fn(&dev, i) != 0) continue;
            detect::GpuInfo g;
            char buf[256] = {};
            if (name_fn != nullptr && name_fn(buf, sizeof buf - 1, dev) == 0) g.name = buf;
            int major = 0, minor = 0;
            // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, _MINOR = 76 (cuda.h)
            if (attr_fn != nullptr && attr_fn(&major, 75, dev) == 0 && attr_fn(&minor, 76, dev) == 0 && major > 0)
                g.cc = ComputeCapability{static_cast<std::uint8_t>(major), static_cast<std::uint8_t>(minor)};
            p.gpus.push_back(std::move(g));
        }
        return p;
    }
    return p;
}

// Where TensorFlow's loader would look for CUDA libraries, in its order.
inline std::vector<std::pair<std::string, std::string>> library_search_dirs(const std::vector<std::string>& python_site_dirs) {
    std::vector<std::pair<std::string, std::string>> dirs;
    if (auto ld = detail::env("LD_LIBRARY_PATH")) {
        std::stringstream ss(*ld);
        std::string d;
        while (std::getline(ss, d, ':'))
            if (!d.empty()) dirs.emplace_back(d, "LD_LIBRARY_PATH");
    }
    if (auto conda = detail::env("CONDA_PREFIX")) dirs.emplace_back(*conda + "/lib", "conda");
    for (const auto& site : python_site_dirs) {
        std::error_code ec;
        const std::filesystem::path nv = std::filesystem::path(site) / "nvidia";
        if (!std::filesystem::is_directory(nv, ec)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(nv, ec)) {
            const auto lib = entry.path() / "lib";
            if (std::filesystem::is_directory(lib, ec)) dirs.emplace_back(lib.string(), "pip");
        }
    }
    for (const char* d : {"/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib"})
        dirs.emplace_back(d, "system");
    return dirs;
}

// Every cudart/cudnn/... file in the search folders and in ldconfig's cache.
inline void find_libraries(MachineInfo& m, const std::vector<std::string>& site_dirs) {
    auto classify = [&](const std::string& name) -> std::vector<LibraryFound>* {
        if (name.rfind("libcudart.so", 0) == 0) return &m.cuda_runtime;
        if (name.rfind("libcudnn.so", 0) == 0) return &m.cudnn;
        for (const char* p : {"libcublas.so", "libcublasLt.so", "libcufft.so", "libcurand.so", "libcusolver.so", "libcusparse.so"})
            if (name.rfind(p, 0) == 0) return &m.other_libraries;
        return nullptr;
    };
    auto add = [&](const std::string& name, const std::string& path, const std::string& from) {
        auto* list = classify(name);
        if (list == nullptr || name.find(".so.") == std::string::npos) return;  // versioned names only
        for (const auto& e : *list)
            if (e.path == path) return;
        list->push_back({name, path, from, detect::version_from_library_name(name)});
    };
    for (const auto& [dir, from] : library_search_dirs(site_dirs)) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
            const std::string name = entry.path().filename().string();
            add(name, entry.path().string(), from);
        }
    }
    const auto ld = detail::run({"ldconfig", "-p"}, std::chrono::milliseconds(2000));
    if (ld.ran)
        for (const auto& e : detect::parse_ldconfig(ld.output)) add(e.name, e.path, "ldconfig");
}

// Loads the first cuDNN and CUDA runtime the loader finds and asks their versions.
inline void probe_loaded_versions(MachineInfo& m) {
    for (auto& lib : m.cudnn) {
        detail::Library l(lib.path);
        using Fn = std::size_t (*)();
        if (const auto f = l.symbol<Fn>("cudnnGetVersion")) lib.version = detect::cudnn_version_from_int(static_cast<std::uint32_t>(f()));
    }
    for (auto& lib : m.cuda_runtime) {
        detail::Library l(lib.path);
        using Fn = int (*)(int*);
        int v = 0;
        if (const auto f = l.symbol<Fn>("cudaRuntimeGetVersion"); f != nullptr && f(&v) == 0 && v > 0)
            lib.version = detect::cuda_version_from_int(static_cast<std::uint32_t>(v));
    }
}

inline MachineInfo detect_machine() {
    MachineInfo m;
    using namespace std::chrono_literals;

    // OS and WSL.
    if (auto os = detail::env("GPUCOMPAT_OS")) {
        if (auto p = parse_platform(*os)) m.platform = {*p, "GPUCOMPAT_OS"};
        else m.notes.push_back("GPUCOMPAT_OS='" + *os + "' is not linux, windows, wsl2 or macos: ignored");
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
        if (k.wsl2) m.platform = {Platform::Wsl2, "/proc/sys/kernel/osrelease (" + k.release + ")"};
        else m.platform = {Platform::Linux, rel ? "/proc/sys/kernel/osrelease (" + k.release + ")" : "compiled for Linux"};
        if (k.wsl && !k.wsl2) m.notes.push_back("WSL1 detected: CUDA needs WSL2");
#endif
    }
    m.wsl = m.wsl || m.platform.value == Platform::Wsl2;

    // Windows build: override, or `cmd.exe /c ver` through WSL interop.
    if (auto b = detail::env("GPUCOMPAT_OS_BUILD")) {
        if (auto v = parse_windows_build(*b)) m.windows_build = {*v, "GPUCOMPAT_OS_BUILD"};
        else m.notes.push_back("GPUCOMPAT_OS_BUILD='" + *b + "' is not a Windows build: ignored");
    } else if (m.platform.value == Platform::Wsl2) {
        const auto ver = detail::run({"cmd.exe", "/c", "ver"}, 3000ms);
        if (ver.ran) {
            if (auto v = detect::parse_windows_ver(ver.output)) m.windows_build = {*v, "cmd.exe /c ver"};
        }
        if (!m.windows_build.value) m.notes.push_back("Windows build not found (cmd.exe through WSL interop failed); set GPUCOMPAT_OS_BUILD");
    }

    // Driver release: override, /sys, /proc, nvidia-smi.
    if (auto d = detail::env("GPUCOMPAT_DRIVER")) {
        if (auto v = DriverVersion::parse(*d)) m.driver = {*v, "GPUCOMPAT_DRIVER"};
        else m.notes.push_back("GPUCOMPAT_DRIVER='" + *d + "' is not a driver version: ignored");
    }
    if (!m.driver.value)
        if (auto t = detail::read_file(detail::sysroot_path("/sys/module/nvidia/version")))
            if (auto v = detect::parse_sys_module_version(*t)) m.driver = {*v, "/sys/module/nvidia/version"};
    if (!m.driver.value)
        if (auto t = detail::read_file(detail::sysroot_path("/proc/driver/nvidia/version")))
            if (auto v = detect::parse_proc_driver_version(*t)) m.driver = {*v, "/proc/driver/nvidia/version"};

    // The driver's CUDA level and the GPUs: override, libcuda, nvidia-smi.
    if (auto c = detail::env("GPUCOMPAT_DRIVER_CUDA")) {
        if (auto v = DriverCudaVersion::parse(*c)) m.driver_cuda = {*v, "GPUCOMPAT_DRIVER_CUDA"};
    }
    if (auto cc = detail::env("GPUCOMPAT_CC")) {
        std::stringstream ss(*cc);
        std::string one;
        while (std::getline(ss, one, ','))
            if (auto c = ComputeCapability::parse(gpucompat::detail::trim(one)))
                m.gpus.push_back({detail::env("GPUCOMPAT_GPU_NAME").value_or(""), *c});
        m.gpus_from = "GPUCOMPAT_CC";
    }
    const DriverProbe dp = probe_driver();
    if (dp.loaded) {
        if (!m.driver_cuda.value && dp.cuda) m.driver_cuda = {*dp.cuda, dp.library};
        if (m.gpus.empty() && !dp.gpus.empty()) {
            m.gpus = dp.gpus;
            m.gpus_from = dp.library;
        }
        if (dp.init_result != 0) m.notes.push_back("cuInit failed with CUresult " + std::to_string(dp.init_result) + " (100: no CUDA-capable device)");
    }
    if (!m.driver.value || !m.driver_cuda.value || m.gpus.empty()) {
        const auto smi = detail::run({"nvidia-smi", "--query-gpu=index,name,driver_version,compute_cap", "--format=csv,noheader"}, 5000ms);
        if (smi.ran && smi.exit_code == 0) {
            const auto rows = detect::parse_nvidia_smi_csv(smi.output);
            if (m.gpus.empty())
                for (const auto& r : rows) m.gpus.push_back(r.gpu), m.gpus_from = "nvidia-smi";
            if (!m.driver.value && !rows.empty() && rows.front().driver) m.driver = {*rows.front().driver, "nvidia-smi"};
            if (!m.driver_cuda.value) {
                const auto banner = detail::run({"nvidia-smi"}, 5000ms);
                const auto b = detect::parse_nvidia_smi_banner(banner.output);
                if (b.driver_cuda) m.driver_cuda = {*b.driver_cuda, "nvidia-smi"};
            }
        }
    }
    if (!m.driver.value) m.notes.push_back("No NVIDIA driver found (/sys/module/nvidia/version, /proc/driver/nvidia/version, nvidia-smi)");
    if (m.gpus.empty()) m.notes.push_back("No NVIDIA GPU found (libcuda, nvidia-smi)");

    // Python on PATH: its version and site-packages (where pip puts nvidia/*/lib).
    std::vector<std::string> site_dirs;
    if (auto p = detail::env("GPUCOMPAT_PYTHON")) {
        if (auto v = Version::parse(*p)) m.python = {*v, "GPUCOMPAT_PYTHON"};
    }
    if (!detail::env("GPUCOMPAT_PYTHON")) {
        // -S skips site's start-up work (.pth files: 60 ms of a 80 ms run here);
        // sysconfig still names the environment's and the user's site-packages.
        const auto py = detail::run({"python3", "-S", "-c",
                                     "import os, sys, sysconfig\nprint('Python', sys.version.split()[0])\n"
                                     "p = sysconfig.get_paths()\nprint(p['purelib'])\nprint(p['platlib'])\n"
                                     "print(sysconfig.get_path('purelib', os.name + '_user'))"},
                                    3000ms);
        if (py.ran && py.exit_code == 0) {
            const auto ls = detect::detail::lines(py.output);
            if (!ls.empty())
                if (auto v = detect::parse_python_version(ls.front())) m.python = {*v, "python3 on PATH"};
            for (std::size_t i = 1; i < ls.size(); ++i)
                if (!ls[i].empty()) site_dirs.emplace_back(ls[i]);
        } else {
            m.notes.push_back("No python3 on PATH");
        }
    }

    // CUDA runtime and cuDNN the loader can see.
    find_libraries(m, site_dirs);
    probe_loaded_versions(m);
    if (auto c = detail::env("GPUCOMPAT_CUDA")) {
        m.cuda_runtime.clear();
        if (auto v = Version::parse(*c)) m.cuda_runtime.push_back({"", "", "GPUCOMPAT_CUDA", *v});
    }
    if (auto c = detail::env("GPUCOMPAT_CUDNN")) {
        m.cudnn.clear();
        if (auto v = Version::parse(*c)) m.cudnn.push_back({"", "", "GPUCOMPAT_CUDNN", *v});
    }
    if (m.cuda_runtime.empty()) m.notes.push_back("No CUDA runtime (libcudart.so.*) on the loader path");
    if (m.cudnn.empty()) m.notes.push_back("No cuDNN (libcudnn.so.*) on the loader path");
    return m;
}

}  // namespace gpucompat::probe
