// gpucompat — the result of parsing text the user typed.
//
// Every parser in gpucompat reports *where* and *why* it failed, so the CLI can
// print one clear line ("--driver '45a.71': position 3: expected a digit").
// The parsers never throw: the result is a value, usable in constant
// expressions, to be tested before use:
//
//   if (const auto d = DriverVersion::parse(text)) use(*d); else report(d.error());
//
// Using the value of a failed parse is never a silent empty value (the fmt and
// frozen idiom, as the "2.10"_v literal does): in a constant expression it is a
// compile error naming failed_parse_used_as_value_in_constant_expression; at
// run time it throws gpucompat::BadParseAccess, which carries the ParseError.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace gpucompat {

struct ParseError {
    std::size_t position = 0;        // 0-based offset into the input
    std::string_view message = {};   // static text, never owning
};

// Thrown by Parsed<T>::value(), operator* and operator-> when the parse failed
// (as std::bad_optional_access is by std::optional::value()). A std::invalid_argument,
// because the text it came from was not valid; what() reads
// "position 3: expected a digit".
class BadParseAccess : public std::invalid_argument {
public:
    explicit BadParseAccess(const ParseError& e)
        : std::invalid_argument("position " + std::to_string(e.position) + ": " + std::string(e.message)), error_(e) {}
    [[nodiscard]] const ParseError& error() const noexcept { return error_; }

private:
    ParseError error_;
};

namespace detail {
// Called only when a constant expression meets bad input: not constexpr, so the
// compiler stops with this function's name in the diagnostic.
inline void invalid_literal_in_constant_expression() noexcept {}
inline void failed_parse_used_as_value_in_constant_expression() noexcept {}
}  // namespace detail

template <class T>
class Parsed {
public:
    constexpr Parsed(T value) noexcept : value_(value), ok_(true) {}           // NOLINT(implicit)
    constexpr Parsed(ParseError error) noexcept : error_(error), ok_(false) {} // NOLINT(implicit)

    [[nodiscard]] constexpr explicit operator bool() const noexcept { return ok_; }
    [[nodiscard]] constexpr bool ok() const noexcept { return ok_; }
    // The parsed value; a failed parse is a compile error in a constant
    // expression and throws BadParseAccess at run time.
    [[nodiscard]] constexpr const T& value() const {
        if (!ok_) {
            if (std::is_constant_evaluated()) detail::failed_parse_used_as_value_in_constant_expression();
            else throw BadParseAccess(error_);
        }
        return value_;
    }
    [[nodiscard]] constexpr const T& operator*() const { return value(); }
    [[nodiscard]] constexpr const T* operator->() const { return &value(); }
    [[nodiscard]] constexpr const ParseError& error() const noexcept { return error_; }

private:
    T value_{};
    ParseError error_{};
    bool ok_ = false;
};

namespace detail {
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_alnum(char c) noexcept { return is_digit(c) || is_alpha(c); }
constexpr char to_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

constexpr std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (is_space(s.front()) || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (is_space(s.back()) || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}
}  // namespace detail

}  // namespace gpucompat
