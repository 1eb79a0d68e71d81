// The generated sh scripts, run for real against a stand-in `conda` (a shell
// script first on PATH that records every call in a log, keeps environments
// as folders and can be told to fail a subcommand) and the stand-in `python`
// it puts into each environment it creates (which records pip's calls).
// What is checked is what a user would lose: an existing environment, the
// base environment, a half-done install that carries on after a failure.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gpucompat/gpucompat.hpp>

using namespace gpucompat;
namespace fs = std::filesystem;

namespace {

// The stand-in conda. Environments live in $FAKE_CONDA_ROOT/envs/NAME; a
// subcommand named in $FAKE_CONDA_FAIL fails. `create` behaves as conda
// does with an existing environment: -y removes it, otherwise it asks (and
// with no answer, gives up).
constexpr const char* fake_conda = R"(#!/bin/sh
{ printf 'conda'; printf ' %s' "$@"; printf '\n'; } >> "$FAKE_CONDA_LOG"
sub=$1
shift
case " $FAKE_CONDA_FAIL " in *" $sub "*) echo "stand-in conda: $sub fails as told" >&2; exit 1 ;; esac
name=
prev=
for a in "$@"; do
  [ "$prev" = -n ] && name=$a
  prev=$a
done
prefix=$FAKE_CONDA_ROOT/envs/$name
case $sub in
  list)
    [ -d "$prefix/conda-meta" ] || { echo "EnvironmentLocationNotFound: $prefix" >&2; exit 1; } ;;
  create)
    if [ -d "$prefix" ]; then
      case " $* " in
        *" -y "*) rm -rf "$prefix" ;;
        *) printf 'Remove existing environment (y/[n])? ' >&2
           read answer || exit 1
           [ "$answer" = y ] || exit 1
           rm -rf "$prefix" ;;
      esac
    fi
    mkdir -p "$prefix/conda-meta" "$prefix/bin"
    cat > "$prefix/bin/python" <<EOF
#!/bin/sh
{ printf '%s' "\$0"; printf ' %s' "\$@"; printf '\n'; } >> "\$FAKE_CONDA_LOG"
case " \$FAKE_CONDA_FAIL " in *" pip "*) [ "\$1" = -m ] && [ "\$2" = pip ] && exit 1 ;; esac
if [ "\$1" = -c ] && [ "\$2" = 'import sys; print(sys.prefix)' ]; then echo '$prefix'; fi
exit 0
EOF
    chmod +x "$prefix/bin/python"
    cp "$prefix/bin/python" "$prefix/python.exe" ;;
  install)
    [ -d "$prefix/conda-meta" ] || { echo "EnvironmentLocationNotFound: $prefix" >&2; exit 1; } ;;
  run)
    [ -d "$prefix/conda-meta" ] || { echo "EnvironmentLocationNotFound: $prefix" >&2; exit 1; }
    shift 2
    cmd=$1
    shift
    CONDA_PREFIX=$prefix exec "$prefix/bin/$cmd" "$@" ;;
  activate)
    echo "CondaError: Run 'conda init' before 'conda activate'" >&2
    exit 1 ;;
esac
exit 0
)";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
std::string quote(const std::string& s) { return detail::sh_quote(s); }
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// A scratch world: a bin/ with the stand-in conda, a conda root, a base
// environment that $CONDA_PREFIX points at, as after `conda init`.
struct World {
    fs::path dir, log, root, base;
    World() {
        static int n = 0;
        dir = fs::temp_directory_path() / ("gpucompat-scripts-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        fs::remove_all(dir);
        fs::create_directories(dir / "bin");
        root = dir / "conda";
        base = root;  // conda's base environment is its root
        fs::create_directories(root / "envs");
        fs::create_directories(base / "conda-meta");
        log = dir / "calls.log";
        std::ofstream(dir / "bin" / "conda") << fake_conda;
        fs::permissions(dir / "bin" / "conda", fs::perms::owner_all);
        std::ofstream(log).flush();
    }
    ~World() { fs::remove_all(dir); }
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    fs::path env(const std::string& name) const { return root / "envs" / name; }

    struct Result {
        int code = -1;
        std::string log, err;
    };
    // Runs the script with `shell`, as a file (`sh install.sh`) or as text
    // pasted into a running shell (`bash -c TEXT; echo ...`), which must
    // survive the script stopping.
    Result run(const std::string& script, const std::string& shell = "sh", const std::string& fail = "", bool pasted = false) const {
        const fs::path file = dir / "install.sh";
        std::ofstream(file, std::ios::binary) << script;
        const std::string env = "env PATH=" + quote((dir / "bin").string()) + ":\"$PATH\" FAKE_CONDA_ROOT=" + quote(root.string()) +
                                " FAKE_CONDA_LOG=" + quote(log.string()) + " FAKE_CONDA_FAIL=" + quote(fail) +
                                " CONDA_PREFIX=" + quote(base.string()) + " CONDA_DEFAULT_ENV=base ";
        // Pasted, the block's status is kept and the shell goes on to the next line.
        const std::string body = pasted ? shell + " -c " + quote(script + "status=$?\necho the-shell-survived >&2\nexit $status\n")
                                        : shell + " " + quote(file.string());
        const std::string cmd = env + body + " </dev/null >/dev/null 2>" + quote((dir / "err").string());
        const int status = std::system(cmd.c_str());
        Result r;
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.log = slurp(log);
        r.err = slurp(dir / "err");
        std::ofstream(log, std::ios::trunc).flush();
        return r;
    }
};

std::string script_for(Platform platform, const char* tf, InstallMethod method = InstallMethod::Any, const std::string& env = "") {
    Query q;
    q.platform = platform;
    q.tensorflow = *VersionSpec::parse(tf);
    const Resolution r = resolve(q);
    REQUIRE(r.best() != nullptr);
    InstallOptions o;
    o.method = method;
    o.env = env;
    return render_install(plan_install(*r.best(), o), InstallFormat::Sh);
}

// Every line of the log that installs something names the environment.
void every_install_names(const std::string& log, const World& w, const std::string& name) {
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        CAPTURE(line);
        if (line.rfind("conda install", 0) == 0 || line.rfind("conda create", 0) == 0 || line.rfind("conda run", 0) == 0)
            CHECK(contains(line, " -n " + name + " "));
        if (contains(line, " -m pip")) CHECK(line.rfind(w.env(name).string() + "/", 0) == 0);
        CHECK(line.rfind("conda activate", 0) != 0);
    }
}

}  // namespace

TEST_CASE("stand-in conda: a fresh install runs every step in the new environment, the hook lands in its folder") {
    const World w;
    const std::string script = script_for(Platform::Linux, "2.12");
    for (const char* shell : {"sh", "bash"}) {
        CAPTURE(shell);
        fs::remove_all(w.env("tf-2.12"));
        const auto r = w.run(script, shell);
        CHECK(r.code == 0);
        CHECK(r.err.empty());
        // The order matters: nothing is installed before the environment exists.
        const auto create = r.log.find("conda create -n tf-2.12 python=3.11\n");
        const auto install = r.log.find("conda install -y -n tf-2.12 -c conda-forge cudatoolkit=11.8 cudnn=8.9.7\n");
        const auto pip = r.log.find(w.env("tf-2.12").string() + "/bin/python -m pip install tensorflow==2.12.*\n");
        const auto gpu = r.log.find("import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))");
        REQUIRE(create != std::string::npos);
        REQUIRE(install != std::string::npos);
        REQUIRE(pip != std::string::npos);
        REQUIRE(gpu != std::string::npos);
        CHECK(create < install);
        CHECK(install < pip);
        CHECK(pip < gpu);
        CHECK_FALSE(contains(r.log, "create -y"));
        every_install_names(r.log, w, "tf-2.12");
        const fs::path hook = w.env("tf-2.12") / "etc/conda/activate.d/env_vars.sh";
        REQUIRE(fs::exists(hook));
        CHECK(slurp(hook) == "export LD_LIBRARY_PATH=\"$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/\"\n");
        CHECK_FALSE(fs::exists(w.base / "etc"));  // base is untouched
    }
}

TEST_CASE("stand-in conda: an existing environment survives; the script stops before conda create") {
    const World w;
    fs::create_directories(w.env("tf-2.12") / "conda-meta");
    std::ofstream(w.env("tf-2.12") / "precious.txt") << "a week of work\n";
    for (bool pasted : {false, true}) {
        CAPTURE(pasted);
        const auto r = w.run(script_for(Platform::Linux, "2.12"), "bash", "", pasted);
        CHECK(r.code != 0);
        CHECK(contains(r.err, "a conda environment named tf-2.12 already exists; nothing was changed"));
        CHECK(r.log == "conda list -n tf-2.12\n");  // asked, and did nothing else
        CHECK(slurp(w.env("tf-2.12") / "precious.txt") == "a week of work\n");
        CHECK_FALSE(fs::exists(w.env("tf-2.12") / "etc"));
        // Pasted into a running shell, the script ends itself, not the user's shell.
        CHECK(contains(r.err, "the-shell-survived") == pasted);
    }
}

TEST_CASE("stand-in conda: a failing step stops the script before any install, in every shell and pasted") {
    const World w;
    const std::string script = script_for(Platform::Linux, "2.12");
    struct Case {
        const char* fail;
        const char* last;  // the last call the log may hold
    };
    for (const Case c : {Case{"create", "conda create"}, Case{"install", "conda install"}, Case{"run", "conda run"},
                         Case{"pip", "-m pip install --upgrade pip"}}) {
        for (const char* shell : {"sh", "bash"}) {
            for (bool pasted : {false, true}) {
                CAPTURE(c.fail);
                CAPTURE(shell);
                CAPTURE(pasted);
                fs::remove_all(w.env("tf-2.12"));
                const auto r = w.run(script, shell, c.fail, pasted);
                CHECK(r.code != 0);
                CHECK(contains(r.log, c.last));
                const std::string after = r.log.substr(r.log.find(c.last));
                CHECK(after.find('\n') == after.size() - 1);  // nothing ran after the failure
                CHECK_FALSE(contains(r.log, "pip install tensorflow"));
                CHECK_FALSE(fs::exists(w.base / "etc"));
                CHECK_FALSE(fs::exists(w.env("tf-2.12") / "etc"));
                CHECK(contains(r.err, "the-shell-survived") == pasted);
            }
        }
    }
}

TEST_CASE("stand-in conda: scripts never depend on conda activate, which fails before conda init") {
    const World w;
    // Every sh script the tool prints: conda and pip eras, Linux, WSL2 and
    // Windows (Git Bash), old and new releases.
    struct Case {
        Platform platform;
        const char* tf;
        InstallMethod method;
        const char* env;
    };
    for (const Case c : {Case{Platform::Linux, "2.12", InstallMethod::Any, "tf-2.12"}, Case{Platform::Wsl2, "2.14", InstallMethod::Any, "tf-2.14"},
                         Case{Platform::Windows, "2.1", InstallMethod::Conda, "tf-2.1"}, Case{Platform::Linux, "1.13", InstallMethod::Conda, "tf-1.13"},
                         Case{Platform::Linux, "2.0", InstallMethod::Pip, "tf-2.0"}}) {
        CAPTURE(c.tf);
        CAPTURE(to_string(c.platform));
        const std::string script = script_for(c.platform, c.tf, c.method);
        CHECK_FALSE(contains(script, "conda activate " + std::string(c.env) + "\n"));
        fs::remove_all(w.env(c.env));
        const auto r = w.run(script, "sh", "activate");
        CHECK(r.code == 0);
        CHECK(contains(r.log, "-m pip install"));
        every_install_names(r.log, w, c.env);
        CHECK_FALSE(fs::exists(w.base / "etc"));
    }
}

TEST_CASE("a hostile environment name given to the library is refused, and a quoted word stays inert") {
    Query q;
    q.platform = Platform::Linux;
    q.tensorflow = *VersionSpec::parse("2.12");
    const Resolution r = resolve(q);
    REQUIRE(r.best() != nullptr);
    const fs::path pwned = fs::temp_directory_path() / ("gpucompat-pwned-" + std::to_string(::getpid()));
    for (const std::string& hostile : {"x; touch " + pwned.string(), std::string("$(touch ") + pwned.string() + ")", std::string("`id`"),
                                      std::string("a\nb"), std::string("base"), std::string("ROOT"), std::string("Con"), std::string("-n")}) {
        CAPTURE(hostile);
        InstallOptions o;
        o.env = hostile;
        CHECK_THROWS_AS((void)plan_install(*r.best(), o), std::invalid_argument);
        // A plan is plain data: an embedding tool may set the name afterwards.
        InstallPlan plan = plan_install(*r.best(), InstallOptions{});
        plan.env = hostile;
        for (InstallFormat f : {InstallFormat::Sh, InstallFormat::PowerShell, InstallFormat::Yml, InstallFormat::Requirements})
            CHECK_THROWS_AS((void)render_install(plan, f), std::invalid_argument);
        // Quoting, the second line of defence: sh reads the word back literally.
        const std::string cmd = "printf %s " + detail::sh_word(hostile) + " > " + quote(pwned.string() + ".out");
        CHECK(std::system(cmd.c_str()) == 0);
        CHECK(slurp(pwned.string() + ".out") == hostile);
        CHECK_FALSE(fs::exists(pwned));
    }
    fs::remove(pwned.string() + ".out");
    std::string message;
    try {
        InstallOptions o;
        o.env = "con";
        (void)plan_install(*r.best(), o);
    } catch (const std::invalid_argument& e) {
        message = e.what();
    }
    CHECK(message.find("'con': a Windows device name") != std::string::npos);
}
