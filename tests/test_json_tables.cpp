// The two paths to the tables, compiled-in and loaded from data/*.json at run
// time, give identical answers.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

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

// The JSON Schemas in data/schema/ and the field lists (RowFields in
// table_types.hpp) describe the same rows: every property of a row's schema
// is a field the loader reads or a key the list names as unread, every field
// is in the schema, and a field the loader requires the schema requires. With
// the schemas refusing unknown keys (checked on the data by the data_schemas
// test), a key cannot enter the data, the schema or the loader alone.
namespace {

struct SchemaKeys {
    std::set<std::string> properties;  // "pip.spec" for nested objects
    std::set<std::string> required;
};

void collect(const nlohmann::json& schema, const std::string& prefix, SchemaKeys& out) {
    if (!schema.contains("properties")) return;
    for (const auto& [key, sub] : schema["properties"].items()) {
        out.properties.insert(prefix + key);
        if (sub.contains("properties")) collect(sub, prefix + key + ".", out);
    }
    if (schema.contains("required"))
        for (const auto& r : schema["required"]) out.required.insert(prefix + r.get<std::string>());
}

struct FieldKeys {
    std::vector<std::vector<std::string>> keys;  // each field: its key, and the key it is also read from
    std::set<std::string> required;
    std::set<std::string> unread;
};

template <DescribedRow Row>
void field_keys(FieldKeys& out) {
    for_each_field<Row>([&](const auto& f) {
        using T = typename std::remove_cvref_t<decltype(f)>::value_type;
        if (f.use == FieldUse::Context) return;
        if (f.json.empty()) {
            if constexpr (DescribedRow<T>) field_keys<T>(out);
            return;
        }
        std::vector<std::string> k{std::string(f.json)};
        if (!f.also.empty()) k.emplace_back(f.also);
        out.keys.push_back(k);
        if (f.use != FieldUse::Optional) {
            // "pip.spec": the object and its key are both required.
            for (std::size_t dot = f.json.find('.'); dot != std::string_view::npos; dot = f.json.find('.', dot + 1))
                out.required.emplace(f.json.substr(0, dot));
            out.required.emplace(f.json);
        }
    });
    std::string_view u = RowFields<Row>::unread;
    while (!u.empty()) {
        const std::size_t comma = u.find(',');
        out.unread.emplace(u.substr(0, comma));
        u = comma == std::string_view::npos ? std::string_view{} : u.substr(comma + 1);
    }
}

// What differs between Row's field list and the schemas of the rows it is
// read from (one `items` schema per data file using the row type).
template <DescribedRow Row>
std::vector<std::string> schema_drift(const std::vector<nlohmann::json>& row_schemas) {
    FieldKeys fields;
    field_keys<Row>(fields);
    std::vector<std::string> problems;
    std::set<std::string> in_some_schema;
    for (const auto& row : row_schemas) {
        SchemaKeys schema;
        collect(row, "", schema);
        for (const auto& p : schema.properties) {
            const bool known = fields.unread.count(p) > 0 || std::any_of(fields.keys.begin(), fields.keys.end(), [&](const auto& k) {
                                   return std::any_of(k.begin(), k.end(), [&](const std::string& key) {
                                       return key == p || key.rfind(p + ".", 0) == 0;  // "pip" of "pip.spec"
                                   });
                               });
            if (!known) problems.push_back("schema property '" + p + "' is no field of the RowFields list nor listed as unread");
            in_some_schema.insert(p);
        }
        for (const auto& r : fields.required)
            if (schema.required.count(r) == 0) problems.push_back("field '" + r + "' is required by the loader but not by the schema");
    }
    for (const auto& k : fields.keys)
        if (std::none_of(k.begin(), k.end(), [&](const std::string& key) { return in_some_schema.count(key) > 0; }))
            problems.push_back("field '" + k.front() + "' is in no schema of the row");
    for (const auto& u : fields.unread)
        if (in_some_schema.count(u) == 0) problems.push_back("unread key '" + u + "' is in no schema");
    return problems;
}

nlohmann::json row_schema(const char* file, const char* array) {
    std::ifstream in(std::filesystem::path(GPUCOMPAT_DATA_DIR) / "schema" / file);
    REQUIRE_MESSAGE(in.good(), file);
    nlohmann::json row = nlohmann::json::parse(in)["properties"][array]["items"];
    REQUIRE_MESSAGE(row.is_object(), file << " " << array);
    if (std::string_view(file) == "cuda.schema.json" && std::string_view(array) == "libraries") {
        // The loader reads {"linux": {names}, "windows": {names}} as one row
        // per platform, {"platform": "linux", "names": {names}}.
        CHECK(row["properties"]["linux"] == row["properties"]["windows"]);
        row["properties"]["names"] = row["properties"]["linux"];
        row["properties"]["platform"] = nlohmann::json::object();
        row["properties"].erase("linux");
        row["properties"].erase("windows");
        row["required"].push_back("platform");
    }
    return row;
}

template <DescribedRow Row>
void check_row(std::initializer_list<std::pair<const char*, const char*>> arrays) {
    std::vector<nlohmann::json> schemas;
    for (const auto& [file, array] : arrays) schemas.push_back(row_schema(file, array));
    for (const auto& p : schema_drift<Row>(schemas)) FAIL_CHECK(arrays.begin()->first << " " << arrays.begin()->second << ": " << p);
}

}  // namespace

TEST_CASE("each row's JSON Schema and its field list describe the same fields") {
    check_row<TensorFlowRow>({{"tensorflow.schema.json", "rows"}});
    check_row<TensorFlowArches>({{"tensorflow_builds.schema.json", "cuda_arches"}});
    check_row<TensorFlowLibraries>({{"tensorflow_builds.schema.json", "libraries"}});
    check_row<TensorFlowPipExtra>({{"tensorflow_builds.schema.json", "pip_extras"}});
    check_row<CudaRelease>({{"cuda.schema.json", "releases"}});
    check_row<CudaArchitectureRange>({{"cuda.schema.json", "architectures"}});
    check_row<CudaLibraries>({{"cuda.schema.json", "libraries"}});
    check_row<MinorVersionFloor>({{"cuda.schema.json", "minor_version_compatibility"}});
    check_row<CudnnRelease>({{"cudnn.schema.json", "releases"}});
    check_row<CudnnLibrary>({{"cudnn.schema.json", "libraries"}});
    check_row<CondaPackage>({{"conda.schema.json", "packages"}});
    check_row<GpuModel>({{"gpus.schema.json", "gpus"}});
    check_row<WindowsBuild>({{"windows.schema.json", "builds"}});
    check_row<Requirement>({{"windows.schema.json", "requirements"}, {"jax.schema.json", "statements"}});
    check_row<PythonConstraint>({{"python_constraints.schema.json", "constraints"}});
    check_row<FrameworkRelease>({{"pytorch.schema.json", "releases"}, {"jax.schema.json", "releases"}});
}

TEST_CASE("the schema/field-list comparison reports each kind of drift") {
    const nlohmann::json good = row_schema("cuda.schema.json", "releases");
    CHECK(schema_drift<CudaRelease>({good}).empty());
    nlohmann::json added = good;  // a key in the schema the loader never reads
    added["properties"]["driver_min_macos"] = {{"type", "string"}};
    CHECK(schema_drift<CudaRelease>({added}).size() == 1);
    nlohmann::json removed = good;  // a field the schema no longer has
    removed["properties"].erase("driver_min_windows");
    CHECK(schema_drift<CudaRelease>({removed}).size() == 1);
    nlohmann::json optional = good;  // a required field the schema lets go missing
    auto& req = optional["required"];
    req.erase(std::remove(req.begin(), req.end(), nlohmann::json("name")), req.end());
    CHECK(schema_drift<CudaRelease>({optional}).size() == 1);
}

// Each kind of rule the field lists carry is enforced by the loader, with
// the file, the row and the field in the message.
TEST_CASE("the loader refuses what the field lists refuse") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "gpucompat-field-rules";
    struct Case {
        const char* file;
        void (*mutate)(nlohmann::json&);
        const char* expected;
    };
    const Case cases[] = {
        {"pytorch.json", [](nlohmann::json& j) { j["releases"][0]["pip"]["option"] = "mirror"; },
         "pytorch.json releases[0].pip.option: 'mirror': expected one of index-url, extra-index-url, find-links"},
        {"pytorch.json", [](nlohmann::json& j) { j["releases"][1]["pip"].erase("url"); }, "pytorch.json releases[1].pip.url: missing"},
        {"pytorch.json", [](nlohmann::json& j) { j["releases"][0].erase("pip"); }, "pytorch.json releases[0].pip.spec: missing"},
        {"jax.json", [](nlohmann::json& j) { j["releases"][2]["python"] = nlohmann::json::array(); }, "jax.json releases[2].python: expected a non-empty"},
        {"tensorflow.json", [](nlohmann::json& j) { j["rows"][0]["platform"] = "wsl2"; }, "tensorflow.json rows[0].platform: expected linux, windows or macos"},
        {"python_constraints.json", [](nlohmann::json& j) { j["constraints"][0]["tensorflow"] = "2.7.1"; },
         "python_constraints.json constraints[0].tensorflow: expected a release minor X.Y"},
        {"python_constraints.json", [](nlohmann::json& j) { j["constraints"][0]["patch_from"] = "2.6.0"; },
         "python_constraints.json constraints[0].patch_to: patch_from and patch_to go together"},
        {"gpus.json", [](nlohmann::json& j) { j["gpus"][0]["aliases"] = nlohmann::json::array({"a", "b", "c", "d", "e", "f", "g"}); },
         "gpus.json gpus[0].aliases: more than 6 entries"},
        {"windows.json", [](nlohmann::json& j) { j["builds"][0]["build"] = "19044"; }, "windows.json builds[0].build: expected a number"},
        {"cuda.json", [](nlohmann::json& j) { j["releases"][5].erase("checked"); }, "cuda.json releases[5].checked: missing"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.expected);
        fs::remove_all(dir);
        fs::create_directories(dir);
        for (const auto& e : fs::directory_iterator(GPUCOMPAT_DATA_DIR))
            if (e.path().extension() == ".json") fs::copy_file(e.path(), dir / e.path().filename());
        {
            std::ifstream in(dir / c.file);
            auto j = nlohmann::json::parse(in);
            c.mutate(j);
            std::ofstream(dir / c.file) << j.dump();
        }
        try {
            (void)JsonTables::load(dir);
            FAIL_CHECK("loaded without an error");
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            CHECK_MESSAGE(what.find(c.expected) != std::string::npos, what);
        }
    }
    fs::remove_all(dir);
}
