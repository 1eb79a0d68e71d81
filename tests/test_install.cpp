// Install plans and the commands users paste: compared with committed golden
// files (tests/golden/). A change to them is a reviewed change: regenerate
// with GPUCOMPAT_UPDATE_GOLDEN=1 and read the diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gpucompat/gpucompat.hpp>

using namespace gpucompat;
namespace fs = std::filesystem;

namespace {
void golden(const std::string& name, const std::string& actual) {
    const fs::path p = fs::path(GPUCOMPAT_GOLDEN_DIR) / name;
    if (std::getenv("GPUCOMPAT_UPDATE_GOLDEN") != nullptr) std::ofstream(p, std::ios::binary) << actual;
    std::ifstream in(p, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << p);
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK_MESSAGE(ss.str() == actual, name);
}
const Candidate& best(const Resolution& r) {
    REQUIRE(r.best() != nullptr);
    return *r.best();
}
}  // namespace

TEST_CASE("golden: Windows TF 2.1 conda, exact builds") {
    Query q;
    q.platform = Platform::Windows;
    q.tensorflow = *VersionSpec::parse("2.1");
    q.python = *Version::parse("3.7");
    const Resolution r = resolve(q);
    InstallOptions o;
    o.method = InstallMethod::Conda;
    o.exact = true;
    o.python = q.python;
    const InstallPlan plan = plan_install(best(r), o);
    golden("windows-tf2.1-conda-exact.sh", render_install(plan, InstallFormat::Sh));
    golden("windows-tf2.1-conda-exact.ps1", render_install(plan, InstallFormat::PowerShell));
    golden("windows-tf2.1-conda-exact.yml", render_install(plan, InstallFormat::Yml));
}

TEST_CASE("golden: Windows TF < 2.11 from conda-forge") {
    Query q;
    q.platform = Platform::Windows;
    q.tensorflow = *VersionSpec::parse("<2.11");
    InstallOptions o;
    o.channel = CondaChannel::CondaForge;
    o.env = "tf210";
    const InstallPlan plan = plan_install(best(resolve(q)), o);
    golden("windows-tf2.10-conda-forge.ps1", render_install(plan, InstallFormat::PowerShell));
    golden("windows-tf2.10-conda-forge.txt", render_install(plan, InstallFormat::Requirements));
}

TEST_CASE("golden: Linux TF 2.12 conda with the LD_LIBRARY_PATH hook; newest Linux with pip [and-cuda]") {
    Query q;
    q.platform = Platform::Linux;
    q.tensorflow = *VersionSpec::parse("2.12");
    const InstallPlan plan = plan_install(best(resolve(q)), InstallOptions{});
    const std::string sh = render_install(plan, InstallFormat::Sh);
    CHECK(sh.find("activate.d") != std::string::npos);
    golden("linux-tf2.12-conda.sh", sh);

    Query n;
    n.platform = Platform::Wsl2;
    n.tensorflow = *VersionSpec::parse("2.14");
    const InstallPlan pip = plan_install(best(resolve(n)), InstallOptions{});
    CHECK(pip.conda.empty());
    REQUIRE(pip.pip.size() == 1);
    CHECK(pip.pip[0] == "tensorflow[and-cuda]==2.14.*");
    golden("wsl2-tf2.14-pip.txt", render_install(pip, InstallFormat::Requirements));
}

TEST_CASE("environment names reaching a shell are validated") {
    CHECK(valid_env_name("tf-2.10"));
    CHECK(valid_env_name("my_env.1"));
    for (const char* bad : {"", "-rf", ".hidden", "a b", "x;rm -rf /", "$(id)", "a/b", "base", "`x`", "naïve"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_env_name(bad));
    }
    CHECK_FALSE(valid_env_name(std::string(65, 'a')));
}

TEST_CASE("quoting: what reaches a shell is inert") {
    CHECK(detail::sh_quote("tensorflow<2.11") == "'tensorflow<2.11'");
    CHECK(detail::sh_quote("it's") == "'it'\\''s'");
    CHECK(detail::ps_quote("it's") == "'it''s'");
}
