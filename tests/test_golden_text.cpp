// The human text of resolve and check, compared with committed golden files
// (tests/golden/*.txt), and README.md's first screen: the command it shows
// is run and its output compared with what the README prints. A change to
// either is a reviewed change: regenerate with GPUCOMPAT_UPDATE_GOLDEN=1 and
// read the diff (the README is never rewritten; fix it by hand).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "cli_process.hpp"

namespace fs = std::filesystem;

namespace {

using Result = gpucompat_test::Run;
using gpucompat_test::quote;
using gpucompat_test::slurp;

// The CLI with no terminal and no detection: plain text, the same on every machine.
Result gpucompat(const std::vector<std::string>& args) {
    static int n = 0;
    const fs::path out = fs::temp_directory_path() / ("gpucompat-golden-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    return gpucompat_test::run_cli("env -i GPUCOMPAT_NO_EXEC=1 GPUCOMPAT_NO_DLOPEN=1", args, out, out.string() + ".err");
}

void golden(const std::string& name, const std::string& actual) {
    const fs::path p = fs::path(GPUCOMPAT_GOLDEN_DIR) / name;
    if (std::getenv("GPUCOMPAT_UPDATE_GOLDEN") != nullptr) std::ofstream(p, std::ios::binary) << actual;
    REQUIRE_MESSAGE(fs::exists(p), "missing golden file " << p);
    CHECK_MESSAGE(actual == slurp(p), "differs from " << p << " (GPUCOMPAT_UPDATE_GOLDEN=1 rewrites it; review the diff)");
}

// Shell words of one README command line: "..." quoting only, as the README writes them.
std::vector<std::string> words(const std::string& line) {
    std::vector<std::string> out;
    std::string w;
    bool quoted = false, any = false;
    for (char c : line) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
        } else if (c == ' ' && !quoted) {
            if (any) out.push_back(w);
            w.clear();
            any = false;
        } else {
            w += c;
            any = true;
        }
    }
    if (any) out.push_back(w);
    return out;
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// Does the output match the README's excerpt of it? Each README line is an
// output line, in order; one ending in "..." stands for a line that starts
// with the rest; a line "  ..." for any number of lines (none included).
bool matches(const std::vector<std::string>& shown, std::size_t i, const std::vector<std::string>& real, std::size_t j) {
    if (i == shown.size()) return j == real.size();
    const std::string& s = shown[i];
    if (s == "  ...") {
        for (std::size_t k = j; k <= real.size(); ++k)
            if (matches(shown, i + 1, real, k)) return true;
        return false;
    }
    if (j == real.size()) return false;
    const bool prefix = s.size() >= 3 && s.compare(s.size() - 3, 3, "...") == 0;
    const bool ok = prefix ? real[j].compare(0, s.size() - 3, s, 0, s.size() - 3) == 0 : real[j] == s;
    return ok && matches(shown, i + 1, real, j + 1);
}

}  // namespace

TEST_CASE("golden text: resolve, a fit") {
    const Result r = gpucompat({"resolve", "--os", "windows", "--driver", "456.71", "--gpu", "GeForce GTX 850M", "--python", "3.7"});
    CHECK(r.code == 0);
    golden("resolve-windows-850m.txt", r.out);
}

TEST_CASE("golden text: resolve, nothing fits, with the hints that would change it") {
    const Result r = gpucompat({"resolve", "--os", "linux", "--driver", "450.80.02", "--python", "3.12"});
    CHECK(r.code == 1);
    CHECK(r.out.find("hint: a driver >= 525.60.13 would allow") != std::string::npos);
    golden("resolve-nothing-fits.txt", r.out);
    const Result w = gpucompat({"resolve", "--os", "windows", "--os-build", "19045", "--driver", "536.23", "--tf", ">=2.11"});
    CHECK(w.code == 1);
    CHECK(w.out.find("hint: WSL2 on this Windows machine (--os wsl2) would allow") != std::string::npos);
    golden("resolve-windows-hint-wsl2.txt", w.out);
    const Result t = gpucompat({"resolve", "--framework", "pytorch", "--os", "linux", "--driver", "418.39", "--cc", "8.6", "--torch", ">=2.5"});
    CHECK(t.code == 1);
    golden("resolve-pytorch-nothing-fits.txt", t.out);
}

TEST_CASE("golden text: check, a good stack and a broken one") {
    const Result good = gpucompat({"check", "--os", "linux", "--tf", "2.2", "--cuda", "10.1", "--cudnn", "7.6.5"});
    CHECK(good.code == 0);
    golden("check-good.txt", good.out);
    const Result bad = gpucompat({"check", "--os", "linux", "--tf", "2.4", "--cuda", "10.1", "--cudnn", "7.6.5", "--driver", "418.39"});
    CHECK(bad.code == 1);
    golden("check-broken.txt", bad.out);
}

TEST_CASE("README.md's first screen is what the tool prints") {
    const std::string readme = slurp(fs::path(GPUCOMPAT_SOURCE_DIR) / "README.md");
    const auto begin = readme.find("```console\n");
    REQUIRE(begin != std::string::npos);
    const auto end = readme.find("```", begin + 11);
    REQUIRE(end != std::string::npos);
    const std::vector<std::string> block = lines_of(readme.substr(begin + 11, end - begin - 11));
    // Each "$ gpucompat ..." line, then its output up to the next command.
    std::size_t commands = 0;
    for (std::size_t i = 0; i < block.size();) {
        REQUIRE(block[i].rfind("$ gpucompat ", 0) == 0);
        std::size_t j = i + 1;
        while (j < block.size() && block[j].rfind("$ ", 0) != 0) ++j;
        std::vector<std::string> args = words(block[i].substr(12));
        const Result r = gpucompat(args);
        const std::vector<std::string> shown(block.begin() + static_cast<std::ptrdiff_t>(i) + 1, block.begin() + static_cast<std::ptrdiff_t>(j));
        INFO("README: " << block[i] << "\nactual output:\n" << r.out);
        CHECK(matches(shown, 0, lines_of(r.out), 0));
        ++commands;
        i = j;
    }
    CHECK(commands >= 1);
}

TEST_CASE("enumerated options: --help lists the values, a bad one is exit 2 with one line naming them") {
    const Result help = gpucompat({"resolve", "--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("{linux,windows,wsl2,macos}") != std::string::npos);
    CHECK(help.out.find("{pip,conda,any}") != std::string::npos);
    CHECK(gpucompat({"install", "--help"}).out.find("{auto,defaults,conda-forge}") != std::string::npos);
    CHECK(gpucompat({"doctor", "--help"}).out.find("{text,json,prometheus,nfd}") != std::string::npos);
    const Result bad = gpucompat({"resolve", "--os", "banana"});
    CHECK(bad.code == 2);
    CHECK(bad.err == "gpucompat: --os: 'banana': expected linux, windows, wsl2 or macos (see gpucompat --help)\n");
    // The spellings the parsers always took still work, in any case.
    CHECK(gpucompat({"resolve", "--os", "WIN", "--driver", "456.71", "--cc", "5.0"}).code == 0);
    CHECK(gpucompat({"table", "--format", "CSV"}).code == 0);
}
