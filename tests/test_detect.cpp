// Detection parsers over real captured output (tests/fixtures/, see SOURCES.md there).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <gpucompat/detect.hpp>

using namespace gpucompat;
using namespace gpucompat::detect;
namespace fs = std::filesystem;

namespace {
std::string fixture(const std::string& rel) {
    std::ifstream in(fs::path(GPUCOMPAT_FIXTURES_DIR) / rel, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

TEST_CASE("H100 with driver 580: every source agrees") {
    const auto sys = parse_sys_module_version(fixture("linux-h100-driver580/sys_module_nvidia_version.txt"));
    REQUIRE(sys);
    CHECK(sys->text() == "580.159.04");
    // Two spaces around the version and trailing spaces in this file.
    const auto proc = parse_proc_driver_version(fixture("linux-h100-driver580/proc_driver_nvidia_version.txt"));
    REQUIRE(proc);
    CHECK(proc->text() == "580.159.04");
    const auto banner = parse_nvidia_smi_banner(fixture("linux-h100-driver580/nvidia-smi.txt"));
    REQUIRE(banner.driver);
    CHECK(banner.driver->text() == "580.159.04");
    REQUIRE(banner.driver_cuda);
    CHECK(*banner.driver_cuda == DriverCudaVersion{13, 0});
    const auto rows = parse_nvidia_smi_csv(fixture("linux-h100-driver580/nvidia-smi-query-index-name-driver-cc.csv"));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].gpu.name == "NVIDIA H100 80GB HBM3");
    CHECK(*rows[0].gpu.cc == ComputeCapability{9, 0});
    CHECK(rows[0].driver->text() == "580.159.04");
    const auto libs = parse_ldconfig(fixture("linux-h100-driver580/ldconfig-p-cuda.txt"));
    bool cudart13 = false, cudnn9 = false;
    for (const auto& l : libs) {
        if (l.name == "libcudart.so.13") cudart13 = l.path == "/usr/local/cuda/targets/x86_64-linux/lib/libcudart.so.13";
        if (l.name == "libcudnn.so.9") cudnn9 = true;
    }
    CHECK(cudart13);
    CHECK(cudnn9);
}

TEST_CASE("the older /proc format and other driver spellings") {
    CHECK(parse_proc_driver_version("NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n")->text() ==
          "535.104.05");
    CHECK_FALSE(parse_proc_driver_version("NVRM version: garbage\n"));
    CHECK_FALSE(parse_proc_driver_version(""));
    CHECK_FALSE(parse_sys_module_version("not a version\n"));
    CHECK_FALSE(parse_sys_module_version(""));
}

TEST_CASE("nvidia-smi CSV with several GPUs keeps every line; headers and junk are skipped") {
    const std::string csv =
        "index, name, driver_version, compute_cap\n"
        "0, NVIDIA GeForce RTX 3090, 535.54.03, 8.6\n"
        "1, NVIDIA GeForce RTX 3090, 535.54.03, 8.6\n"
        "2, Tesla T4, 535.54.03, 7.5\n"
        "garbage line\n";
    const auto rows = parse_nvidia_smi_csv(csv);
    REQUIRE(rows.size() == 3);
    CHECK(rows[2].index == 2);
    CHECK(rows[2].gpu.name == "Tesla T4");
    CHECK(*rows[2].gpu.cc == ComputeCapability{7, 5});
    CHECK(parse_nvidia_smi_csv("").empty());
    // compute_cap is "[N/A]" on old drivers: the GPU is kept without it.
    const auto na = parse_nvidia_smi_csv("0, Quadro K620, 470.82.01, [N/A]\n");
    REQUIRE(na.size() == 1);
    CHECK_FALSE(na[0].gpu.cc);
}

TEST_CASE("WSL kernels, Windows' ver, python --version") {
    CHECK(parse_kernel_release("5.15.153.1-microsoft-standard-WSL2\n").wsl2);
    CHECK_FALSE(parse_kernel_release("4.4.0-19041-Microsoft\n").wsl2);
    CHECK(parse_kernel_release("4.4.0-19041-Microsoft\n").wsl);
    CHECK_FALSE(parse_kernel_release("6.18.0\n").wsl);
    CHECK(*parse_windows_ver("\r\nMicrosoft Windows [Version 10.0.19045.3803]\r\n") == 19045U);
    CHECK_FALSE(parse_windows_ver("'cmd.exe' is not recognized"));
    CHECK(parse_python_version("Python 3.10.12\n")->text() == "3.10.12");
    CHECK_FALSE(parse_python_version("Python"));
}

TEST_CASE("versions from library names, cudnnGetVersion and headers") {
    CHECK(version_from_library_name("libcudart.so.11.0")->text() == "11.0");
    CHECK(version_from_library_name("libcudart.so.13")->text() == "13");
    CHECK(version_from_library_name("libcudnn.so.8")->text() == "8");
    CHECK(version_from_library_name("cudart64_101.dll")->text() == "10.1");
    CHECK(version_from_library_name("cudart64_110.dll")->text() == "11.0");
    CHECK(version_from_library_name("cudart64_12.dll")->text() == "12");
    CHECK(version_from_library_name("cudnn64_8.dll")->text() == "8");
    CHECK_FALSE(version_from_library_name("libcudart.so"));
    CHECK(cudnn_version_from_int(7605).text() == "7.6.5");
    CHECK(cudnn_version_from_int(8100).text() == "8.1.0");
    CHECK(cudnn_version_from_int(91900).text() == "9.19.0");
    CHECK(cuda_version_from_int(12040).text() == "12.4");
    CHECK(parse_cudnn_header("#define CUDNN_MAJOR 9\n#define CUDNN_MINOR 19\n#define CUDNN_PATCHLEVEL 0\n")->text() == "9.19.0");
    CHECK_FALSE(parse_cudnn_header("#define CUDNN_MAJOR 9\n"));
}

TEST_CASE("captured nvidia-smi tables: WSL2, native Windows, multi-GPU, old Colab") {
    struct Case {
        const char* file;
        const char* driver;
        std::optional<DriverCudaVersion> cuda;
        std::size_t gpus;
        const char* first_name;
    };
    const Case cases[] = {
        {"wsl2-rtx4070-driver555/nvidia-smi.txt", "555.99", DriverCudaVersion{12, 5}, 1, "NVIDIA GeForce RTX 4070"},
        // CUDA Version: ERR! under WSL2: the driver is read, the CUDA level is unknown.
        {"wsl2-rtx3060-laptop-driver546-cuda-err/nvidia-smi.txt", "546.80", std::nullopt, 1, "NVIDIA GeForce RTX 3060"},
        {"linux-8x-h200-driver570/nvidia-smi.txt", "570.133.20", DriverCudaVersion{12, 8}, 8, "NVIDIA H200"},
        {"linux-2x-rtx4090-driver580/nvidia-smi.txt", "580.126.09", DriverCudaVersion{13, 0}, 2, "NVIDIA GeForce RTX 4090"},
        // Starts with a UTF-8 BOM; the driver-model column says WDDM.
        {"windows-rtx5060-driver576-wddm/nvidia-smi.txt", "576.88", DriverCudaVersion{12, 9}, 1, "NVIDIA GeForce RTX 5060"},
        {"windows-rtx3050-4gb-driver546-wddm/nvidia-smi.txt", "546.12", DriverCudaVersion{12, 3}, 1, "NVIDIA GeForce RTX 3050"},
        // NVIDIA-SMI 460.27.04 but Driver Version 418.67: the driver column wins.
        {"colab-v100-driver418-cuda10.1/nvidia-smi.txt", "418.67", DriverCudaVersion{10, 1}, 1, "Tesla V100-SXM2"},
        {"linux-h100-driver580/nvidia-smi.txt", "580.159.04", DriverCudaVersion{13, 0}, 1, "NVIDIA H100 80GB HBM3"},
    };
    for (const auto& c : cases) {
        const std::string file = c.file;
        CAPTURE(file);
        const std::string text = fixture(file);
        const auto b = parse_nvidia_smi_banner(text);
        REQUIRE(b.driver);
        CHECK(b.driver->text() == c.driver);
        CHECK(b.driver_cuda == c.cuda);
        const auto gpus = parse_nvidia_smi_table(text);
        CHECK(gpus.size() == c.gpus);
        REQUIRE(!gpus.empty());
        CHECK(gpus[0].name == c.first_name);
        CHECK(gpus.back().index == static_cast<int>(c.gpus - 1));
    }
}

TEST_CASE("captured /proc files in both formats, a CSV without header, Windows' ver") {
    CHECK(parse_proc_driver_version(fixture("linux-gt520-driver384/proc_driver_nvidia_version.txt"))->text() == "384.98");
    CHECK(parse_proc_driver_version(fixture("linux-open-kmod-driver525/proc_driver_nvidia_version.txt"))->text() == "525.60.11");
    // name,memory.total,driver_version,pci.device_id: not our column order, so no row is invented.
    CHECK(parse_nvidia_smi_csv(fixture("linux-2x-quadro-rtx6000-driver570/nvidia-smi-query.csv")).empty());
    CHECK(*parse_windows_ver(fixture("wsl2-rtx3060-laptop-driver546-cuda-err/cmd-ver.txt")) == 22631U);
}
