// gpucompat — load the tables from data/*.json at run time (opt-in; needs
// nlohmann_json).
//
// For users who update the data without recompiling:
//
//   auto tables = gpucompat::JsonTables::load("/usr/share/gpucompat/data");
//   auto answer = gpucompat::resolve(query, tables.view());
//
// The answer refers to the rows, as a std::string_view to its characters:
// it is valid as long as `tables` lives (moving `tables` keeps it valid).
//
// This is also the only code that interprets the JSON: the table generator
// (tools/gpucompat_gen) loads through it and prints the rows as C++, so the
// compiled-in tables and the run-time ones cannot read a row differently.
// Rows are read through their field lists (RowFields in table_types.hpp);
// nothing here names a field of a table.
#pragma once

#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "row_facts.hpp"
#include "table_types.hpp"

namespace gpucompat {

class JsonTables {
public:
    // Throws std::runtime_error naming the file, the row and the field at fault.
    static JsonTables load(const std::filesystem::path& dir) {
        JsonTables t;
        t.load_tensorflow(read(dir / "tensorflow.json"));
        t.load_tensorflow_builds(read(dir / "tensorflow_builds.json"));
        t.load_cuda(read(dir / "cuda.json"));
        t.load_cudnn(read(dir / "cudnn.json"));
        t.load_conda(read(dir / "conda.json"));
        t.load_windows(read(dir / "windows.json"));
        if (std::filesystem::exists(dir / "gpus.json")) t.load_gpus(read(dir / "gpus.json"));
        if (std::filesystem::exists(dir / "python_constraints.json")) t.load_python_constraints(read(dir / "python_constraints.json"));
        // PyTorch and JAX: optional, so a data folder of an older release still loads.
        if (std::filesystem::exists(dir / "pytorch.json")) t.load_framework(read(dir / "pytorch.json"), Framework::PyTorch);
        if (std::filesystem::exists(dir / "jax.json")) t.load_framework(read(dir / "jax.json"), Framework::Jax);
        // The per-row lookups, once, as the compiler does for the bundled set.
        const TableSet rows_only = t.make_view();
        for (const auto& row : t.tensorflow) t.row_facts.push_back(detail::row_facts_of(rows_only, row));
        t.pytorch_facts.resize(t.pytorch.size());
        detail::compute_framework_row_facts_into(rows_only, t.pytorch, t.pytorch_facts);
        t.jax_facts.resize(t.jax.size());
        detail::compute_framework_row_facts_into(rows_only, t.jax, t.jax_facts);
        t.pytorch_walk.resize(t.pytorch.size());
        detail::compute_framework_walk_into(t.pytorch_facts, t.pytorch_walk);
        t.jax_walk.resize(t.jax.size());
        detail::compute_framework_walk_into(t.jax_facts, t.jax_walk);
        if (t.tensorflow.size() > max_table_rows)
            throw std::runtime_error("tensorflow.json: more rows than a Resolution holds (" + std::to_string(max_table_rows) + ")");
        *t.view_ = t.make_view();
        return t;
    }

    JsonTables() = default;
    JsonTables(JsonTables&&) = default;
    JsonTables& operator=(JsonTables&&) = default;
    JsonTables(const JsonTables&) = delete;  // the rows point into strings_
    JsonTables& operator=(const JsonTables&) = delete;

    // The loaded rows as the TableSet every lookup and resolve() take. A
    // reference to a set kept on the heap, not a temporary: a Resolution keeps
    // the address of its TableSet, and this one lives (and stays put) as long
    // as the JsonTables, moves included. Fixed at load().
    [[nodiscard]] const TableSet& view() const noexcept { return *view_; }

    static constexpr std::size_t max_table_rows = max_rows;                  // table_types.hpp
    static constexpr std::size_t max_framework_rows = gpucompat::max_framework_rows;

private:
    [[nodiscard]] TableSet make_view() const {
        return TableSet{tensorflow,     tensorflow_arches, tensorflow_libraries, tensorflow_pip_extras, cuda_releases,
                        minor_version_floors, cudnn_releases, cudnn_libraries, conda_packages, windows_builds,
                        requirements,   last_separate_gpu_package, package_rule, row_facts, architecture_ranges, cuda_libraries,
                        python_constraints,
                        pytorch,        jax,               framework_statements, pytorch_facts, jax_facts, pytorch_walk, jax_walk};
    }
    std::unique_ptr<TableSet> view_ = std::make_unique<TableSet>();

public:

    std::vector<TensorFlowRow> tensorflow;
    std::vector<TensorFlowArches> tensorflow_arches;
    std::vector<TensorFlowLibraries> tensorflow_libraries;
    std::vector<TensorFlowPipExtra> tensorflow_pip_extras;
    std::vector<CudaRelease> cuda_releases;
    std::vector<MinorVersionFloor> minor_version_floors;
    std::vector<CudnnRelease> cudnn_releases;
    std::vector<CudnnLibrary> cudnn_libraries;
    std::vector<CondaPackage> conda_packages;
    std::vector<WindowsBuild> windows_builds;
    std::vector<Requirement> requirements;
    Version last_separate_gpu_package{};
    Provenance package_rule{};
    std::vector<CudaArchitectureRange> architecture_ranges;
    std::vector<CudaLibraries> cuda_libraries;
    std::vector<PythonConstraint> python_constraints;
    std::vector<FrameworkRelease> pytorch;
    std::vector<FrameworkRelease> jax;
    std::vector<Requirement> framework_statements;
    std::vector<RowFacts> row_facts;  // computed at load, one per tensorflow row
    std::vector<FrameworkRowFacts> pytorch_facts, jax_facts;  // computed at load, one per row
    std::vector<std::uint16_t> pytorch_walk, jax_walk;         // computed at load, one per row
    std::vector<GpuModel> gpus;  // not part of TableSet: the resolver takes compute capabilities

private:
    std::deque<std::string> strings_;  // stable storage behind every string_view
    std::string where_;                // "cuda.json releases[12]" for error messages

    static nlohmann::json read(const std::filesystem::path& p) {
        std::ifstream in(p);
        if (!in) throw std::runtime_error("cannot open " + p.string());
        try {
            return nlohmann::json::parse(in);
        } catch (const nlohmann::json::parse_error& e) {
            throw std::runtime_error(p.filename().string() + ": " + e.what());
        }
    }
    [[noreturn]] void fail(std::string_view field, std::string_view why) const {
        throw std::runtime_error(where_ + "." + std::string(field) + ": " + std::string(why));
    }
    std::string_view keep(const std::string& s) { return strings_.emplace_back(s); }
    std::string text(const nlohmann::json& v, std::string_view key) const {
        if (!v.is_string()) fail(key, "expected a string");
        return v.get<std::string>();
    }
    const nlohmann::json& rows(const nlohmann::json& j, const char* file, const char* key) {
        where_ = std::string(file) + " " + key;
        if (!j.contains(key) || !j[key].is_array()) fail(key, "expected an array");
        return j[key];
    }
    void at(const char* file, const char* key, std::size_t i) { where_ = std::string(file) + " " + key + "[" + std::to_string(i) + "]"; }

    // The value at "a.b" (key b of object a) in a row, or nullptr where a
    // step is absent or null.
    static const nlohmann::json* find(const nlohmann::json& row, std::string_view path) {
        const nlohmann::json* v = &row;
        while (!path.empty()) {
            const std::size_t dot = path.find('.');
            const std::string key(path.substr(0, dot));
            if (!v->is_object() || !v->contains(key) || (*v)[key].is_null()) return nullptr;
            v = &(*v)[key];
            path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
        }
        return v;
    }

    // One value, by the member's type: the only place JSON text becomes a
    // value of the tables. An empty string is an unknown (empty) value.
    void decode(const nlohmann::json& v, std::string_view key, std::string_view& out) { out = keep(text(v, key)); }
    void decode(const nlohmann::json& v, std::string_view key, Version& out) const {
        std::string s = text(v, key);
        // "12.x": every minor of CUDA 12 (cuDNN's builds), kept as the major alone.
        if (s.size() > 2 && s.compare(s.size() - 2, 2, ".x") == 0) s.resize(s.size() - 2);
        if (s.empty()) return;
        const auto parsed = Version::parse(s);
        if (!parsed) fail(key, "'" + s + "' is not a version: " + std::string(parsed.error().message));
        out = *parsed;
    }
    void decode(const nlohmann::json& v, std::string_view key, DriverVersion& out) const {
        const std::string s = text(v, key);
        if (s.empty()) return;
        const auto d = DriverVersion::parse(s);
        if (!d) fail(key, "'" + s + "' is not a driver version: " + std::string(d.error().message));
        out = *d;
    }
    void decode(const nlohmann::json& v, std::string_view key, ComputeCapability& out) const {
        const std::string s = text(v, key);
        if (s.empty()) return;
        const auto c = ComputeCapability::parse(s);
        if (!c) fail(key, "'" + s + "' is not a compute capability");
        out = *c;
    }
    void decode(const nlohmann::json& v, std::string_view key, PythonMinor& out) const {
        Version ver;
        decode(v, key, ver);
        if (ver.empty()) return;
        if (ver.size() != 2) fail(key, "'" + std::string(ver.text()) + "' is not a Python X.Y");
        out = {static_cast<std::uint8_t>(ver.major()), static_cast<std::uint8_t>(ver.minor())};
    }
    void decode(const nlohmann::json& v, std::string_view key, std::uint32_t& out) const {
        if (!v.is_number_unsigned() || v.get<std::uint64_t>() > 0xFFFFFFFFu) fail(key, "expected a number");
        out = v.get<std::uint32_t>();
    }
    void decode(const nlohmann::json& v, std::string_view key, bool& out) const {
        if (!v.is_boolean()) fail(key, "expected a boolean");
        out = v.get<bool>();
    }
    template <class E>
        requires std::is_enum_v<E>
    void decode(const nlohmann::json& v, std::string_view key, E& out) const {
        const std::string s = text(v, key);
        std::string expected;
        for (const auto& e : EnumTexts<E>::list) {
            if (e.json == s) {
                out = e.value;
                return;
            }
            if (!e.json.empty()) expected += (expected.empty() ? "" : ", ") + std::string(e.json);
        }
        fail(key, "'" + s + "': expected one of " + expected);
    }
    template <class T, std::size_t N>
    void decode(const nlohmann::json& v, std::string_view key, FixedList<T, N>& out) {
        if (!v.is_array()) fail(key, "expected an array");
        if (v.size() > N) fail(key, "more than " + std::to_string(N) + " entries");
        for (const auto& x : v) {
            T item{};
            decode(x, key, item);
            out.push_back(item);
        }
    }
    template <DescribedRow Row>
    void decode(const nlohmann::json& v, std::string_view key, Row& out) {
        if (!v.is_object()) fail(key, "expected an object");
        read_into(v, out, std::string(key) + ".");
    }

    // A row, field by field, as its RowFields list describes it.
    template <DescribedRow Row>
    void read_into(const nlohmann::json& r, Row& row, const std::string& prefix = {}) {
        static_assert(row_fields_complete<Row>, "a member of this row has no entry in its RowFields list");
        for_each_field<Row>([&](const auto& f) {
            using T = typename std::remove_cvref_t<decltype(f)>::value_type;
            if (f.use == FieldUse::Context) return;
            if (f.json.empty()) {  // a nested row written flat in its parent (the provenance)
                if constexpr (DescribedRow<T>) read_into(r, row.*f.member, prefix);
                return;
            }
            const std::string key = prefix + std::string(f.json);
            const nlohmann::json* v = find(r, f.json);
            if (v == nullptr && !f.also.empty()) v = find(r, f.also);
            if (v == nullptr) {
                if (f.use != FieldUse::Optional) fail(key, "missing");
                return;
            }
            decode(*v, key, row.*f.member);
            if constexpr (requires { (row.*f.member).empty(); })
                if (f.use == FieldUse::NonEmpty && (row.*f.member).empty()) fail(key, "expected a non-empty value");
            if (f.rule != nullptr)
                if (const std::string_view why = f.rule(row.*f.member); !why.empty()) fail(key, why);
        });
        if constexpr (requires { RowFields<Row>::check(row); }) {
            const RowProblem p = RowFields<Row>::check(row);
            if (!p.field.empty()) fail(prefix + std::string(p.field), p.why);
        }
    }

    // Every row of j[key]; an absent array is an error unless `optional`.
    template <DescribedRow Row>
    void load_rows(const nlohmann::json& j, const char* file, const char* key, std::vector<Row>& out, bool optional = false) {
        if (optional && !j.contains(key)) return;
        std::size_t i = 0;
        for (const auto& r : rows(j, file, key)) {
            at(file, key, i++);
            if (!r.is_object()) fail("", "expected an object");
            Row row{};
            read_into(r, row);
            out.push_back(row);
        }
    }

    void load_tensorflow(const nlohmann::json& j) {
        load_rows(j, "tensorflow.json", "rows", tensorflow);
        where_ = "tensorflow.json package_rule";
        if (!j.contains("package_rule") || !j["package_rule"].is_object()) fail("package_rule", "expected an object");
        const auto& rule = j["package_rule"];
        const nlohmann::json* last = find(rule, "last_separate_gpu_package");
        if (last == nullptr) fail("last_separate_gpu_package", "missing");
        decode(*last, "last_separate_gpu_package", last_separate_gpu_package);
        read_into(rule, package_rule);
    }

    void load_tensorflow_builds(const nlohmann::json& j) {
        load_rows(j, "tensorflow_builds.json", "cuda_arches", tensorflow_arches);
        load_rows(j, "tensorflow_builds.json", "libraries", tensorflow_libraries);
        load_rows(j, "tensorflow_builds.json", "pip_extras", tensorflow_pip_extras, true);
    }

    void load_python_constraints(const nlohmann::json& j) {
        load_rows(j, "python_constraints.json", "constraints", python_constraints);
    }

    void load_cuda(const nlohmann::json& j) {
        load_rows(j, "cuda.json", "releases", cuda_releases);
        if (j.contains("libraries")) {
            // One row per platform: {"cuda", "linux": {names}, "windows": {names}}
            // becomes the rows {"cuda", "platform": "linux", "names": {...}}, ...
            std::size_t i = 0;
            for (const auto& r : rows(j, "cuda.json", "libraries")) {
                at("cuda.json", "libraries", i++);
                for (const char* plat : {"linux", "windows"}) {
                    if (!r.contains(plat)) continue;
                    nlohmann::json row = r;
                    row.erase("linux");
                    row.erase("windows");
                    row["platform"] = plat;
                    row["names"] = r[plat];
                    CudaLibraries l{};
                    read_into(row, l);
                    cuda_libraries.push_back(l);
                }
            }
        }
        load_rows(j, "cuda.json", "architectures", architecture_ranges, true);
        load_rows(j, "cuda.json", "minor_version_compatibility", minor_version_floors);
    }

    void load_cudnn(const nlohmann::json& j) {
        load_rows(j, "cudnn.json", "releases", cudnn_releases);
        load_rows(j, "cudnn.json", "libraries", cudnn_libraries);
    }

    void load_conda(const nlohmann::json& j) { load_rows(j, "conda.json", "packages", conda_packages); }

    void load_gpus(const nlohmann::json& j) { load_rows(j, "gpus.json", "gpus", gpus); }

    void load_framework(const nlohmann::json& j, Framework fw) {
        const std::string file = std::string(to_string(fw)) + ".json";
        std::vector<FrameworkRelease>& out = fw == Framework::PyTorch ? pytorch : jax;
        load_rows(j, file.c_str(), "releases", out);
        for (auto& f : out) f.framework = fw;
        if (out.size() > max_framework_rows)
            throw std::runtime_error(file + ": more rows than a FrameworkResolution holds (" + std::to_string(max_framework_rows) + ")");
        load_rows(j, file.c_str(), "statements", framework_statements, true);
    }

    void load_windows(const nlohmann::json& j) {
        load_rows(j, "windows.json", "builds", windows_builds);
        load_rows(j, "windows.json", "requirements", requirements);
    }
};

}  // namespace gpucompat
