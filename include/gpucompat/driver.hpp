// gpucompat — the two driver versions, as two types.
//
// nvidia-smi's banner shows both, and mixing them up is the classic bug:
//
//   | NVIDIA-SMI 580.159.04   Driver Version: 580.159.04   CUDA Version: 13.0 |
//
//  * DriverVersion — the display-driver release ("Driver Version", also
//    /proc/driver/nvidia/version and Windows' Device Manager). Windows' own
//    form 27.21.14.5671 is accepted and converted (456.71).
//  * DriverCudaVersion — the highest CUDA API the driver implements ("CUDA
//    Version", cuDriverGetVersion(): 12.4 or the integer 12040).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parse_result.hpp"
#include "version.hpp"

namespace gpucompat {

class DriverVersion {
public:
    constexpr DriverVersion() noexcept = default;
    constexpr explicit DriverVersion(const Version& v) noexcept : version_(v) {}

    // "456.71", "525.60.13", a branch "580", or Windows' "27.21.14.5671" / "31.0.15.3623".
    [[nodiscard]] static constexpr Parsed<DriverVersion> parse(std::string_view text) noexcept;

    [[nodiscard]] constexpr const Version& version() const noexcept { return version_; }
    [[nodiscard]] constexpr std::string_view text() const noexcept { return version_.text(); }
    [[nodiscard]] constexpr std::uint32_t branch() const noexcept { return version_.major(); }  // R525, R580
    [[nodiscard]] constexpr bool from_windows_form() const noexcept { return windows_form_; }

    friend constexpr std::weak_ordering operator<=>(const DriverVersion& a, const DriverVersion& b) noexcept {
        return a.version_ <=> b.version_;
    }
    friend constexpr bool operator==(const DriverVersion& a, const DriverVersion& b) noexcept {
        return a.version_ == b.version_;
    }

private:
    Version version_{};
    bool windows_form_ = false;
};

constexpr Parsed<DriverVersion> DriverVersion::parse(std::string_view text) noexcept {
    if (text.empty()) return ParseError{0, "empty driver version"};
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!detail::is_digit(text[i]) && text[i] != '.')
            return ParseError{i, "expected digits and dots (e.g. 456.71, 525.60.13 or 27.21.14.5671)"};
    const auto v = Version::parse(text);
    if (!v) return v.error();
    // A bare branch ("580", as NVIDIA writes the CUDA 13 floor) compares as 580.0.
    if (v->size() == 1 && (v->major() < 100 || v->major() > 9999))
        return ParseError{0, "expected a driver release such as 456.71 or a branch such as 580"};
    if (v->size() > 4) return ParseError{0, "too many components for a driver version"};
    if (v->size() <= 3) {
        if (v->major() < 100) return ParseError{0, "driver release numbers start at 100 (e.g. 456.71)"};
        return DriverVersion{*v};
    }
    // Windows' Device Manager form: the last five digits of the last two fields
    // are the release: 27.21.14.5671 -> 14 5671 -> 4 5671 -> 456.71.
    std::size_t third_start = 0, dots = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '.' && ++dots == 2) third_start = i + 1;
    const std::size_t fourth_dot = text.find('.', third_start);
    const std::string_view third = text.substr(third_start, fourth_dot - third_start);
    const std::string_view fourth = text.substr(fourth_dot + 1);
    if (fourth.size() != 4) return ParseError{fourth_dot + 1, "Windows' driver form ends in four digits (27.21.14.5671)"};
    if (third.empty()) return ParseError{third_start, "expected a digit"};
    // 456.71: three digits for the branch, two for the build.
    const char release[6] = {third.back(), fourth[0], fourth[1], '.', fourth[2], fourth[3]};
    auto r = Version::parse(std::string_view{release, 6});
    if (!r || r->major() < 100) return ParseError{third_start, "not a valid Windows driver version"};
    DriverVersion d{*r};
    d.windows_form_ = true;
    return d;
}

class DriverCudaVersion {
public:
    constexpr DriverCudaVersion() noexcept = default;
    constexpr DriverCudaVersion(std::uint32_t major, std::uint32_t minor) noexcept : major_(major), minor_(minor) {}

    // "12.4" or cuDriverGetVersion()'s integer "12040" (1000*major + 10*minor).
    [[nodiscard]] static constexpr Parsed<DriverCudaVersion> parse(std::string_view text) noexcept {
        if (text.empty()) return ParseError{0, "empty CUDA version"};
        bool has_dot = false;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '.') has_dot = true;
            else if (!detail::is_digit(text[i])) return ParseError{i, "expected X.Y (e.g. 12.4) or an integer such as 12040"};
        }
        const auto v = Version::parse(text);
        if (!v) return v.error();
        if (!has_dot) return from_int(v->major());
        if (v->size() > 3) return ParseError{0, "expected X.Y (e.g. 12.4)"};
        if (v->major() == 0 || v->major() > 99) return ParseError{0, "CUDA major version out of range"};
        return DriverCudaVersion{v->major(), v->minor()};
    }
    [[nodiscard]] static constexpr Parsed<DriverCudaVersion> from_int(std::uint32_t n) noexcept {
        if (n < 1000 || n > 99990) return ParseError{0, "expected 1000*major + 10*minor (e.g. 12040)"};
        return DriverCudaVersion{n / 1000, (n % 1000) / 10};
    }

    [[nodiscard]] constexpr std::uint32_t major() const noexcept { return major_; }
    [[nodiscard]] constexpr std::uint32_t minor() const noexcept { return minor_; }
    [[nodiscard]] constexpr Version version() const noexcept { return Version::of(major_, minor_); }
    [[nodiscard]] constexpr bool empty() const noexcept { return major_ == 0; }

    friend constexpr auto operator<=>(const DriverCudaVersion&, const DriverCudaVersion&) noexcept = default;

private:
    std::uint32_t major_ = 0;
    std::uint32_t minor_ = 0;
};

namespace detail {
template <std::size_t N>
consteval DriverVersion D(const char (&text)[N]) {
    const auto parsed = DriverVersion::parse(std::string_view{text, N - 1});
    if (!parsed) invalid_literal_in_constant_expression();
    return *parsed;
}
}  // namespace detail

namespace literals {
// "535.104.05"_driver, "27.21.14.5671"_driver (Windows' form, read as 456.71):
// a malformed literal is a compile error (consteval), as for "2.10"_v.
consteval DriverVersion operator""_driver(const char* text, std::size_t size) {
    return DriverVersion::parse(std::string_view{text, size}).value();
}
}  // namespace literals

}  // namespace gpucompat
