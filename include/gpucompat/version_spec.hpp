// gpucompat — VersionSpec: the version constraints users actually type.
//
// A subset shared by conda's MatchSpec and PEP 440 specifiers, because users
// paste both: `==2.4.0`, `!=2.5`, `<2.11`, `>=2.4,<2.7`, `~=2.4`, conda's
// `=2.10` (prefix), `2.10.*`, a bare `2.10` (prefix, as conda reads it), `,`
// (and) and `|` (or). Fixed capacity (16 clauses), constexpr, no allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parse_result.hpp"
#include "version.hpp"

namespace gpucompat {

class VersionSpec {
public:
    enum class Op : std::uint8_t { any, eq, ne, lt, le, gt, ge, compatible, prefix, not_prefix };
    struct Clause {
        Op op = Op::any;
        Version version{};
        bool or_next = false;  // this clause ends an alternative: '|' follows
    };
    static constexpr std::size_t max_clauses = 16;

    constexpr VersionSpec() noexcept = default;  // matches every version

    [[nodiscard]] static constexpr Parsed<VersionSpec> parse(std::string_view text) noexcept;

    [[nodiscard]] constexpr bool contains(const Version& v) const noexcept {
        if (count_ == 0) return true;
        bool group_ok = true;
        for (std::size_t i = 0; i < count_; ++i) {
            group_ok = group_ok && matches(clauses_[i], v);
            if (clauses_[i].or_next || i + 1 == count_) {
                if (group_ok) return true;
                group_ok = true;
            }
        }
        return false;
    }

    [[nodiscard]] constexpr std::size_t size() const noexcept { return count_; }
    [[nodiscard]] constexpr const Clause& operator[](std::size_t i) const noexcept { return clauses_[i]; }
    [[nodiscard]] constexpr bool empty() const noexcept { return count_ == 0; }

    // Canonical text in PEP 440 spelling (prefix matches as ==X.*); '|' kept.
    [[nodiscard]] std::string to_string() const {
        std::string out;
        for (std::size_t i = 0; i < count_; ++i) {
            const Clause& c = clauses_[i];
            switch (c.op) {
                case Op::any: out += '*'; break;
                case Op::eq: out += "=="; break;
                case Op::ne: out += "!="; break;
                case Op::lt: out += '<'; break;
                case Op::le: out += "<="; break;
                case Op::gt: out += '>'; break;
                case Op::ge: out += ">="; break;
                case Op::compatible: out += "~="; break;
                case Op::prefix: out += "=="; break;
                case Op::not_prefix: out += "!="; break;
            }
            if (c.op != Op::any) out += c.version.text();
            if (c.op == Op::prefix || c.op == Op::not_prefix) out += ".*";
            if (i + 1 != count_) out += c.or_next ? '|' : ',';
        }
        return out;
    }

private:
    std::array<Clause, max_clauses> clauses_{};
    std::size_t count_ = 0;

    static constexpr bool matches(const Clause& c, const Version& v) noexcept {
        switch (c.op) {
            case Op::any: return true;
            case Op::eq: return v == c.version;
            case Op::ne: return !(v == c.version);
            case Op::lt:
                // PEP 440: <2.11 does not admit 2.11.0rc1.
                if (!c.version.is_prerelease() && v.is_prerelease() && v.truncated(v.size()) == c.version) return false;
                return v < c.version;
            case Op::le: return v <= c.version;
            case Op::gt: return v > c.version;
            case Op::ge: return v >= c.version;
            case Op::compatible: {
                // ~=2.4.1 means >=2.4.1 and ==2.4.*
                if (!(v >= c.version)) return false;
                return v.starts_with(c.version.truncated(c.version.size() - 1));
            }
            case Op::prefix: return v.starts_with(c.version);
            case Op::not_prefix: return !v.starts_with(c.version);
        }
        return false;
    }
};

constexpr Parsed<VersionSpec> VersionSpec::parse(std::string_view s) noexcept {
    VersionSpec spec;
    std::size_t i = 0;
    auto skip_space = [&] {
        while (i < s.size() && detail::is_space(s[i])) ++i;
    };
    skip_space();
    if (i == s.size()) return ParseError{i, "empty version constraint"};
    for (;;) {
        skip_space();
        if (spec.count_ == max_clauses) return ParseError{i, "too many clauses (at most 16)"};
        Clause c;
        const std::size_t op_pos = i;
        auto take = [&](std::string_view tok) {
            if (s.substr(i, tok.size()) == tok) {
                i += tok.size();
                return true;
            }
            return false;
        };
        if (take("===")) return ParseError{op_pos, "arbitrary equality (===) is not supported"};
        if (take("==")) c.op = Op::eq;
        else if (take("!=")) c.op = Op::ne;
        else if (take("<=")) c.op = Op::le;
        else if (take(">=")) c.op = Op::ge;
        else if (take("~=")) c.op = Op::compatible;
        else if (take("<")) c.op = Op::lt;
        else if (take(">")) c.op = Op::gt;
        else if (take("=")) c.op = Op::prefix;  // conda: =2.10 is 2.10.*
        else if (i < s.size() && s[i] == '*') { c.op = Op::any; ++i; }
        else c.op = Op::prefix;  // a bare version: conda reads it as a prefix

        if (c.op != Op::any) {
            skip_space();
            const std::size_t start = i;
            while (i < s.size() && s[i] != ',' && s[i] != '|' && !detail::is_space(s[i])) ++i;
            std::string_view text = s.substr(start, i - start);
            bool wildcard = false;
            if (text.size() >= 2 && text.substr(text.size() - 2) == ".*") {
                text.remove_suffix(2);
                wildcard = true;
            } else if (!text.empty() && text.back() == '*') {
                text.remove_suffix(1);
                wildcard = true;
            }
            if (text.empty()) return ParseError{start, "expected a version after the operator"};
            const auto v = Version::parse(text);
            if (!v) return ParseError{start + v.error().position, v.error().message};
            c.version = *v;
            if (wildcard) {
                if (c.op == Op::eq || c.op == Op::prefix) c.op = Op::prefix;
                else if (c.op == Op::ne) c.op = Op::not_prefix;
                else return ParseError{start, "a wildcard is allowed only with == or !="};
                if (c.version.is_prerelease()) return ParseError{start, "a wildcard cannot follow a pre-release"};
            }
            // A pre-release names one version: a bare 2.11.0rc1 (or =2.11.0rc1) is exact.
            if (c.op == Op::prefix && !wildcard && c.version.is_prerelease()) c.op = Op::eq;
            if (c.op == Op::compatible && c.version.size() < 2)
                return ParseError{start, "~= needs at least two components (~=2.4)"};
        }
        skip_space();
        spec.clauses_[spec.count_++] = c;
        if (i == s.size()) break;
        if (s[i] == ',') {
            ++i;
        } else if (s[i] == '|') {
            spec.clauses_[spec.count_ - 1].or_next = true;
            ++i;
            if (i < s.size() && s[i] == '|') ++i;  // accept "||" too
        } else {
            return ParseError{i, "expected ',' or '|' between clauses"};
        }
        skip_space();
        if (i == s.size()) return ParseError{i, "expected a clause after ',' or '|'"};
    }
    return spec;
}

}  // namespace gpucompat
