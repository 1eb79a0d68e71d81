// gpucompat — ComputeCapability: what a GPU can execute.
//
// Accepts the spellings users and build files use: "8.6", "sm_86",
// "compute_90", "sm_90a", "sm_120", "sm_100f". The rules that decide whether
// a wheel's kernels run on a GPU live here, because they are NVIDIA's rules,
// not TensorFlow's (CUDA C++ Programming Guide, "Binary Compatibility" and
// "Application Compatibility"):
//  * SASS built for X.y runs on X.z with z >= y (same major only);
//  * PTX built for X.y can be JIT-compiled for any X'.z' >= X.y;
//  * arch-specific targets (sm_90a, sm_100f families aside) run only on their
//    own major.minor.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parse_result.hpp"

namespace gpucompat {

class ComputeCapability {
public:
    enum class Suffix : std::uint8_t { none, a, f };  // sm_90a, sm_100f

    constexpr ComputeCapability() noexcept = default;
    constexpr ComputeCapability(std::uint8_t major, std::uint8_t minor, Suffix s = Suffix::none) noexcept
        : major_(major), minor_(minor), suffix_(s) {}

    [[nodiscard]] static constexpr Parsed<ComputeCapability> parse(std::string_view text) noexcept {
        std::size_t i = 0;
        bool compact = false;  // sm_86: the last digit is the minor
        if (text.size() >= 3 && (text.substr(0, 3) == "sm_" || text.substr(0, 3) == "SM_")) {
            i = 3;
            compact = true;
        } else if (text.size() >= 8 && text.substr(0, 8) == "compute_") {
            i = 8;
            compact = true;
        }
        if (i >= text.size()) return ParseError{i, "empty compute capability (expected 8.6 or sm_86)"};
        if (compact) {
            std::size_t j = i;
            while (j < text.size() && detail::is_digit(text[j])) ++j;
            const std::size_t digits = j - i;
            if (digits < 2 || digits > 3) return ParseError{i, "expected two or three digits (sm_86, sm_120)"};
            std::uint32_t n = 0;
            for (std::size_t k = i; k < j; ++k) n = n * 10 + static_cast<std::uint32_t>(text[k] - '0');
            Suffix s = Suffix::none;
            if (j < text.size()) {
                if (text[j] == 'a' && j + 1 == text.size()) s = Suffix::a;
                else if (text[j] == 'f' && j + 1 == text.size()) s = Suffix::f;
                else return ParseError{j, "unexpected character (suffixes: a, f)"};
            }
            if (n / 10 == 0) return ParseError{i, "compute capability major must be at least 1"};
            return ComputeCapability{static_cast<std::uint8_t>(n / 10), static_cast<std::uint8_t>(n % 10), s};
        }
        std::size_t j = i;
        std::uint32_t major = 0;
        while (j < text.size() && detail::is_digit(text[j]) && j - i < 3) major = major * 10 + static_cast<std::uint32_t>(text[j++] - '0');
        if (j == i) return ParseError{j, "expected a digit (e.g. 8.6 or sm_86)"};
        if (j >= text.size() || text[j] != '.') return ParseError{j, "expected '.' (e.g. 8.6 or sm_86)"};
        ++j;
        if (j >= text.size() || !detail::is_digit(text[j])) return ParseError{j, "expected a digit after '.'"};
        const std::uint32_t minor = static_cast<std::uint32_t>(text[j++] - '0');
        Suffix s = Suffix::none;
        if (j < text.size() && (text[j] == 'a' || text[j] == 'f') && j + 1 == text.size()) {
            s = text[j] == 'a' ? Suffix::a : Suffix::f;
            ++j;
        }
        if (j != text.size()) return ParseError{j, "unexpected character (expected e.g. 8.6 or sm_86)"};
        if (major == 0 || major > 99) return ParseError{i, "compute capability major out of range (1-99)"};
        return ComputeCapability{static_cast<std::uint8_t>(major), static_cast<std::uint8_t>(minor), s};
    }

    [[nodiscard]] constexpr std::uint32_t major() const noexcept { return major_; }
    [[nodiscard]] constexpr std::uint32_t minor() const noexcept { return minor_; }
    [[nodiscard]] constexpr Suffix suffix() const noexcept { return suffix_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return major_ == 0; }
    // 86 for 8.6, 120 for 12.0: the number in sm_XX.
    [[nodiscard]] constexpr std::uint32_t number() const noexcept { return major_ * 10U + minor_; }

    // May SASS compiled for `built` run on a GPU of this capability?
    [[nodiscard]] constexpr bool runs_sass_of(const ComputeCapability& built) const noexcept {
        if (built.suffix_ == Suffix::a) return major_ == built.major_ && minor_ == built.minor_;
        return major_ == built.major_ && minor_ >= built.minor_;
    }
    // May PTX compiled for `built` be JIT-compiled for a GPU of this capability?
    [[nodiscard]] constexpr bool can_jit_ptx_of(const ComputeCapability& built) const noexcept {
        if (built.suffix_ != Suffix::none) return major_ == built.major_ && minor_ == built.minor_;
        return number() >= built.number();
    }

    friend constexpr std::strong_ordering operator<=>(const ComputeCapability& a, const ComputeCapability& b) noexcept {
        if (auto c = a.number() <=> b.number(); c != 0) return c;
        return a.suffix_ <=> b.suffix_;
    }
    friend constexpr bool operator==(const ComputeCapability&, const ComputeCapability&) noexcept = default;

private:
    std::uint8_t major_ = 0;
    std::uint8_t minor_ = 0;
    Suffix suffix_ = Suffix::none;
};

namespace literals {
// "8.6"_cc, "sm_90a"_cc: a malformed literal is a compile error (consteval),
// as for "2.10"_v.
consteval ComputeCapability operator""_cc(const char* text, std::size_t size) {
    return ComputeCapability::parse(std::string_view{text, size}).value();
}
}  // namespace literals

}  // namespace gpucompat
