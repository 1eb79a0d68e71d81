// libFuzzer: the detection parsers over arbitrary captured text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <gpucompat/detect.hpp>
#include <gpucompat/gpus.hpp>

using namespace gpucompat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    (void)detect::parse_sys_module_version(s);
    (void)detect::parse_proc_driver_version(s);
    (void)detect::parse_nvidia_smi_banner(s);
    (void)detect::parse_nvidia_smi_table(s);
    (void)detect::parse_nvidia_smi_csv(s);
    (void)detect::parse_kernel_release(s);
    (void)detect::parse_windows_ver(s);
    (void)detect::parse_python_version(s);
    (void)detect::parse_ldconfig(s);
    (void)detect::version_from_library_name(s);
    (void)detect::parse_cudnn_header(s);
    if (size < 256) (void)find_gpu(s);
    return 0;
}
