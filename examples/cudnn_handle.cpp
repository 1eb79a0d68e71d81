// cudnn_handle — confirm the live CUDA/cuDNN runtime, and ask gpucompat which
// TensorFlow releases it can serve.
//
// Creates a cuDNN handle, reads every version the runtime reports, runs one
// real 3x3 convolution on the GPU and compares it with a CPU reference (so
// "works" means computes, not just loads), then hands the facts to
// gpucompat::check(LiveRuntime).
//
// Exit: 0 consistent, 1 inconsistent (or the convolution was wrong), 3 no GPU or driver.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <cuda_runtime_api.h>
#include <cudnn.h>

#include <gpucompat/detect.hpp>
#include <gpucompat/live_runtime.hpp>

namespace {

int fail_cudnn(const char* what, cudnnStatus_t s) {
    std::printf("FAIL %s: %s\n", what, cudnnGetErrorString(s));
    return 1;
}

// out[y][x] = sum over the 3x3 window of in * w, zero padding 1 (cross-correlation, as cuDNN computes).
std::vector<float> conv3x3_reference(const std::vector<float>& in, const std::vector<float>& w, int h, int wd) {
    std::vector<float> out(static_cast<std::size_t>(h * wd), 0.0f);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < wd; ++x) {
            float acc = 0.0f;
            for (int ky = 0; ky < 3; ++ky)
                for (int kx = 0; kx < 3; ++kx) {
                    const int iy = y + ky - 1, ix = x + kx - 1;
                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) acc += in[static_cast<std::size_t>(iy * wd + ix)] * w[static_cast<std::size_t>(ky * 3 + kx)];
                }
            out[static_cast<std::size_t>(y * wd + x)] = acc;
        }
    return out;
}

// One real convolution: returns the largest absolute error against the CPU.
bool convolve(cudnnHandle_t handle, double& max_error) {
    constexpr int H = 8, W = 8;
    std::vector<float> in(H * W), w(9);
    for (int i = 0; i < H * W; ++i) in[static_cast<std::size_t>(i)] = static_cast<float>((i * 7) % 11) - 5.0f;
    for (int i = 0; i < 9; ++i) w[static_cast<std::size_t>(i)] = static_cast<float>(i % 3) - 1.0f + 0.25f * static_cast<float>(i);
    const auto expected = conv3x3_reference(in, w, H, W);

    cudnnTensorDescriptor_t x_desc{}, y_desc{};
    cudnnFilterDescriptor_t w_desc{};
    cudnnConvolutionDescriptor_t conv{};
    cudnnCreateTensorDescriptor(&x_desc);
    cudnnCreateTensorDescriptor(&y_desc);
    cudnnCreateFilterDescriptor(&w_desc);
    cudnnCreateConvolutionDescriptor(&conv);
    cudnnSetTensor4dDescriptor(x_desc, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1, 1, H, W);
    cudnnSetTensor4dDescriptor(y_desc, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1, 1, H, W);
    cudnnSetFilter4dDescriptor(w_desc, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, 1, 1, 3, 3);
    cudnnSetConvolution2dDescriptor(conv, 1, 1, 1, 1, 1, 1, CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT);

    float *dx = nullptr, *dw = nullptr, *dy = nullptr;
    void* workspace = nullptr;
    std::size_t workspace_size = 0;
    const auto algo = CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
    bool ok = cudaMalloc(reinterpret_cast<void**>(&dx), in.size() * sizeof(float)) == cudaSuccess && cudaMalloc(reinterpret_cast<void**>(&dw), w.size() * sizeof(float)) == cudaSuccess &&
              cudaMalloc(reinterpret_cast<void**>(&dy), expected.size() * sizeof(float)) == cudaSuccess;
    ok = ok && cudaMemcpy(dx, in.data(), in.size() * sizeof(float), cudaMemcpyHostToDevice) == cudaSuccess;
    ok = ok && cudaMemcpy(dw, w.data(), w.size() * sizeof(float), cudaMemcpyHostToDevice) == cudaSuccess;
    ok = ok && cudnnGetConvolutionForwardWorkspaceSize(handle, x_desc, w_desc, conv, y_desc, algo, &workspace_size) == CUDNN_STATUS_SUCCESS;
    if (ok && workspace_size > 0) ok = cudaMalloc(&workspace, workspace_size) == cudaSuccess;
    const float alpha = 1.0f, beta = 0.0f;
    ok = ok && cudnnConvolutionForward(handle, &alpha, x_desc, dx, w_desc, dw, conv, algo, workspace, workspace_size, &beta, y_desc, dy) ==
                   CUDNN_STATUS_SUCCESS;
    std::vector<float> got(expected.size());
    ok = ok && cudaMemcpy(got.data(), dy, got.size() * sizeof(float), cudaMemcpyDeviceToHost) == cudaSuccess;
    max_error = 0.0;
    for (std::size_t i = 0; ok && i < got.size(); ++i) max_error = std::max(max_error, std::fabs(static_cast<double>(got[i] - expected[i])));
    cudaFree(dx);
    cudaFree(dw);
    cudaFree(dy);
    cudaFree(workspace);
    cudnnDestroyConvolutionDescriptor(conv);
    cudnnDestroyFilterDescriptor(w_desc);
    cudnnDestroyTensorDescriptor(x_desc);
    cudnnDestroyTensorDescriptor(y_desc);
    return ok;
}

}  // namespace

int main() {
    using namespace gpucompat;
    LiveRuntime live;
    int count = 0;
    const cudaError_t devices = cudaGetDeviceCount(&count);
    int driver = 0, runtime = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    if (devices != cudaSuccess || count == 0 || driver == 0) {
        std::printf("No usable NVIDIA GPU: %s (driver CUDA level: %s). Nothing to confirm.\n",
                    devices == cudaSuccess ? "no CUDA device found" : cudaGetErrorString(devices),
                    driver == 0 ? "no driver loaded" : std::to_string(driver).c_str());
        return 3;
    }
    live.cuda_runtime = detect::cuda_version_from_int(static_cast<std::uint32_t>(runtime));
    if (auto d = DriverCudaVersion::from_int(static_cast<std::uint32_t>(driver))) live.driver_cuda = *d;
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp p{};
        if (cudaGetDeviceProperties(&p, i) != cudaSuccess) continue;
        live.gpus.push_back({p.name, ComputeCapability{static_cast<std::uint8_t>(p.major), static_cast<std::uint8_t>(p.minor)}});
    }

    const auto t0 = std::chrono::steady_clock::now();
    cudnnHandle_t handle{};
    const cudnnStatus_t created = cudnnCreate(&handle);
    const auto t1 = std::chrono::steady_clock::now();
    if (created != CUDNN_STATUS_SUCCESS) return fail_cudnn("cudnnCreate", created);
    const std::size_t cudnn_version = cudnnGetVersion();
    const std::size_t cudnn_cudart = cudnnGetCudartVersion();
    live.cudnn = detect::cudnn_version_from_int(static_cast<std::uint32_t>(cudnn_version));
    live.cudnn_cudart = detect::cuda_version_from_int(static_cast<std::uint32_t>(cudnn_cudart));
    const std::uint32_t header[3] = {CUDNN_MAJOR, CUDNN_MINOR, CUDNN_PATCHLEVEL};
    live.cudnn_header = Version::from_components(header, 3);

    std::printf("cuDNN handle created in %.3f ms\n", std::chrono::duration<double, std::milli>(t1 - t0).count());
    std::printf("cudnnGetVersion        %zu (%s)\n", cudnn_version, std::string(live.cudnn->text()).c_str());
    std::printf("CUDNN_VERSION (header) %d (%s)\n", CUDNN_VERSION, std::string(live.cudnn_header->text()).c_str());
    std::printf("cudnnGetCudartVersion  %zu (cuDNN built for CUDA %s)\n", cudnn_cudart, std::string(live.cudnn_cudart->text()).c_str());
    std::printf("cudaRuntimeGetVersion  %d (CUDA runtime %s)\n", runtime, std::string(live.cuda_runtime->text()).c_str());
    std::printf("cudaDriverGetVersion   %d (driver implements CUDA %s)\n", driver, std::string(live.driver_cuda->version().text()).c_str());
    for (std::size_t i = 0; i < live.gpus.size(); ++i)
        std::printf("GPU %zu                  %s, compute capability %u.%u\n", i, live.gpus[i].name.c_str(), live.gpus[i].cc.major(),
                    live.gpus[i].cc.minor());

    double max_error = 0.0;
    const auto t2 = std::chrono::steady_clock::now();
    const bool computed = convolve(handle, max_error);
    const auto t3 = std::chrono::steady_clock::now();
    cudnnDestroy(handle);
    const bool correct = computed && max_error < 1e-4;
    std::printf("3x3 convolution on GPU %s: max |GPU - CPU| = %.2e (%.3f ms)\n", correct ? "matches the CPU" : "FAILED", max_error,
                std::chrono::duration<double, std::milli>(t3 - t2).count());

    const LiveVerdict v = check(live);
    std::printf("\nVerdict: %s\n", v.consistent() ? "the loaded pieces are consistent" : "INCONSISTENT");
    for (const auto& p : v.problems) std::printf("  %s: %s\n    fix: %s\n", std::string(to_string(p.code)).c_str(), p.message.c_str(), p.fix.c_str());
    for (const auto& n : v.notes) std::printf("  note: %s\n", n.c_str());
    if (v.serves.empty()) {
        std::printf("No official TensorFlow GPU release runs on this exact runtime. Closest:\n");
    } else {
        std::printf("TensorFlow releases this runtime serves:");
        for (const auto* row : v.serves) std::printf(" %s", std::string(row->tensorflow.text()).c_str());
        std::printf("\n");
    }
    for (const auto& [row, why] : v.near_misses) std::printf("  %s: %s\n", std::string(row->tensorflow.text()).c_str(), why.c_str());
    return v.consistent() && correct ? 0 : 1;
}
