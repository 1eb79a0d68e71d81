// gpucompat — where TensorFlow will run: platform, CPU architecture, install method.
//
// Enumerators are capitalised because `linux` is a predefined macro in GNU
// mode (g++ -std=gnu++20), the default of CMake builds.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "parse_result.hpp"

namespace gpucompat {

enum class Platform : std::uint8_t { Linux, Windows, Wsl2, MacOS };
enum class Arch : std::uint8_t { X86_64, Aarch64 };
enum class InstallMethod : std::uint8_t { Any, Pip, Conda };

[[nodiscard]] constexpr std::string_view to_string(Platform p) noexcept {
    switch (p) {
        case Platform::Linux: return "linux";
        case Platform::Windows: return "windows";
        case Platform::Wsl2: return "wsl2";
        case Platform::MacOS: return "macos";
    }
    return "?";
}
[[nodiscard]] constexpr std::string_view to_string(Arch a) noexcept {
    return a == Arch::X86_64 ? "x86_64" : "aarch64";
}
[[nodiscard]] constexpr std::string_view to_string(InstallMethod m) noexcept {
    switch (m) {
        case InstallMethod::Any: return "any";
        case InstallMethod::Pip: return "pip";
        case InstallMethod::Conda: return "conda";
    }
    return "?";
}

[[nodiscard]] constexpr Parsed<Platform> parse_platform(std::string_view s) noexcept {
    using detail::iequals;
    if (iequals(s, "linux")) return Platform::Linux;
    if (iequals(s, "windows") || iequals(s, "win") || iequals(s, "win32") || iequals(s, "win64")) return Platform::Windows;
    if (iequals(s, "wsl2") || iequals(s, "wsl")) return Platform::Wsl2;
    if (iequals(s, "macos") || iequals(s, "mac") || iequals(s, "darwin") || iequals(s, "osx")) return Platform::MacOS;
    return ParseError{0, "expected linux, windows, wsl2 or macos"};
}
[[nodiscard]] constexpr Parsed<Arch> parse_arch(std::string_view s) noexcept {
    using detail::iequals;
    if (iequals(s, "x86_64") || iequals(s, "amd64") || iequals(s, "x64")) return Arch::X86_64;
    if (iequals(s, "aarch64") || iequals(s, "arm64")) return Arch::Aarch64;
    return ParseError{0, "expected x86_64 or aarch64"};
}
[[nodiscard]] constexpr Parsed<InstallMethod> parse_install_method(std::string_view s) noexcept {
    using detail::iequals;
    if (iequals(s, "any")) return InstallMethod::Any;
    if (iequals(s, "pip")) return InstallMethod::Pip;
    if (iequals(s, "conda")) return InstallMethod::Conda;
    return ParseError{0, "expected pip, conda or any"};
}

}  // namespace gpucompat
