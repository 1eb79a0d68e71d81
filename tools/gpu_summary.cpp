// gpucompat_gpu_summary: the generated blocks of data/README.md, computed
// from the bundled tables, never typed: what each table holds (rows, ranges,
// what is known and what is not), the table of well-known GPUs with the newest
// TensorFlow that runs on each, natively (SASS) and at all (PTX JIT included),
// per platform, and the library-name and cuDNN tables.
//
//   gpucompat_gpu_summary              print the blocks
//   gpucompat_gpu_summary --check F    exit 1 if a block of F differs (a test)
//   gpucompat_gpu_summary --write F    replace F's blocks
#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/gpus.hpp>

using namespace gpucompat;

namespace {


// From a Maxwell laptop to Blackwell: the GPUs people ask about most.
constexpr std::string_view gpus[] = {
    "GeForce GTX 850M", "GeForce GTX 960M", "GeForce GTX 1050 Ti", "GeForce GTX 1060", "GeForce GTX 1080 Ti",
    "GeForce GTX 1660 Ti", "GeForce RTX 2060", "GeForce RTX 2080 Ti", "Tesla K80", "Tesla T4",
    "Tesla V100", "GeForce RTX 3060", "GeForce RTX 3090", "A100", "GeForce RTX 4070",
    "GeForce RTX 4090", "L4", "H100", "H200", "GeForce RTX 5090",
};

std::string newest(const Resolution& r, bool natively) {
    for (const auto& c : r.candidates) {
        if (natively && c.compatibility == Compatibility::PtxJit) continue;
        std::string cell(c.tensorflow.text());
        if (c.compatibility == Compatibility::PtxJit) cell += " (ptx-jit)";
        // Unknown, not assumed: say where the release's own list was not checked.
        if (c.notes.has(NoteCode::ArchesUnknown) || c.notes.has(NoteCode::ArchesMinimumOnly)) cell += " (list not checked)";
        return cell;
    }
    return "none";
}

std::string gpu_summary() {
    std::string out;
    out += "| GPU | compute capability | Linux/WSL2: newest native | Linux/WSL2: newest at all | native Windows: newest native | native Windows: newest at all |\n";
    out += "|---|---|---|---|---|---|\n";
    for (std::string_view name : gpus) {
        const GpuModel* g = find_gpu(name);
        if (g == nullptr) throw std::runtime_error("GPU not in the bundled table: " + std::string(name));
        const std::string cc = std::to_string(g->cc.major()) + "." + std::to_string(g->cc.minor());
        out += "| " + std::string(g->name) + " | " + cc;
        for (Platform p : {Platform::Linux, Platform::Windows}) {
            Query q;
            q.platform = p;
            q.cc.push_back(g->cc);
            const Resolution r = resolve(q);
            out += " | " + newest(r, true) + " | " + newest(r, false);
        }
        out += " |\n";
    }
    out += "\n\"Native\" means the wheels carry SASS the GPU runs (full or minor-version); \"at all\" adds PTX JIT. Any driver is assumed. "
           "\"list not checked\": the release's own capability list is unknown or only a minimum is stated, so only NVIDIA's toolkit range "
           "and that minimum were applied.\n";
    return out;
}

std::string str(std::string_view s) { return std::string(s); }
std::string minor_of(const Version& v) { return std::to_string(v.major()) + "." + std::to_string(v.minor()); }
Version minor_version(const Version& v) { return *Version::parse(minor_of(v)); }
std::string range(const Version& a, const Version& b) { return a == b ? str(a.text()) : str(a.text()) + "–" + str(b.text()); }

// The TensorFlow minors with GPU rows on a platform, oldest first.
std::vector<Version> tf_minors(Platform p) {
    std::vector<Version> out;
    for (const auto& r : tables::tensorflow)
        if (r.platform == p) out.push_back(minor_version(r.tensorflow));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// The entries of `sequence` that are in `chosen`, as runs: "1.15, 2.0–2.11".
std::string runs(const std::vector<Version>& sequence, const std::function<bool(const Version&)>& chosen) {
    std::string out;
    for (std::size_t i = 0; i < sequence.size();) {
        if (!chosen(sequence[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j + 1 < sequence.size() && chosen(sequence[j + 1])) ++j;
        out += (out.empty() ? "" : ", ") + range(sequence[i], sequence[j]);
        i = j + 1;
    }
    return out.empty() ? "none" : out;
}

template <class Rows, class Key>
std::string counted(const Rows& rows, Key key) {
    std::map<std::string, int> n;
    std::vector<std::string> order;
    for (const auto& r : rows) {
        const std::string k = key(r);
        if (n[k]++ == 0) order.push_back(k);
    }
    std::string out;
    for (const auto& k : order) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(n[k]);
    return out;
}

template <class Rows, class Get>
std::pair<Version, Version> span_of(const Rows& rows, Get get) {
    Version lo = get(rows[0]), hi = get(rows[0]);
    for (const auto& r : rows) {
        lo = std::min(lo, get(r));
        hi = std::max(hi, get(r));
    }
    return {lo, hi};
}

std::string framework_rows(std::span<const FrameworkRelease> rows) {
    std::set<std::string> releases;
    for (const auto& r : rows) releases.insert(str(r.version.text()));
    const auto [lo, hi] = span_of(rows, [](const FrameworkRelease& r) { return r.version; });
    int unknown_arches = 0;
    for (const auto& r : rows) unknown_arches += r.arches_known() ? 0 : 1;
    return std::to_string(rows.size()) + " rows of " + std::to_string(releases.size()) + " releases (" + range(lo, hi) + "): " +
           counted(rows, [](const FrameworkRelease& r) { return str(to_string(r.platform)) + " " + str(to_string(r.arch)); }) +
           "; capability lists unknown in " + std::to_string(unknown_arches) + " rows";
}

// What each table holds, counted from the tables themselves.
std::string data_counts() {
    std::string out = "| data | rows |\n| --- | --- |\n";
    auto row = [&](const std::string& what, const std::string& rows) { out += "| " + what + " | " + rows + " |\n"; };
    {
        std::string cell = std::to_string(tables::tensorflow.size()) + " GPU rows:";
        const char* sep = " ";
        for (Platform p : {Platform::Linux, Platform::Windows, Platform::MacOS}) {
            std::vector<Version> v;
            for (const auto& r : tables::tensorflow)
                if (r.platform == p) v.push_back(r.tensorflow);
            cell += sep + str(to_string(p)) + " " + std::to_string(v.size()) + " (" + range(*std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end())) + ")";
            sep = ", ";
        }
        row("`tensorflow.json` rows", cell);
    }
    {
        std::vector<TensorFlowArches> wheels, conda;
        for (const auto& a : tables::tensorflow_arches) (a.build.empty() ? wheels : conda).push_back(a);
        std::string cell = std::to_string(wheels.size()) + " rows for the official wheels, " + std::to_string(conda.size()) +
                           " for Anaconda's `defaults` builds. Per platform, the TensorFlow minors whose wheels have";
        for (Platform p : {Platform::Linux, Platform::Windows}) {
            auto has = [&](const Version& m, bool full) {
                return std::any_of(wheels.begin(), wheels.end(), [&](const TensorFlowArches& a) {
                    return minor_version(a.tensorflow) == m && (a.platform == "all" || a.platform == to_string(p)) &&
                           full == (!a.sass.empty() || !a.ptx.empty());
                });
            };
            const auto minors = tf_minors(p);
            cell += " — " + str(to_string(p)) + ": a full SASS/PTX list " + runs(minors, [&](const Version& m) { return has(m, true); }) +
                    "; only a stated minimum " + runs(minors, [&](const Version& m) { return !has(m, true) && has(m, false); }) +
                    "; nothing known " + runs(minors, [&](const Version& m) { return !has(m, true) && !has(m, false); });
        }
        row("`tensorflow_builds.json` cuda_arches", cell);
        const auto [lo, hi] = span_of(tables::tensorflow_libraries, [](const TensorFlowLibraries& l) { return l.tensorflow; });
        row("`tensorflow_builds.json` libraries",
            std::to_string(tables::tensorflow_libraries.size()) + " (" + range(lo, hi) + "; " +
                counted(tables::tensorflow_libraries, [](const TensorFlowLibraries& l) { return str(l.platform); }) + ")");
        std::string extras;
        for (const auto& e : tables::tensorflow_pip_extras) extras += (extras.empty() ? "" : ", ") + ("`[" + str(e.extra) + "]` from " + str(e.tensorflow.text()));
        row("`tensorflow_builds.json` pip_extras", std::to_string(tables::tensorflow_pip_extras.size()) + " (" + extras + ")");
    }
    {
        const auto& c = tables::cuda_releases;
        row("`cuda.json` releases", std::to_string(c.size()) + " (" + str(c.front().name) + " – " + str(c.back().name) + ")");
        std::string majors, froms;
        for (const auto& f : tables::minor_version_floors) majors += (majors.empty() ? "" : ", ") + std::to_string(f.major);
        for (const auto& a : tables::architecture_ranges) froms += (froms.empty() ? "" : ", ") + str(a.cuda_from.text());
        row("`cuda.json` minor_version_compatibility", std::to_string(tables::minor_version_floors.size()) + " (CUDA " + majors + ")");
        row("`cuda.json` architectures", std::to_string(tables::architecture_ranges.size()) + " (from CUDA " + froms + ")");
        std::set<std::string> releases;
        for (const auto& l : tables::cuda_libraries) releases.insert(str(l.cuda.text()));
        const auto [lo, hi] = span_of(tables::cuda_libraries, [](const CudaLibraries& l) { return l.cuda; });
        row("`cuda.json` libraries", std::to_string(releases.size()) + " toolkit releases (" + range(lo, hi) + "), " +
                                         counted(tables::cuda_libraries, [](const CudaLibraries& l) { return str(l.platform); }));
    }
    {
        const auto [lo, hi] = span_of(tables::cudnn_releases, [](const CudnnRelease& r) { return r.version; });
        row("`cudnn.json` releases", std::to_string(tables::cudnn_releases.size()) + " (" + range(lo, hi) + ")");
        row("`cudnn.json` libraries", std::to_string(tables::cudnn_libraries.size()));
    }
    row("`conda.json` packages", std::to_string(tables::conda_packages.size()) + " (" +
                                     counted(tables::conda_packages, [](const CondaPackage& p) { return str(to_string(p.channel)) + " " + str(p.subdir); }) + ")");
    row("`gpus.json` gpus", std::to_string(tables::gpus.size()));
    row("`windows.json` builds", std::to_string(tables::windows_builds.size()));
    row("`windows.json` requirements", std::to_string(tables::requirements.size()));
    row("`python_constraints.json` constraints",
        std::to_string(tables::python_constraints.size()) + " (" +
            counted(tables::python_constraints, [](const PythonConstraint& c) { return str(c.package) + str(c.spec); }) + ")");
    row("`pytorch.json` releases", framework_rows(tables::pytorch));
    row("`jax.json` releases", framework_rows(tables::jax));
    row("`jax.json` statements", std::to_string(tables::framework_statements.size()));
    return out;
}

std::string joined_names(std::initializer_list<std::string_view> names) {
    std::string out;
    for (std::string_view n : names)
        if (!n.empty()) out += (out.empty() ? "" : ", ") + str(n);
    return out;
}

// Library file names per CUDA release and platform (cuda.json libraries).
std::string cuda_library_names() {
    std::string out = "| CUDA | Linux | Windows | source |\n| --- | --- | --- | --- |\n";
    for (const auto& l : tables::cuda_libraries) {
        if (l.platform != "linux") continue;
        const CudaLibraries* w = nullptr;
        for (const auto& x : tables::cuda_libraries)
            if (x.platform == "windows" && x.cuda == l.cuda) w = &x;
        auto names = [](const CudaLibraries* x) {
            return x == nullptr ? std::string("not known")
                                : joined_names({x->cudart, x->cublas, x->cublaslt, x->cufft, x->curand, x->cusolver, x->cusparse, x->nvrtc});
        };
        out += "| " + str(l.cuda.text()) + " | " + names(&l) + " | " + names(w) + " | " + str(l.provenance.source) + " |\n";
    }
    return out;
}

// The CUDA versions each cuDNN release was built for; "12.x": every 12 minor.
std::string cudnn_cuda() {
    std::string out = "| cuDNN | CUDA | source |\n| --- | --- | --- |\n";
    for (const auto& r : tables::cudnn_releases) {
        std::string cuda;
        for (const auto& c : r.cuda) cuda += (cuda.empty() ? "" : ", ") + str(c.text()) + (c.size() == 1 ? ".x" : "");
        out += "| " + str(r.version.text()) + " | " + cuda + " | " + str(r.provenance.source) + " |\n";
    }
    return out;
}

struct Block {
    std::string_view name;
    std::string (*make)();
};
constexpr Block blocks[] = {
    {"data-counts", data_counts},
    {"gpu-summary", gpu_summary},
    {"cuda-libraries", cuda_library_names},
    {"cudnn-cuda", cudnn_cuda},
};
std::string begin_mark(std::string_view name) { return "<!-- " + str(name) + ":begin (tools/gpu_summary.cpp writes this block) -->\n"; }
std::string end_mark(std::string_view name) { return "<!-- " + str(name) + ":end -->\n"; }

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc == 1) {
            for (const Block& b : blocks) std::cout << begin_mark(b.name) << b.make() << end_mark(b.name) << "\n";
            return 0;
        }
        if (argc != 3 || (std::string_view(argv[1]) != "--check" && std::string_view(argv[1]) != "--write")) {
            std::cerr << "usage: gpucompat_gpu_summary [--check FILE | --write FILE]\n";
            return 2;
        }
        std::string text = slurp(argv[2]);
        bool differs = false;
        for (const Block& block : blocks) {
            const std::string begin = begin_mark(block.name), end = end_mark(block.name);
            const auto a = text.find(begin);
            const auto b = text.find(end);
            if (a == std::string::npos || b == std::string::npos || b < a) {
                std::cerr << argv[2] << ": no " << block.name << " block (the begin and end markers)\n";
                return 2;
            }
            const std::string want = begin + block.make() + end;
            if (text.compare(a, b + end.size() - a, want) == 0) continue;
            differs = true;
            if (std::string_view(argv[1]) == "--check")
                std::cerr << argv[2] << ": the " << block.name << " block differs from the tables; regenerate with gpucompat_gpu_summary --write "
                          << argv[2] << "\n";
            text = text.substr(0, a) + want + text.substr(b + end.size());
        }
        if (std::string_view(argv[1]) == "--check") return differs ? 1 : 0;
        std::ofstream(argv[2], std::ios::binary) << text;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "gpucompat_gpu_summary: " << e.what() << "\n";
        return 2;
    }
}
