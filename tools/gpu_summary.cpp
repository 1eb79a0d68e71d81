// gpucompat_gpu_summary: the table in data/README.md of well-known GPUs and
// the newest TensorFlow that runs on each, natively (SASS) and at all (PTX
// JIT included), per platform: computed from the bundled tables, never typed.
//
//   gpucompat_gpu_summary              print the block
//   gpucompat_gpu_summary --check F    exit 1 if F's block differs (a test)
//   gpucompat_gpu_summary --write F    replace F's block
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/gpus.hpp>

using namespace gpucompat;

namespace {

constexpr std::string_view begin_mark = "<!-- gpu-summary:begin (tools/gpu_summary.cpp writes this block) -->\n";
constexpr std::string_view end_mark = "<!-- gpu-summary:end -->\n";

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

std::string block() {
    std::string out(begin_mark);
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
    out += end_mark;
    return out;
}

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
        const std::string want = block();
        if (argc == 1) {
            std::cout << want;
            return 0;
        }
        if (argc != 3 || (std::string_view(argv[1]) != "--check" && std::string_view(argv[1]) != "--write")) {
            std::cerr << "usage: gpucompat_gpu_summary [--check FILE | --write FILE]\n";
            return 2;
        }
        const std::string text = slurp(argv[2]);
        const auto a = text.find(begin_mark);
        const auto b = text.find(end_mark);
        if (a == std::string::npos || b == std::string::npos || b < a) {
            std::cerr << argv[2] << ": no gpu-summary block (the begin and end markers)\n";
            return 2;
        }
        const std::string have = text.substr(a, b + end_mark.size() - a);
        if (std::string_view(argv[1]) == "--check") {
            if (have == want) return 0;
            std::cerr << argv[2] << ": the GPU summary differs from the tables; regenerate with gpucompat_gpu_summary --write " << argv[2] << "\n";
            return 1;
        }
        const std::string updated = text.substr(0, a) + want + text.substr(b + end_mark.size());
        std::ofstream(argv[2], std::ios::binary) << updated;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "gpucompat_gpu_summary: " << e.what() << "\n";
        return 2;
    }
}
