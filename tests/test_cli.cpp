// The gpucompat binary end to end: every command and format, the JSON shapes
// of docs/contract.md, golden install output, and a bad-input matrix.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <csignal>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_process.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using gpucompat_test::Run;
using gpucompat_test::quote;
using gpucompat_test::slurp;

// Runs the CLI with arguments passed verbatim (quoted for /bin/sh) and an environment prefix.
Run run(const std::vector<std::string>& args, const std::string& env = "GPUCOMPAT_NO_EXEC=1 GPUCOMPAT_NO_DLOPEN=1") {
    static int n = 0;
    const fs::path dir = fs::temp_directory_path() / ("gpucompat-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path out = dir / ("out" + std::to_string(n)), err = dir / ("err" + std::to_string(n));
    ++n;
    return gpucompat_test::run_cli("env " + env, args, out, err);
}
// Runs the CLI in a child set up by `setup` (after fork, before exec): for
// what a shell cannot set up exactly, such as a pipe nobody reads.
template <class Setup>
Run run_child(const std::vector<std::string>& args, Setup setup) {
    const fs::path out = fs::temp_directory_path() / ("gpucompat-cli-child-out-" + std::to_string(::getpid()));
    const fs::path err = fs::temp_directory_path() / ("gpucompat-cli-child-err-" + std::to_string(::getpid()));
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 1);
        ::dup2(::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
        ::signal(SIGPIPE, SIG_DFL);  // as a shell starts it: the tool must ignore SIGPIPE itself
        ::setenv("GPUCOMPAT_NO_EXEC", "1", 1);
        ::setenv("GPUCOMPAT_NO_DLOPEN", "1", 1);
        setup();
        std::vector<char*> argv{const_cast<char*>(GPUCOMPAT_CLI)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(GPUCOMPAT_CLI, argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    fs::remove(out);
    fs::remove(err);
    return r;
}
std::size_t lines(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

}  // namespace

TEST_CASE("--version and --help") {
    const Run v = run({"--version"});
    CHECK(v.code == 0);
    CHECK(v.out.find("gpucompat 0.") == 0);
    CHECK(v.out.find("data checked 20") != std::string::npos);
    for (const char* cmd : {"resolve", "install", "check", "doctor", "table"}) {
        CAPTURE(cmd);
        const Run h = run({cmd, "--help"});
        CHECK(h.code == 0);
        CHECK(h.out.find("Examples:") != std::string::npos);
        CHECK(h.out.find(std::string("gpucompat ") + cmd) != std::string::npos);
    }
}

TEST_CASE("resolve: text for a person, JSON per the contract") {
    const Run t = run({"resolve", "--os", "windows", "--driver", "456.71", "--gpu", "GeForce GTX 850M"});
    CHECK(t.code == 0);
    CHECK(t.out.find("Best fit: TensorFlow 2.10.0 on native Windows (minor-version)") != std::string::npos);
    CHECK(t.out.find("windows-native-gpu-dropped") != std::string::npos);
    CHECK(t.out.find("\033[") == std::string::npos);  // no colour when not on a terminal

    const Run j = run({"resolve", "--os", "windows", "--os-build", "19045", "--driver", "441.22", "--cc", "5.0", "--python", "3.7", "--json"});
    CHECK(j.code == 0);
    const json doc = json::parse(j.out);
    const json& q = doc.at("query");
    CHECK(q.at("os") == "windows");
    CHECK(q.at("os_build") == 19045);
    CHECK(q.at("driver") == "441.22");
    CHECK(q.at("cc") == json::array({"5.0"}));
    CHECK(q.at("python") == "3.7");
    CHECK(q.at("tf").is_null());
    CHECK(q.at("method") == "any");
    REQUIRE(!doc.at("candidates").empty());
    const std::set<std::string> compat = {"full", "minor-version", "ptx-jit"};
    for (const auto& c : doc.at("candidates")) {
        for (const char* k : {"tensorflow", "platform", "package", "python", "cuda", "cudnn", "driver_min", "compatibility", "install", "notes"})
            CHECK_MESSAGE(c.contains(k), k);
        CHECK(compat.count(c.at("compatibility").get<std::string>()) == 1);
        for (const auto& p : c.at("python")) CHECK(p.get<std::string>().find('.') != std::string::npos);
        for (const auto& step : c.at("install")) CHECK(step.contains("manager"));
    }
    const json& best = doc.at("candidates")[0];
    // 441.22 is below CUDA 11's floors, and 2.3's wheels carry no code for 5.0
    // (SASS 3.5, 3.7, 5.2, 6.0, 6.1, 7.0; PTX 7.0): the newest fit is 2.2.0.
    CHECK(best.at("tensorflow") == "2.2.0");
    CHECK(best.at("cuda") == "10.1");
    CHECK(best.at("driver_min") == "418.96");
    bool dropped = false, driver = false, arch = false;
    for (const auto& r : doc.at("rejected")) {
        for (const auto& reason : r.at("reasons")) {
            CHECK(!reason.at("message").get<std::string>().empty());
            dropped = dropped || reason.at("code") == "windows-native-gpu-dropped";
            arch = arch || (r.at("tensorflow") == "2.3.0" && reason.at("code") == "compute-capability-unsupported");
            if (r.at("tensorflow") == "2.4.0" && reason.at("code") == "driver-too-old") {
                driver = true;
                CHECK(reason.at("message").get<std::string>().find("451.48") != std::string::npos);
                CHECK(reason.at("message").get<std::string>().find("found 441.22") != std::string::npos);
            }
        }
    }
    CHECK(dropped);
    CHECK(driver);
    CHECK(arch);

    const Run none = run({"resolve", "--os", "wsl2", "--os-build", "19043"});
    CHECK(none.code == 1);
    CHECK(none.out.find("windows-build-too-old") != std::string::npos);
    const Run all = run({"resolve", "--os", "macos", "--all"});
    CHECK(all.code == 0);
    CHECK(lines(all.out) > 30);
}

TEST_CASE("install: every format, goldens, -o and --force") {
    const Run sh = run({"install", "--os", "windows", "--tf", "2.1", "--python", "3.7", "--method", "conda", "--exact"});
    CHECK(sh.code == 0);
    CHECK(sh.out == slurp(fs::path(GPUCOMPAT_GOLDEN_DIR) / "windows-tf2.1-conda-exact.sh"));
    const Run ps = run({"install", "--os", "windows", "--tf", "<2.11", "--channel", "conda-forge", "--env", "tf210", "--format", "powershell"});
    CHECK(ps.code == 0);
    CHECK(ps.out == slurp(fs::path(GPUCOMPAT_GOLDEN_DIR) / "windows-tf2.10-conda-forge.ps1"));
    const Run yml = run({"install", "--os", "linux", "--tf", "2.12", "--format", "yml"});
    CHECK(yml.code == 0);
    CHECK(yml.out.find("dependencies:") != std::string::npos);
    const Run req = run({"install", "--os", "linux", "--format", "requirements"});
    CHECK(req.code == 0);
    CHECK(req.out.find("tensorflow") != std::string::npos);
    const Run js = run({"install", "--os", "linux", "--tf", "2.12", "--json"});
    CHECK(js.code == 0);
    CHECK(json::parse(js.out).at("script").get<std::string>().find("conda create") != std::string::npos);

    const fs::path file = fs::temp_directory_path() / ("gpucompat-env-" + std::to_string(::getpid()) + ".yml");
    fs::remove(file);
    CHECK(run({"install", "--os", "linux", "--format", "yml", "-o", file.string()}).code == 0);
    CHECK(fs::exists(file));
    const Run again = run({"install", "--os", "linux", "--format", "yml", "-o", file.string()});
    CHECK(again.code == 2);
    CHECK(again.err.find("--force") != std::string::npos);
    CHECK(run({"install", "--os", "linux", "--format", "yml", "-o", file.string(), "--force"}).code == 0);
    fs::remove(file);

    CHECK(run({"install", "--os", "wsl2", "--os-build", "19043"}).code == 1);
}

TEST_CASE("install --json: an object for every outcome") {
    const Run none = run({"install", "--os", "wsl2", "--os-build", "19043", "--json"});
    CHECK(none.code == 1);
    CHECK(lines(none.err) == 1);
    const json doc = json::parse(none.out);
    CHECK(doc.at("candidate").is_null());
    CHECK(doc.at("script").is_null());
    CHECK(doc.at("format") == "sh");
    CHECK(doc.at("query").at("os_build") == 19043);
    REQUIRE(!doc.at("rejected").empty());
    CHECK(doc.at("rejected")[0].at("reasons")[0].at("code") == "windows-build-too-old");
}

TEST_CASE("install -o: whole or not at all, never through a link; - is standard output") {
    const fs::path dir = fs::temp_directory_path() / ("gpucompat-out-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::vector<std::string> yml = {"install", "--os", "linux", "--tf", "2.12", "--format", "yml"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = yml;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    const std::string expected = run(yml).out;
    REQUIRE(expected.find("dependencies:") != std::string::npos);

    SUBCASE("-o - is standard output, not a file named -") {
        const Run dash = run_child(with({"-o", "-"}), [&] { if (::chdir(dir.c_str()) != 0) std::_Exit(97); });
        CHECK(dash.code == 0);
        CHECK(dash.out == expected);
        CHECK_FALSE(fs::exists(dir / "-"));
    }
    SUBCASE("a new file; --force replaces it keeping its mode") {
        const fs::path f = dir / "environment.yml";
        CHECK(run(with({"-o", f.string()})).code == 0);
        CHECK(slurp(f) == expected);
        const auto mode = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read;
        std::ofstream(f, std::ios::trunc) << "old\n";
        fs::permissions(f, mode, fs::perm_options::replace);
        CHECK(run(with({"-o", f.string(), "--force"})).code == 0);
        CHECK(slurp(f) == expected);
        CHECK(fs::status(f).permissions() == mode);
    }
    SUBCASE("a file-size limit: the write fails, the old content stays whole, no temporary file is left") {
        const fs::path f = dir / "environment.yml";
        REQUIRE(expected.size() > 300);
        std::ofstream(f) << "old content\n";
        const Run big = run_child(with({"-o", f.string(), "--force"}), [] {
            ::signal(SIGXFSZ, SIG_IGN);  // so the write reports EFBIG instead of killing the process
            // Below the script's size, above the one error line (stderr is a file here too).
            const rlimit limit{300, 300};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
        CHECK(big.code == 4);
        CHECK(lines(big.err) == 1);
        CHECK(big.err.find("-o '") != std::string::npos);
        CHECK(big.err.find("File too large") != std::string::npos);
        CHECK(slurp(f) == "old content\n");
        std::size_t entries = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
        CHECK(entries == 1);
    }
    SUBCASE("a dangling symlink is refused without --force; --force replaces the link, never its target") {
        const fs::path link = dir / "link.yml", target = dir / "nowhere.yml";
        fs::create_symlink(target, link);
        const Run refused = run(with({"-o", link.string()}));
        CHECK(refused.code == 2);
        CHECK(lines(refused.err) == 1);
        CHECK(refused.err.find("symbolic link") != std::string::npos);
        CHECK(fs::is_symlink(link));
        CHECK_FALSE(fs::exists(target));
        CHECK(run(with({"-o", link.string(), "--force"})).code == 0);
        CHECK_FALSE(fs::is_symlink(link));
        CHECK(slurp(link) == expected);
        CHECK_FALSE(fs::exists(target));

        const fs::path real = dir / "real.txt", to_real = dir / "to-real.yml";
        std::ofstream(real) << "keep\n";
        fs::create_symlink(real, to_real);
        CHECK(run(with({"-o", to_real.string(), "--force"})).code == 0);
        CHECK(slurp(real) == "keep\n");
        CHECK(slurp(to_real) == expected);
    }
    SUBCASE("/dev/full, a directory, a missing folder") {
        const Run full = run(with({"-o", "/dev/full", "--force"}));
        CHECK(full.code == 4);
        CHECK(lines(full.err) == 1);
        CHECK(full.err.find("-o '/dev/full'") != std::string::npos);
        CHECK(full.err.find("No space left on device") != std::string::npos);
        CHECK(run(with({"-o", "/dev/null", "--force"})).code == 0);  // a device is written in place, never replaced
        CHECK(run(with({"-o", dir.string()})).code == 2);
        const Run missing = run(with({"-o", (dir / "no/such/folder.yml").string()}));
        CHECK(missing.code == 2);
        CHECK(missing.err.find("folder does not exist") != std::string::npos);
    }
    fs::remove_all(dir);
}

TEST_CASE("standard output: every write is checked, a failure is one line on stderr and exit 4") {
    const std::vector<std::string> table = {"table", "--format", "md"};
    const Run full = run_child(table, [] { ::dup2(::open("/dev/full", O_WRONLY), 1); });
    CHECK(full.code == 4);
    CHECK(lines(full.err) == 1);
    CHECK(full.err.find("write error on standard output: No space left on device") != std::string::npos);

    const Run closed = run_child(table, [] { ::close(1); });
    CHECK(closed.code == 4);
    CHECK(closed.err.find("Bad file descriptor") != std::string::npos);
    // Nothing to write to a closed stdout is no error (as with coreutils).
    CHECK(run_child({"install", "--os", "wsl2", "--os-build", "19043"}, [] { ::close(1); }).code == 1);

    // A reader that went away: reported as a write error, not a silent death by SIGPIPE.
    int p[2];
    REQUIRE(::pipe(p) == 0);
    ::close(p[0]);
    const Run broken = run_child(table, [&] { ::dup2(p[1], 1); });
    ::close(p[1]);
    CHECK(broken.code == 4);
    CHECK(lines(broken.err) == 1);
    CHECK(broken.err.find("Broken pipe") != std::string::npos);

    // A shell redirection to /dev/full, as a user would write it.
    const int status = std::system(("GPUCOMPAT_NO_EXEC=1 " + quote(GPUCOMPAT_CLI) + " table --format csv >/dev/full 2>/dev/null").c_str());
    CHECK(WEXITSTATUS(status) == 4);
}

// Issue 15: TF 2.10 with NumPy 2 fails at import (https://github.com/tensorflow/tensorflow/issues/91042).
TEST_CASE("check --package: package-incompatible with its fix; a malformed one is a usage error") {
    const Run bad = run({"check", "--os", "windows", "--tf", "2.10.0", "--package", "numpy==2.0.2"});
    CHECK(bad.code == 1);
    CHECK(bad.out.find("package-incompatible: TensorFlow 2.10.0 needs numpy<2") == 0);
    CHECK(bad.out.find("fix: python -m pip install 'numpy<2'") != std::string::npos);
    const Run ok = run({"check", "--os", "windows", "--tf", "2.10.0", "--package", "numpy==1.26.4", "--package", "protobuf==3.19.6"});
    CHECK(ok.code == 0);
    const Run js = run({"check", "--os", "linux", "--tf", "2.14.0", "--package", "numpy==2.3.4", "--json"});
    CHECK(js.code == 1);
    CHECK(json::parse(js.out).at("problems")[0].at("code") == "package-incompatible");
    CHECK(run({"check", "--tf", "2.10.0", "--package", "numpy=2"}).code == 2);
    CHECK(run({"check", "--tf", "2.10.0", "--package", "NumPy==2.0"}).code == 2);
}

TEST_CASE("check: exit 0 when consistent, 1 with one line per problem") {
    const Run ok = run({"check", "--os", "linux", "--tf", "2.2", "--cuda", "10.1", "--cudnn", "7.6.5"});
    CHECK(ok.code == 0);
    CHECK(ok.out.find("OK") == 0);
    const Run bad = run({"check", "--os", "linux", "--tf", "2.4", "--cuda", "10.1", "--cudnn", "7.6.5"});
    CHECK(bad.code == 1);
    CHECK(bad.out.find("cuda-runtime-mismatch") != std::string::npos);
    CHECK(bad.out.find("cudnn-major-mismatch") != std::string::npos);
    CHECK(bad.out.find("fix:") != std::string::npos);
    const Run js = run({"check", "--os", "windows", "--tf", "2.1", "--cuda", "10.0", "--json"});
    CHECK(js.code == 1);
    const json doc = json::parse(js.out);
    CHECK(doc.at("ok") == false);
    REQUIRE(!doc.at("problems").empty());
    for (const auto& p : doc.at("problems"))
        for (const char* k : {"code", "message", "fix"}) CHECK(p.contains(k));
    CHECK(doc.at("problems")[0].at("code") == "cuda-runtime-mismatch");
    CHECK(run({"check", "--os", "linux", "--cuda", "10.1"}).code == 2);  // --tf is required
}

TEST_CASE("doctor: from captured files, and on a machine with no GPU") {
    const fs::path root = fs::temp_directory_path() / ("gpucompat-root-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "sys/module/nvidia");
    fs::create_directories(root / "proc/driver/nvidia");
    fs::create_directories(root / "proc/sys/kernel");
    const fs::path fx = fs::path(GPUCOMPAT_FIXTURES_DIR) / "linux-h100-driver580";
    fs::copy_file(fx / "sys_module_nvidia_version.txt", root / "sys/module/nvidia/version");
    fs::copy_file(fx / "proc_driver_nvidia_version.txt", root / "proc/driver/nvidia/version");
    std::ofstream(root / "proc/sys/kernel/osrelease") << "6.18.0\n";
    const std::string env = "GPUCOMPAT_NO_EXEC=1 GPUCOMPAT_NO_DLOPEN=1 GPUCOMPAT_SYSROOT=" + root.string() +
                            " GPUCOMPAT_CC=9.0 GPUCOMPAT_GPU_NAME='NVIDIA H100 80GB HBM3' GPUCOMPAT_PYTHON=3.12.3 LD_LIBRARY_PATH= CONDA_PREFIX=";
    const Run d = run({"doctor", "--json"}, env);
    CHECK(d.code == 0);
    const json doc = json::parse(d.out);
    const json& det = doc.at("detected");
    CHECK(det.at("os") == "linux");
    CHECK(det.at("driver") == "580.159.04");
    CHECK(det.at("gpus")[0].at("cc") == "9.0");
    CHECK(det.at("python") == "3.12.3");
    for (const char* k : {"os", "os_build", "wsl", "driver", "driver_cuda", "gpus", "cuda_runtime", "cudnn", "python"}) CHECK(det.contains(k));
    CHECK(doc.at("resolve").at("candidates").size() > 0);
    CHECK(doc.at("sources").at("driver") == "/sys/module/nvidia/version");

    // Remove /sys: the /proc file is next in the chain.
    fs::remove_all(root / "sys");
    CHECK(json::parse(run({"doctor", "--json"}, env).out).at("sources").at("driver") == "/proc/driver/nvidia/version");

    const std::string bare = "GPUCOMPAT_NO_EXEC=1 GPUCOMPAT_NO_DLOPEN=1 GPUCOMPAT_SYSROOT=" + (root / "empty").string() +
                             " GPUCOMPAT_PYTHON=3.11 LD_LIBRARY_PATH= CONDA_PREFIX=";
    const Run none = run({"doctor"}, bare);
    CHECK(none.code == 0);
    CHECK(none.out.find("No NVIDIA driver found") != std::string::npos);
    const Run required = run({"doctor", "--require-gpu"}, bare);
    CHECK(required.code == 3);
    CHECK(lines(required.err) == 1);
    const Run nj = run({"doctor", "--json"}, bare);
    CHECK(json::parse(nj.out).at("detected").at("driver").is_null());
    fs::remove_all(root);
}

TEST_CASE("table: md, csv, json, html") {
    const Run md = run({"table", "--format", "md", "--os", "windows"});
    CHECK(md.code == 0);
    CHECK(md.out.find("| 2.10.0 | windows | tensorflow |") != std::string::npos);
    const Run csv = run({"table", "--format", "csv"});
    CHECK(csv.out.find("tensorflow,platform,package,python,cuda,cudnn") == 0);
    const json j = json::parse(run({"table", "--format", "json"}).out);
    REQUIRE(j.at("tensorflow").size() > 60);
    for (const auto& row : j.at("tensorflow"))
        for (const char* k : {"tensorflow", "platform", "package", "python", "cuda", "cudnn", "source"}) CHECK(row.contains(k));
    const Run html = run({"table", "--format", "html"});
    CHECK(html.out.find("<!DOCTYPE html>") == 0);
    CHECK(html.out.find("http://") == std::string::npos);  // self-contained: no external loads (links use https)
}

// PyTorch and JAX (docs/contract.md's "Frameworks beyond TensorFlow"); the
// expected answers come from data/pytorch.json, data/jax.json and data/cuda.json.
TEST_CASE("resolve --framework pytorch|jax and --torch/--jax: text and JSON per the contract") {
    // H200 (9.0), driver 580.159.04, Python 3.12: 2.13.0's cu130 (PyPI default, CUDA 13.0 needs 580.65.06).
    const Run t = run({"resolve", "--framework", "pytorch", "--os", "linux", "--driver", "580.159.04", "--cc", "9.0", "--python", "3.12"});
    CHECK(t.code == 0);
    CHECK(t.out.find("Best fit: PyTorch 2.13.0 cu130 on Linux x86_64 (full)") != std::string::npos);
    CHECK(t.out.find("pip:   pip install torch==2.13.0\n") != std::string::npos);

    // GTX 1080 (6.1), PyTorch 2.8.0: cu126 fits, cu128 (7.0+) does not.
    const Run g = run({"resolve", "--os", "linux", "--cc", "6.1", "--torch", "2.8.0"});
    CHECK(g.code == 0);
    CHECK(g.out.find("Best fit: PyTorch 2.8.0 cu126") != std::string::npos);
    CHECK(g.out.find("pip install torch==2.8.0 --index-url https://download.pytorch.org/whl/cu126") != std::string::npos);
    CHECK(g.out.find("2.8.0 cu128 (linux x86_64): compute-capability-unsupported") != std::string::npos);

    const Run j = run({"resolve", "--os", "linux", "--driver", "580.159.04", "--cc", "9.0", "--torch", "2.11.0+cu130", "--json"});
    CHECK(j.code == 0);
    const json doc = json::parse(j.out);
    CHECK(doc.at("query").at("framework") == "pytorch");
    CHECK(doc.at("query").at("variant") == "cu130");
    REQUIRE(doc.at("candidates").size() == 1);
    const json& c = doc.at("candidates")[0];
    for (const char* k : {"framework", "version", "variant", "platform", "python", "cuda", "cudnn", "driver_min", "compatibility", "install", "notes"})
        CHECK(c.contains(k));
    CHECK(c.at("framework") == "pytorch");
    CHECK(c.at("version") == "2.11.0");
    CHECK(c.at("variant") == "cu130");
    CHECK(c.at("driver_min") == "580.65.06");
    CHECK(c.at("install")[0].at("manager") == "pip");
    CHECK(c.at("install")[0].at("spec") == "torch==2.11.0");
    bool constraint = false;
    for (const auto& r : doc.at("rejected"))
        for (const auto& reason : r.at("reasons")) constraint = constraint || reason.at("code") == "version-constraint";
    CHECK(constraint);

    // JAX on native Windows: nothing fits, every release platform-no-gpu.
    const Run w = run({"resolve", "--os", "windows", "--framework", "jax", "--json"});
    CHECK(w.code == 1);
    const json wd = json::parse(w.out);
    CHECK(wd.at("candidates").empty());
    for (const auto& r : wd.at("rejected")) CHECK(r.at("reasons")[0].at("code") == "platform-no-gpu");
    CHECK(wd.at("statement").at("text").get<std::string>().find("Windows, x86_64 = 'no'") != std::string::npos);

    const Run jx = run({"resolve", "--os", "linux", "--driver", "580.159.04", "--cc", "9.0", "--jax", "0.11.0"});
    CHECK(jx.out.find("pip install \"jax[cuda13]==0.11.0\"") != std::string::npos);

    // TensorFlow stays the default; constraints for two frameworks ask for
    // builds that share one environment (contract: "Frameworks beyond TensorFlow").
    CHECK(run({"resolve", "--os", "linux", "--framework", "tensorflow"}).out == run({"resolve", "--os", "linux"}).out);
    const Run both = run({"resolve", "--torch", "2.8", "--jax", "0.6", "--json"});
    REQUIRE(both.code == 0);
    const json bd = json::parse(both.out);
    CHECK(bd.at("frameworks") == json::array({"pytorch", "jax"}));
    CHECK(bd.at("environments").at(0).at("members").at(0).at("version") == "2.8.0");
    CHECK(run({"resolve", "--torch", "2.8", "--tf", "2.16"}).out.find("TensorFlow + PyTorch") != std::string::npos);
    CHECK(run({"resolve", "--torch", "2.8+cu999"}).code == 2);
    CHECK(run({"resolve", "--framework", "pytorch,mxnet"}).code == 2);
}

TEST_CASE("resolve --framework all: environments the three share, and why the best builds do not") {
    const Run t = run({"resolve", "--framework", "all", "--os", "linux", "--driver", "580.159.04", "--gpu", "H200", "--python", "3.12"});
    CHECK(t.code == 0);
    CHECK(t.out.find("TensorFlow + PyTorch + JAX: builds that share one environment") == 0);
    CHECK(t.out.find("cuda-major-mismatch: PyTorch 2.13.0 (cu130") != std::string::npos);
    const json j = json::parse(run({"resolve", "--framework", "all", "--os", "linux", "--driver", "580.159.04", "--cc", "9.0", "--json"}).out);
    for (const auto& e : j.at("environments")) {
        REQUIRE(e.at("members").size() == 3);
        std::set<std::string> majors;
        for (const auto& m : e.at("members")) majors.insert(m.at("cuda").get<std::string>().substr(0, m.at("cuda").get<std::string>().find('.')));
        CHECK(majors == std::set<std::string>{e.at("cuda_major").get<std::string>()});
    }
    // Pinned to builds of two CUDA majors: nothing shares, exit 1, and the conflict names both.
    const Run none = run({"resolve", "--torch", "2.11.0+cu126", "--jax", "0.11.0+cuda13", "--os", "linux"});
    CHECK(none.code == 1);
    CHECK(none.out.find("cuda-major-mismatch") != std::string::npos);
}

TEST_CASE("install --framework pytorch|jax: the publisher's pip line in every format; JAX on Windows refused with the reason") {
    const Run sh = run({"install", "--torch", "2.11.0+cu126", "--os", "linux", "--python", "3.12"});
    CHECK(sh.code == 0);
    CHECK(sh.out.find("-m pip install 'torch==2.11.0' --index-url 'https://download.pytorch.org/whl/cu126'") != std::string::npos);
    const Run req = run({"install", "--torch", "2.11.0+cu130", "--os", "linux", "--format", "requirements"});
    CHECK(req.out.find("--index-url") == std::string::npos);  // PyPI's default on Linux
    const Run win = run({"install", "--framework", "pytorch", "--os", "windows", "--format", "requirements"});
    CHECK(win.out.find("\n--index-url https://download.pytorch.org/whl/cu") != std::string::npos);
    const Run uv = run({"install", "--jax", "0.11.0", "--os", "linux", "--driver", "580.159.04", "--format", "uv", "--python", "3.12"});
    CHECK(uv.out.find("uv venv --python 3.12 jax-0.11\n") != std::string::npos);
    CHECK(uv.out.find("'jax[cuda13]==0.11.0'") != std::string::npos);
    const json j = json::parse(run({"install", "--torch", "2.11.0+cu128", "--os", "linux", "--json"}).out);
    CHECK(j.at("candidate").at("variant") == "cu128");
    CHECK(j.at("uv") == "uv pip install torch==2.11.0 --index-url https://download.pytorch.org/whl/cu128");
    const Run jw = run({"install", "--framework", "jax", "--os", "windows"});
    CHECK(jw.code == 1);
    CHECK(jw.out.empty());
    CHECK(jw.err.find("platform-no-gpu") != std::string::npos);
    CHECK(run({"install", "--framework", "pytorch", "--method", "conda"}).code == 2);
    CHECK(run({"install", "--framework", "all"}).code == 2);
    CHECK(run({"install", "--framework", "pytorch", "--format", "zip"}).code == 2);
}

TEST_CASE("table --framework pytorch|jax: md, csv, json, html") {
    const json p = json::parse(run({"table", "--framework", "pytorch", "--format", "json"}).out);
    REQUIRE(p.at("pytorch").size() > 200);
    for (const auto& row : p.at("pytorch"))
        for (const char* k : {"version", "platform", "variant", "python", "cuda", "cudnn", "sass", "ptx", "source"}) CHECK(row.contains(k));
    const json j = json::parse(run({"table", "--framework", "jax", "--format", "json"}).out);
    REQUIRE(j.at("jax").size() > 200);
    CHECK(run({"table", "--framework", "pytorch", "--format", "csv"}).out.find("version,platform,arch,variant,python,cuda,cudnn,sass,ptx,source") == 0);
    CHECK(run({"table", "--framework", "jax", "--format", "md", "--os", "linux"}).out.find("| JAX | platform |") == 0);
    CHECK(run({"table", "--framework", "pytorch", "--format", "html"}).out.find("<!DOCTYPE html>") == 0);
    CHECK(run({"table", "--framework", "mxnet"}).code == 2);
}

TEST_CASE("bad input: exit 2, one line on stderr naming the option, nothing on stdout, no crash") {
    const std::string huge(10000, '9');
    const std::vector<std::string> values = {"", "garbage", huge, "-1", "\xef\xbc\x92.\xef\xbc\x91\xef\xbc\x90", "$(touch /tmp/gpucompat-pwned);`id`|&"};
    struct Opt {
        std::string command, option;
    };
    const std::vector<Opt> options = {
        {"resolve", "--os"}, {"resolve", "--os-build"}, {"resolve", "--arch"}, {"resolve", "--driver"},
        {"resolve", "--driver-cuda"}, {"resolve", "--cc"}, {"resolve", "--gpu"}, {"resolve", "--python"},
        {"resolve", "--tf"}, {"resolve", "--method"}, {"install", "--format"}, {"install", "--channel"},
        {"install", "--env"}, {"check", "--cuda"}, {"check", "--cudnn"}, {"check", "--lib"}, {"table", "--format"},
        {"table", "--os"}, {"resolve", "--framework"}, {"resolve", "--torch"}, {"resolve", "--jax"}, {"table", "--framework"},
    };
    for (const auto& o : options) {
        for (const auto& v : values) {
            if (o.option == "--env" && v == "garbage") continue;  // a valid environment name
            if (o.option == "--lib" && (v == "garbage" || v == "-1" || v.size() == 10000 || v[0] == '\xef')) continue;  // any file name is a name
            std::vector<std::string> args = {o.command, o.option, v};
            if (o.command == "check") args.insert(args.end(), {"--tf", "2.4"});
            CAPTURE(o.option);
            CAPTURE(v.substr(0, 20));
            const Run r = run(args);
            CHECK(r.code == 2);
            CHECK(lines(r.err) == 1);
            CHECK(r.err.find(o.option) != std::string::npos);
            CHECK(r.err.size() < 400);
            CHECK(r.out.empty());
        }
    }
    CHECK_FALSE(fs::exists("/tmp/gpucompat-pwned"));

    // Values each parser accepts but no real setup has, reserved names, blanks
    // and control characters, and a 128 KB path: each one line, shortened.
    struct Bad {
        std::string command, option, value;
    };
    // 128 KiB, as long as one argument may be (Linux's MAX_ARG_STRLEN).
    const std::string long_path = "/tmp/" + std::string(128 * 1024 - 6, 'p');
    const std::vector<Bad> bad = {
        {"resolve", "--driver", "4294967295.4294967295"}, {"resolve", "--driver", "456.100000"}, {"resolve", "--driver", "99999.1"},
        {"resolve", "--driver-cuda", "12.4294967295"},    {"check", "--cuda", "0"},              {"check", "--cuda", "0.9"},
        {"check", "--cuda", "100.1"},                     {"check", "--cuda", "11.8.1.1"},       {"check", "--cuda", "11.99999"},
        {"check", "--cudnn", "0"},                        {"check", "--cudnn", "0.5"},           {"check", "--cudnn", "8.1.0.77.1"},
        {"check", "--driver", "4294967295.4294967295"},   {"check", "--lib", " "},               {"check", "--lib", "   "},
        {"check", "--lib", "\t"},                         {"check", "--lib", "cudart\x01.dll"},   {"check", "--lib", "a\x7f"},
        {"check", "--lib", "lib\ncudnn.so"},              {"install", "--env", "root"},          {"install", "--env", "con"},
        {"install", "--env", "NUL"},                      {"install", "--env", "Base"},          {"install", "--env", "com1"},
        {"install", "--env", "LPT9.tf"},                  {"install", "--env", "aux"},           {"install", "--env", "tf."},
        {"install", "--env", std::string(200, 'e')},      {"install", "-o", long_path},          {"install", "--output", long_path},
    };
    for (const auto& b : bad) {
        std::vector<std::string> args = {b.command, b.option, b.value};
        if (b.command == "check") args.insert(args.end(), {"--tf", "2.4"});
        CAPTURE(b.option);
        CAPTURE(b.value.substr(0, 30));
        const Run r = run_child(args, [] {});  // no shell: the 128 KiB path is one argument
        CHECK(r.code == 2);
        CHECK(lines(r.err) == 1);
        CHECK(r.out.empty());
        CHECK(r.err.size() < 400);  // a long value is shortened, never echoed whole
        // The line names the option (-o and --output are one option).
        CHECK(r.err.find(b.option == "--output" ? "-o" : b.option) != std::string::npos);
        if (b.value.size() > 100) CHECK(r.err.find("...") != std::string::npos);
    }
    // ...and the real values next to them are still accepted.
    CHECK(run({"check", "--tf", "2.2", "--cuda", "10.1", "--cudnn", "7.6.5", "--driver", "27.21.14.5671"}).code == 0);
    CHECK(run({"check", "--tf", "2.1", "--os", "windows", "--cuda", "10.1", "--cudnn", "7.6.5.32", "--lib", "cudart64_101.dll"}).code != 2);
    CHECK(run({"resolve", "--driver", "580.159.04", "--driver-cuda", "13.0"}).code == 0);
    CHECK(run({"install", "--env", "console", "--os", "linux"}).code == 0);
    const Run unknown = run({"resolve", "--frobnicate"});
    CHECK(unknown.code == 2);
    CHECK(lines(unknown.err) == 1);
}

// WSL2 has no rows of its own: the table lists the Linux wheels it runs, never an empty table with exit 0.
TEST_CASE("table --os wsl2 lists the Linux wheels with the Windows driver minimum") {
    const Run md = run({"table", "--os", "wsl2"});
    CHECK(md.code == 0);
    CHECK(md.out.find("| 2.21.0 | wsl2 |") != std::string::npos);
    CHECK(md.out.find("| 2.10.0 | wsl2 |") != std::string::npos);
    CHECK(md.out.find("19044") != std::string::npos);
    const Run js = run({"table", "--os", "wsl2", "--format", "json"});
    CHECK(js.code == 0);
    CHECK_FALSE(json::parse(js.out).at("tensorflow").empty());
}

// check's --tf takes resolve's forms; every option is applied (issue: check ignored --cc and --python).
TEST_CASE("check: --tf as a constraint, options applied, the platform's reason, a library CUDA does not ship") {
    CHECK(run({"check", "--os", "windows", "--tf", "<2.11", "--cuda", "11.2", "--cudnn", "8.1"}).code == 0);
    const Run opts = run({"check", "--os", "linux", "--tf", "2.4", "--cuda", "11.0", "--cudnn", "8.0.4", "--cc", "3.0", "--python", "2.7"});
    CHECK(opts.code == 1);
    CHECK(opts.out.find("compute-capability-unsupported") != std::string::npos);
    CHECK(opts.out.find("python-unsupported") != std::string::npos);
    const Run win = run({"check", "--os", "windows", "--tf", "2.11"});
    CHECK(win.code == 1);
    CHECK(win.out.find("windows-native-gpu-dropped") != std::string::npos);
    const Run lib = run({"check", "--os", "linux", "--tf", "2.4", "--cuda", "11.1", "--json"});
    CHECK(lib.code == 1);
    const json j = json::parse(lib.out);
    REQUIRE(j.at("problems").size() == 1);
    CHECK(j.at("problems")[0].at("code") == "library-not-found");
    CHECK(j.at("problems")[0].at("needed") == "libcusolver.so.10");
    CHECK(j.at("problems")[0].at("source").get<std::string>().find("https://") == 0);
}

TEST_CASE("resolve: any number of GPUs, answered for each kind; a 33rd distinct capability is bad input") {
    // Before: at most 8 GPUs were accepted; the library dropped a 9th.
    std::vector<std::string> args{"resolve", "--os", "linux", "--driver", "580.65.06", "--json"};
    for (int i = 0; i < 19; ++i) args.insert(args.end(), {"--cc", "8.6"});
    args.insert(args.end(), {"--cc", "3.0"});
    const Run twenty = run(args);
    CHECK(twenty.code == 0);
    const auto j = nlohmann::json::parse(twenty.out);
    REQUIRE(!j["candidates"].empty());
    CHECK(j["candidates"][0]["tensorflow"].get<std::string>().rfind("1.", 0) == 0);  // the 3.0 GPU bounds it, not 2.21
    std::vector<std::string> many{"resolve", "--os", "linux"};
    for (int n = 0; n < 33; ++n) many.insert(many.end(), {"--cc", std::to_string(1 + n / 10) + "." + std::to_string(n % 10)});
    const Run refused = run(many);
    CHECK(refused.code == 2);
    CHECK(refused.err.find("--cc/--gpu: more than 32 distinct compute capabilities") != std::string::npos);
    CHECK(lines(refused.err) == 1);
}
