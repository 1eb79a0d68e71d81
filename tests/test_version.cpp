// Version, VersionSpec, DriverVersion, DriverCudaVersion, ComputeCapability:
// corpora of real strings and nonsense.
#include <doctest/doctest.h>

#include <string>

#include <gpucompat/compute_capability.hpp>
#include <gpucompat/driver.hpp>
#include <gpucompat/version.hpp>
#include <gpucompat/version_spec.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;

// semver.org's example corpora (the regex section's lists of valid and invalid versions).
static const char* const semver_valid[] = {
    "0.0.4", "1.2.3", "10.20.30", "1.1.2-prerelease+meta", "1.1.2+meta", "1.1.2+meta-valid", "1.0.0-alpha",
    "1.0.0-beta", "1.0.0-alpha.beta", "1.0.0-alpha.beta.1", "1.0.0-alpha.1", "1.0.0-alpha0.valid",
    "1.0.0-alpha.0valid", "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay", "1.0.0-rc.1+build.1",
    "2.0.0-rc.1+build.123", "1.2.3-beta", "10.2.3-DEV-SNAPSHOT", "1.2.3-SNAPSHOT-123", "1.0.0", "2.0.0", "1.1.7",
    "2.0.0+build.1848", "2.0.1-alpha.1227", "1.0.0-alpha+beta", "1.2.3----RC-SNAPSHOT.12.9.1--.12+788",
    "1.2.3----R-S.12.9.1--.12+meta", "1.2.3----RC-SNAPSHOT.12.9.1--.12", "1.0.0+0.build.1-rc.10000aaa-kk-0.1",
    "1.0.0-0A.is.legal",
};
static const char* const semver_invalid[] = {
    "1", "1.2", "1.2.3-0123", "1.2.3-0123.0123", "1.1.2+.123", "+invalid", "-invalid", "-invalid+invalid",
    "-invalid.01", "alpha", "alpha.beta", "alpha.beta.1", "alpha.1", "alpha+beta", "alpha_beta", "alpha.",
    "alpha..", "beta", "1.0.0-alpha_beta", "-alpha.", "1.0.0-alpha..", "1.0.0-alpha..1", "1.0.0-alpha...1",
    "1.0.0-alpha....1", "1.0.0-alpha.....1", "1.0.0-alpha......1", "1.0.0-alpha.......1", "01.1.1", "1.01.1",
    "1.1.01", "1.2.3.DEV", "1.2-SNAPSHOT", "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788", "1.2-RC-SNAPSHOT",
    "-1.0.3-gamma+b7718", "+justmeta", "9.8.7+meta+meta", "9.8.7-whatever+meta+meta",
};

TEST_CASE("semver.org valid versions parse strictly and print back unchanged") {
    for (const char* s : semver_valid) {
        const std::string text = s;
        CAPTURE(text);
        const auto v = Version::parse_semver(s);
        REQUIRE(v.ok());
        CHECK(v->text() == s);
        CHECK(Version::parse(s).ok());
    }
}

TEST_CASE("semver.org invalid versions are rejected by the strict parser") {
    for (const char* s : semver_invalid) {
        const std::string text = s;
        CAPTURE(text);
        CHECK_FALSE(Version::parse_semver(s).ok());
    }
}

TEST_CASE("semver 2.0 precedence, section 11's example chain") {
    const char* chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                           "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"};
    for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
        CAPTURE(chain[i]);
        CHECK(*Version::parse(chain[i]) < *Version::parse(chain[i + 1]));
        CHECK_FALSE(*Version::parse(chain[i + 1]) < *Version::parse(chain[i]));
    }
    CHECK("1.0.0+build.1"_v == "1.0.0+build.2"_v);  // build metadata is ignored
}

TEST_CASE("PEP 440 pre-releases as TensorFlow names them") {
    CHECK("2.11.0rc1"_v < "2.11.0"_v);
    CHECK("2.11.0rc1"_v < "2.11.0rc2"_v);
    CHECK("2.11.0rc2"_v < "2.11.0rc10"_v);  // numeric, not lexical
    CHECK("2.0.0a0"_v < "2.0.0b1"_v);
    CHECK("2.0.0b1"_v < "2.0.0rc0"_v);
    CHECK("2.12.0.dev0"_v < "2.12.0a0"_v);
    CHECK("2.0.0alpha1"_v == "2.0.0a1"_v);
    CHECK("2.10.0"_v < "2.11.0rc0"_v);
    CHECK_FALSE(Version::parse("2.0.0x1").ok());
}

TEST_CASE("missing trailing components are zero; text is kept verbatim") {
    CHECK("11.2"_v == "11.2.0"_v);
    CHECK("10"_v == "10.0"_v);
    CHECK("450.80.02"_v.text() == "450.80.02");
    CHECK("450.80.02"_v == "450.80.2"_v);
    CHECK("7.6.5.32"_v > "7.6.5"_v);
    CHECK("27.21.14.5671"_v.size() == 4);
    CHECK("v2.10.0"_v == "2.10"_v);
    CHECK("2.10"_v.truncated(1).text() == "2");
    CHECK("12.4.1"_v.truncated(2).text() == "12.4");
    CHECK("2.10.1"_v.starts_with("2.10"_v));
    CHECK_FALSE("2.100.0"_v.starts_with("2.10"_v));
    CHECK_FALSE("2.1.0"_v.starts_with("2.10"_v));
}

TEST_CASE("nonsense is rejected with a position and a reason") {
    struct Bad {
        std::string text;
        std::size_t pos;
    };
    const Bad bad[] = {{"", 0}, {"..", 0}, {"1..2", 1}, {"-1", 0}, {"1.2.", 3}, {"1.2.3.4.5.6.7", 12},
                       {"99999999999999999999999999999999999999.1", 0}, {"4294967296", 0}, {"1.2 ", 3},
                       {" 1.2", 0}, {"1.x", 2}};
    for (const auto& b : bad) {
        CAPTURE(b.text);
        const auto v = Version::parse(b.text);
        REQUIRE_FALSE(v.ok());
        CHECK(v.error().position == b.pos);
        CHECK_FALSE(v.error().message.empty());
    }
    CHECK(Version::parse("4294967295").ok());
    CHECK_FALSE(Version::parse(std::string("1.2\0.3", 6)).ok());  // embedded NUL
    CHECK_FALSE(Version::parse("\xd9\xa1.2").ok());                // Arabic-Indic digit one
    CHECK_FALSE(Version::parse("\xef\xbc\x91.2").ok());            // fullwidth digit one
    CHECK_FALSE(Version::parse(std::string(10000, '1')).ok());
    CHECK_FALSE(Version::parse(std::string(10000, '.')).ok());
}

TEST_CASE("VersionSpec: the constraints users type") {
    auto in = [](const char* spec, const char* v) {
        const auto s = VersionSpec::parse(spec);
        REQUIRE_MESSAGE(s.ok(), spec);
        return s->contains(*Version::parse(v));
    };
    CHECK(in("==2.4.0", "2.4"));
    CHECK_FALSE(in("==2.4.0", "2.4.1"));
    CHECK(in("!=2.5", "2.4.0"));
    CHECK_FALSE(in("!=2.5", "2.5.0"));
    CHECK(in("<2.11", "2.10.1"));
    CHECK_FALSE(in("<2.11", "2.11.0"));
    CHECK_FALSE(in("<2.11", "2.11.0rc1"));  // PEP 440: pre-releases of the bound are not below it
    CHECK(in(">=2.4,<2.7", "2.6.0"));
    CHECK_FALSE(in(">=2.4,<2.7", "2.7.0"));
    CHECK_FALSE(in(">=2.4,<2.7", "2.3.0"));
    CHECK(in("~=2.4", "2.9.0"));
    CHECK_FALSE(in("~=2.4", "3.0.0"));
    CHECK(in("~=2.4.1", "2.4.5"));
    CHECK_FALSE(in("~=2.4.1", "2.5.0"));
    CHECK(in("=2.10", "2.10.1"));       // conda: prefix
    CHECK_FALSE(in("=2.10", "2.1.0"));
    CHECK(in("2.10.*", "2.10.0"));
    CHECK_FALSE(in("2.10.*", "2.100.0"));
    CHECK(in("2.10", "2.10.3"));        // bare: prefix, as conda reads it
    CHECK(in("!=2.10.*", "2.11.0"));
    CHECK_FALSE(in("!=2.10.*", "2.10.2"));
    CHECK(in("<2.5|>=2.10", "2.12.0"));
    CHECK(in("<2.5|>=2.10", "2.4.0"));
    CHECK_FALSE(in("<2.5|>=2.10", "2.7.0"));
    CHECK(in(" >= 2.4 , < 2.7 ", "2.5.0"));
    CHECK(in("*", "1.0.0"));
    CHECK(in("1.15*", "1.15.0"));
    CHECK(in("2.11.0rc1", "2.11.0rc1"));  // found by fuzzing: a bare pre-release is exact
    CHECK_FALSE(in("2.11.0rc1", "2.11.0"));
    CHECK(VersionSpec::parse(VersionSpec::parse("2.11.0rc1")->to_string()).ok());
}

TEST_CASE("VersionSpec prints back canonically") {
    CHECK(VersionSpec::parse(">=2.4, <2.7")->to_string() == ">=2.4,<2.7");
    CHECK(VersionSpec::parse("2.10")->to_string() == "==2.10.*");
    CHECK(VersionSpec::parse("=2.10")->to_string() == "==2.10.*");
    CHECK(VersionSpec::parse("<2.5|>=2.10")->to_string() == "<2.5|>=2.10");
    CHECK(VersionSpec::parse("~=2.4")->to_string() == "~=2.4");
    // What prints back parses to the same set.
    for (const char* s : {">=2.4,<2.7", "2.10.*", "!=2.5.*", "<2.5|>=2.10", "~=2.4.1", "==2.4.0"}) {
        const auto a = *VersionSpec::parse(s);
        const auto b = *VersionSpec::parse(a.to_string());
        for (const char* v : {"2.3.0", "2.4.0", "2.4.1", "2.5.0", "2.6.2", "2.7.0", "2.10.0", "2.10.1", "2.11.0"})
            CHECK(a.contains(*Version::parse(v)) == b.contains(*Version::parse(v)));
    }
}

TEST_CASE("VersionSpec rejects nonsense with a position") {
    for (const char* s : {"", ">=", "==2.4,", "2.4|", ">=2.4 <2.7", "~=2", ">2.*", "===2.4", "<<2", "2.4;"}) {
        CAPTURE(s);
        const auto p = VersionSpec::parse(s);
        CHECK_FALSE(p.ok());
    }
    std::string many;
    for (int i = 0; i < 17; ++i) {
        if (i != 0) many.push_back(',');
        many.append(">=1.0");
    }
    CHECK_FALSE(VersionSpec::parse(many).ok());
}

TEST_CASE("DriverVersion: nvidia-smi, /proc and Device Manager forms") {
    CHECK(DriverVersion::parse("456.71")->text() == "456.71");
    CHECK(DriverVersion::parse("525.60.13")->text() == "525.60.13");
    CHECK(DriverVersion::parse("450.80.02")->text() == "450.80.02");
    CHECK(DriverVersion::parse("580")->text() == "580");
    // Windows' Device Manager form: the last five digits of the last two fields.
    CHECK(DriverVersion::parse("27.21.14.5671")->text() == "456.71");
    CHECK(DriverVersion::parse("27.21.14.5671")->from_windows_form());
    CHECK(DriverVersion::parse("31.0.15.3623")->text() == "536.23");
    CHECK(DriverVersion::parse("26.21.14.4166")->text() == "441.66");
    CHECK(DriverVersion::parse("30.0.14.9649")->text() == "496.49");
    CHECK(*DriverVersion::parse("418.96") < *DriverVersion::parse("418.100"));  // numeric, not lexical
    CHECK(*DriverVersion::parse("460.27.03") < *DriverVersion::parse("460.82"));
    CHECK(*DriverVersion::parse("580") < *DriverVersion::parse("580.65.06"));
    for (const char* s : {"", "45a.71", "99.1", "1.2.3.4", "27.21.14.567", "456.71.1.2.3", "-456.71", "456,71", "r580"}) {
        CAPTURE(s);
        CHECK_FALSE(DriverVersion::parse(s).ok());
    }
}

TEST_CASE("DriverCudaVersion: nvidia-smi's CUDA Version and cuDriverGetVersion") {
    CHECK(*DriverCudaVersion::parse("12.4") == DriverCudaVersion{12, 4});
    CHECK(*DriverCudaVersion::parse("12040") == DriverCudaVersion{12, 4});
    CHECK(*DriverCudaVersion::parse("13000") == DriverCudaVersion{13, 0});
    CHECK(*DriverCudaVersion::parse("10010") == DriverCudaVersion{10, 1});
    CHECK(DriverCudaVersion{11, 8} < DriverCudaVersion{12, 0});
    CHECK(DriverCudaVersion::parse("11.1")->version().text() == "11.1");
    for (const char* s : {"", "12.", "abc", "999", "12.4.1.1", "0.5", "-12.4"}) {
        CAPTURE(s);
        CHECK_FALSE(DriverCudaVersion::parse(s).ok());
    }
}

TEST_CASE("ComputeCapability: every spelling, and NVIDIA's compatibility rules") {
    CHECK(*ComputeCapability::parse("8.6") == ComputeCapability{8, 6});
    CHECK(*ComputeCapability::parse("sm_86") == ComputeCapability{8, 6});
    CHECK(*ComputeCapability::parse("compute_90") == ComputeCapability{9, 0});
    CHECK(*ComputeCapability::parse("sm_120") == ComputeCapability{12, 0});
    CHECK(ComputeCapability::parse("sm_90a")->suffix() == ComputeCapability::Suffix::a);
    CHECK(ComputeCapability::parse("sm_100f")->suffix() == ComputeCapability::Suffix::f);
    CHECK(ComputeCapability::parse("5.0")->number() == 50);
    for (const char* s : {"", "8", "8.", ".6", "sm_", "sm_8", "sm_8600", "compute_", "8.6b", "sm_86x", "0.5", "sm_05"}) {
        CAPTURE(s);
        CHECK_FALSE(ComputeCapability::parse(s).ok());
    }
    const ComputeCapability ga102{8, 6}, a100{8, 0}, h100{9, 0}, gtx850m{5, 0}, k80{3, 7};
    CHECK(ga102.runs_sass_of(a100));            // same major, newer minor
    CHECK_FALSE(a100.runs_sass_of(ga102));
    CHECK_FALSE(h100.runs_sass_of(a100));       // SASS never crosses a major
    CHECK(h100.can_jit_ptx_of(a100));           // PTX JITs forward
    CHECK_FALSE(gtx850m.can_jit_ptx_of(a100));
    CHECK(k80.runs_sass_of(ComputeCapability{3, 5}));
    CHECK(ComputeCapability(9, 0).runs_sass_of(*ComputeCapability::parse("sm_90a")));
    CHECK_FALSE(ComputeCapability(9, 1).runs_sass_of(*ComputeCapability::parse("sm_90a")));
}
