// `gpucompat doctor` against stand-ins: NVIDIA's libraries rebuilt under
// their real names (tests/standins/), stand-in nvidia-smi and python3
// scripts, and real venv layouts. Each failure the GPU machine showed, or an
// adversary could cause, is made here and must end as a note, never a crash,
// a hang or unreadable output.
#include <doctest/doctest.h>

#include "process_state.hpp"
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_process.hpp"

#include <gpucompat/gpus.hpp>
#include <gpucompat/messages.hpp>

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using gpucompat_test::Run;
using gpucompat_test::quote;
using gpucompat_test::slurp;
fs::path scratch(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("gpucompat-doctor-" + std::to_string(::getpid())) / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}
const fs::path standins = GPUCOMPAT_STANDIN_DIR;

// doctor with exactly these variables (env -i): nothing of the test's own
// environment leaks in, so the answers depend on the stand-ins only.
Run cli(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    static int n = 0;
    const fs::path dir = scratch("runs-" + std::to_string(n++));
    std::string prefix = "env -i";
    for (const auto& e : env) prefix += " " + quote(e);
    if (const char* asan = std::getenv("ASAN_OPTIONS")) prefix += " " + quote(std::string("ASAN_OPTIONS=") + asan);
    return gpucompat_test::run_cli(prefix, args, dir / "out", dir / "err");
}
// doctor as a child, hermetic: an empty GPUCOMPAT_SYSROOT hides the host's
// /sys/module/nvidia and /proc files, so a test run on a GPU machine sees only
// its stand-ins there (a test that gives its own GPUCOMPAT_SYSROOT keeps it).
Run doctor(std::vector<std::string> args, std::vector<std::string> env) {
    args.insert(args.begin(), "doctor");
    const bool own = std::any_of(env.begin(), env.end(), [](const std::string& e) { return e.rfind("GPUCOMPAT_SYSROOT=", 0) == 0; });
    if (!own) env.push_back("GPUCOMPAT_SYSROOT=" + scratch("empty-sysroot").string());
    return cli(args, env);
}
// The host's own NVML (a GPU machine's ld.so cache) is found by any child
// after the stand-ins: a test of a machine without NVML can only run where
// there is none.
bool host_has_nvml() {
    void* h = ::dlopen("libnvidia-ml.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (h != nullptr) ::dlclose(h);
    return h != nullptr;
}
json doctor_json(const std::vector<std::string>& env) {
    const Run r = doctor({"--json"}, env);
    INFO(r.err);
    REQUIRE(r.code == 0);
    json j;
    REQUIRE_NOTHROW(j = json::parse(r.out));
    return j;
}
bool has_note(const json& j, const std::string& part) {
    for (const auto& n : j["notes"])
        if (n.get<std::string>().find(part) != std::string::npos) return true;
    return false;
}
std::string notes_of(const json& j) { return j["notes"].dump(); }

// A folder with only these libraries from the stand-ins (each a copy, as an install would have).
fs::path lib_dir(const std::string& name, const std::vector<std::string>& libs) {
    const fs::path d = scratch(name);
    for (const auto& l : libs) fs::copy_file(standins / l, d / l);
    return d;
}
// An executable script.
void script(const fs::path& p, const std::string& body) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
}
void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}
void dist_info(const fs::path& site, const std::string& dir, const std::string& name, const std::string& version) {
    write(site / (dir + ".dist-info") / "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\n");
}

// A venv as `python3 -m venv` makes it (made by it when it works), holding
// pip's CUDA 13 wheels' layout with stand-in libraries and package metadata.
struct Venv {
    fs::path root, site;
};
Venv make_venv(const fs::path& where) {
    Venv v;
    v.root = where;
    fs::create_directories(where.parent_path());
    const std::string cmd = "python3 -m venv --without-pip " + quote(where.string()) + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0 || !fs::exists(where / "pyvenv.cfg")) {
        // No working python3 -m venv: the same files by hand.
        write(where / "pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.3\n");
        fs::create_directories(where / "lib" / "python3.12" / "site-packages");
        script(where / "bin" / "python3", "exit 1");
    }
    for (const auto& e : fs::directory_iterator(where / "lib"))
        if (e.path().filename().string().rfind("python3.", 0) == 0) v.site = e.path() / "site-packages";
    REQUIRE(!v.site.empty());
    // nvidia-cudnn-cu13 puts cuDNN in nvidia/cudnn/lib; CUDA 13's runtime wheel uses nvidia/cu13/lib,
    // with the versioned file and the soname link pip's wheels carry.
    fs::create_directories(v.site / "nvidia" / "cudnn" / "lib");
    fs::copy_file(standins / "libcudnn.so.9", v.site / "nvidia" / "cudnn" / "lib" / "libcudnn.so.9");
    fs::create_directories(v.site / "nvidia" / "cu13" / "lib");
    fs::copy_file(standins / "libcudart.so.13", v.site / "nvidia" / "cu13" / "lib" / "libcudart.so.13.0.96");
    fs::create_symlink("libcudart.so.13.0.96", v.site / "nvidia" / "cu13" / "lib" / "libcudart.so.13");
    dist_info(v.site, "torch-2.11.0+cu130", "torch", "2.11.0+cu130");
    dist_info(v.site, "jax-0.7.2", "jax", "0.7.2");
    dist_info(v.site, "jax_cuda13_plugin-0.7.2", "jax-cuda13-plugin", "0.7.2");
    dist_info(v.site, "nvidia_cudnn_cu13-9.19.0.56", "nvidia-cudnn-cu13", "9.19.0.56");
    dist_info(v.site, "numpy-2.3.4", "numpy", "2.3.4");
    return v;
}
const json* find_lib(const json& list, const std::string& path_part) {
    for (const auto& l : list)
        for (const auto& p : l["paths"])
            if (p["path"].get<std::string>().find(path_part) != std::string::npos) return &l;
    return nullptr;
}
const std::string no_python_path = "PATH=/nonexistent-gpucompat-bin";
const std::string fast = "GPUCOMPAT_PROBE_TIMEOUT_MS=1500";
const std::string slow = "GPUCOMPAT_PROBE_TIMEOUT_MS=20000";

using gpucompat_test::alive;

}  // namespace

TEST_CASE("doctor: NVML first - driver, CUDA level, every GPU (ten), MIG, no cuInit") {
    const fs::path lib = lib_dir("nvml-ok", {"libnvidia-ml.so.1", "libcuda.so.1"});
    // libcuda would say 12.8 and an RTX 4090: seeing NVML's answers proves it was not asked.
    const json j = doctor_json({no_python_path, "LD_LIBRARY_PATH=" + lib.string(), "STANDIN_GPUS=10", "STANDIN_MIG=1"});
    const auto& d = j["detected"];
    CHECK(d["driver"] == "580.159.04");
    CHECK(d["driver_cuda"] == "13.0");
    REQUIRE(d["gpus"].size() == 10);
    CHECK(d["gpus"][9]["name"] == "NVIDIA H200");
    CHECK(d["gpus"][9]["cc"] == "9.0");
    CHECK(d["gpus"][9]["index"] == 9);
    CHECK(d["gpus"][0]["mig"] == true);
    CHECK(d["gpus"][0]["mig_devices"] == 3);
    CHECK(j["sources"]["gpus"].get<std::string>().find("libnvidia-ml.so.1") != std::string::npos);
    CHECK(j["resolve"]["query"]["cc"] == json::array({"9.0"}));  // ten identical GPUs: one constraint
}

TEST_CASE("doctor: NVML that crashes, aborts, exits or hangs is a note; libcuda answers instead") {
    const fs::path lib = lib_dir("nvml-bad", {"libnvidia-ml.so.1", "libcuda.so.1"});
    for (const char* mode : {"crash", "abort", "exit", "hang"}) {
        CAPTURE(mode);
        // Only the hang needs the short limit; a crash under a sanitizer may
        // spend seconds writing its report, and must still read as a crash.
        const Run r = doctor({"--json"}, {no_python_path, std::string(mode) == "hang" ? fast : slow, "LD_LIBRARY_PATH=" + lib.string(),
                                          std::string("STANDIN_NVML_MODE=") + mode});
        INFO(r.err);
        REQUIRE(r.code == 0);
        const json j = json::parse(r.out);
        INFO(notes_of(j));
        CHECK(r.seconds < 30.0);
        CHECK(has_note(j, "NVML probe"));
        if (std::string(mode) == "hang") CHECK(has_note(j, "did not finish within 1500 ms"));
        if (std::string(mode) == "crash") CHECK(has_note(j, "crashed (signal"));
        // The fallback: cuInit through libcuda.so.1.
        REQUIRE(j["detected"]["gpus"].size() == 1);
        CHECK(j["detected"]["gpus"][0]["name"] == "NVIDIA GeForce RTX 4090");
        CHECK(j["detected"]["gpus"][0]["cc"] == "8.9");
        CHECK(j["detected"]["driver_cuda"] == "12.8");
    }
}

TEST_CASE("doctor: a libcuda.so.1 that crashes or hangs, with no NVML, is a note") {
    if (host_has_nvml()) {
        MESSAGE("skipped: this host has its own libnvidia-ml.so.1, so no child runs without NVML");
        return;
    }
    const fs::path lib = lib_dir("cuda-bad", {"libcuda.so.1"});
    for (const char* mode : {"crash", "hang", "abort"}) {
        CAPTURE(mode);
        const Run r = doctor({"--json"}, {no_python_path, fast, "LD_LIBRARY_PATH=" + lib.string(), std::string("STANDIN_CUDA_MODE=") + mode});
        REQUIRE(r.code == 0);
        const json j = json::parse(r.out);
        CHECK(has_note(j, "CUDA driver probe (libcuda.so.1)"));
        CHECK(j["detected"]["gpus"].empty());
        CHECK(j["detected"]["driver_cuda"] == "12.8");  // said before cuInit misbehaved
    }
}

TEST_CASE("doctor: garbage from the driver is range-checked and escaped; the JSON stays valid") {
    const fs::path lib = lib_dir("nvml-garbage", {"libnvidia-ml.so.1"});
    for (const char* format : {"json", "text", "prometheus", "nfd"}) {
        CAPTURE(format);
        const Run r = doctor({"--format", format}, {no_python_path, "LD_LIBRARY_PATH=" + lib.string(), "STANDIN_NVML_MODE=garbage", "STANDIN_GPUS=2"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(r.out.find('\x1b') == std::string::npos);  // no terminal escape gets through
        CHECK(r.out.find('\x07') == std::string::npos);
        CHECK(r.out.find("\xff") == std::string::npos);  // no invalid UTF-8
        if (std::string(format) == "json") {
            const json j = json::parse(r.out);
            REQUIRE(j["detected"]["gpus"].size() == 2);
            CHECK(j["detected"]["gpus"][0]["name"].get<std::string>().find("\\x1b[2J") != std::string::npos);
            CHECK(j["detected"]["gpus"][0]["cc"].is_null());  // 300.0 is no compute capability
            CHECK(j["detected"]["driver"].is_null());
            CHECK(j["detected"]["driver_cuda"].is_null());
            CHECK(has_note(j, "compute capability 300.0"));
            CHECK(has_note(j, "not a driver version"));
        }
    }
}

TEST_CASE("doctor: the active venv's pip CUDA libraries, versions from the libraries, packages from METADATA") {
    const fs::path base = scratch("venv");
    const Venv v = make_venv(base / "venv");
    const fs::path no_python = scratch("empty-bin");
    for (const std::string how : {"VIRTUAL_ENV", "PATH"}) {
        CAPTURE(how);
        // Activated (VIRTUAL_ENV), or only its bin/ first on PATH.
        const std::vector<std::string> env = how == "VIRTUAL_ENV"
                                                 ? std::vector<std::string>{"VIRTUAL_ENV=" + v.root.string(), "PATH=" + no_python.string()}
                                                 : std::vector<std::string>{"PATH=" + (v.root / "bin").string() + ":/usr/bin:/bin"};
        const json j = doctor_json(env);
        const auto& d = j["detected"];
        const json* cudnn = find_lib(d["cudnn"], (v.site / "nvidia" / "cudnn" / "lib").string());
        REQUIRE(cudnn != nullptr);
        CHECK((*cudnn)["version"] == "9.19.0");
        CHECK((*cudnn)["version_from"] == "cudnnGetVersion");
        CHECK((*cudnn)["from"] == "venv (pip)");
        const json* cudart = find_lib(d["cuda_runtime"], (v.site / "nvidia" / "cu13" / "lib").string());
        REQUIRE(cudart != nullptr);
        // libcudart.so.13 and libcudart.so.13.0.96 are one file: one entry, both paths.
        CHECK((*cudart)["paths"].size() == 2);
        CHECK((*cudart)["version"] == "13.0.96");  // the runtime says 13.0; the file name says more
        CHECK(d["python_env"] == v.root.string());
        CHECK(j["sources"]["python"].get<std::string>().find("pyvenv.cfg") != std::string::npos);
        json fw = json::object();
        for (const auto& f : d["frameworks"]) fw[f["name"].get<std::string>()] = f;
        CHECK(fw["torch"]["version"] == "2.11.0+cu130");
        CHECK(fw["torch"]["variant"] == "cu130");
        CHECK(fw["jax"]["variant"] == "cuda13");
        CHECK(fw["torch"]["path"].get<std::string>().find("torch-2.11.0+cu130.dist-info") != std::string::npos);
        bool numpy = false, wheel = false;
        for (const auto& p : d["packages"]) {
            numpy = numpy || (p["name"] == "numpy" && p["version"] == "2.3.4");
            wheel = wheel || (p["name"] == "nvidia-cudnn-cu13" && p["version"] == "9.19.0.56");
        }
        CHECK(numpy);
        CHECK(wheel);
    }
}

TEST_CASE("doctor: text output - one line per library, with every path and where it came from") {
    const Venv v = make_venv(scratch("venv-text") / "venv");
    const Run r = doctor({}, {"VIRTUAL_ENV=" + v.root.string(), no_python_path});
    REQUIRE(r.code == 0);
    std::size_t cudart_lines = 0;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
        if (line.find((v.site / "nvidia" / "cu13" / "lib").string()) == std::string::npos) continue;
        ++cudart_lines;
        CHECK(line.find("CUDA runtime  13.0.96 (cudaRuntimeGetVersion)") != std::string::npos);
        CHECK(line.find("libcudart.so.13 [venv (pip)], ") != std::string::npos);
        CHECK(line.find("libcudart.so.13.0.96 [venv (pip)]") != std::string::npos);
    }
    CHECK(cudart_lines == 1);
    CHECK(r.out.find("torch         2.11.0+cu130") != std::string::npos);
}

TEST_CASE("doctor: cuDNN and the CUDA runtime that crash, hang or lie keep their file name's version") {
    const fs::path lib = lib_dir("libs-bad", {"libcudnn.so.9", "libcudart.so.13"});
    struct Case {
        std::vector<std::string> env;
        const char* note;
    };
    const Case cases[] = {
        {{"STANDIN_CUDNN_MODE=crash", "STANDIN_CUDART_MODE=hang"}, "did not finish within"},
        {{"STANDIN_CUDNN_MODE=exit", "STANDIN_CUDART_MODE=abort", slow}, "crashed (signal"},
        {{"STANDIN_CUDNN_VERSION=0", "STANDIN_CUDART_VERSION=0"}, "implausible"},
        {{"STANDIN_CUDNN_VERSION=4294967295", "STANDIN_CUDART_VERSION=99999999"}, "429496.72.95"},
        {{"STANDIN_CUDNN_VERSION=80907"}, "implausible for libcudnn.so.9"},  // 8.9.7 in a libcudnn.so.9
    };
    for (const auto& c : cases) {
        std::vector<std::string> env{no_python_path, fast, "LD_LIBRARY_PATH=" + lib.string()};
        env.insert(env.end(), c.env.begin(), c.env.end());  // a later GPUCOMPAT_PROBE_TIMEOUT_MS wins (env -i)
        CAPTURE(c.env[0]);
        const Run r = doctor({"--json"}, env);
        INFO(r.err);
        REQUIRE(r.code == 0);
        const json j = json::parse(r.out);
        INFO(notes_of(j));
        CHECK(has_note(j, c.note));
        const json* cudnn = find_lib(j["detected"]["cudnn"], lib.string());
        REQUIRE(cudnn != nullptr);
        CHECK((*cudnn)["version"] == "9");
        CHECK((*cudnn)["version_from"] == "file name");
    }
}

TEST_CASE("doctor: a symlinked library folder is listed once") {
    const fs::path lib = lib_dir("real-libs", {"libcudnn.so.9"});
    const fs::path link = scratch("link-parent") / "libs-link";
    fs::create_directory_symlink(lib, link);
    const json j = doctor_json({no_python_path, "LD_LIBRARY_PATH=" + lib.string() + ":" + link.string()});
    std::size_t entries = 0;
    for (const auto& l : j["detected"]["cudnn"])
        if (l["file"] == (lib / "libcudnn.so.9").string()) {
            ++entries;
            CHECK(l["paths"].size() == 2);
        }
    CHECK(entries == 1);
}

TEST_CASE("doctor: a Latin-1 path is shown with U+FFFD; the JSON stays valid") {
    const fs::path base = scratch("latin1") / "caf\xe9";
    fs::create_directories(base);
    fs::copy_file(standins / "libcudnn.so.9", base / "libcudnn.so.9");
    const json j = doctor_json({no_python_path, "LD_LIBRARY_PATH=" + base.string()});
    const json* cudnn = find_lib(j["detected"]["cudnn"], "caf\xEF\xBF\xBD");
    REQUIRE(cudnn != nullptr);
    CHECK((*cudnn)["version"] == "9.19.0");  // the raw path was still the one loaded
}

TEST_CASE("doctor: stand-in nvidia-smi that hangs, closes stdout, prints garbage, or leaves a child behind") {
    const fs::path bin = scratch("smi-bin");
    const fs::path pidfile = scratch("smi-pid") / "pid";
    struct Case {
        const char* name;
        std::string body;
        const char* note;
        double max_seconds;
    };
    const Case cases[] = {
        {"hang", "exec /bin/sleep 60", "did not finish within 1500 ms", 8.0},
        {"closes stdout", "exec >&-\n/bin/sleep 60", "did not finish within 1500 ms", 8.0},
        {"garbage", "/usr/bin/head -c 5000 /dev/urandom | /usr/bin/tr -d '\\n'", "printed nothing gpucompat could read", 8.0},
        // A row that parses, with a terminal escape and invalid UTF-8 in the name.
        {"hostile name", "echo '0, \x1b[31mEVIL\xff, 1.0, 8.6'", "", 8.0},
        // Exits at once; a background child keeps the pipe: doctor must not wait for it.
        {"grandchild", "/bin/sleep 60 &\necho $! > " + quote(pidfile.string()) + "\necho '0, NVIDIA H200, 580.159.04, 9.0'", "", 1.4},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        script(bin / "nvidia-smi", c.body);
        const Run r = doctor({"--json"}, {"PATH=" + bin.string(), "GPUCOMPAT_NO_DLOPEN=1", fast});
        INFO(r.err);
        REQUIRE(r.code == 0);
        const json j = json::parse(r.out);
        INFO(notes_of(j));
        CHECK(r.seconds < c.max_seconds);
        if (*c.note) CHECK(has_note(j, c.note));
        if (std::string(c.name) == "grandchild") {
            REQUIRE(j["detected"]["gpus"].size() == 1);
            CHECK(j["detected"]["gpus"][0]["name"] == "NVIDIA H200");
            pid_t pid = 0;
            std::ifstream(pidfile) >> pid;
            REQUIRE(pid > 0);
            bool gone = false;
            for (int i = 0; i < 100 && !gone; ++i) {
                gone = !alive(pid);
                if (!gone) ::usleep(10000);
            }
            CHECK(gone);  // killed with the probe's process group
        } else if (std::string(c.name) == "hostile name") {
            REQUIRE(j["detected"]["gpus"].size() == 1);
            CHECK(j["detected"]["gpus"][0]["name"] == "\\x1b[31mEVIL\xEF\xBF\xBD");
            CHECK(j["detected"]["driver"].is_null());  // 1.0 is no driver release
        } else {
            CHECK(j["detected"]["gpus"].empty());
        }
    }
}

TEST_CASE("doctor: no python3 anywhere is a note") {
    const json j = doctor_json({no_python_path});
    CHECK(has_note(j, "No python3 on PATH"));
    CHECK(j["detected"]["python"].is_null());
}

TEST_CASE("doctor: a python3 that hangs or closes stdout is stopped at the deadline") {
    const fs::path bin = scratch("py-bin");
    for (const std::string body : {"exec /bin/sleep 60", "exec >&-\n/bin/sleep 60"}) {
        script(bin / "python3", body);
        const Run r = doctor({"--json"}, {"PATH=" + bin.string(), fast});
        REQUIRE(r.code == 0);
        CHECK(r.seconds < 8.0);
        CHECK(has_note(json::parse(r.out), "python3 did not finish within 1500 ms"));
    }
}

TEST_CASE("doctor: GPUCOMPAT_* overrides follow the options' rules, a note for each one ignored") {
    const fs::path bin = scratch("override-bin");
    script(bin / "nvidia-smi", "echo '0, NVIDIA H200, 580.159.04, 9.0'");
    // --python 3 is refused; so is GPUCOMPAT_PYTHON=3.
    json j = doctor_json({"PATH=" + bin.string(), "GPUCOMPAT_PYTHON=3", "GPUCOMPAT_DRIVER_CUDA=banana", "GPUCOMPAT_CC=9.0,sm_x",
                          "GPUCOMPAT_CUDNN=\x1b[2J", "GPUCOMPAT_NO_DLOPEN=maybe", "GPUCOMPAT_PROBE_TIMEOUT_MS=-4"});
    CHECK(j["detected"]["python"].is_null());
    CHECK(has_note(j, "GPUCOMPAT_PYTHON='3' is not a Python version"));
    CHECK(has_note(j, "GPUCOMPAT_DRIVER_CUDA='banana'"));
    CHECK(has_note(j, "GPUCOMPAT_CC: 'sm_x'"));
    CHECK(has_note(j, "GPUCOMPAT_CUDNN='\\x1b[2J'"));
    CHECK(has_note(j, "GPUCOMPAT_NO_DLOPEN='maybe'"));
    CHECK(has_note(j, "GPUCOMPAT_PROBE_TIMEOUT_MS"));
    REQUIRE(j["detected"]["gpus"].size() == 1);  // the good half of GPUCOMPAT_CC
    CHECK(j["sources"]["gpus"] == "GPUCOMPAT_CC");
    // GPUCOMPAT_NO_EXEC=0 and =false mean unset: nvidia-smi runs.
    for (const char* off : {"0", "false", "no", "off"}) {
        j = doctor_json({"PATH=" + bin.string(), std::string("GPUCOMPAT_NO_EXEC=") + off, "GPUCOMPAT_NO_DLOPEN=1"});
        CHECK(j["sources"]["gpus"] == "nvidia-smi");
    }
    j = doctor_json({"PATH=" + bin.string(), "GPUCOMPAT_NO_EXEC=yes"});
    CHECK(j["detected"]["gpus"].empty());
}

TEST_CASE("doctor: an old driver's [N/A] compute capability comes from the GPU table") {
    const fs::path bin = scratch("na-bin");
    script(bin / "nvidia-smi", "echo '0, GeForce GTX 850M, 456.71, [N/A]'");
    const json j = doctor_json({"PATH=" + bin.string(), "GPUCOMPAT_NO_DLOPEN=1"});
    REQUIRE(j["detected"]["gpus"].size() == 1);
    CHECK(j["detected"]["gpus"][0]["cc"] == "5.0");
}

TEST_CASE("doctor --format: prometheus and nfd follow their formats; bad formats are exit 2") {
    const fs::path lib = lib_dir("fleet", {"libnvidia-ml.so.1", "libcudnn.so.9", "libcudart.so.13"});
    const std::vector<std::string> env{no_python_path, "LD_LIBRARY_PATH=" + lib.string(), "STANDIN_GPUS=9",
                                       "STANDIN_GPU_NAME=NVIDIA \"H200\" \\ NVL", "GPUCOMPAT_PYTHON=3.12"};
    const Run p = doctor({"--format", "prometheus"}, env);
    REQUIRE(p.code == 0);
    std::size_t gpu_series = 0;
    std::istringstream in(p.out);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("gpucompat_gpu_info{", 0) == 0) ++gpu_series;
        if (line.empty() || line[0] == '#') continue;
        CHECK(line.rfind("gpucompat_", 0) == 0);
    }
    CHECK(gpu_series == 9);
    CHECK(p.out.find("gpucompat_info{os=\"linux\",driver=\"580.159.04\",driver_cuda=\"13.0\",python=\"3.12\"") != std::string::npos);
    CHECK(p.out.find("name=\"NVIDIA \\\"H200\\\" \\\\ NVL\"") != std::string::npos);
    CHECK(p.out.find("gpucompat_best_release_info{framework=\"tensorflow\",version=\"") != std::string::npos);
    CHECK(p.out.find("gpucompat_check_problems{framework=\"tensorflow\",code=\"") != std::string::npos);  // cuDNN 9.19 vs the best's 9.3
    CHECK(p.out.find("gpucompat_last_run_timestamp_seconds ") != std::string::npos);
    const fs::path prom = scratch("prom") / "gpucompat.prom";
    write(prom, p.out);  // for the promtool test (tests/CMakeLists.txt) to read as well

    // Kubernetes label rules: NFD's name=value, the name under gpucompat., the value a valid label value.
    const Run n = doctor({"--format", "nfd"}, env);
    REQUIRE(n.code == 0);
    const std::regex name_re("gpucompat\\.[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    const std::regex value_re("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    std::istringstream nin(n.out);
    json seen = json::object();
    for (std::string line; std::getline(nin, line);) {
        CAPTURE(line);
        const auto eq = line.find('=');
        REQUIRE(eq != std::string::npos);
        CHECK(std::regex_match(line.substr(0, eq), name_re));
        CHECK(std::regex_match(line.substr(eq + 1), value_re));
        CHECK(line.size() - eq - 1 <= 63);
        seen[line.substr(0, eq)] = line.substr(eq + 1);
    }
    CHECK(seen["gpucompat.driver"] == "580.159.04");
    CHECK(seen["gpucompat.cc"] == "9.0");
    CHECK(seen["gpucompat.gpu.count"] == "9");
    CHECK(seen["gpucompat.cudnn"] == "9.19.0");
    CHECK(seen.contains("gpucompat.tensorflow.max"));

    for (const std::vector<std::string>& bad : {std::vector<std::string>{"--format", "xml"}, {"--json", "--format", "nfd"}}) {
        const Run r = doctor(bad, {no_python_path, "GPUCOMPAT_NO_EXEC=1"});
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK(r.err.find("--format") != std::string::npos);
    }
}

TEST_CASE("--gpu: a name the table gives two compute capabilities is exit 2 naming both") {
    // The bundled table has no such name yet (data/ is gaining a second
    // "GeForce GTX 860M" row, 5.0 beside 3.0); every one it has is checked.
    std::size_t checked = 0;
    for (const auto& g : gpucompat::tables::gpus) {
        const auto all = gpucompat::find_gpu_all(g.name);
        if (all.size() < 2) continue;
        ++checked;
        const Run r = cli({"resolve", "--gpu", std::string(g.name)}, {"GPUCOMPAT_NO_EXEC=1"});
        CAPTURE(g.name);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        for (const auto* m : all) CHECK(r.err.find(gpucompat::detail::cc_text(m->cc)) != std::string::npos);
        CHECK(r.err.find("--cc") != std::string::npos);
    }
    MESSAGE(checked << " ambiguous GPU names in the bundled table");
    // A name with one chip still resolves.
    CHECK(cli({"resolve", "--gpu", "GeForce GTX 850M"}, {"GPUCOMPAT_NO_EXEC=1"}).code == 0);
}

// Issue 15: doctor reads the installed TensorFlow and NumPy from their metadata
// and reports the break: TF 2.10 needs numpy<2 (tensorflow/tensorflow#91042).
TEST_CASE("doctor: an installed TensorFlow 2.10 beside NumPy 2 is package-incompatible, with its fix") {
    const fs::path base = scratch("venv-tf210");
    const Venv v = make_venv(base / "venv");
    dist_info(v.site, "tensorflow-2.10.0", "tensorflow", "2.10.0");
    const fs::path no_python = scratch("empty-bin-tf210");
    const std::vector<std::string> env{"VIRTUAL_ENV=" + v.root.string(), "PATH=" + no_python.string(), "GPUCOMPAT_NO_DLOPEN=1"};
    const json j = doctor_json(env);
    REQUIRE(j["check"].is_object());
    bool found = false;
    for (const auto& p : j["check"]["problems"]) found = found || p["code"] == "package-incompatible";
    CHECK(found);
    const Run text = doctor({}, env);
    CHECK(text.out.find("numpy<2") != std::string::npos);
}

// --- PyTorch and JAX (issue 12): the installed builds, read from their package
// metadata, checked against the machine and the libraries the loader gives them.
namespace {

// A wheel's dist-info: METADATA, and a RECORD listing `files` (relative to the site folder).
void wheel(const fs::path& site, const std::string& dir, const std::string& name, const std::string& version,
           const std::vector<std::string>& files = {}) {
    dist_info(site, dir, name, version);
    std::string record;
    for (const auto& f : files) record += f + ",sha256=stand-in,1\n";
    record += dir + ".dist-info/METADATA,,\n";
    write(site / (dir + ".dist-info") / "RECORD", record);
}
// A venv by hand (pyvenv.cfg says Python 3.12.3): only VIRTUAL_ENV finds it.
Venv plain_venv(const fs::path& where) {
    Venv v{where, where / "lib" / "python3.12" / "site-packages"};
    write(where / "pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.3\n");
    fs::create_directories(v.site);
    return v;
}
// nvidia-cudnn-cuXX: nvidia/cudnn/lib/libcudnn.so.9 (the stand-in, answering `standin_version`).
void cudnn_wheel(const Venv& v, const std::string& cuda, const std::string& version, long standin_version) {
    const fs::path lib = v.site / "nvidia" / "cudnn" / "lib";
    fs::create_directories(lib);
    fs::copy_file(standins / "libcudnn.so.9", lib / "libcudnn.so.9");
    write(lib / "standin_cudnn_version", std::to_string(standin_version));
    wheel(v.site, "nvidia_cudnn_cu" + cuda + "-" + version, "nvidia-cudnn-cu" + cuda, version, {"nvidia/cudnn/lib/libcudnn.so.9"});
}
// A cuDNN installed outside Python (the system's), answering `standin_version`.
fs::path system_cudnn(const std::string& name, long standin_version) {
    const fs::path d = lib_dir(name, {"libcudnn.so.9"});
    write(d / "standin_cudnn_version", std::to_string(standin_version));
    return d;
}
// The GPU machine's venv (issue 12, item 5): torch 2.11.0+cu130, jax/jaxlib and
// the CUDA 13 plugin and PJRT 0.11.2, CuPy 14, and the CUDA 13 wheels in
// their own layout: cuDNN in nvidia/cudnn/lib, the rest in nvidia/cu13/lib.
Venv gpu_machine_venv(const fs::path& where) {
    const Venv v = plain_venv(where);
    wheel(v.site, "torch-2.11.0+cu130", "torch", "2.11.0+cu130");
    wheel(v.site, "jax-0.11.2", "jax", "0.11.2");
    wheel(v.site, "jaxlib-0.11.2", "jaxlib", "0.11.2");
    wheel(v.site, "jax_cuda13_plugin-0.11.2", "jax-cuda13-plugin", "0.11.2");
    wheel(v.site, "jax_cuda13_pjrt-0.11.2", "jax-cuda13-pjrt", "0.11.2");
    wheel(v.site, "cupy_cuda13x-14.0.0", "cupy-cuda13x", "14.0.0");
    cudnn_wheel(v, "13", "9.19.0.56", 91900);
    fs::create_directories(v.site / "nvidia" / "cu13" / "lib");
    fs::copy_file(standins / "libcudart.so.13", v.site / "nvidia" / "cu13" / "lib" / "libcudart.so.13");
    wheel(v.site, "nvidia_cuda_runtime-13.0.96", "nvidia-cuda-runtime", "13.0.96", {"nvidia/cu13/lib/libcudart.so.13"});
    wheel(v.site, "nvidia_cublas-13.1.0.3", "nvidia-cublas", "13.1.0.3", {"nvidia/cu13/lib/libcublas.so.13", "nvidia/cu13/lib/libcublasLt.so.13"});
    wheel(v.site, "nvidia_nccl_cu13-2.28.3", "nvidia-nccl-cu13", "2.28.3", {"nvidia/nccl/lib/libnccl.so.2"});
    return v;
}
json by_name(const json& frameworks) {
    json out = json::object();
    for (const auto& f : frameworks) out[f["name"].get<std::string>()] = f;
    return out;
}
const json* problem(const json& check, const std::string& code) {
    for (const auto& p : check["problems"])
        if (p["code"] == code) return &p;
    return nullptr;
}
json check_json(const std::vector<std::string>& args, int expect) {
    std::vector<std::string> all{"check"};
    all.insert(all.end(), args.begin(), args.end());
    all.push_back("--json");
    const Run r = cli(all, {"GPUCOMPAT_NO_EXEC=1"});
    INFO(r.err);
    CHECK(r.code == expect);
    json j;
    REQUIRE_NOTHROW(j = json::parse(r.out));
    return j;
}

}  // namespace

// Issue 12, item 5: the machine the coordinator runs doctor on (H200, driver
// 580.159, torch 2.11.0+cu130 with cuDNN 9.19, jax 0.11.2 with the cuda13
// plugin): both frameworks listed with their variants and judged consistent,
// in every format.
TEST_CASE("doctor: the GPU machine's torch 2.11.0+cu130 and jax 0.11.2 (cuda13), from metadata and RECORD, are consistent") {
    const Venv v = gpu_machine_venv(scratch("fw-h200") / "venv");
    const fs::path nvml = lib_dir("fw-h200-nvml", {"libnvidia-ml.so.1"});
    const std::vector<std::string> env{"VIRTUAL_ENV=" + v.root.string(), no_python_path, "LD_LIBRARY_PATH=" + nvml.string()};
    const json j = doctor_json(env);
    const json fw = by_name(j["frameworks"]);
    REQUIRE(fw.contains("torch"));
    REQUIRE(fw.contains("jax"));
    const json& torch = fw["torch"];
    INFO(torch.dump(2));
    CHECK(torch["variant"] == "cu130");
    CHECK(torch["check"]["ok"] == true);
    CHECK(torch["check"]["expects"]["variant"] == "cu130");
    CHECK(torch["check"]["expects"]["cudnn"] == "9.19.0.56");
    CHECK(torch["cudnn"]["version"] == "9.19.0");
    CHECK(torch["cudnn"]["from"] == "wheel nvidia-cudnn-cu13");  // the file its RECORD lists
    CHECK(torch["cuda_runtime"]["from"] == "wheel nvidia-cuda-runtime");
    CHECK(torch["cuda_runtime"]["path"].get<std::string>().find("nvidia/cu13/lib/libcudart.so.13") != std::string::npos);
    const json& jax = fw["jax"];
    INFO(jax.dump(2));
    CHECK(jax["variant"] == "cuda13");
    CHECK(jax["check"]["ok"] == true);
    CHECK(jax["check"]["query"]["jaxlib"] == "0.11.2");
    // 0.11.2 is newer than the tables (0.11.0): judged by its minor's row, and said so.
    CHECK(jax["check"]["expects"]["version"] == "0.11.0");
    CHECK(jax["check"]["expects"]["same_minor"] == true);
    CHECK(j["best"]["pytorch"]["variant"].is_string());
    CHECK(j["best"]["jax"]["framework"] == "jax");

    const Run text = doctor({}, env);
    CHECK(text.out.find("PyTorch 2.11.0+cu130") != std::string::npos);
    CHECK(text.out.find("JAX 0.11.2 (cuda13)") != std::string::npos);
    CHECK(text.out.find("the newest build of its minor") != std::string::npos);
    const Run prom = doctor({"--format", "prometheus"}, env);
    CHECK(prom.out.find("gpucompat_framework_installed_info{framework=\"pytorch\",version=\"2.11.0+cu130\",variant=\"cu130\",verdict=\"ok\"} 1") !=
          std::string::npos);
    CHECK(prom.out.find("gpucompat_framework_installed_info{framework=\"jax\",version=\"0.11.2\",variant=\"cuda13\",verdict=\"ok\"} 1") !=
          std::string::npos);
    CHECK(prom.out.find("gpucompat_best_release_info{framework=\"pytorch\",version=\"") != std::string::npos);
    write(scratch("prom-fw") / "gpucompat.prom", prom.out);
    const Run nfd = doctor({"--format", "nfd"}, env);
    CHECK(nfd.out.find("gpucompat.torch.installed=2.11.0_cu130\n") != std::string::npos);
    CHECK(nfd.out.find("gpucompat.torch.installed.check=ok\n") != std::string::npos);
    CHECK(nfd.out.find("gpucompat.jax.installed.variant=cuda13\n") != std::string::npos);
    CHECK(nfd.out.find("gpucompat.pytorch.max=") != std::string::npos);
}

// The inconsistent case on the same machine: a system cuDNN 9.14 put first by
// LD_LIBRARY_PATH. The loader searches LD_LIBRARY_PATH before torch's RUNPATH,
// so torch (built with 9.19.0.56: PyTorch needs runtime minor >= compile
// minor) breaks; JAX's cuda13 build needs only 9.12 and keeps working.
TEST_CASE("doctor: a system cuDNN 9.14 first in LD_LIBRARY_PATH breaks torch 2.11.0+cu130 (library-shadowed), not jax 0.11.2") {
    const Venv v = gpu_machine_venv(scratch("fw-shadow") / "venv");
    const fs::path nvml = lib_dir("fw-shadow-nvml", {"libnvidia-ml.so.1"});
    const fs::path sys = system_cudnn("fw-shadow-sys", 91400);
    const json j = doctor_json({"VIRTUAL_ENV=" + v.root.string(), no_python_path, "LD_LIBRARY_PATH=" + nvml.string() + ":" + sys.string()});
    const json fw = by_name(j["frameworks"]);
    const json& torch = fw["torch"];
    INFO(torch.dump(2));
    CHECK(torch["check"]["ok"] == false);
    CHECK(torch["cudnn"]["from"] == "LD_LIBRARY_PATH");
    const json* p = problem(torch["check"], "library-shadowed");
    REQUIRE(p != nullptr);
    CHECK((*p)["found"] == "9.14.0");
    CHECK((*p)["needed"] == "9.x >= 9.19");
    CHECK((*p)["source"].get<std::string>().find("torch/backends/cudnn/__init__.py") != std::string::npos);
    CHECK((*p)["message"].get<std::string>().find("9.19.0") != std::string::npos);  // the wheel's copy, which would serve
    CHECK((*p)["fix"].get<std::string>().find("remove " + sys.string() + " from LD_LIBRARY_PATH") != std::string::npos);
    CHECK(fw["jax"]["check"]["ok"] == true);
    CHECK(fw["jax"]["cudnn"]["version"] == "9.14.0");

    const Run prom = doctor({"--format", "prometheus"}, {"VIRTUAL_ENV=" + v.root.string(), no_python_path,
                                                        "LD_LIBRARY_PATH=" + nvml.string() + ":" + sys.string()});
    CHECK(prom.out.find("gpucompat_check_problems{framework=\"pytorch\",code=\"library-shadowed\"} 1") != std::string::npos);
    CHECK(prom.out.find("verdict=\"problems\"") != std::string::npos);
}

TEST_CASE("check --torch: the variant from the local label; cuDNN below the row's minor, with its evidence") {
    const std::vector<std::string> h200{"--os", "linux", "--driver", "580.159.04", "--cc", "9.0", "--python", "3.12"};
    auto args = [&](std::vector<std::string> more) {
        std::vector<std::string> a = h200;
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    json j = check_json(args({"--torch", "2.11.0+cu130", "--cudnn", "9.19.0", "--cuda", "13.0.96"}), 0);
    CHECK(j["ok"] == true);
    CHECK(j["query"]["variant"] == "cu130");
    CHECK(j["expects"]["cuda"] == "13.0");
    j = check_json(args({"--torch", "2.11.0+cu130", "--cudnn", "9.14.0"}), 1);
    const json* p = problem(j, "cudnn-minor-too-old");
    REQUIRE(p != nullptr);
    CHECK((*p)["found"] == "9.14.0");
    CHECK((*p)["needed"] == "9.x >= 9.19");
    CHECK((*p)["fix"].get<std::string>().find("nvidia-cudnn-cu13>=9.19,<10") != std::string::npos);
    // cuDNN 8 for a cuDNN 9 build: another major.
    j = check_json(args({"--torch", "2.11.0+cu130", "--cudnn", "8.9.7"}), 1);
    CHECK(problem(j, "cudnn-major-mismatch") != nullptr);
    // +cpu is a CPU-only build on a GPU machine.
    j = check_json(args({"--torch", "2.11.0+cpu"}), 1);
    CHECK(problem(j, "cpu-only-build") != nullptr);
    // Bad input: one line, exit 2.
    for (const std::vector<std::string>& bad : {std::vector<std::string>{"check", "--torch", "banana"}, {"check", "--torch", "2.11.0+cu999"},
                                                {"check", "--framework", "pytorch"}, {"check", "--jax", "0.7.2"}}) {
        const Run r = cli(bad, {"GPUCOMPAT_NO_EXEC=1"});
        CAPTURE(bad[1] + " " + bad[2]);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
}

// A GTX 1080 (6.1) with PyTorch 2.8's default cu128 wheels: "no kernel image is
// available for execution on the device" (the same Pascal chip class, a GTX
// 1050 sm_61 with 2.8.0+cu128 and driver 550.163.01:
// https://github.com/bnsreenu/digitalsreeni-image-annotator/issues/57; a GTX
// 1080 Ti with 2.9.1+cu130: https://github.com/edenaion/EZ-CorridorKey/issues/87).
// cu128's arch list starts at 7.0 (data/pytorch.json); cu126 of 2.8.0 still carries 6.0.
TEST_CASE("doctor and check: torch 2.8.0+cu128 on a GTX 1080 has no kernel image; the cu126 build is the fix") {
    const Venv v = plain_venv(scratch("fw-1080") / "venv");
    wheel(v.site, "torch-2.8.0+cu128", "torch", "2.8.0+cu128");
    cudnn_wheel(v, "12", "9.10.2.21", 91002);
    const json j = doctor_json({"VIRTUAL_ENV=" + v.root.string(), no_python_path, "GPUCOMPAT_NO_EXEC=1", "GPUCOMPAT_DRIVER=550.163.01",
                                "GPUCOMPAT_DRIVER_CUDA=12.4", "GPUCOMPAT_CC=6.1", "GPUCOMPAT_OS=linux"});
    const json torch = by_name(j["frameworks"])["torch"];
    INFO(torch.dump(2));
    const json* p = problem(torch["check"], "compute-capability-unsupported");
    REQUIRE(p != nullptr);
    CHECK((*p)["found"] == "6.1");
    CHECK((*p)["needed"].get<std::string>().rfind("sass 7.0, 7.5", 0) == 0);
    CHECK((*p)["message"].get<std::string>().find("no kernel image is available") != std::string::npos);
    CHECK((*p)["fix"].get<std::string>().find("cu126") != std::string::npos);
    CHECK(problem(torch["check"], "driver-too-old") == nullptr);  // 550 runs CUDA 12.8 through minor version compatibility

    // check: the same answer from the options; a bare 2.8.0 is PyPI's default build, cu128.
    for (const char* torch_arg : {"2.8.0+cu128", "2.8.0"}) {
        CAPTURE(torch_arg);
        const json c = check_json({"--os", "linux", "--driver", "550.163.01", "--cc", "6.1", "--torch", torch_arg}, 1);
        CHECK(c["expects"]["variant"] == "cu128");
        const json* q = problem(c, "compute-capability-unsupported");
        REQUIRE(q != nullptr);
        CHECK((*q)["found"] == "6.1");
    }
    CHECK(check_json({"--os", "linux", "--driver", "550.163.01", "--cc", "6.1", "--torch", "2.8.0+cu126"}, 0)["ok"] == true);
}

// torch+cu121 needs a CUDA 12 driver: >= 525.60.13 under minor version
// compatibility (NVIDIA's "CUDA Toolkit and Minimum Required Driver Version
// for CUDA Minor Version Compatibility" table, data/cuda.json); 470 is a CUDA
// 11.4 driver.
TEST_CASE("doctor and check: torch 2.1.0+cu121 with driver 470 is driver-too-old, needing >=525.60.13") {
    const Venv v = plain_venv(scratch("fw-470") / "venv");
    wheel(v.site, "torch-2.1.0+cu121", "torch", "2.1.0+cu121");
    const json j = doctor_json({"VIRTUAL_ENV=" + v.root.string(), no_python_path, "GPUCOMPAT_NO_EXEC=1", "GPUCOMPAT_DRIVER=470.256.02",
                                "GPUCOMPAT_DRIVER_CUDA=11.4", "GPUCOMPAT_CC=8.6", "GPUCOMPAT_OS=linux", "GPUCOMPAT_PYTHON=3.10"});
    const json torch = by_name(j["frameworks"])["torch"];
    INFO(torch.dump(2));
    const json* p = problem(torch["check"], "driver-too-old");
    REQUIRE(p != nullptr);
    CHECK((*p)["found"] == "470.256.02");
    CHECK((*p)["needed"] == ">=525.60.13");
    CHECK((*p)["source"].get<std::string>().find("nvidia.com") != std::string::npos);
    const json c = check_json({"--os", "linux", "--driver", "470.256.02", "--cc", "8.6", "--torch", "2.1.0+cu121"}, 1);
    const json* q = problem(c, "driver-too-old");
    REQUIRE(q != nullptr);
    CHECK((*q)["needed"] == ">=525.60.13");
    CHECK((*q)["fix"].get<std::string>().find("530.30.02") != std::string::npos);  // CUDA 12.1's own driver
}

// JAX from 0.6.0 (CUDA 12) needs cuDNN >= 9.8 of major 9 (data/jax.json: the
// 0.6.0 changelog's "minimum v9.8", .bazelrc HERMETIC_CUDNN_VERSION=9.8.0);
// an older cuDNN loaded first fails XLA's check, "Loaded runtime CuDNN
// library: 8.5.0 but source was compiled with: 8.6.0" in
// https://github.com/jax-ml/jax/issues/16901 (and 9.10.1 vs 9.13.1 in
// https://github.com/conda-forge/jaxlib-feedstock/issues/329).
TEST_CASE("doctor and check: jax 0.6.2 (cuda12) with a system cuDNN 9.1 found first") {
    const Venv v = plain_venv(scratch("fw-jax") / "venv");
    wheel(v.site, "jax-0.6.2", "jax", "0.6.2");
    wheel(v.site, "jaxlib-0.6.2", "jaxlib", "0.6.2");
    wheel(v.site, "jax_cuda12_plugin-0.6.2", "jax-cuda12-plugin", "0.6.2");
    wheel(v.site, "jax_cuda12_pjrt-0.6.2", "jax-cuda12-pjrt", "0.6.2");
    const fs::path nvml = lib_dir("fw-jax-nvml", {"libnvidia-ml.so.1"});
    const fs::path sys = system_cudnn("fw-jax-sys", 90100);
    const std::vector<std::string> env{"VIRTUAL_ENV=" + v.root.string(), no_python_path, "LD_LIBRARY_PATH=" + nvml.string() + ":" + sys.string()};
    // No nvidia-cudnn wheel (CUDA installed by hand): the 9.1 is what JAX gets.
    json jax = by_name(doctor_json(env)["frameworks"])["jax"];
    INFO(jax.dump(2));
    CHECK(jax["variant"] == "cuda12");
    const json* p = problem(jax["check"], "cudnn-minor-too-old");
    REQUIRE(p != nullptr);
    CHECK((*p)["found"] == "9.1.0");
    CHECK((*p)["needed"] == "9.x >= 9.8");
    CHECK((*p)["source"].get<std::string>().find("github.com/jax-ml/jax") != std::string::npos);
    // With the nvidia-cudnn-cu12 9.8 wheel installed, LD_LIBRARY_PATH still comes first: library-shadowed.
    cudnn_wheel(v, "12", "9.8.0.87", 90800);
    jax = by_name(doctor_json(env)["frameworks"])["jax"];
    p = problem(jax["check"], "library-shadowed");
    REQUIRE(p != nullptr);
    CHECK((*p)["found"] == "9.1.0");
    CHECK((*p)["message"].get<std::string>().find("jax_plugins/cuda/__init__.py") != std::string::npos);
    // Without LD_LIBRARY_PATH's copy, the wheel's 9.8 serves.
    CHECK(by_name(doctor_json({"VIRTUAL_ENV=" + v.root.string(), no_python_path, "LD_LIBRARY_PATH=" + nvml.string()})["frameworks"])["jax"]["check"]["ok"] ==
          true);

    // check: the same rule from the options; the plugin must be jaxlib's version, jaxlib no newer than jax.
    const std::vector<std::string> m{"--os", "linux", "--driver", "570.86.10", "--cc", "8.6"};
    auto with = [&](std::vector<std::string> more) {
        std::vector<std::string> a = m;
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    json c = check_json(with({"--jax", "0.6.2+cuda12", "--cudnn", "9.1.0", "--package", "jaxlib==0.6.2"}), 1);
    REQUIRE(problem(c, "cudnn-minor-too-old") != nullptr);
    CHECK((*problem(c, "cudnn-minor-too-old"))["needed"] == "9.x >= 9.8");
    c = check_json(with({"--jax", "0.6.2", "--cudnn", "9.8.0", "--package", "jaxlib==0.6.2", "--package", "jax-cuda12-plugin==0.6.1"}), 1);
    CHECK(c["query"]["variant"] == "cuda12");  // from the plugin's name
    const json* plug = problem(c, "plugin-version-mismatch");
    REQUIRE(plug != nullptr);
    CHECK((*plug)["found"] == "jax-cuda12-plugin==0.6.1");
    CHECK((*plug)["needed"] == "==0.6.2");
    CHECK((*plug)["source"].get<std::string>().find("jaxlib/plugin_support.py") != std::string::npos);
    c = check_json(with({"--jax", "0.6.2+cuda12", "--package", "jaxlib==0.7.0"}), 1);
    CHECK(problem(c, "jaxlib-version-mismatch") != nullptr);
    CHECK(check_json(with({"--jax", "0.6.2+cuda12", "--cudnn", "9.8.0", "--package", "jaxlib==0.6.2"}), 0)["ok"] == true);
}

// The human text of doctor, compared with a committed golden file: the
// stand-in NVML and libcuda (one GPU), no commands on PATH. The
// stand-ins' folder is a scratch path: it reads as <stand-ins>.
TEST_CASE("golden text: doctor with the stand-in driver") {
    const fs::path lib = lib_dir("nvml-golden", {"libnvidia-ml.so.1", "libcuda.so.1"});
    // The OS, the CUDA runtime and cuDNN pinned: the machine's own would show through.
    const Run r = doctor({}, {no_python_path, "LD_LIBRARY_PATH=" + lib.string(), "GPUCOMPAT_PYTHON=3.11", "GPUCOMPAT_OS=linux",
                              "GPUCOMPAT_CUDA=12.5", "GPUCOMPAT_CUDNN=9.3.0", slow});
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::string text = r.out;
    for (auto at = text.find(lib.string()); at != std::string::npos; at = text.find(lib.string()))
        text.replace(at, lib.string().size(), "<stand-ins>");
    const fs::path p = fs::path(GPUCOMPAT_GOLDEN_DIR) / "doctor-standins.txt";
    if (std::getenv("GPUCOMPAT_UPDATE_GOLDEN") != nullptr) std::ofstream(p, std::ios::binary) << text;
    REQUIRE_MESSAGE(fs::exists(p), "missing golden file " << p);
    CHECK_MESSAGE(text == slurp(p), "differs from " << p << " (GPUCOMPAT_UPDATE_GOLDEN=1 rewrites it; review the diff)");
}
