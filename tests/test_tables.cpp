// The tables: shape, provenance, referential integrity, ordering, and the
// facts every seed scenario relies on. Facts are derived from the data, never
// restated here as code would need them.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/gpus.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;
namespace fs = std::filesystem;

namespace {
nlohmann::json load(const fs::path& p) {
    std::ifstream in(p);
    REQUIRE_MESSAGE(in.good(), p.string());
    return nlohmann::json::parse(in);
}
const CondaPackage* conda(std::string_view name, const char* version, std::string_view build, CondaChannel ch, std::string_view subdir) {
    for (const auto& p : tables::conda_packages)
        if (p.name == name && p.version == *Version::parse(version) && p.build == build && p.channel == ch && p.subdir == subdir) return &p;
    return nullptr;
}
}  // namespace

// The data's JSON Schemas are checked by a real validator (python3-jsonschema,
// ctest data_schemas: tests/schema/validate_json.py), the schemas against the
// field lists in test_json_tables.cpp.

// docs/research/tensorflow_policy.json records what TensorFlow's own install
// docs said, and when. No answer is computed from it (the tables hold the
// facts, from the build configurations and NVIDIA); it is the second witness:
// what the current docs state must be what the tables give.
TEST_CASE("the tables agree with what TensorFlow's current install docs state") {
    const nlohmann::json policy = load(fs::path(GPUCOMPAT_RESEARCH_DIR) / "tensorflow_policy.json");
    std::string newest;
    for (const auto& st : policy["statements"]) newest = std::max(newest, st.value("last_seen", std::string{}));
    REQUIRE(newest.size() == 10);
    auto minor = [](const Version& v) { return *Version::parse(std::to_string(v.major()) + "." + std::to_string(v.minor())); };
    int compared = 0;
    for (const auto& st : policy["statements"]) {
        if (st.value("last_seen", std::string{}) != newest) continue;  // superseded wording
        const std::string id = st["id"], value = st["value"], platform = st.value("platform", "");
        CAPTURE(id);
        CAPTURE(value);
        if (id == "windows-native-gpu-last") {
            CHECK(minor(last_gpu_release(Platform::Windows)) == *Version::parse(value));
            ++compared;
        } else if (id == "wsl2" && value.find("19044") != std::string::npos) {
            CHECK(wsl2_min_build() == 19044);
            ++compared;
        } else if (id == "and-cuda-extra") {
            REQUIRE(!tables::tensorflow_pip_extras.empty());
            CHECK(minor(tables::tensorflow_pip_extras.front().tensorflow) == *Version::parse(st["tf_min"].get<std::string>()));
            ++compared;
        } else if (id == "driver-min" && Version::parse(value)) {
            // The stated minimum driver is the minor-version floor of every
            // row's CUDA major in the stated release range.
            const Version from = *Version::parse(st["tf_min"].get<std::string>()), to = *Version::parse(st["tf_max"].get<std::string>());
            int rows = 0;
            for (const auto& row : tables::tensorflow) {
                if (row.platform != Platform::Linux || minor(row.tensorflow) < from || minor(row.tensorflow) > to) continue;
                const MinorVersionFloor* floor = find_minor_version_floor(row.cuda.major());
                REQUIRE(floor != nullptr);
                CHECK((platform == "wsl" ? floor->windows_min : floor->linux_min) == *DriverVersion::parse(value));
                ++rows;
            }
            CHECK(rows > 0);
            ++compared;
        }
    }
    CHECK(compared >= 5);
}

TEST_CASE("every compiled-in row carries its source and the date it was checked") {
    auto ok = [](const Provenance& p) {
        CHECK(p.source.size() > 8);
        CHECK(p.checked.size() == 10);
    };
    for (const auto& r : tables::tensorflow) ok(r.provenance);
    for (const auto& r : tables::tensorflow_arches) ok(r.provenance);
    for (const auto& r : tables::tensorflow_libraries) ok(r.provenance);
    for (const auto& r : tables::cuda_releases) ok(r.provenance);
    for (const auto& r : tables::minor_version_floors) ok(r.provenance);
    for (const auto& r : tables::cudnn_releases) ok(r.provenance);
    for (const auto& r : tables::conda_packages) ok(r.provenance);
    for (const auto& r : tables::windows_builds) ok(r.provenance);
    for (const auto& r : tables::requirements) ok(r.provenance);
    for (const auto& r : tables::gpus) ok(r.provenance);
}

TEST_CASE("referential integrity: each TensorFlow row's CUDA and cuDNN exist in their tables") {
    for (const auto& r : tables::tensorflow) {
        CAPTURE(r.row_name);
        CAPTURE(r.cuda.text());
        CHECK(find_cuda_release(r.cuda) != nullptr);
        bool cudnn = false;
        for (const auto& c : tables::cudnn_releases) cudnn = cudnn || c.version.starts_with(r.cudnn);
        CAPTURE(r.cudnn.text());
        CHECK(cudnn);
    }
}

TEST_CASE("referential integrity: conda builds name real CUDA releases") {
    for (const auto& p : tables::conda_packages) {
        CAPTURE(p.name);
        CAPTURE(p.version.text());
        CAPTURE(p.build);
        if (!p.cuda.empty()) CHECK(find_cuda_release(p.cuda) != nullptr);
        // A cudnn build string such as cuda10.1_0 names its CUDA release.
        if (p.name == "cudnn" && p.build.substr(0, 4) == "cuda") {
            const auto end = p.build.find('_');
            const auto v = Version::parse(p.build.substr(4, end - 4));
            REQUIRE(v.ok());
            CHECK(find_cuda_release(*v) != nullptr);
            if (!p.cuda.empty()) CHECK(p.cuda.truncated(2) == v->truncated(2));
        }
    }
}

TEST_CASE("every GPU's compute capability is a real one; a name repeats only for another capability") {
    // The compute capabilities NVIDIA has shipped (CUDA C++ Programming Guide,
    // "Compute Capabilities"; 10.1 was renamed 11.0 in CUDA 13).
    const std::set<int> real = {10, 11, 12, 13, 20, 21, 30, 32, 35, 37, 50, 52, 53, 60, 61, 62,
                                70, 72, 75, 80, 86, 87, 88, 89, 90, 100, 101, 103, 110, 120, 121};
    // A name sold on chips of different capability (GTX 860M: 3.0 and 5.0)
    // has one row per capability; the same (name, capability) twice is an error.
    std::set<std::pair<std::string, int>> names;
    for (const auto& g : tables::gpus) {
        CAPTURE(g.name);
        CHECK(real.count(static_cast<int>(g.cc.number())) == 1);
        CHECK(names.insert({detail::normalize_gpu_name(g.name), static_cast<int>(g.cc.number())}).second);
    }
    for (const auto& r : tables::cudnn_releases)
        if (!r.cc_min.empty()) CHECK(real.count(static_cast<int>(r.cc_min.number())) == 1);
}

TEST_CASE("ordering, no duplicates, and driver minimums rise within a CUDA major") {
    for (std::size_t i = 1; i < tables::cuda_releases.size(); ++i) {
        const auto& a = tables::cuda_releases[i - 1];
        const auto& b = tables::cuda_releases[i];
        CAPTURE(b.name);
        CHECK(a.version < b.version);
        if (a.version.major() == b.version.major()) {
            CHECK(a.linux_min <= b.linux_min);
            if (!a.windows_min.version().empty() && !b.windows_min.version().empty()) CHECK(a.windows_min <= b.windows_min);
        }
    }
    for (std::size_t i = 1; i < tables::cudnn_releases.size(); ++i) CHECK(tables::cudnn_releases[i - 1].version < tables::cudnn_releases[i].version);
    for (std::size_t i = 1; i < tables::tensorflow.size(); ++i) {
        const auto& a = tables::tensorflow[i - 1];
        const auto& b = tables::tensorflow[i];
        CAPTURE(b.row_name);
        if (a.platform == b.platform) CHECK(a.tensorflow >= b.tensorflow);
    }
    std::set<std::string> rows, pkgs;
    for (const auto& r : tables::tensorflow)
        CHECK(rows.insert(std::string(to_string(r.platform)) + std::string(r.row_name) + std::string(r.tensorflow.text())).second);
    for (const auto& p : tables::conda_packages)
        CHECK(pkgs.insert(std::string(p.name) + "=" + std::string(p.version.text()) + "=" + std::string(p.build) + "@" +
                          std::string(to_string(p.channel)) + "/" + std::string(p.subdir)).second);
    for (std::size_t i = 1; i < tables::windows_builds.size(); ++i)
        CHECK(tables::windows_builds[i - 1].build < tables::windows_builds[i].build);
    // A minor-version floor is the driver branch of its major's first release
    // (CUDA 11.0 itself shipped before the 450.80.02 floor, so compare branches).
    for (const auto& f : tables::minor_version_floors)
        for (const auto& r : tables::cuda_releases)
            if (r.version.major() == f.major) CHECK(f.linux_min.branch() <= r.linux_min.branch());
}

TEST_CASE("facts derived from the data") {
    CHECK(last_gpu_release(Platform::Windows) == "2.10.0"_v);  // TensorFlow: 2.10 was the last native-Windows GPU release
    CHECK(last_gpu_release(Platform::MacOS) == "1.1.0"_v);
    const Requirement* r = find_requirement("windows-native-last-gpu-tf", "tensorflow");
    REQUIRE(r != nullptr);
    CHECK(last_gpu_release(Platform::Windows).truncated(2) == *Version::parse(r->value));  // the rows and the docs agree
}

TEST_CASE("the facts the seed scenarios rely on are present") {
    CHECK(conda("cudatoolkit", "10.1.243", "h74a9793_0", CondaChannel::Defaults, "win-64") != nullptr);
    CHECK(conda("cudnn", "7.6.5", "cuda10.1_0", CondaChannel::Defaults, "win-64") != nullptr);
    bool ct112 = false, cudnn810 = false;
    for (const auto& p : tables::conda_packages) {
        if (p.channel != CondaChannel::CondaForge || p.subdir != "win-64") continue;
        ct112 = ct112 || (p.name == "cudatoolkit" && p.version.starts_with("11.2"_v));
        cudnn810 = cudnn810 || (p.name == "cudnn" && p.version.starts_with("8.1.0"_v));
    }
    CHECK(ct112);
    CHECK(cudnn810);
    REQUIRE(find_cuda_release("10.1"_v) != nullptr);
    CHECK(find_cuda_release("10.1"_v)->windows_min.text() == "418.96");
    CHECK(wsl2_min_build() == 19044);
    REQUIRE(find_gpu("GeForce GTX 850M") != nullptr);
    CHECK(find_gpu("GeForce GTX 850M")->cc == ComputeCapability{5, 0});
    REQUIRE(find_gpu("MX150") != nullptr);
    CHECK(find_gpu("MX150")->cc == ComputeCapability{6, 1});
}
