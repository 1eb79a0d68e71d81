// gpucompat — detected text made safe to show and to serialise.
//
// GPU names, library paths and environment values come from drivers, file
// systems and users; nothing promises they are UTF-8 or free of terminal
// escapes. printable() is applied to every detected string before it is
// stored for output, so a terminal never receives a raw escape sequence and
// a JSON encoder never receives invalid UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gpucompat {

namespace detail {
inline void append_escape(std::string& out, const char* prefix, std::uint32_t v, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    out += prefix;
    for (int i = digits - 1; i >= 0; --i) out += hex[(v >> (4 * i)) & 0xF];
}
// The length of the valid UTF-8 sequence at s[i] and its code point, or 0 when invalid.
inline std::size_t utf8_at(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07, min = 0x10000;
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}
}  // namespace detail

// Valid UTF-8 with every control character written out: C0 and DEL as \xNN,
// C1 and the bidirectional overrides (which reorder what a terminal shows)
// as \uNNNN, a backslash as itself; each invalid byte becomes U+FFFD. At most
// `limit` bytes of input are looked at ("..." marks the cut).
[[nodiscard]] inline std::string printable(std::string_view s, std::size_t limit = 4096) {
    std::string out;
    const bool cut = s.size() > limit;
    if (cut) s = s.substr(0, limit);
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        std::uint32_t cp = 0;
        const std::size_t n = detail::utf8_at(s, i, cp);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F) detail::append_escape(out, "\\x", cp, 2);
        else if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            detail::append_escape(out, "\\u", cp, 4);
        else out.append(s.substr(i, n));
        i += n;
    }
    if (cut) out += "...";
    return out;
}

// True when printable() would return `s` unchanged.
[[nodiscard]] inline bool is_printable(std::string_view s) { return s.size() <= 4096 && printable(s) == s; }

}  // namespace gpucompat
