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
#pragma once

#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
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
                        pytorch,        jax,               framework_statements};
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
    [[noreturn]] void fail(const std::string& field, const std::string& why) const {
        throw std::runtime_error(where_ + "." + field + ": " + why);
    }
    std::string_view keep(const std::string& s) { return strings_.emplace_back(s); }
    std::string text(const nlohmann::json& row, const char* key, bool required = false) const {
        if (!row.contains(key) || row[key].is_null()) {
            if (required) fail(key, "missing");
            return {};
        }
        if (!row[key].is_string()) fail(key, "expected a string");
        return row[key].get<std::string>();
    }
    std::string_view sv(const nlohmann::json& row, const char* key, bool required = false) { return keep(text(row, key, required)); }
    Version version(const std::string& s, const char* field) const {
        if (s.empty()) return {};
        const auto v = Version::parse(s);
        if (!v) fail(field, "'" + s + "' is not a version: " + std::string(v.error().message));
        return *v;
    }
    Version version(const nlohmann::json& row, const char* key, bool required = false) const {
        return version(text(row, key, required), key);
    }
    DriverVersion driver(const nlohmann::json& row, const char* key) const {
        const std::string s = text(row, key);
        if (s.empty()) return {};
        const auto d = DriverVersion::parse(s);
        if (!d) fail(key, "'" + s + "' is not a driver version: " + std::string(d.error().message));
        return *d;
    }
    ComputeCapability cc(const std::string& s, const char* field) const {
        const auto c = ComputeCapability::parse(s);
        if (!c) fail(field, "'" + s + "' is not a compute capability");
        return *c;
    }
    PythonMinor python(const std::string& s, const char* field) const {
        const Version v = version(s, field);
        if (v.size() != 2) fail(field, "'" + s + "' is not a Python X.Y");
        return {static_cast<std::uint8_t>(v.major()), static_cast<std::uint8_t>(v.minor())};
    }
    Provenance provenance(const nlohmann::json& row) {
        return {sv(row, "source", true), sv(row, "checked", true), sv(row, "note")};
    }
    template <class T, std::size_t N, class F>
    void fill(FixedList<T, N>& list, const nlohmann::json& row, const char* key, F each) {
        if (!row.contains(key) || row[key].is_null()) return;
        if (!row[key].is_array()) fail(key, "expected an array");
        if (row[key].size() > N) fail(key, "more than " + std::to_string(N) + " entries");
        for (const auto& x : row[key]) {
            if (!x.is_string()) fail(key, "expected strings");
            list.push_back(each(x.get<std::string>()));
        }
    }
    const nlohmann::json& rows(const nlohmann::json& j, const char* file, const char* key) {
        where_ = std::string(file) + " " + key;
        if (!j.contains(key) || !j[key].is_array()) fail(key, "expected an array");
        return j[key];
    }
    void at(const char* file, const char* key, std::size_t i) { where_ = std::string(file) + " " + key + "[" + std::to_string(i) + "]"; }

    void load_tensorflow(const nlohmann::json& j) {
        std::size_t i = 0;
        for (const auto& r : rows(j, "tensorflow.json", "rows")) {
            at("tensorflow.json", "rows", i++);
            TensorFlowRow row{};
            row.tensorflow = version(r, "tensorflow", true);
            const auto p = parse_platform(text(r, "platform", true));
            if (!p || *p == Platform::Wsl2) fail("platform", "expected linux, windows or macos");
            row.platform = *p;
            row.row_name = sv(r, "row_name", true);
            row.package = sv(r, "package", true);
            fill(row.python, r, "python", [&](const std::string& s) { return python(s, "python"); });
            row.compiler = sv(r, "compiler");
            row.build_tool = sv(r, "build_tool");
            row.cudnn = version(r, "cudnn", true);
            row.cuda = version(r, "cuda", true);
            row.provenance = provenance(r);
            tensorflow.push_back(row);
        }
        where_ = "tensorflow.json package_rule";
        const auto& rule = j.at("package_rule");
        last_separate_gpu_package = version(rule, "last_separate_gpu_package", true);
        package_rule = provenance(rule);
    }

    void load_tensorflow_builds(const nlohmann::json& j) {
        std::size_t i = 0;
        for (const auto& r : rows(j, "tensorflow_builds.json", "cuda_arches")) {
            at("tensorflow_builds.json", "cuda_arches", i++);
            TensorFlowArches a{};
            a.tensorflow = version(r, "tensorflow", true);
            a.platform = sv(r, "platform", true);
            a.build = sv(r, "build");
            fill(a.sass, r, "sass", [&](const std::string& s) { return cc(s, "sass"); });
            fill(a.ptx, r, "ptx", [&](const std::string& s) { return cc(s, "ptx"); });
            if (const std::string m = text(r, "cc_min"); !m.empty()) a.cc_min = cc(m, "cc_min");
            a.config = sv(r, "config");
            a.provenance = provenance(r);
            tensorflow_arches.push_back(a);
        }
        i = 0;
        for (const auto& r : rows(j, "tensorflow_builds.json", "libraries")) {
            at("tensorflow_builds.json", "libraries", i++);
            TensorFlowLibraries l{};
            l.tensorflow = version(r, "tensorflow", true);
            l.platform = sv(r, "platform", true);
            l.cuda = version(r, "cuda");
            const nlohmann::json names = r.contains("names") ? r["names"] : nlohmann::json::object();
            l.cudart = sv(names, "cudart");
            l.cublas = sv(names, "cublas");
            l.cublaslt = sv(names, "cublasLt");
            l.cufft = sv(names, "cufft");
            l.curand = sv(names, "curand");
            l.cusolver = sv(names, "cusolver");
            l.cusparse = sv(names, "cusparse");
            l.cudnn = sv(names, "cudnn");
            l.provenance = provenance(r);
            tensorflow_libraries.push_back(l);
        }
        if (!j.contains("pip_extras")) return;
        i = 0;
        for (const auto& r : rows(j, "tensorflow_builds.json", "pip_extras")) {
            at("tensorflow_builds.json", "pip_extras", i++);
            TensorFlowPipExtra e{};
            e.tensorflow = version(r, "tensorflow", true);
            e.extra = sv(r, "extra", true);
            fill(e.requires_, r, "requires", [&](const std::string& s) { return keep(s); });
            e.provenance = provenance(r);
            tensorflow_pip_extras.push_back(e);
        }
    }

    void load_python_constraints(const nlohmann::json& j) {
        std::size_t i = 0;
        for (const auto& r : rows(j, "python_constraints.json", "constraints")) {
            at("python_constraints.json", "constraints", i++);
            PythonConstraint c{};
            c.framework = sv(r, "framework", true);
            c.release = version(r, "tensorflow", true);
            if (c.release.size() != 2) fail("tensorflow", "expected a release minor X.Y");
            c.package = sv(r, "package", true);
            c.spec = sv(r, "spec", true);
            if (const std::string p = text(r, "python_min"); !p.empty()) c.python_min = python(p, "python_min");
            c.patch_from = version(r, "patch_from");
            c.patch_to = version(r, "patch_to");
            if (c.patch_from.empty() != c.patch_to.empty()) fail("patch_to", "patch_from and patch_to go together");
            c.why = sv(r, "why", true);
            c.provenance = provenance(r);
            python_constraints.push_back(c);
        }
    }

    void load_cuda(const nlohmann::json& j) {
        std::size_t i = 0;
        for (const auto& r : rows(j, "cuda.json", "releases")) {
            at("cuda.json", "releases", i++);
            CudaRelease c{};
            c.version = version(r, "version", true);
            c.name = sv(r, "name", true);
            c.linux_min = driver(r, "driver_min_linux");
            c.windows_min = driver(r, "driver_min_windows");
            c.provenance = provenance(r);
            cuda_releases.push_back(c);
        }
        if (j.contains("libraries")) {
            i = 0;
            for (const auto& r : rows(j, "cuda.json", "libraries")) {
                at("cuda.json", "libraries", i++);
                for (const char* plat : {"linux", "windows"}) {
                    if (!r.contains(plat)) continue;
                    const nlohmann::json& n = r[plat];
                    CudaLibraries l{};
                    l.cuda = version(r, "cuda", true);
                    l.platform = keep(plat);
                    l.cudart = sv(n, "cudart");
                    l.cublas = sv(n, "cublas");
                    l.cublaslt = sv(n, "cublasLt");
                    l.cufft = sv(n, "cufft");
                    l.curand = sv(n, "curand");
                    l.cusolver = sv(n, "cusolver");
                    l.cusparse = sv(n, "cusparse");
                    l.nvrtc = sv(n, "nvrtc");
                    l.provenance = provenance(r);
                    cuda_libraries.push_back(l);
                }
            }
        }
        if (j.contains("architectures")) {
            i = 0;
            for (const auto& r : rows(j, "cuda.json", "architectures")) {
                at("cuda.json", "architectures", i++);
                architecture_ranges.push_back({version(r, "cuda_from", true), cc(text(r, "cc_min", true), "cc_min"),
                                               r.contains("sass_max") ? cc(text(r, "sass_max", true), "sass_max") : ComputeCapability{}, sv(r, "dropped"),
                                               sv(r, "text"), provenance(r)});
            }
        }
        i = 0;
        for (const auto& r : rows(j, "cuda.json", "minor_version_compatibility")) {
            at("cuda.json", "minor_version_compatibility", i++);
            if (!r.contains("major") || !r["major"].is_number_unsigned()) fail("major", "expected a number");
            minor_version_floors.push_back({r["major"].get<std::uint32_t>(), driver(r, "driver_min_linux"),
                                            driver(r, "driver_min_windows"), provenance(r)});
        }
    }

    void load_cudnn(const nlohmann::json& j) {
        std::size_t i = 0;
        for (const auto& r : rows(j, "cudnn.json", "releases")) {
            at("cudnn.json", "releases", i++);
            CudnnRelease c{};
            c.version = version(r, "version", true);
            // "12.x": a build for every minor of CUDA 12, kept as the major alone.
            fill(c.cuda, r, "cuda", [&](std::string s) {
                if (s.size() > 2 && s.compare(s.size() - 2, 2, ".x") == 0) s.resize(s.size() - 2);
                return version(s, "cuda");
            });
            const std::string ccmin = text(r, "cc_min");
            if (!ccmin.empty()) c.cc_min = cc(ccmin, "cc_min");
            c.provenance = provenance(r);
            cudnn_releases.push_back(c);
        }
        i = 0;
        for (const auto& r : rows(j, "cudnn.json", "libraries")) {
            at("cudnn.json", "libraries", i++);
            if (!r.contains("major") || !r["major"].is_number_unsigned()) fail("major", "expected a number");
            cudnn_libraries.push_back({r["major"].get<std::uint32_t>(), sv(r, "linux"), sv(r, "windows"), provenance(r)});
        }
    }

    void load_conda(const nlohmann::json& j) {
        std::size_t i = 0;
        for (const auto& r : rows(j, "conda.json", "packages")) {
            at("conda.json", "packages", i++);
            CondaPackage p{};
            p.name = sv(r, "name", true);
            p.version = version(r, "version", true);
            p.build = sv(r, "build");
            const std::string ch = text(r, "channel", true);
            if (ch == "defaults") p.channel = CondaChannel::Defaults;
            else if (ch == "conda-forge") p.channel = CondaChannel::CondaForge;
            else fail("channel", "expected defaults or conda-forge");
            p.subdir = sv(r, "subdir", true);
            p.cuda = version(r, "cuda");
            const std::string py = text(r, "python");
            if (!py.empty()) p.python = python(py, "python");
            p.provenance = provenance(r);
            conda_packages.push_back(p);
        }
    }

    void load_gpus(const nlohmann::json& j) {
        std::size_t i = 0;
        for (const auto& r : rows(j, "gpus.json", "gpus")) {
            at("gpus.json", "gpus", i++);
            GpuModel g{};
            g.name = sv(r, "name", true);
            g.cc = cc(text(r, "cc", true), "cc");
            g.family = sv(r, "family", true);
            fill(g.aliases, r, "aliases", [&](const std::string& a) { return keep(a); });
            g.provenance = provenance(r);
            gpus.push_back(g);
        }
    }

    void load_framework(const nlohmann::json& j, Framework fw) {
        const std::string file = std::string(to_string(fw)) + ".json";
        std::vector<FrameworkRelease>& out = fw == Framework::PyTorch ? pytorch : jax;
        std::size_t i = 0;
        for (const auto& r : rows(j, file.c_str(), "releases")) {
            at(file.c_str(), "releases", i++);
            FrameworkRelease f{};
            f.framework = fw;
            f.version = version(r, "version", true);
            const auto p = parse_platform(text(r, "platform", true));
            if (!p || (*p != Platform::Linux && *p != Platform::Windows)) fail("platform", "expected linux or windows");
            f.platform = *p;
            const auto a = parse_arch(text(r, "arch", true));
            if (!a) fail("arch", "expected x86_64 or aarch64");
            f.arch = *a;
            f.variant = sv(r, "variant", true);
            if (!r.contains("python") || !r["python"].is_array() || r["python"].empty()) fail("python", "expected a non-empty array");
            fill(f.python, r, "python", [&](const std::string& s) { return python(s, "python"); });
            f.cuda = version(r, "cuda", true);
            f.cudnn = version(r, "cudnn");
            fill(f.sass, r, "sass", [&](const std::string& s) { return cc(s, "sass"); });
            fill(f.ptx, r, "ptx", [&](const std::string& s) { return cc(s, "ptx"); });
            f.config = sv(r, fw == Framework::PyTorch ? "arch_list" : "config");
            f.index_url = sv(r, "index_url");
            f.extra = sv(r, "extra");
            if (!r.contains("pip") || !r["pip"].is_object()) fail("pip", "expected an object");
            const nlohmann::json& pip = r["pip"];
            f.pip_spec = sv(pip, "spec", true);
            const std::string option = text(pip, "option");
            if (option.empty()) f.pip_index = PipIndex::None;
            else if (option == "index-url") f.pip_index = PipIndex::IndexUrl;
            else if (option == "extra-index-url") f.pip_index = PipIndex::ExtraIndexUrl;
            else if (option == "find-links") f.pip_index = PipIndex::FindLinks;
            else fail("pip.option", "expected index-url, extra-index-url or find-links");
            f.pip_index_url = sv(pip, "url", f.pip_index != PipIndex::None);
            if (r.contains("pypi_default") && !r["pypi_default"].is_boolean()) fail("pypi_default", "expected a boolean");
            f.pypi_default = r.contains("pypi_default") && r["pypi_default"].get<bool>();
            f.provenance = provenance(r);
            out.push_back(f);
        }
        if (out.size() > max_framework_rows)
            throw std::runtime_error(file + ": more rows than a FrameworkResolution holds (" + std::to_string(max_framework_rows) + ")");
        if (!j.contains("statements")) return;
        i = 0;
        for (const auto& r : rows(j, file.c_str(), "statements")) {
            at(file.c_str(), "statements", i++);
            framework_statements.push_back({sv(r, "id", true), sv(r, "who", true), sv(r, "value", true), sv(r, "text"), provenance(r)});
        }
    }

    void load_windows(const nlohmann::json& j) {
        std::size_t i = 0;
        for (const auto& r : rows(j, "windows.json", "builds")) {
            at("windows.json", "builds", i++);
            if (!r.contains("build") || !r["build"].is_number_unsigned()) fail("build", "expected a number");
            windows_builds.push_back({sv(r, "product", true), sv(r, "release", true), r["build"].get<std::uint32_t>(),
                                      sv(r, "available"), provenance(r)});
        }
        i = 0;
        for (const auto& r : rows(j, "windows.json", "requirements")) {
            at("windows.json", "requirements", i++);
            requirements.push_back({sv(r, "id", true), sv(r, "who", true), sv(r, "value", true), sv(r, "text"), provenance(r)});
        }
    }
};

}  // namespace gpucompat
