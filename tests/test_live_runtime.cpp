// LiveRuntime::check over what examples/cudnn_handle printed on a real H100
// (tests/fixtures/linux-h100-driver580/cudnn_handle-*.txt), and crafted mismatches.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gpucompat/detect.hpp>
#include <gpucompat/live_runtime.hpp>

using namespace gpucompat;

namespace {
// Reads the integers cudnn_handle printed ("cudnnGetVersion        91400 (9.14)").
LiveRuntime from_capture(const std::string& file) {
    std::ifstream in(std::filesystem::path(GPUCOMPAT_FIXTURES_DIR) / "linux-h100-driver580" / file);
    REQUIRE(in.good());
    LiveRuntime live;
    std::string line;
    auto number_after = [](const std::string& l, const std::string& key) -> long {
        return std::stol(l.substr(key.size()));
    };
    while (std::getline(in, line)) {
        if (line.rfind("cudnnGetVersion", 0) == 0) live.cudnn = detect::cudnn_version_from_int(static_cast<std::uint32_t>(number_after(line, "cudnnGetVersion")));
        if (line.rfind("cudnnGetCudartVersion", 0) == 0)
            live.cudnn_cudart = detect::cuda_version_from_int(static_cast<std::uint32_t>(number_after(line, "cudnnGetCudartVersion")));
        if (line.rfind("cudaRuntimeGetVersion", 0) == 0)
            live.cuda_runtime = detect::cuda_version_from_int(static_cast<std::uint32_t>(number_after(line, "cudaRuntimeGetVersion")));
        if (line.rfind("cudaDriverGetVersion", 0) == 0)
            live.driver_cuda = *DriverCudaVersion::from_int(static_cast<std::uint32_t>(number_after(line, "cudaDriverGetVersion")));
        if (line.rfind("GPU 0", 0) == 0) live.gpus.push_back({"NVIDIA H100 80GB HBM3", ComputeCapability{9, 0}});
    }
    return live;
}
}  // namespace

TEST_CASE("H100, driver 580, CUDA 13.0 runtime, system cuDNN 9.14: consistent, but no TensorFlow release is built for CUDA 13") {
    const LiveRuntime live = from_capture("cudnn_handle-system-cudnn.txt");
    REQUIRE(live.cudnn);
    CHECK(live.cudnn->text() == "9.14.0");
    CHECK(live.cudnn_cudart->text() == "13.0");
    const LiveVerdict v = check(live);
    CHECK(v.consistent());
    CHECK(v.serves.empty());
    REQUIRE(!v.near_misses.empty());
    CHECK(v.near_misses[0].second.find("cuda-runtime-mismatch") != std::string::npos);
}

TEST_CASE("pip's cuDNN 9.19 built for CUDA 13.1 on a 13.0 runtime: same major, consistent") {
    const LiveRuntime live = from_capture("cudnn_handle-pip-cudnn.txt");
    CHECK(live.cudnn->text() == "9.19.0");
    CHECK(live.cudnn_cudart->text() == "13.1");
    CHECK(check(live).consistent());
}

TEST_CASE("mismatched pieces are named, with the fix") {
    LiveRuntime live;
    live.cudnn = *Version::parse("9.3.0");
    live.cudnn_cudart = *Version::parse("12.5");  // a cuDNN built for CUDA 12
    live.cuda_runtime = *Version::parse("13.0");
    live.driver_cuda = DriverCudaVersion{12, 4};  // a driver older than the runtime, another major
    const LiveVerdict v = check(live);
    REQUIRE(v.problems.size() == 2);
    CHECK(v.problems[0].code == LiveProblem::CudnnCudaMismatch);
    CHECK(v.problems[1].code == LiveProblem::RuntimeNewerThanDriver);
    CHECK(v.problems[0].fix.find("nvidia-cudnn-cu13") != std::string::npos);

    // Headers of one cuDNN, library of another (seen on the H100 machine: 9.19 headers, 9.14 library).
    LiveRuntime mixed;
    mixed.cudnn = *Version::parse("9.14.0");
    mixed.cudnn_header = *Version::parse("9.19.0");
    const LiveVerdict m = check(mixed);
    CHECK(m.consistent());
    REQUIRE(m.notes.size() == 1);
    CHECK(m.notes[0].find("older library than its headers") != std::string::npos);
    mixed.cudnn_header = *Version::parse("8.9.7");
    CHECK(check(mixed).problems[0].code == LiveProblem::CudnnHeaderMismatch);

    // A CUDA 12.5 runtime with cuDNN 9.3 for CUDA 12 on a 12.4 driver: minor version compatibility.
    live.cuda_runtime = *Version::parse("12.5");
    const LiveVerdict mvc = check(live);
    CHECK(mvc.consistent());
    CHECK(!mvc.notes.empty());
    bool serves_221 = false;
    for (const auto* row : mvc.serves) serves_221 = serves_221 || row->tensorflow == *Version::parse("2.21.0");
    CHECK(serves_221);
}
