// The two paths to the tables, compiled-in and loaded from data/*.json at run
// time, give identical answers.
#include <doctest/doctest.h>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/gpus.hpp>
#include <gpucompat/json.hpp>
#include <gpucompat/json_tables.hpp>

using namespace gpucompat;

TEST_CASE("JsonTables loads the same rows the generator compiled in") {
    const JsonTables t = JsonTables::load(GPUCOMPAT_DATA_DIR);
    CHECK(t.tensorflow.size() == tables::tensorflow.size());
    CHECK(t.cuda_releases.size() == tables::cuda_releases.size());
    CHECK(t.conda_packages.size() == tables::conda_packages.size());
    CHECK(t.gpus.size() == tables::gpus.size());
    for (std::size_t i = 0; i < t.tensorflow.size(); ++i) {
        CHECK(t.tensorflow[i].tensorflow.text() == tables::tensorflow[i].tensorflow.text());
        CHECK(t.tensorflow[i].provenance.source == tables::tensorflow[i].provenance.source);
    }
}

TEST_CASE("resolve and check answer identically over both table sets") {
    const JsonTables loaded = JsonTables::load(GPUCOMPAT_DATA_DIR);
    const TableSet runtime = loaded.view();
    int compared = 0;
    for (auto platform : {std::optional<Platform>{}, std::optional<Platform>{Platform::Linux}, std::optional<Platform>{Platform::Windows},
                          std::optional<Platform>{Platform::Wsl2}, std::optional<Platform>{Platform::MacOS}}) {
        for (const char* driver : {"", "418.96", "456.71", "470.57.02", "525.60.13", "580.159.04"}) {
            for (const char* python : {"", "3.7", "3.11"}) {
                Query q;
                q.platform = platform;
                if (*driver) q.driver = *DriverVersion::parse(driver);
                if (*python) q.python = *Version::parse(python);
                q.windows_build = 19045;
                q.cc.push_back(ComputeCapability{8, 6});
                const bool same = to_json(resolve(q)) == to_json(resolve(q, runtime));
                CHECK_MESSAGE(same, "platform " << (platform ? to_string(*platform) : "any") << ", driver " << driver << ", python " << python);
                ++compared;
            }
        }
    }
    CHECK(compared == 90);
    InstalledStack s;
    s.tensorflow = *Version::parse("2.4");
    s.cuda = *Version::parse("10.1");
    s.cudnn = *Version::parse("7.6.5");
    CHECK(to_json(s, check(s)) == to_json(s, check(s, runtime)));
}

TEST_CASE("a broken data file is reported with the file, row and field") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "gpucompat-bad-data";
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(GPUCOMPAT_DATA_DIR))
        if (e.path().extension() == ".json") fs::copy_file(e.path(), dir / e.path().filename());
    {
        std::ifstream in(dir / "cuda.json");
        auto j = nlohmann::json::parse(in);
        j["releases"][3]["driver_min_linux"] = "4x0.1";
        std::ofstream(dir / "cuda.json") << j.dump();
    }
    try {
        (void)JsonTables::load(dir);
        FAIL("expected an error");
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        CHECK(what.find("cuda.json releases[3].driver_min_linux") != std::string::npos);
    }
    fs::remove_all(dir);
}
