// The pieces doctor's live detection is built from, each on its own: the
// bounded child runner, the sanitiser, pyvenv.cfg and dist-info readers,
// the helper's answer reader, the fleet formats and the GPU-name index.
#include <doctest/doctest.h>

#include "process_state.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <gpucompat/fleet.hpp>
#include <gpucompat/gpus.hpp>
#include <gpucompat/probe.hpp>
#include <gpucompat/python_env.hpp>
#include <gpucompat/sanitize.hpp>
#include <gpucompat/spawn.hpp>

using namespace gpucompat;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {
double seconds_of(const std::function<void()>& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
spawn::Job sh(const std::string& script, std::chrono::milliseconds limit) {
    spawn::Job j;
    j.argv = {"/bin/sh", "-c", script};
    j.limit = limit;
    return j;
}
fs::path temp_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("gpucompat-unit-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}
void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}
using gpucompat_test::alive;
}  // namespace

TEST_CASE("spawn: output, exit status and a crash are told apart") {
    auto ok = sh("echo hello; exit 3", 5000ms);
    spawn::run_one(ok);
    CHECK(ok.started);
    CHECK(ok.exited);
    CHECK(ok.exit_code == 3);
    CHECK(ok.output == "hello\n");
    auto crash = sh("kill -SEGV $$", 5000ms);
    spawn::run_one(crash);
    CHECK_FALSE(crash.exited);
    CHECK(crash.signal == SIGSEGV);
    spawn::Job missing;
    missing.argv = {"gpucompat-no-such-program-anywhere"};
    spawn::run_one(missing);
    CHECK_FALSE(missing.started);
}

TEST_CASE("spawn: a hung child is killed at the deadline") {
    auto hang = sh("sleep 30", 300ms);
    const double t = seconds_of([&] { spawn::run_one(hang); });
    CHECK(hang.timed_out);
    CHECK_FALSE(hang.exited);
    CHECK(t < 2.0);
}

TEST_CASE("spawn: a child that closes stdout and keeps running still meets the deadline") {
    auto job = sh("echo partial; exec >&-; sleep 30", 300ms);
    const double t = seconds_of([&] { spawn::run_one(job); });
    CHECK(job.timed_out);
    CHECK(job.output == "partial\n");
    CHECK(t < 2.0);
}

TEST_CASE("spawn: a background grandchild holding the pipe costs nothing, and dies with the group") {
    const fs::path dir = temp_dir("grandchild");
    const std::string pidfile = (dir / "pid").string();
    auto job = sh("sleep 30 & echo $! > '" + pidfile + "'; echo done", 10000ms);
    const double t = seconds_of([&] { spawn::run_one(job); });
    CHECK(job.exited);
    CHECK(job.exit_code == 0);
    CHECK(job.output == "done\n");
    CHECK(t < 3.0);  // not the 10 s limit
    std::ifstream in(pidfile);
    pid_t grandchild = 0;
    in >> grandchild;
    REQUIRE(grandchild > 0);
    // Killed with the group; reaped by init, so poll briefly for it to vanish.
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = !alive(grandchild);
        if (!gone) ::usleep(10000);
    }
    CHECK(gone);
}

TEST_CASE("spawn: a grandchild that never stops writing does not hold doctor up") {
    auto job = sh("yes & echo done", 10000ms);
    job.max_output = 1 << 16;
    const double t = seconds_of([&] { spawn::run_one(job); });
    CHECK(job.exited);
    CHECK(job.exit_code == 0);
    CHECK(t < 3.0);
}

TEST_CASE("spawn: a timed-out child's children are killed too") {
    const fs::path dir = temp_dir("orphans");
    const std::string pidfile = (dir / "pid").string();
    auto job = sh("sleep 30 & echo $! > '" + pidfile + "'; sleep 30", 300ms);
    spawn::run_one(job);
    CHECK(job.timed_out);
    pid_t child = 0;
    std::ifstream(pidfile) >> child;
    REQUIRE(child > 0);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = !alive(child);
        if (!gone) ::usleep(10000);
    }
    CHECK(gone);
}

TEST_CASE("spawn: jobs run at once, not one after another") {
    auto a = sh("sleep 0.4; echo a", 5000ms), b = sh("sleep 0.4; echo b", 5000ms), c = sh("sleep 0.4; echo c", 5000ms);
    const double t = seconds_of([&] { spawn::run_all({&a, &b, &c}); });
    CHECK(a.output == "a\n");
    CHECK(c.output == "c\n");
    CHECK(t < 1.1);  // three 0.4 s jobs in sequence would take 1.2 s
}

TEST_CASE("spawn: output beyond the cap is dropped, the child is not blocked") {
    auto big = sh("head -c 3000000 /dev/zero", 5000ms);
    big.max_output = 1000;
    spawn::run_one(big);
    CHECK(big.exited);
    CHECK(big.output.size() == 1000);
}

TEST_CASE("printable: escapes, invalid UTF-8 and bidi overrides") {
    CHECK(printable("NVIDIA H200") == "NVIDIA H200");
    CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");                 // valid UTF-8 stays
    CHECK(printable("caf\xe9") == "caf\xEF\xBF\xBD");                 // Latin-1 byte -> U+FFFD
    CHECK(printable("\x1b[31mred") == "\\x1b[31mred");                // no raw ESC
    CHECK(printable("a\nb\tc\x7f") == "a\\x0ab\\x09c\\x7f");
    CHECK(printable("\xc2\x9b") == "\\u009b");                        // C1 CSI
    CHECK(printable("x\xe2\x80\xaey") == "x\\u202ey");               // RIGHT-TO-LEFT OVERRIDE
    CHECK(printable("\xc0\xaf") == "\xEF\xBF\xBD\xEF\xBF\xBD");       // overlong '/'
    CHECK(printable("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a UTF-16 surrogate
    CHECK(printable(std::string(10, 'a'), 4) == "aaaa...");
    CHECK(is_printable("ok"));
    CHECK_FALSE(is_printable("\x1b"));
}

TEST_CASE("pyvenv.cfg, package names and METADATA") {
    const auto cfg = probe::parse_pyvenv_cfg(
        "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.3\nexecutable = /usr/bin/python3.12\n");
    REQUIRE(cfg.version);
    CHECK(cfg.version->text() == "3.12.3");
    CHECK(cfg.home == "/usr/bin");
    CHECK_FALSE(cfg.include_system_site);
    CHECK(probe::parse_pyvenv_cfg("version_info = 3.10.12.final.0\ninclude-system-site-packages = True\n").version->text() == "3.10.12");
    CHECK(probe::parse_pyvenv_cfg("version_info = 3.10.12.final.0\ninclude-system-site-packages = True\n").include_system_site);
    CHECK_FALSE(probe::parse_pyvenv_cfg("version = banana\n").version);
    CHECK(probe::normalize_package_name("Jax_CUDA13.Plugin") == "jax-cuda13-plugin");
    CHECK(probe::normalize_package_name("nvidia_cudnn_cu13") == "nvidia-cudnn-cu13");
    const auto meta = probe::parse_metadata("Metadata-Version: 2.1\nName: torch\nVersion: 2.11.0+cu130\n\nName: not-this\n");
    REQUIRE(meta);
    CHECK(meta->first == "torch");
    CHECK(meta->second == "2.11.0+cu130");
    CHECK_FALSE(probe::parse_metadata("Name: torch\n"));
    CHECK(probe::plausible_package_version("2.11.0+cu130"));
    CHECK_FALSE(probe::plausible_package_version("2.0\x1b[31m"));
    CHECK_FALSE(probe::plausible_package_version(""));
}

TEST_CASE("dist-info: frameworks with their CUDA variant, other packages ignored") {
    const fs::path site = temp_dir("site");
    auto dist = [&](const std::string& dir, const std::string& name, const std::string& version) {
        write(site / (dir + ".dist-info") / "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\nbody\n");
    };
    dist("torch-2.11.0+cu130", "torch", "2.11.0+cu130");
    dist("jax-0.7.2", "jax", "0.7.2");
    dist("jaxlib-0.7.2", "jaxlib", "0.7.2");
    dist("jax_cuda13_plugin-0.7.2", "jax-cuda13-plugin", "0.7.2");
    dist("nvidia_cudnn_cu13-9.19.0.56", "nvidia-cudnn-cu13", "9.19.0.56");
    dist("requests-2.32.0", "requests", "2.32.0");
    dist("numpy-2.3.0", "numpy", "\x1b[2Jevil");
    std::vector<std::string> notes;
    const auto packages = probe::read_packages(site.string(), notes);
    std::vector<std::string> names;
    for (const auto& p : packages) names.push_back(p.name);
    CHECK(names == std::vector<std::string>{"jax", "jax-cuda13-plugin", "jaxlib", "nvidia-cudnn-cu13", "torch"});
    REQUIRE(notes.size() == 1);  // numpy's version is not a version
    CHECK(notes[0].find("numpy") != std::string::npos);
    CHECK(notes[0].find('\x1b') == std::string::npos);
    const auto fw = probe::frameworks_of(packages);
    REQUIRE(fw.size() == 3);
    CHECK(fw[0].name == "jax");
    CHECK(fw[0].variant == std::optional<std::string>("cuda13"));
    CHECK(fw[2].name == "torch");
    CHECK(fw[2].variant == std::optional<std::string>("cu130"));
    CHECK(fw[2].version == "2.11.0+cu130");
}

TEST_CASE("the helper's answers are range-checked") {
    const std::string out = "library " + probe::detail::hex("/usr/lib/libnvidia-ml.so.1") + "\ninit 0\ndriver " +
                            probe::detail::hex("580.159.04") + "\ncuda 13000\ncount 10\n";
    std::string gpus;
    for (int i = 0; i < 10; ++i) gpus += "name " + std::to_string(i) + " " + probe::detail::hex("NVIDIA H200") + "\ncc " + std::to_string(i) + " 9 0\n";
    const auto a = probe::read_driver_answer(out + gpus + "mig 3 1 3\n", "NVML");
    CHECK(a.driver->text() == "580.159.04");
    CHECK(*a.cuda == DriverCudaVersion{13, 0});
    REQUIRE(a.gpus.size() == 10);  // no fixed capacity drops the 9th and 10th
    CHECK(a.gpus[9].index == 9);
    CHECK(*a.gpus[9].cc == ComputeCapability{9, 0});
    CHECK(a.gpus[3].mig == std::optional<bool>(true));
    CHECK(a.gpus[3].mig_devices == std::optional<unsigned>(3));
    CHECK(a.library == "/usr/lib/libnvidia-ml.so.1");

    // A major of 256 would wrap a uint8_t to 0; 0.0 is no driver; -5 no CUDA level.
    const auto bad = probe::read_driver_answer("init 0\ndriver " + probe::detail::hex("0.0") + "\ncuda -5\nname 0 " +
                                                   probe::detail::hex("\x1b[31mEVIL\xff") + "\ncc 0 256 0\ncc 1 9 12\nname 99999 41\n",
                                               "NVML");
    CHECK_FALSE(bad.driver);
    CHECK_FALSE(bad.cuda);
    REQUIRE(bad.gpus.size() == 2);
    CHECK_FALSE(bad.gpus[0].cc);
    CHECK_FALSE(bad.gpus[1].cc);
    CHECK(bad.gpus[0].name == "\\x1b[31mEVIL\xEF\xBF\xBD");
    CHECK(bad.notes.size() == 4);
    CHECK(probe::read_driver_answer("missing\n", "NVML").loaded == false);
}

TEST_CASE("library versions: believed only when plausible and in line with the file name") {
    using probe::detail::plausible;
    const auto v = [](const char* s) { return std::optional<Version>(*Version::parse(s)); };
    CHECK(plausible(v("9.19.0"), v("9")) == v("9.19.0"));
    CHECK_FALSE(plausible(v("0.0.0"), v("9")));
    CHECK_FALSE(plausible(detect::cudnn_version_from_int(4294967295U), v("9")));  // 429496.72.95
    CHECK_FALSE(plausible(v("8.9.7"), v("9")));                                  // libcudnn.so.9 is not cuDNN 8
    CHECK(plausible(v("12.4"), std::nullopt) == v("12.4"));
}

TEST_CASE("NFD label values") {
    CHECK(fleet::label_value("580.159.04") == "580.159.04");
    CHECK(fleet::label_value("2.11.0+cu130") == "2.11.0_cu130");
    CHECK(fleet::label_value("-x-") == "x");
    CHECK(fleet::label_value(std::string(100, 'a')).size() == 63);
    CHECK(fleet::label_value("...") == "");
}

TEST_CASE("Prometheus: label values escaped, every GPU a series") {
    probe::MachineInfo m;
    m.platform = {Platform::Linux, "test"};
    m.driver = {*DriverVersion::parse("580.159.04"), "test"};
    for (int i = 0; i < 9; ++i) {
        detect::GpuInfo g;
        g.name = i == 8 ? "odd \"name\" \\ here" : "NVIDIA H200";
        g.cc = ComputeCapability{9, 0};
        g.index = i;
        m.gpus.push_back(g);
    }
    Query q;
    q.platform = Platform::Linux;
    const Resolution r = resolve(q);
    const std::string text = fleet::render_prometheus(m, {{"tensorflow", &r, nullptr, nullptr}}, 1700000000);
    CHECK(text.find("gpucompat_gpu_info{index=\"8\",name=\"odd \\\"name\\\" \\\\ here\",cc=\"9.0\"} 1\n") != std::string::npos);
    CHECK(text.find("gpucompat_gpus 9\n") != std::string::npos);
    CHECK(text.find("gpucompat_best_release_info{framework=\"tensorflow\",version=\"") != std::string::npos);
    CHECK(text.find("gpucompat_last_run_timestamp_seconds 1700000000\n") != std::string::npos);
}

namespace {
// The matcher before the index, kept as the reference the index must agree with.
const GpuModel* reference_find_gpu(std::string_view name) {
    const std::string want = detail::normalize_gpu_name(name);
    if (want.empty()) return nullptr;
    const std::string want_bare = detail::without_brand(want);
    const GpuModel* prefix_match = nullptr;
    std::size_t prefix_len = 0;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& g : tables::gpus) {
            std::vector<std::string> names{detail::normalize_gpu_name(g.name)};
            for (auto a : g.aliases) names.push_back(detail::normalize_gpu_name(a));
            for (const auto& have : names) {
                if (pass == 0 && have == want) return &g;
                if (pass == 1) {
                    const std::string bare = detail::without_brand(have);
                    if (bare == want_bare) return &g;
                    for (const std::string* h : {&have, &bare})
                        if (want_bare.size() > h->size() && want_bare.rfind(*h, 0) == 0 &&
                            (want_bare[h->size()] == ' ' || want_bare[h->size()] == '-') && h->size() > prefix_len) {
                            prefix_match = &g;
                            prefix_len = h->size();
                        }
                }
            }
        }
    }
    return prefix_match;
}
}  // namespace

TEST_CASE("GPU index: the same answers as the linear matcher, for every table name and its variants") {
    std::vector<std::string> inputs{"", "   ", "NVIDIA", "RTX", "A100-SXM4-80GB", "NVIDIA A100-SXM4-80GB", "Tesla T4", "T4",
                                    "GeForce RTX 3060 Laptop GPU", "NVIDIA GeForce RTX 3060 Laptop GPU", "rtx 3060", "MX150",
                                    "NVIDIA H100 80GB HBM3", "H100-PCIe", "Quadro RTX 6000 something", "no such gpu"};
    for (const auto& g : tables::gpus) {
        const std::string n(g.name);
        for (const std::string& v : {n, "NVIDIA " + n, "nvidia  " + n + "  ", n + " 16GB", n + "-SXM", "GeForce " + n, "Tesla " + n, n.substr(0, n.size() / 2)})
            inputs.push_back(v);
        for (auto a : g.aliases) inputs.emplace_back(a);
    }
    std::size_t checked = 0;
    for (const auto& in : inputs) {
        CAPTURE(in);
        CHECK(find_gpu(in) == reference_find_gpu(in));
        ++checked;
    }
    CHECK(checked > 3000);
}

TEST_CASE("GPU index: a name that covers two chips answers with both") {
    static constexpr GpuModel table[] = {
        {"GeForce GTX 860M", ComputeCapability{3, 0}, "geforce-notebook", {}, {}},
        {"GeForce GTX 850M", ComputeCapability{5, 0}, "geforce-notebook", {}, {}},
        {"GeForce GTX 860M", ComputeCapability{5, 0}, "geforce-notebook", {}, {}},
    };
    const GpuIndex index{std::span<const GpuModel>(table)};
    const auto all = index.find_all("NVIDIA GeForce GTX 860M");
    REQUIRE(all.size() == 2);
    CHECK(all[0]->cc == ComputeCapability{3, 0});
    CHECK(all[1]->cc == ComputeCapability{5, 0});
    CHECK(index.find("GTX 860M") == &table[0]);  // the first row, as before
    CHECK(index.find_all("GTX 850M").size() == 1);
    CHECK(find_gpu_all("GeForce GTX 850M").size() == 1);
}
