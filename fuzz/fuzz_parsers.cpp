// libFuzzer: every parser of user text, with the invariants they promise.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <gpucompat/gpucompat.hpp>

using namespace gpucompat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    if (const auto v = Version::parse(s)) {
        if (v->text() != s) __builtin_trap();                   // prints back unchanged
        if (!(*v == *v) || *v < *v) __builtin_trap();           // a strict weak order
        const auto again = Version::parse(v->text());
        if (!again || !(*again == *v)) __builtin_trap();
        if (v->truncated(2) > v->truncated(2)) __builtin_trap();
        // Rebuilt from its numbers (up to 65 characters), it parses back to the same release.
        std::uint32_t parts[Version::max_components]{};
        for (std::size_t i = 0; i < v->size(); ++i) parts[i] = v->component(i);
        const Version rebuilt = Version::from_components(parts, v->size());
        if (rebuilt.size() != v->size() || !rebuilt.same_prefix(*v, v->size())) __builtin_trap();
    } else if (v.error().position > s.size()) {
        __builtin_trap();                                       // errors point inside the input
    }
    if (const auto v = Version::parse_semver(s); v && !Version::parse(s)) __builtin_trap();  // strict implies lenient
    if (const auto spec = VersionSpec::parse(s)) {
        const auto round = VersionSpec::parse(spec->to_string());
        if (!round) __builtin_trap();                           // what prints back parses
        for (const char* probe : {"1.0", "2.10.0", "2.11.0rc1", "11.2"}) {
            const Version v = *Version::parse(probe);
            if (spec->contains(v) != round->contains(v)) __builtin_trap();
        }
    }
    // Two versions split at '|': precedence is antisymmetric, whatever the
    // length of their numeric pre-release identifiers.
    if (const auto bar = s.find('|'); bar != std::string_view::npos) {
        const auto a = Version::parse(s.substr(0, bar)), b = Version::parse(s.substr(bar + 1));
        if (a && b && ((*a < *b) == (*b < *a) ? !(*a == *b) : (*a == *b))) __builtin_trap();
    }
    if (const auto d = DriverVersion::parse(s); d && d->branch() < 100) __builtin_trap();
    // The value of a failed parse is an exception, never an empty value.
    try {
        const DriverVersion d = *DriverVersion::parse(s);
        if (d.version().empty()) __builtin_trap();
    } catch (const BadParseAccess& e) {
        if (DriverVersion::parse(s) || e.error().position > s.size()) __builtin_trap();
    }
    (void)DriverCudaVersion::parse(s);
    if (const auto c = ComputeCapability::parse(s); c && c->major() == 0) __builtin_trap();
    (void)parse_windows_build(s);
    (void)parse_platform(s);
    return 0;
}
