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
    REQUIRE(pip.pip.size() == 2);
    CHECK(pip.pip[0] == "tensorflow[and-cuda]==2.14.*");
    // 2.14's metadata leaves numpy unbounded; pip takes NumPy 2 on Python 3.9+
    // (https://github.com/tensorflow/tensorflow/issues/102743): issue 15.
    CHECK(pip.pip[1] == "numpy<2");
    golden("wsl2-tf2.14-pip.txt", render_install(pip, InstallFormat::Requirements));
}

TEST_CASE("environment names reaching a shell are validated") {
    CHECK(valid_env_name("tf-2.10"));
    CHECK(valid_env_name("my_env.1"));
    CHECK(valid_env_name("console"));   // only the device name itself is reserved
    CHECK(valid_env_name("com10"));
    CHECK(valid_env_name("based"));
    for (const char* bad : {"", "-rf", ".hidden", "a b", "x;rm -rf /", "$(id)", "a/b", "`x`", "naïve", "tf.", "a\nb"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_env_name(bad));
    }
    CHECK_FALSE(valid_env_name(std::string(65, 'a')));
    // Reserved, whatever the case: conda's base (root is its old name) and Windows device names.
    for (const char* reserved : {"base", "BASE", "root", "Root", "con", "CON", "prn", "aux", "nul", "NUL", "nul.tf", "com1", "COM9", "lpt1", "Lpt9.x"}) {
        CAPTURE(reserved);
        const auto e = env_name_problem(reserved);
        REQUIRE(e.has_value());
        CHECK(e->position == 0);
    }
    // The position says where the name went wrong.
    constexpr auto at = env_name_problem("tf 2");
    static_assert(at.has_value() && at->position == 2);  // computed by the compiler
    CHECK(at->message == "only letters, digits, '.', '_' and '-' are allowed");
}

TEST_CASE("the GPU check is a call the installed release has") {
    // The boundaries, computed by the compiler.
    static_assert(gpu_check_api(*Version::parse("1.13.1")) == GpuCheckApi::IsGpuAvailable);
    static_assert(gpu_check_api(*Version::parse("1.14.0")) == GpuCheckApi::ExperimentalListPhysicalDevices);
    static_assert(gpu_check_api(*Version::parse("2.0.0")) == GpuCheckApi::ExperimentalListPhysicalDevices);
    static_assert(gpu_check_api(*Version::parse("2.1.0rc0")) == GpuCheckApi::ListPhysicalDevices);
    static_assert(gpu_check_api(*Version::parse("2.21.0")) == GpuCheckApi::ListPhysicalDevices);
    CHECK(gpu_check_python(GpuCheckApi::IsGpuAvailable) == "import tensorflow as tf; print(tf.test.is_gpu_available())");

    // Every release the tables can print a script for gets its era's call, in every format that runs it.
    std::size_t rows = 0;
    for (const auto& row : bundled.tensorflow) {
        Query q;
        q.platform = row.platform == Platform::Windows ? Platform::Windows : Platform::Linux;
        q.tensorflow = *VersionSpec::parse("==" + std::string(row.tensorflow.text()));
        const Resolution r = resolve(q);
        if (!r.fits()) continue;
        ++rows;
        CAPTURE(row.tensorflow.text());
        const InstallPlan plan = plan_install(*r.best(), InstallOptions{});
        const bool modern = row.tensorflow.truncated(2) >= Version::of(2, 1);
        const bool experimental = !modern && row.tensorflow.truncated(2) >= Version::of(1, 14);
        for (InstallFormat f : {InstallFormat::Sh, InstallFormat::PowerShell}) {
            const std::string script = render_install(plan, f);
            CHECK((script.find("tf.config.list_physical_devices('GPU')") != std::string::npos) == modern);
            CHECK((script.find("tf.config.experimental.list_physical_devices('GPU')") != std::string::npos) == experimental);
            CHECK((script.find("tf.test.is_gpu_available()") != std::string::npos) == (!modern && !experimental));
        }
    }
    CHECK(rows > 40);
}

TEST_CASE("golden: the GPU check of TensorFlow 1.x") {
    for (const char* tf : {"1.13", "1.15"}) {
        Query q;
        q.platform = Platform::Linux;
        q.tensorflow = *VersionSpec::parse(tf);
        InstallOptions o;
        o.method = InstallMethod::Conda;
        const InstallPlan plan = plan_install(best(resolve(q)), o);
        golden(std::string("linux-tf") + tf + "-conda.sh", render_install(plan, InstallFormat::Sh));
    }
}

TEST_CASE("comments stay comments: a line break in a note cannot start a command") {
    Query q;
    q.platform = Platform::Linux;
    q.tensorflow = *VersionSpec::parse("2.12");
    InstallPlan plan = plan_install(best(resolve(q)), InstallOptions{});
    plan.notes.push_back("first\nrm -rf ~\r");
    for (InstallFormat f : {InstallFormat::Sh, InstallFormat::PowerShell, InstallFormat::Yml, InstallFormat::Requirements}) {
        const std::string text = render_install(plan, f);
        CHECK(text.find("# first rm -rf ~ \n") != std::string::npos);
        CHECK(text.find("\nrm -rf") == std::string::npos);
    }
}

TEST_CASE("quoting: what reaches a shell is inert") {
    CHECK(detail::sh_quote("tensorflow<2.11") == "'tensorflow<2.11'");
    CHECK(detail::sh_quote("it's") == "'it'\\''s'");
    CHECK(detail::ps_quote("it's") == "'it''s'");
    CHECK(detail::sh_word("tf-2.12") == "tf-2.12");  // plain words stay readable
    CHECK(detail::sh_word("python=3.11") == "python=3.11");
    CHECK(detail::sh_word("-n") == "'-n'");          // never an option
    CHECK(detail::sh_word("a b") == "'a b'");
    CHECK(detail::ps_word("it's") == "'it''s'");
}
