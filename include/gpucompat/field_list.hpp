// gpucompat — how a table row is described once: its field list.
//
// Each row type in table_types.hpp is followed by RowFields<Row>: one entry
// per member, in declaration order, naming the member, the JSON key it comes
// from and whether the key is required. That list is the only description of
// a row: the run-time loader (json_tables.hpp) reads data/*.json through it,
// the table generator (tools/gpucompat_gen) writes the constexpr tables with
// it as designated initializers (`.cuda = V("11.2")`), and a test holds the
// JSON Schemas in data/schema/ to it. A member missing from the list does not
// compile (see row_fields_complete), and because the generated rows name each
// member, a reordered or renamed member is a compile error, never a shifted
// value.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

namespace gpucompat {

enum class FieldUse : std::uint8_t {
    Optional,  // absent or null: the member keeps its default (an empty value, 0, false)
    Required,  // absent or null: the row is refused
    NonEmpty,  // required, and an array must have an entry
    Context,   // not in the row: the loader sets it (the framework a file is about)
};

// A rule beyond the member's type, checked by the loader: returns why the
// value is refused, or "" when it is fine.
template <class T>
using FieldRule = std::string_view (*)(const T&);

template <class Row, class T>
struct Field {
    using row_type = Row;
    using value_type = T;
    std::string_view name;     // the C++ member (the generator's designator)
    std::string_view json;     // the key in the row; "a.b": key b of object a; "" for a nested
                               // row written flat in its parent (Provenance's source/checked/note)
    T Row::*member;
    FieldUse use;
    FieldRule<T> rule;
    std::string_view also;     // a second key, read where `json` is absent (one key per data file)
};

template <class Row, class T>
constexpr Field<Row, T> field(std::string_view name, T Row::*member, std::string_view json, FieldUse use = FieldUse::Optional,
                              std::type_identity_t<FieldRule<T>> rule = nullptr, std::string_view also = {}) noexcept {
    return {name, json, member, use, rule, also};
}

// GPUCOMPAT_FIELD(cuda, "cuda", FieldUse::Required): the member is written
// once, so its name and its pointer cannot disagree. `Row` is the row type
// of the RowFields specialisation the macro is used in.
#define GPUCOMPAT_FIELD(member, ...) ::gpucompat::field(#member, &Row::member, __VA_ARGS__)

// A row-level rule across fields (patch_from and patch_to together): the
// field at fault and why, or an empty field when the row is fine.
struct RowProblem {
    std::string_view field;
    std::string_view why;
};

// Specialised after each row type: `list` (fields(...) of each Field), `unread` (JSON
// keys the data keeps for its readers that no code reads, comma-separated),
// and optionally `static constexpr RowProblem check(const Row&)`.
template <class Row>
struct RowFields;

template <class T>
concept DescribedRow = requires { RowFields<T>::list; };

// How an enumeration is written: in data/*.json and as C++ in the tables.
template <class E>
struct EnumText {
    E value;
    std::string_view json;
    std::string_view cpp;
};
template <class E>
struct EnumTexts;  // specialised beside each enumeration the tables use

namespace detail {

// Counts an aggregate's members: T{any, any, ...} compiles with at most as
// many initializers as T has members. Used only by row_fields_complete.
struct AnyMember {
    template <class T>
    constexpr operator T() const noexcept;  // never defined: unevaluated only
};
template <class T, std::size_t... I>
constexpr bool brace_initializable(std::index_sequence<I...>) noexcept {
    return requires { T{(void(I), AnyMember{})...}; };
}
template <class T, std::size_t N = 0>
constexpr std::size_t member_count() noexcept {
    if constexpr (N > 40) return N;
    else if constexpr (!brace_initializable<T>(std::make_index_sequence<N + 1>{})) return N;
    else return member_count<T, N + 1>();
}

}  // namespace detail

namespace detail {
template <std::size_t I, class F>
struct FieldSlot {
    F field;
};
template <class Seq, class... F>
struct FieldsOf;
template <std::size_t... I, class... F>
struct FieldsOf<std::index_sequence<I...>, F...> : FieldSlot<I, F>... {
    static constexpr std::size_t size = sizeof...(F);
    template <class Fn>
    constexpr void each(Fn&& fn) const {
        (fn(static_cast<const FieldSlot<I, F>&>(*this).field), ...);
    }
};
}  // namespace detail

// A row's fields, in declaration order. A plain aggregate rather than a
// std::tuple: every TU that includes the row types builds these lists, and
// std::tuple's constrained constructors tripled the cost of table_types.hpp
// (g++ 12: 2.3 billion instructions to compile it alone, 0.89 with this; 0.73
// without field lists).
template <class... F>
using FieldList = detail::FieldsOf<std::index_sequence_for<F...>, F...>;
template <class... F>
constexpr FieldList<F...> fields(F... f) noexcept {
    return {{f}...};
}

// True when every member of Row has an entry in its field list. The loader
// and the generator static_assert it, so a member added to a row without a
// field entry stops them compiling.
template <DescribedRow Row>
inline constexpr bool row_fields_complete =
    detail::member_count<Row>() == std::remove_const_t<decltype(RowFields<Row>::list)>::size;

// Calls f(field) for each field of Row, in declaration order.
template <DescribedRow Row, class F>
constexpr void for_each_field(F&& f) {
    RowFields<Row>::list.each(f);
}

}  // namespace gpucompat
