// gpucompat — a Windows build, from what users type or `ver` prints.
//
// Accepts 19044, 10.0.19045.3803 (`ver`, RtlGetVersion), a release name
// (21H2, 1909: Windows 10's unless only Windows 11 has it) and win11-23H2 /
// win10-22H2. Names map to builds through the bundled Windows table.
#pragma once

#include <cstdint>
#include <string_view>

#include "parse_result.hpp"
#include "tables.hpp"

namespace gpucompat {

[[nodiscard]] constexpr Parsed<std::uint32_t> parse_windows_build(std::string_view s, const TableSet& t = bundled) noexcept {
    constexpr std::string_view expected = "expected a Windows build (19044, 10.0.19045.3803, 21H2 or win11-23H2)";
    if (s.empty()) return ParseError{0, "empty Windows build"};
    // 10.0.19045.3803 -> 19045
    if (s.size() > 5 && s.substr(0, 5) == "10.0.") {
        std::string_view rest = s.substr(5);
        const auto dot = rest.find('.');
        const auto build = detail::to_uint(rest.substr(0, dot));
        if (!build) return ParseError{5, expected};
        if (dot != std::string_view::npos && !detail::to_uint(rest.substr(dot + 1)))
            return ParseError{5 + dot + 1, "expected the revision digits after the build"};
        if (*build < 7600 || *build > 99999) return ParseError{5, "Windows build out of range (7600-99999)"};
        return *build;
    }
    bool all_digits = true;
    for (char c : s) all_digits = all_digits && detail::is_digit(c);
    // Four digits: a release name such as 1909 (those are below every build number).
    if (all_digits && s.size() != 4) {
        const auto build = detail::to_uint(s);
        if (!build || *build < 7600 || *build > 99999) return ParseError{0, "Windows build out of range (7600-99999)"};
        return *build;
    }
    std::string_view product{};
    std::size_t offset = 0;
    if (s.size() > 6 && (detail::iequals(s.substr(0, 6), "win10-") || detail::iequals(s.substr(0, 6), "win11-"))) {
        product = s[5] == '0' ? std::string_view{"Windows 10"} : std::string_view{"Windows 11"};
        offset = 6;
    }
    const std::string_view name = s.substr(offset);
    if (const WindowsBuild* b = find_windows_release(product, name, t); b != nullptr) {
        // A bare name that both products use means Windows 10 (its names came first).
        if (product.empty())
            if (const WindowsBuild* w10 = find_windows_release("Windows 10", name, t); w10 != nullptr) return w10->build;
        return b->build;
    }
    return ParseError{offset, expected};
}

}  // namespace gpucompat
