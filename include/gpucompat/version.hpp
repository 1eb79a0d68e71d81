// gpucompat — Version: the dotted numeric versions of this domain.
//
// One type covers TensorFlow (2.10.0, 2.11.0rc1), CUDA (11.2, 12.4.1), cuDNN
// (7.6.5.32), Python (3.10.12), drivers (525.60.13) and Windows' own forms
// (27.21.14.5671). Design choices, and why:
//  * Precedence treats missing trailing components as zero (11.2 == 11.2.0):
//    the tables write "10" where users type "10.0".
//  * The text is kept verbatim, so 450.80.02 prints as 450.80.02, never 450.80.2
//    (driver strings are copied into forum posts and bug reports).
//  * Pre-releases follow semver 2.0 (1.0.0-alpha.1) and PEP 440 (2.11.0rc1,
//    2.0.0b1, 2.12.0.dev0), because both appear in TensorFlow's history.
//    Build metadata (+local) is ignored for precedence.
//  * Everything is constexpr and allocation-free: a user can static_assert.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parse_result.hpp"

namespace gpucompat {

class Version {
public:
    static constexpr std::size_t max_components = 6;
    static constexpr std::size_t max_text = 64;  // the longest text parse() accepts
    // from_components() writes up to six ten-digit numbers and five dots: 65
    // characters, one more than parse() accepts. Rounded up to a multiple of 4
    // so that no padding follows the text: clang 14 emits a consteval Version
    // ("2.4"_v) with padding there wrongly (its components read as garbage).
    static constexpr std::size_t text_capacity = (max_components * 10 + (max_components - 1) + 3) / 4 * 4;
    static_assert(text_capacity >= max_components * 10 + (max_components - 1) && text_capacity >= max_text);
    static_assert(text_capacity % alignof(std::uint32_t) == 0, "no padding after the text (see above)");

    constexpr Version() noexcept = default;

    // Lenient parser for every version form of this domain (see the header
    // comment). Leading zeros are allowed in release components (driver 450.80.02).
    [[nodiscard]] static constexpr Parsed<Version> parse(std::string_view text) noexcept;

    // Strict semantic versioning 2.0.0: exactly MAJOR.MINOR.PATCH, no leading
    // zeros, semver pre-release and build syntax only.
    [[nodiscard]] static constexpr Parsed<Version> parse_semver(std::string_view text) noexcept;

    // Builds "a.b[.c...]" from numbers, e.g. the first two components of a CUDA version.
    [[nodiscard]] static constexpr Version from_components(const std::uint32_t* values, std::size_t count) noexcept;
    [[nodiscard]] static constexpr Version of(std::uint32_t major, std::uint32_t minor) noexcept {
        const std::uint32_t v[2] = {major, minor};
        return from_components(v, 2);
    }

    [[nodiscard]] constexpr std::uint32_t component(std::size_t i) const noexcept {
        return i < count_ ? components_[i] : 0U;
    }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return count_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return count_ == 0; }
    [[nodiscard]] constexpr std::uint32_t major() const noexcept { return component(0); }
    [[nodiscard]] constexpr std::uint32_t minor() const noexcept { return component(1); }
    [[nodiscard]] constexpr std::uint32_t patch() const noexcept { return component(2); }

    [[nodiscard]] constexpr std::string_view text() const noexcept { return {text_.data(), text_len_}; }
    [[nodiscard]] constexpr std::string_view prerelease() const noexcept { return text().substr(pre_off_, pre_len_); }
    [[nodiscard]] constexpr bool is_prerelease() const noexcept { return pre_len_ != 0; }
    [[nodiscard]] constexpr std::string_view build_metadata() const noexcept {
        return build_off_ == 0 ? std::string_view{} : text().substr(build_off_);
    }

    // The first n release components (no pre-release): 11.2.1 -> 11.2.
    [[nodiscard]] constexpr Version truncated(std::size_t n) const noexcept {
        std::uint32_t v[max_components]{};
        for (std::size_t i = 0; i < n && i < max_components; ++i) v[i] = component(i);
        return from_components(v, n < max_components ? n : max_components);
    }

    // The first n components are equal (missing ones count as zero); cheaper
    // than comparing truncated() copies on hot paths.
    [[nodiscard]] constexpr bool same_prefix(const Version& other, std::size_t n) const noexcept {
        for (std::size_t i = 0; i < n; ++i)
            if (component(i) != other.component(i)) return false;
        return true;
    }

    // True when every component written in `prefix` equals ours (2.10 is a
    // prefix of 2.10.0 and 2.10.1, not of 2.1.0 or 2.100).
    [[nodiscard]] constexpr bool starts_with(const Version& prefix) const noexcept {
        for (std::size_t i = 0; i < prefix.size(); ++i)
            if (component(i) != prefix.component(i)) return false;
        return true;
    }

    friend constexpr std::weak_ordering operator<=>(const Version& a, const Version& b) noexcept {
        const std::size_t n = a.count_ > b.count_ ? a.count_ : b.count_;
        for (std::size_t i = 0; i < n; ++i) {
            if (a.component(i) != b.component(i))
                return a.component(i) < b.component(i) ? std::weak_ordering::less : std::weak_ordering::greater;
        }
        return compare_prerelease(a, b);
    }
    friend constexpr bool operator==(const Version& a, const Version& b) noexcept {
        return (a <=> b) == std::weak_ordering::equivalent;
    }

private:
    enum class PreStyle : std::uint8_t { none, semver, pep440 };

    std::array<char, text_capacity> text_{};
    std::array<std::uint32_t, max_components> components_{};
    std::uint8_t text_len_ = 0;
    std::uint8_t count_ = 0;
    std::uint8_t pre_off_ = 0;
    std::uint8_t pre_len_ = 0;
    std::uint8_t build_off_ = 0;
    PreStyle pre_style_ = PreStyle::none;

    static constexpr Parsed<Version> parse_impl(std::string_view text, bool strict) noexcept;

    // One pre-release identifier, for comparison: numeric, or a word ranked so
    // that PEP 440's dev < a < b < rc hold; other words compare as semver does.
    // A numeric identifier is kept as its digits (leading zeros dropped), not
    // as a number: semver puts no bound on it, and 18446744073709551617 must
    // not wrap around to 1.
    struct PreToken {
        bool numeric = false;
        std::string_view digits{};
        std::string_view word{};
        int rank = 0;
    };
    static constexpr int pep440_rank(std::string_view w) noexcept {
        if (detail::iequals(w, "dev")) return 0;
        if (detail::iequals(w, "a") || detail::iequals(w, "alpha")) return 1;
        if (detail::iequals(w, "b") || detail::iequals(w, "beta")) return 2;
        if (detail::iequals(w, "rc") || detail::iequals(w, "c") || detail::iequals(w, "pre") ||
            detail::iequals(w, "preview"))
            return 3;
        return 4;
    }
    // Reads the next token of a pre-release; returns false at the end.
    static constexpr bool next_token(std::string_view& s, PreStyle style, PreToken& out) noexcept {
        while (!s.empty() && (s.front() == '.' || s.front() == '-' || s.front() == '_')) {
            if (style == PreStyle::semver && s.front() == '-') break;  // '-' is part of a semver identifier
            s.remove_prefix(1);
        }
        if (s.empty()) return false;
        std::size_t n = 0;
        if (style == PreStyle::semver) {
            while (n < s.size() && s[n] != '.') ++n;
        } else if (detail::is_digit(s.front())) {
            while (n < s.size() && detail::is_digit(s[n])) ++n;
        } else {
            while (n < s.size() && detail::is_alpha(s[n])) ++n;
        }
        const std::string_view w = s.substr(0, n);
        s.remove_prefix(n);
        bool all_digits = !w.empty();
        for (char c : w) all_digits = all_digits && detail::is_digit(c);
        out = PreToken{};
        out.numeric = all_digits;
        if (all_digits) {
            std::string_view d = w;
            while (d.size() > 1 && d.front() == '0') d.remove_prefix(1);
            out.digits = d;
        } else {
            out.word = w;
        }
        return true;
    }
    static constexpr int compare_words(std::string_view a, std::string_view b) noexcept {
        const std::size_t n = a.size() < b.size() ? a.size() : b.size();
        for (std::size_t i = 0; i < n; ++i)
            if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
    static constexpr std::weak_ordering compare_prerelease(const Version& a, const Version& b) noexcept {
        // A release outranks any of its pre-releases.
        if (!a.is_prerelease() || !b.is_prerelease()) {
            if (a.is_prerelease() == b.is_prerelease()) return std::weak_ordering::equivalent;
            return a.is_prerelease() ? std::weak_ordering::less : std::weak_ordering::greater;
        }
        // PEP 440 ranks (dev < a < b < rc) apply when either side was written the
        // PEP 440 way; between two semver pre-releases words compare as ASCII.
        const bool pep = a.pre_style_ == PreStyle::pep440 || b.pre_style_ == PreStyle::pep440;
        std::string_view sa = a.prerelease(), sb = b.prerelease();
        for (;;) {
            PreToken ta{}, tb{};
            const bool ha = next_token(sa, a.pre_style_, ta);
            const bool hb = next_token(sb, b.pre_style_, tb);
            if (!ha || !hb) {
                if (ha == hb) return std::weak_ordering::equivalent;
                return ha ? std::weak_ordering::greater : std::weak_ordering::less;
            }
            if (ta.numeric != tb.numeric) return ta.numeric ? std::weak_ordering::less : std::weak_ordering::greater;
            if (ta.numeric) {
                // Numerically, without converting: the longer digit string is the
                // larger number; of equal length, the first differing digit decides.
                if (ta.digits.size() != tb.digits.size())
                    return ta.digits.size() < tb.digits.size() ? std::weak_ordering::less : std::weak_ordering::greater;
                const int c = compare_words(ta.digits, tb.digits);
                if (c != 0) return c < 0 ? std::weak_ordering::less : std::weak_ordering::greater;
                continue;
            }
            ta.rank = pep ? pep440_rank(ta.word) : 4;
            tb.rank = pep ? pep440_rank(tb.word) : 4;
            if (ta.rank != tb.rank) return ta.rank < tb.rank ? std::weak_ordering::less : std::weak_ordering::greater;
            // Same PEP 440 class (alpha vs a) compares equal; otherwise ASCII order as semver says.
            if (ta.rank < 4) continue;
            const int c = compare_words(ta.word, tb.word);
            if (c != 0) return c < 0 ? std::weak_ordering::less : std::weak_ordering::greater;
        }
    }
};

constexpr Version Version::from_components(const std::uint32_t* values, std::size_t count) noexcept {
    Version v;
    std::size_t len = 0;
    for (std::size_t i = 0; i < count && i < max_components; ++i) {
        if (i != 0) v.text_[len++] = '.';
        char digits[10]{};
        std::size_t nd = 0;
        std::uint32_t x = values[i];
        do {
            digits[nd++] = static_cast<char>('0' + x % 10);
            x /= 10;
        } while (x != 0);
        while (nd != 0) v.text_[len++] = digits[--nd];
        v.components_[i] = values[i];
        v.count_ = static_cast<std::uint8_t>(i + 1);
    }
    v.text_len_ = static_cast<std::uint8_t>(len);
    return v;
}

constexpr Parsed<Version> Version::parse(std::string_view text) noexcept { return parse_impl(text, false); }
constexpr Parsed<Version> Version::parse_semver(std::string_view text) noexcept { return parse_impl(text, true); }

constexpr Parsed<Version> Version::parse_impl(std::string_view s, bool strict) noexcept {
    using detail::is_alnum;
    using detail::is_alpha;
    using detail::is_digit;
    if (s.empty()) return ParseError{0, "empty version"};
    if (s.size() > max_text) return ParseError{max_text, "version too long (at most 64 characters)"};
    Version v;
    for (std::size_t i = 0; i < s.size(); ++i) v.text_[i] = s[i];
    v.text_len_ = static_cast<std::uint8_t>(s.size());

    std::size_t i = 0;
    if (!strict && (s[0] == 'v' || s[0] == 'V')) i = 1;  // "v2.10.0", as git tags write it
    // Release components: digits separated by single dots.
    for (;;) {
        if (i >= s.size() || !is_digit(s[i])) return ParseError{i, "expected a digit"};
        if (v.count_ == max_components) return ParseError{i, "too many components (at most 6)"};
        const std::size_t start = i;
        std::uint64_t value = 0;
        while (i < s.size() && is_digit(s[i])) {
            value = value * 10 + static_cast<std::uint64_t>(s[i] - '0');
            if (value > 0xFFFFFFFFULL) return ParseError{start, "number too large"};
            ++i;
        }
        if (strict && s[start] == '0' && i - start > 1) return ParseError{start, "leading zero in a numeric component"};
        v.components_[v.count_++] = static_cast<std::uint32_t>(value);
        if (i < s.size() && s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1])) {
            ++i;
            continue;
        }
        break;
    }
    if (strict && v.count_ != 3) return ParseError{i, "semantic versions have exactly three components"};

    // Pre-release.
    if (i < s.size() && s[i] == '-') {
        // semver: '-' then dot-separated identifiers of [0-9A-Za-z-].
        ++i;
        v.pre_off_ = static_cast<std::uint8_t>(i);
        v.pre_style_ = PreStyle::semver;
        for (;;) {
            const std::size_t start = i;
            bool digits_only = true;
            while (i < s.size() && (is_alnum(s[i]) || s[i] == '-')) {
                digits_only = digits_only && is_digit(s[i]);
                ++i;
            }
            if (i == start) return ParseError{i, "empty pre-release identifier"};
            if (digits_only && s[start] == '0' && i - start > 1)
                return ParseError{start, "leading zero in a numeric pre-release identifier"};
            if (i < s.size() && s[i] == '.') {
                ++i;
                continue;
            }
            break;
        }
        v.pre_len_ = static_cast<std::uint8_t>(i - v.pre_off_);
    } else if (!strict && i < s.size() && (is_alpha(s[i]) || (s[i] == '.' && i + 1 < s.size() && is_alpha(s[i + 1])))) {
        // PEP 440: [.]word[N] possibly followed by .devN  (2.11.0rc1, 2.0.0b1, 2.12.0.dev0)
        v.pre_off_ = static_cast<std::uint8_t>(i);
        v.pre_style_ = PreStyle::pep440;
        int segments = 0;
        while (i < s.size() && segments < 2) {
            std::size_t j = i;
            if (s[j] == '.' || s[j] == '-' || s[j] == '_') ++j;
            if (j >= s.size() || !is_alpha(s[j])) break;
            const std::size_t word_start = j;
            while (j < s.size() && is_alpha(s[j])) ++j;
            const std::string_view word = s.substr(word_start, j - word_start);
            if (pep440_rank(word) == 4)
                return ParseError{word_start, "unknown pre-release tag (expected a, b, rc or dev)"};
            if (segments == 1 && pep440_rank(word) != 0)
                return ParseError{word_start, "only .devN may follow a pre-release tag"};
            if (j < s.size() && (s[j] == '.' || s[j] == '-' || s[j] == '_') && j + 1 < s.size() && is_digit(s[j + 1]))
                ++j;
            std::uint64_t number = 0;
            while (j < s.size() && is_digit(s[j])) {
                number = number * 10 + static_cast<std::uint64_t>(s[j] - '0');
                if (number > 0xFFFFFFFFULL) return ParseError{j, "number too large"};
                ++j;
            }
            i = j;
            ++segments;
        }
        if (segments == 0) return ParseError{i, "unexpected character"};
        v.pre_len_ = static_cast<std::uint8_t>(i - v.pre_off_);
    }

    // Build metadata: ignored for precedence, kept in the text.
    if (i < s.size() && s[i] == '+') {
        v.build_off_ = static_cast<std::uint8_t>(i + 1);
        ++i;
        for (;;) {
            const std::size_t start = i;
            while (i < s.size() && (is_alnum(s[i]) || s[i] == '-')) ++i;
            if (i == start) return ParseError{i, "empty build-metadata identifier"};
            if (i < s.size() && s[i] == '.') {
                ++i;
                continue;
            }
            break;
        }
    }
    if (i != s.size()) {
        if (s[i] == '.') return ParseError{i, "expected a digit after '.'"};
        return ParseError{i, "unexpected character"};
    }
    return v;
}

// A reference to a Version that lives elsewhere (a table row): what answers
// carry, so a resolve() copies 8 bytes per candidate instead of a Version.
// Compares and prints like the Version it refers to.
class VersionRef {
public:
    constexpr VersionRef() noexcept = default;
    constexpr VersionRef(const Version& v) noexcept : v_(&v) {}  // NOLINT(implicit): a view of it
    [[nodiscard]] constexpr const Version& get() const noexcept { return *v_; }
    constexpr operator const Version&() const noexcept { return *v_; }  // NOLINT(implicit)
    [[nodiscard]] constexpr std::string_view text() const noexcept { return v_->text(); }
    [[nodiscard]] constexpr std::uint32_t major() const noexcept { return v_->major(); }
    [[nodiscard]] constexpr std::uint32_t minor() const noexcept { return v_->minor(); }
    [[nodiscard]] constexpr Version truncated(std::size_t n) const noexcept { return v_->truncated(n); }
    [[nodiscard]] constexpr bool same_prefix(const Version& o, std::size_t n) const noexcept { return v_->same_prefix(o, n); }

    friend constexpr std::weak_ordering operator<=>(VersionRef a, VersionRef b) noexcept { return *a.v_ <=> *b.v_; }
    friend constexpr bool operator==(VersionRef a, VersionRef b) noexcept { return *a.v_ == *b.v_; }
    friend constexpr std::weak_ordering operator<=>(VersionRef a, const Version& b) noexcept { return *a.v_ <=> b; }
    friend constexpr bool operator==(VersionRef a, const Version& b) noexcept { return *a.v_ == b; }

private:
    const Version* v_ = nullptr;
};

namespace detail {
// For generated tables: parses at compile time, so a bad row fails the build.
template <std::size_t N>
consteval Version V(const char (&text)[N]) {
    const auto parsed = Version::parse(std::string_view{text, N - 1});
    if (!parsed) invalid_literal_in_constant_expression();
    return *parsed;
}
}  // namespace detail

namespace literals {
// "2.10"_v — a malformed literal is a compile error (consteval), naming
// failed_parse_used_as_value_in_constant_expression. The driver's and the
// GPU's literals, "535.104.05"_driver and "8.6"_cc, sit beside their types.
consteval Version operator""_v(const char* text, std::size_t size) {
    return Version::parse(std::string_view{text, size}).value();
}
}  // namespace literals

}  // namespace gpucompat
