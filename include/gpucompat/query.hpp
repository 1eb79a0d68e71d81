// gpucompat — Query: what the user knows about the machine. Every field is
// optional; an omitted one constrains nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "compute_capability.hpp"
#include "driver.hpp"
#include "platform.hpp"
#include "table_types.hpp"
#include "version.hpp"
#include "version_spec.hpp"

namespace gpucompat {

namespace detail {
// Called only when a constant expression meets an invalid query: not
// constexpr, so the compiler stops with this function's name in the diagnostic.
inline void gpu_list_full_in_constant_expression() noexcept {}
inline void compute_capability_0_0_in_constant_expression() noexcept {}
inline void invalid_query_in_constant_expression() noexcept {}
}  // namespace detail

// The GPUs of a query, as the distinct compute capabilities among them. Every
// rule depends on what a GPU can execute, never on how many GPUs of a kind
// there are, so eight 8.6 GPUs and a 3.0 one are {8.6, 3.0}: a machine of any
// size fits, and `capacity` bounds only the number of distinct capabilities
// (more than every capability NVIDIA has shipped). Nothing is dropped:
// push_back() of a 0.0 capability (no GPU has it) or of a distinct one past
// `capacity` is a compile error in a constant expression and throws at run
// time; try_push_back() reports it instead.
class ComputeCapabilities {
public:
    static constexpr std::size_t capacity = 32;

    // Adds one GPU: nothing changes when a GPU of the same capability is there.
    // std::invalid_argument for 0.0, std::length_error past `capacity`.
    constexpr void push_back(const ComputeCapability& cc) {
        if (try_push_back(cc)) return;
        if (std::is_constant_evaluated()) {
            if (cc.empty()) detail::compute_capability_0_0_in_constant_expression();
            detail::gpu_list_full_in_constant_expression();
        }
        if (cc.empty()) throw std::invalid_argument("gpucompat::Query::cc: compute capability 0.0 names no GPU");
        throw std::length_error("gpucompat::Query::cc: more than " + std::to_string(capacity) + " distinct compute capabilities");
    }
    // false (and nothing added) for 0.0 or a distinct capability past `capacity`.
    [[nodiscard]] constexpr bool try_push_back(const ComputeCapability& cc) noexcept {
        if (cc.empty()) return false;
        if (contains(cc)) return true;
        return list_.try_push_back(cc);
    }
    [[nodiscard]] constexpr bool contains(const ComputeCapability& cc) const noexcept {
        for (const auto& c : list_)
            if (c == cc) return true;
        return false;
    }
    constexpr void clear() noexcept { list_.clear(); }

    [[nodiscard]] constexpr const ComputeCapability* begin() const noexcept { return list_.begin(); }
    [[nodiscard]] constexpr const ComputeCapability* end() const noexcept { return list_.end(); }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return list_.size(); }  // distinct capabilities
    [[nodiscard]] constexpr bool empty() const noexcept { return list_.empty(); }
    [[nodiscard]] constexpr const ComputeCapability& operator[](std::size_t i) const { return list_[i]; }
    [[nodiscard]] constexpr const ComputeCapability& front() const { return list_.front(); }
    [[nodiscard]] constexpr const ComputeCapability& back() const { return list_.back(); }

private:
    FixedList<ComputeCapability, capacity> list_{};
};

struct Query {
    std::optional<Platform> platform;
    std::optional<std::uint32_t> windows_build;      // 19045; for windows and wsl2
    std::optional<Arch> arch;
    std::optional<DriverVersion> driver;             // display-driver release
    std::optional<DriverCudaVersion> driver_cuda;    // the driver's CUDA API level
    ComputeCapabilities cc;                          // push_back one per GPU (or model)
    std::optional<Version> python;                   // 3.7, 3.10.12 (major.minor is used)
    std::optional<VersionSpec> tensorflow;           // <2.11, 2.10.*
    InstallMethod method = InstallMethod::Any;
};

// Why a Query cannot be answered, or an empty string when it can: a field set
// to a value that names nothing (a default-constructed driver, CUDA level or
// Python, Windows build 0), which would otherwise read as "too old" and
// answer "nothing fits". The parsers never produce these values.
[[nodiscard]] constexpr std::string_view query_problem(const Query& q) noexcept {
    if (q.driver && q.driver->branch() < 100)
        return "driver: not a driver release (they start at 100, e.g. 535.104.05; use DriverVersion::parse or \"535.104.05\"_driver)";
    if (q.driver_cuda && q.driver_cuda->empty()) return "driver_cuda: empty CUDA version (use DriverCudaVersion::parse(\"12.4\"))";
    if (q.python && q.python->empty()) return "python: empty version (use Version::parse(\"3.10\") or \"3.10\"_v)";
    if (q.windows_build && *q.windows_build == 0) return "windows_build: 0 is not a Windows build (e.g. 19045)";
    return {};
}

namespace detail {
// resolve() and resolve_framework() refuse an invalid query: a compile error
// in a constant expression, std::invalid_argument naming the field at run time.
constexpr void require_valid(const Query& q) {
    const std::string_view why = query_problem(q);
    if (why.empty()) return;
    if (std::is_constant_evaluated()) invalid_query_in_constant_expression();
    throw std::invalid_argument("gpucompat::Query::" + std::string(why));
}
}  // namespace detail

}  // namespace gpucompat
