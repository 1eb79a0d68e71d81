// gpucompat — LiveRuntime: is what this process actually loaded consistent,
// and which TensorFlow releases can it serve?
//
// Fill a LiveRuntime from the running libraries (cudnnGetVersion,
// cudnnGetCudartVersion, cudaRuntimeGetVersion, cudaDriverGetVersion and the
// devices' compute capabilities: examples/cudnn_handle.cpp links them;
// probe.hpp loads them at run time), then call check(). The rules:
//  * cuDNN is built per CUDA major: the CUDA runtime it was built against
//    (cudnnGetCudartVersion) must have the loaded runtime's major;
//  * the driver must implement the runtime's CUDA version, or its major
//    under minor version compatibility (CUDA 11+);
//  * a TensorFlow release is served when check() of the installed stack
//    passes for it and every GPU can run its kernels (where the tables know
//    its architectures).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check.hpp"
#include "explain.hpp"

namespace gpucompat {

struct LiveGpu {
    std::string name;
    ComputeCapability cc;
};

struct LiveRuntime {
    Platform platform = Platform::Linux;
    std::optional<Version> cudnn;                  // cudnnGetVersion()
    std::optional<Version> cudnn_header;           // CUDNN_MAJOR.MINOR.PATCHLEVEL the program was compiled with
    std::optional<Version> cudnn_cudart;           // cudnnGetCudartVersion(): the CUDA cuDNN was built for
    std::optional<Version> cuda_runtime;           // cudaRuntimeGetVersion()
    std::optional<DriverCudaVersion> driver_cuda;  // cudaDriverGetVersion()
    std::optional<DriverVersion> driver;           // the display driver, when known
    std::vector<LiveGpu> gpus;
};

enum class LiveProblem { CudnnCudaMismatch, RuntimeNewerThanDriver, CudnnHeaderMismatch };

struct LiveIssue {
    LiveProblem code;
    std::string message;
    std::string fix;
};

struct LiveVerdict {
    std::vector<LiveIssue> problems;     // the pieces disagree with each other
    std::vector<std::string> notes;      // e.g. minor version compatibility in use
    std::vector<const TensorFlowRow*> serves;  // releases this runtime can run, newest first
    std::vector<std::pair<const TensorFlowRow*, std::string>> near_misses;  // the newest releases it cannot, and why
    [[nodiscard]] bool consistent() const noexcept { return problems.empty(); }
};

[[nodiscard]] inline std::string_view to_string(LiveProblem p) noexcept {
    switch (p) {
        case LiveProblem::CudnnCudaMismatch: return "cudnn-cuda-mismatch";
        case LiveProblem::RuntimeNewerThanDriver: return "runtime-newer-than-driver";
        case LiveProblem::CudnnHeaderMismatch: return "cudnn-header-mismatch";
    }
    return "?";
}

[[nodiscard]] inline LiveVerdict check(const LiveRuntime& live, const TableSet& t = bundled) {
    using detail::str;
    LiveVerdict v;
    if (live.cudnn && live.cudnn_cudart && live.cuda_runtime && live.cudnn_cudart->major() != live.cuda_runtime->major()) {
        v.problems.push_back({LiveProblem::CudnnCudaMismatch,
                              "cuDNN " + str(live.cudnn->text()) + " was built for CUDA " + str(live.cudnn_cudart->truncated(2).text()) +
                                  " but the loaded CUDA runtime is " + str(live.cuda_runtime->truncated(2).text()) +
                                  " (cuDNN ships one build per CUDA major: cuDNN support matrix)",
                              "install the cuDNN " + std::to_string(live.cudnn->major()) + ".x build for CUDA " +
                                  std::to_string(live.cuda_runtime->major()) + " (e.g. nvidia-cudnn-cu" +
                                  std::to_string(live.cuda_runtime->major()) + ")"});
    }
    // Seen on a real machine: headers of one cuDNN (/usr/local/cuda) and the
    // library of another (/usr/lib/x86_64-linux-gnu) in the same build.
    if (live.cudnn && live.cudnn_header) {
        const std::string both = "compiled against cuDNN " + str(live.cudnn_header->text()) + " headers but running cuDNN " + str(live.cudnn->text());
        if (live.cudnn->major() != live.cudnn_header->major())
            v.problems.push_back({LiveProblem::CudnnHeaderMismatch, "The program was " + both + " (another major version)",
                                  "point the build and the loader at the same cuDNN (CUDNN_ROOT, LD_LIBRARY_PATH)"});
        else if (*live.cudnn < *live.cudnn_header)
            v.notes.push_back("The program was " + both + ", an older library than its headers: newer API added after " +
                              str(live.cudnn->text()) + " is missing at run time");
    }
    if (live.cuda_runtime && live.driver_cuda) {
        const DriverCudaVersion need{live.cuda_runtime->major(), live.cuda_runtime->minor()};
        if (*live.driver_cuda < need) {
            if (need.major() >= 11 && live.driver_cuda->major() == need.major() && find_minor_version_floor(need.major(), t)) {
                v.notes.push_back("The driver implements CUDA " + str(live.driver_cuda->version().text()) + ", older than the runtime's " +
                                  str(live.cuda_runtime->truncated(2).text()) +
                                  ": this runs through minor version compatibility (no PTX JIT of newer PTX)");
            } else {
                v.problems.push_back({LiveProblem::RuntimeNewerThanDriver,
                                      "The CUDA runtime is " + str(live.cuda_runtime->truncated(2).text()) + " but the driver implements only CUDA " +
                                          str(live.driver_cuda->version().text()),
                                      "update the NVIDIA driver to one that supports CUDA " + str(live.cuda_runtime->truncated(2).text())});
            }
        }
    }
    // Which releases can this runtime serve?
    for (const auto& row : t.tensorflow) {
        const Platform rows_of = live.platform == Platform::Wsl2 ? Platform::Linux : live.platform;
        if (row.platform != rows_of) continue;
        InstalledStack s;
        s.tensorflow = row.tensorflow;
        s.platform = live.platform;
        s.cuda = live.cuda_runtime;
        s.cudnn = live.cudnn;
        s.driver = live.driver;
        s.driver_cuda = live.driver_cuda;
        const CheckResult r = check(s, t);
        std::string why;
        for (const auto& p : r.problems) why += (why.empty() ? "" : "; ") + str(to_string(p.code)) + ": " + problem_text(s, r, p.code).message;
        const RowFacts facts = row_facts(t, row);
        if (const auto* floor = facts.cc_range)
            for (const auto& g : live.gpus)
                if (g.cc < floor->cc_min)
                    why += (why.empty() ? "" : "; ") + std::string("compute-capability-unsupported: CUDA ") + str(row.cuda.text()) +
                           " builds for " + detail::cc_text(floor->cc_min) + " and newer; " + g.name + " is " + detail::cc_text(g.cc);
        if (const TensorFlowArches* a = facts.arches) {
            for (const auto& g : live.gpus) {
                bool runs = a->sass.empty() && a->ptx.empty() && !(g.cc < a->cc_min);
                for (const auto& x : a->sass) runs = runs || g.cc.runs_sass_of(x);
                for (const auto& x : a->ptx) runs = runs || g.cc.can_jit_ptx_of(x);
                if (!runs)
                    why += (why.empty() ? "" : "; ") + std::string("compute-capability-unsupported: ") + g.name + " (" + detail::cc_text(g.cc) + ")";
            }
        }
        if (why.empty()) v.serves.push_back(&row);
        else if (v.near_misses.size() < 3) v.near_misses.emplace_back(&row, why);
    }
    return v;
}

}  // namespace gpucompat
