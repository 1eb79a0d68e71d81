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

#include <sys/wait.h>

#include <nlohmann/json.hpp>

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Run {
    int code = -1;
    std::string out, err;
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}
std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs the CLI with arguments passed verbatim (quoted for /bin/sh) and an environment prefix.
Run run(const std::vector<std::string>& args, const std::string& env = "GPUCOMPAT_NO_EXEC=1 GPUCOMPAT_NO_DLOPEN=1") {
    static int n = 0;
    const fs::path dir = fs::temp_directory_path() / ("gpucompat-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path out = dir / ("out" + std::to_string(n)), err = dir / ("err" + std::to_string(n));
    ++n;
    std::string cmd = "env " + env + " " + quote(GPUCOMPAT_CLI);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " >" + quote(out.string()) + " 2>" + quote(err.string()) + " </dev/null";
    const int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
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
        {"table", "--os"},
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
            CHECK(r.out.empty());
        }
    }
    CHECK_FALSE(fs::exists("/tmp/gpucompat-pwned"));
    const Run unknown = run({"resolve", "--frobnicate"});
    CHECK(unknown.code == 2);
    CHECK(lines(unknown.err) == 1);
}
