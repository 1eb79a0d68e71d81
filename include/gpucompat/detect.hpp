// gpucompat — detection parsers: captured text in, values out.
//
// Each source a machine offers (/sys/module/nvidia/version,
// /proc/driver/nvidia/version, nvidia-smi's banner and CSV, `ldconfig -p`,
// /proc/sys/kernel/osrelease, `cmd.exe /c ver`, `python --version`) has one
// small pure parser here, so tests feed them real captured output
// (tests/fixtures/). No I/O: probe.hpp reads the files, runs the commands
// and chains these parsers in order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compute_capability.hpp"
#include "driver.hpp"
#include "version.hpp"

namespace gpucompat::detect {

struct GpuInfo {
    std::string name;                      // as the source prints it: "NVIDIA H100 80GB HBM3"
    std::optional<ComputeCapability> cc;
    int index = -1;                        // the driver's index, when the source gives one
    std::optional<bool> mig;               // MIG mode enabled (NVML)
    std::optional<unsigned> mig_devices;   // MIG devices that exist now (NVML)
    // When the name alone was known and it covers more than one chip
    // (GeForce GTX 860M: 3.0 or 5.0): every compute capability it may have.
    std::vector<ComputeCapability> cc_candidates;
};

namespace detail {
inline std::vector<std::string_view> lines(std::string_view text) {
    std::vector<std::string_view> out;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a BOM, as PowerShell redirects write
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return out;
}
inline std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (;;) {
        const auto p = s.find(sep);
        out.push_back(gpucompat::detail::trim(s.substr(0, p)));
        if (p == std::string_view::npos) break;
        s.remove_prefix(p + 1);
    }
    return out;
}
inline std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}
// A token that looks like a display-driver release: 535.104.05, 456.71.
inline std::optional<DriverVersion> driver_token(std::string_view w) {
    if (w.empty() || !gpucompat::detail::is_digit(w.front())) return std::nullopt;
    auto d = DriverVersion::parse(w);
    if (!d || d->version().size() > 3 || d->branch() < 100) return std::nullopt;
    return *d;
}
// Does `text` contain `lower_needle` (given in lower case), ignoring case?
inline bool contains_nocase(std::string_view text, std::string_view lower_needle) {
    if (lower_needle.empty()) return true;
    const auto rest_matches = [&](std::size_t i) {
        if (i + lower_needle.size() > text.size()) return false;
        for (std::size_t k = 1; k < lower_needle.size(); ++k)
            if (gpucompat::detail::to_lower(text[i + k]) != lower_needle[k]) return false;
        return true;
    };
    // Candidates are found with find() (memchr underneath): most inputs hold
    // few of the first letter, so few characters are compared one by one.
    const char lo = lower_needle[0];
    const char up = (lo >= 'a' && lo <= 'z') ? static_cast<char>(lo - 'a' + 'A') : lo;
    for (const char first : {lo, up}) {
        for (auto i = text.find(first); i != std::string_view::npos; i = text.find(first, i + 1))
            if (rest_matches(i)) return true;
        if (up == lo) break;
    }
    return false;
}
inline std::optional<std::string_view> value_after(std::string_view text, std::string_view key) {
    const auto p = text.find(key);
    if (p == std::string_view::npos) return std::nullopt;
    std::string_view rest = text.substr(p + key.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == ':')) rest.remove_prefix(1);
    std::size_t n = 0;
    while (n < rest.size() && rest[n] != ' ' && rest[n] != '|' && rest[n] != '\n' && rest[n] != '\r') ++n;
    if (n == 0) return std::nullopt;
    return rest.substr(0, n);
}
}  // namespace detail

// /sys/module/nvidia/version: "580.159.04\n"
inline std::optional<DriverVersion> parse_sys_module_version(std::string_view text) {
    return detail::driver_token(gpucompat::detail::trim(text));
}

// /proc/driver/nvidia/version, first line, e.g.
// "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build  (nixbld@)  "
// "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023"
inline std::optional<DriverVersion> parse_proc_driver_version(std::string_view text) {
    for (auto line : detail::lines(text)) {
        if (line.find("NVRM version") == std::string_view::npos) continue;
        const auto module = line.find("Module");
        if (module == std::string_view::npos) continue;
        for (auto w : detail::words(line.substr(module)))
            if (auto d = detail::driver_token(w)) return d;
    }
    return std::nullopt;
}

// nvidia-smi's banner: "| NVIDIA-SMI 580.159.04   Driver Version: 580.159.04   CUDA Version: 13.0 |"
struct SmiBanner {
    std::optional<DriverVersion> driver;
    std::optional<DriverCudaVersion> driver_cuda;
};
inline SmiBanner parse_nvidia_smi_banner(std::string_view text) {
    SmiBanner b;
    if (auto v = detail::value_after(text, "Driver Version")) b.driver = detail::driver_token(*v);
    if (auto v = detail::value_after(text, "CUDA Version"))
        if (auto c = DriverCudaVersion::parse(*v)) b.driver_cuda = *c;
    return b;
}

// The GPU rows of nvidia-smi's table: "|   0  NVIDIA GeForce RTX 4090        Off |"
// (Windows: "... RTX 5060      WDDM  |"). Long names end in "..." there: the
// count is exact, the names may be cut (the CSV query gives full names).
struct SmiTableGpu {
    int index = 0;
    std::string name;
    bool truncated = false;
};
inline std::vector<SmiTableGpu> parse_nvidia_smi_table(std::string_view text) {
    std::vector<SmiTableGpu> out;
    bool in_processes = false;
    for (auto line : detail::lines(text)) {
        if (line.find("Processes:") != std::string_view::npos) in_processes = true;
        if (in_processes || line.empty() || line.front() != '|') continue;
        const auto end = line.find('|', 1);
        if (end == std::string_view::npos) continue;
        auto cell = detail::words(line.substr(1, end - 1));
        if (cell.size() < 2) continue;
        const auto idx = Version::parse(cell[0]);
        if (!idx || idx->size() != 1 || !gpucompat::detail::is_alpha(cell[1].front())) continue;
        // The last word of the cell is Persistence-M (On/Off) or the driver model (WDDM/TCC).
        std::size_t last = cell.size();
        const std::string_view tail = cell.back();
        if (tail == "On" || tail == "Off" || tail == "WDDM" || tail == "TCC" || tail == "MCDM") --last;
        SmiTableGpu g;
        g.index = static_cast<int>(idx->major());
        for (std::size_t i = 1; i < last; ++i) g.name += (i > 1 ? " " : "") + std::string(cell[i]);
        if (g.name.size() >= 3 && g.name.compare(g.name.size() - 3, 3, "...") == 0) {
            g.truncated = true;
            g.name.erase(g.name.size() - 3);
            while (!g.name.empty() && g.name.back() == ' ') g.name.pop_back();
        }
        out.push_back(std::move(g));
    }
    return out;
}

// nvidia-smi --query-gpu=index,name,driver_version,compute_cap --format=csv[,noheader]
// One line per GPU (WSL2 and multi-GPU machines print several): every line is kept.
struct SmiGpuRow {
    int index = 0;
    GpuInfo gpu;
    std::optional<DriverVersion> driver;
};
inline std::vector<SmiGpuRow> parse_nvidia_smi_csv(std::string_view text) {
    std::vector<SmiGpuRow> out;
    for (auto line : detail::lines(text)) {
        line = gpucompat::detail::trim(line);
        if (line.empty() || line.substr(0, 5) == "index") continue;  // header
        const auto f = detail::split(line, ',');
        if (f.size() < 4) continue;
        SmiGpuRow r;
        const auto idx = Version::parse(f[0]);
        if (!idx || idx->size() != 1) continue;
        r.index = static_cast<int>(idx->major());
        r.gpu.name = std::string(f[1]);
        r.driver = detail::driver_token(f[2]);
        if (auto c = ComputeCapability::parse(f[3])) r.gpu.cc = *c;
        out.push_back(std::move(r));
    }
    return out;
}

// /proc/sys/kernel/osrelease or /proc/version: WSL kernels say "microsoft".
struct KernelInfo {
    std::string release;
    bool wsl = false;   // any WSL
    bool wsl2 = false;  // WSL2 (WSL1 has no GPU support)
};
inline KernelInfo parse_kernel_release(std::string_view text) {
    KernelInfo k;
    const auto first = detail::lines(text);
    k.release = first.empty() ? std::string() : std::string(gpucompat::detail::trim(first.front()));
    // Searched in place, case-insensitively: a lower-case copy of the whole
    // input cost most of the detection fuzzer's time.
    k.wsl = detail::contains_nocase(text, "microsoft");
    // WSL2 kernels: "5.15.153.1-microsoft-standard-WSL2"; WSL1 reports "4.4.0-19041-Microsoft".
    k.wsl2 = detail::contains_nocase(text, "wsl2") || detail::contains_nocase(text, "microsoft-standard");
    return k;
}

// `cmd.exe /c ver`: "Microsoft Windows [Version 10.0.19045.3803]"
inline std::optional<std::uint32_t> parse_windows_ver(std::string_view text) {
    const auto p = text.find("Version ");
    if (p == std::string_view::npos) return std::nullopt;
    std::string_view rest = text.substr(p + 8);
    const auto end = rest.find(']');
    const auto v = Version::parse(gpucompat::detail::trim(rest.substr(0, end)));
    if (!v || v->size() < 3 || v->component(2) == 0) return std::nullopt;  // build 0 names no Windows
    return v->component(2);
}

// `python --version`: "Python 3.10.12"
inline std::optional<Version> parse_python_version(std::string_view text) {
    text = gpucompat::detail::trim(text);
    if (text.substr(0, 7) != "Python ") return std::nullopt;
    const auto v = Version::parse(gpucompat::detail::trim(text.substr(7)));
    if (!v) return std::nullopt;
    return *v;
}

// `ldconfig -p`: "\tlibcudart.so.13 (libc6,x86-64) => /usr/local/cuda/.../libcudart.so.13"
struct LibraryEntry {
    std::string name;
    std::string path;
};
inline std::vector<LibraryEntry> parse_ldconfig(std::string_view text) {
    std::vector<LibraryEntry> out;
    for (auto line : detail::lines(text)) {
        line = gpucompat::detail::trim(line);
        const auto arrow = line.find(" => ");
        if (arrow == std::string_view::npos) continue;
        const auto space = line.find(' ');
        out.push_back({std::string(line.substr(0, space)), std::string(gpucompat::detail::trim(line.substr(arrow + 4)))});
    }
    return out;
}

// The version a library's file name promises: libcudart.so.11.0 -> 11.0,
// libcudnn.so.8 -> 8, cudart64_101.dll -> 10.1, cudart64_110.dll -> 11.0,
// cudnn64_8.dll -> 8. Empty when the name carries none.
inline std::optional<Version> version_from_library_name(std::string_view name) {
    const auto so = name.find(".so.");
    if (so != std::string_view::npos) {
        if (auto v = Version::parse(name.substr(so + 4))) return *v;
        return std::nullopt;
    }
    const auto us = name.rfind('_');
    const auto dll = name.find(".dll");
    if (us != std::string_view::npos && dll != std::string_view::npos && dll > us + 1) {
        const std::string_view digits = name.substr(us + 1, dll - us - 1);
        for (char c : digits)
            if (!gpucompat::detail::is_digit(c)) return std::nullopt;
        // cudnn64_8 -> 8; cudart64_12 -> 12; cudart64_101 -> 10.1; cudart64_110 -> 11.0
        if (name.substr(0, 5) == "cudnn" || digits.size() <= 2) {
            if (auto v = Version::parse(digits)) return *v;
            return std::nullopt;
        }
        const std::string text = std::string(digits.substr(0, digits.size() - 1)) + "." + std::string(digits.substr(digits.size() - 1));
        if (auto v = Version::parse(text)) return *v;
    }
    return std::nullopt;
}

// cudnnGetVersion(): 7605 -> 7.6.5 (before 9: 1000*major + 100*minor + patch);
// 91900 -> 9.19.0 (from 9: 10000*major + 100*minor + patch).
inline Version cudnn_version_from_int(std::uint32_t n) {
    if (n >= 90000) return Version::from_components(std::array<std::uint32_t, 3>{n / 10000, (n % 10000) / 100, n % 100}.data(), 3);
    return Version::from_components(std::array<std::uint32_t, 3>{n / 1000, (n % 1000) / 100, n % 100}.data(), 3);
}
// cudaRuntimeGetVersion() / cudnnGetCudartVersion(): 12040 -> 12.4
inline Version cuda_version_from_int(std::uint32_t n) { return Version::of(n / 1000, (n % 1000) / 10); }

// cudnn_version.h (cuDNN 8+) or cudnn.h (before): the CUDNN_MAJOR/MINOR/PATCHLEVEL defines.
inline std::optional<Version> parse_cudnn_header(std::string_view text) {
    auto define = [&](std::string_view key) -> std::optional<std::uint32_t> {
        const std::string pat = "#define " + std::string(key);
        const auto p = text.find(pat);
        if (p == std::string_view::npos) return std::nullopt;
        std::string_view rest = text.substr(p + pat.size());
        if (rest.empty() || (rest.front() != ' ' && rest.front() != '\t')) return std::nullopt;
        rest = gpucompat::detail::trim(rest.substr(0, rest.find('\n')));
        const auto v = Version::parse(rest);
        if (!v || v->size() != 1) return std::nullopt;
        return v->major();
    };
    const auto ma = define("CUDNN_MAJOR"), mi = define("CUDNN_MINOR"), pa = define("CUDNN_PATCHLEVEL");
    if (!ma || !mi || !pa) return std::nullopt;
    return Version::from_components(std::array<std::uint32_t, 3>{*ma, *mi, *pa}.data(), 3);
}

}  // namespace gpucompat::detect
