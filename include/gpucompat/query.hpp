// gpucompat — Query: what the user knows about the machine. Every field is
// optional; an omitted one constrains nothing.
#pragma once

#include <cstdint>
#include <optional>

#include "compute_capability.hpp"
#include "driver.hpp"
#include "platform.hpp"
#include "table_types.hpp"
#include "version.hpp"
#include "version_spec.hpp"

namespace gpucompat {

struct Query {
    std::optional<Platform> platform;
    std::optional<std::uint32_t> windows_build;      // 19045; for windows and wsl2
    std::optional<Arch> arch;
    std::optional<DriverVersion> driver;             // display-driver release
    std::optional<DriverCudaVersion> driver_cuda;    // the driver's CUDA API level
    FixedList<ComputeCapability, 8> cc;              // one per GPU (or model)
    std::optional<Version> python;                   // 3.7, 3.10.12 (major.minor is used)
    std::optional<VersionSpec> tensorflow;           // <2.11, 2.10.*
    InstallMethod method = InstallMethod::Any;
};

}  // namespace gpucompat
