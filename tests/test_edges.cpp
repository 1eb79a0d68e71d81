// The library's edges (issue 13): answers that outlive a temporary view of
// the tables, failed parses used as values, lists that are full, and the
// numbers at the ends of their ranges. Each case failed before its fix.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <utility>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/json_tables.hpp>

using namespace gpucompat;
using namespace gpucompat::literals;

namespace {
Query linux_query(const char* driver) {
    Query q;
    q.platform = Platform::Linux;
    q.driver = *DriverVersion::parse(driver);
    return q;
}
}  // namespace

// Before the fix view() returned a TableSet by value, the Resolution kept its
// address, and AddressSanitizer reported stack-use-after-scope in
// Candidate::driver_min() (the clang ASan/UBSan stage of scripts/test.sh runs this).
TEST_CASE("resolve(query, tables.view()), the documented run-time usage, leaves nothing dangling") {
    const JsonTables tables = JsonTables::load(GPUCOMPAT_DATA_DIR);
    // 450.80.02: CUDA 11.x builds run through minor version compatibility,
    // whose driver minimum driver_min() looks up through the table set.
    const Resolution r = resolve(linux_query("450.80.02"), tables.view());
    REQUIRE(r.fits());
    CHECK(r.tables->tensorflow.size() == tables.tensorflow.size());
    int minor_version = 0;
    for (const auto& c : r.candidates) {
        if (c.driver_rule != DriverRule::MinorVersionFloor) continue;
        ++minor_version;
        REQUIRE(c.driver_min());
        CHECK(c.driver_min()->text() == "450.80.02");
    }
    CHECK(minor_version > 0);

    const FrameworkResolution f = resolve_framework(Framework::PyTorch, linux_query("525.60.13"), {}, tables.view());
    REQUIRE(f.fits());
    for (const auto& c : f.candidates)
        if (c.cuda_release != nullptr) CHECK(c.driver_min());

    InstalledStack s;
    s.tensorflow = "2.4"_v;
    s.cuda = "10.1"_v;
    const CheckResult cr = check(s, tables.view());
    CHECK(cr.has(ReasonCode::CudaRuntimeMismatch));
    CHECK(cr.tables->cuda_releases.size() == tables.cuda_releases.size());
}

TEST_CASE("an answer stays valid when its JsonTables is moved") {
    JsonTables tables = JsonTables::load(GPUCOMPAT_DATA_DIR);
    const Resolution r = resolve(linux_query("450.80.02"), tables.view());
    const JsonTables moved = std::move(tables);
    REQUIRE(r.fits());
    CHECK(r.tables == &moved.view());
    for (const auto& c : r.candidates) (void)c.driver_min();
}

// A temporary table set cannot be passed where the answer keeps its address.
template <class T>
concept resolvable_with = requires(const Query& q, T&& t) { resolve(q, std::forward<T>(t)); };
template <class T>
concept checkable_with = requires(const InstalledStack& s, T&& t) { check(s, std::forward<T>(t)); };
static_assert(resolvable_with<const TableSet&>);
static_assert(!resolvable_with<TableSet>);
static_assert(checkable_with<TableSet&>);
static_assert(!checkable_with<TableSet>);
static_assert(std::is_same_v<decltype(std::declval<const JsonTables&>().view()), const TableSet&>);

TEST_CASE("a failed parse used as a value throws BadParseAccess with the parser's error") {
    const auto bad = DriverVersion::parse("27.21.14.567l");
    REQUIRE_FALSE(bad);
    CHECK_THROWS_AS((void)*bad, BadParseAccess);
    CHECK_THROWS_AS((void)bad.value(), std::invalid_argument);
    CHECK_THROWS_AS((void)bad->text(), BadParseAccess);
    try {
        (void)Version::parse("1..2").value();
        FAIL("no exception");
    } catch (const BadParseAccess& e) {
        CHECK(e.error().position == 1);
        CHECK(std::string(e.what()) == "position 1: expected a digit after '.'");
    }
    CHECK(*DriverVersion::parse("27.21.14.5671") == "456.71"_driver);
}

TEST_CASE("the _v, _driver and _cc literals give at run time what the parsers give") {
    // clang 14 emitted a consteval Version with padding after its text wrongly.
    const Version v = "2.4"_v;
    CHECK(v == *Version::parse("2.4"));
    CHECK(v.size() == 2);
    CHECK(v.minor() == 4);
    CHECK("535.104.05"_driver == *DriverVersion::parse("535.104.05"));
    CHECK("27.21.14.5671"_driver.text() == "456.71");
    CHECK("8.6"_cc == ComputeCapability{8, 6});
    CHECK("sm_90a"_cc == ComputeCapability{9, 0, ComputeCapability::Suffix::a});
}

TEST_CASE("a query keeps distinct compute capabilities: eight 8.6 GPUs and a 3.0 one are answered for the 3.0 too") {
    Query q = linux_query("580.65.06");
    for (int i = 0; i < 8; ++i) q.cc.push_back("8.6"_cc);
    q.cc.push_back("3.0"_cc);
    CHECK(q.cc.size() == 2);
    Query kepler = linux_query("580.65.06");
    kepler.cc.push_back("3.0"_cc);
    const Resolution r = resolve(q);
    const Resolution alone = resolve(kepler);
    REQUIRE(r.best() != nullptr);
    REQUIRE(alone.best() != nullptr);
    // Before: the 3.0 GPU was dropped, and 2.21 was answered with full support.
    CHECK(r.best()->tensorflow == alone.best()->tensorflow);
    CHECK(r.best()->tensorflow < "2.0"_v);
}

TEST_CASE("a query with 20 GPUs works; a 33rd distinct capability is refused, never dropped") {
    Query q = linux_query("580.65.06");
    for (int i = 0; i < 20; ++i) q.cc.push_back(i % 2 == 0 ? "8.6"_cc : "9.0"_cc);
    CHECK(q.cc.size() == 2);
    CHECK(resolve(q).fits());

    ComputeCapabilities many;
    std::size_t added = 0;
    for (std::uint8_t major = 1; major <= 4; ++major)
        for (std::uint8_t minor = 0; minor <= 9; ++minor) added += many.try_push_back(ComputeCapability{major, minor}) ? 1 : 0;
    CHECK(added == ComputeCapabilities::capacity);
    CHECK(many.size() == ComputeCapabilities::capacity);
    CHECK(many.try_push_back(ComputeCapability{1, 0}));  // already there: not a new entry
    CHECK_THROWS_AS(many.push_back(ComputeCapability{9, 9}), std::length_error);
    CHECK(many.size() == ComputeCapabilities::capacity);
}

TEST_CASE("FixedList: full is an error, reading past the end is an error") {
    FixedList<int, 2> l;
    l.push_back(1);
    CHECK(l.try_push_back(2));
    CHECK_FALSE(l.try_push_back(3));
    CHECK_THROWS_AS(l.push_back(3), std::length_error);
    CHECK(l.size() == 2);
    CHECK(l.back() == 2);
    CHECK_THROWS_AS((void)l[2], std::out_of_range);
    const FixedList<int, 2> empty;
    CHECK_THROWS_AS((void)empty.back(), std::out_of_range);
    CHECK_THROWS_AS((void)empty.front(), std::out_of_range);

    // Before: the 33rd library was dropped and then reported missing.
    InstalledStack s;
    for (std::size_t i = 0; i < decltype(s.libraries)::capacity; ++i) s.libraries.push_back("libfoo.so");
    CHECK_THROWS_AS(s.libraries.push_back("libcudart.so.11.0"), std::length_error);
}

TEST_CASE("the row capacity is defined once") {
    CHECK(JsonTables::max_table_rows == max_rows);
    CHECK(JsonTables::max_framework_rows == max_framework_rows);
    CHECK(decltype(Resolution::candidates)::capacity == max_rows);
    CHECK(decltype(FrameworkResolution::candidates)::capacity == max_framework_rows);
}

TEST_CASE("Version::from_components with six maximal components keeps all 65 characters") {
    const std::uint32_t m[6] = {4294967295U, 4294967295U, 4294967295U, 4294967295U, 4294967295U, 4294967295U};
    const Version v = Version::from_components(m, 6);
    CHECK(v.text() == "4294967295.4294967295.4294967295.4294967295.4294967295.4294967295");
    CHECK(v.component(5) == 4294967295U);
    CHECK(v.size() == 6);
}

TEST_CASE("semver numeric pre-release identifiers compare as numbers of any length") {
    const auto v = [](const char* s) { return Version::parse_semver(s).value(); };
    CHECK(v("1.0.0-18446744073709551617") != v("1.0.0-1"));  // 2^64 + 1 wrapped to 1 before
    CHECK(v("1.0.0-18446744073709551617") > v("1.0.0-18446744073709551616"));
    CHECK(v("1.0.0-99999999999999999999999") > v("1.0.0-18446744073709551617"));
    CHECK(v("1.0.0-2") < v("1.0.0-10"));
    CHECK(v("1.0.0-alpha.18446744073709551617") > v("1.0.0-alpha.2"));
    CHECK(v("1.0.0-18446744073709551617") < v("1.0.0-alpha"));  // numeric below alphanumeric
    CHECK(Version::parse("2.11.0rc01").value() == Version::parse("2.11.0rc1").value());  // PEP 440: rc01 is rc1
}

TEST_CASE("resolve refuses a query value that names nothing") {
    ComputeCapabilities none;
    CHECK_FALSE(none.try_push_back(ComputeCapability{0, 0}));
    CHECK_THROWS_AS(none.push_back(ComputeCapability{}), std::invalid_argument);
    CHECK(none.empty());

    Query q;
    q.driver = DriverVersion{};
    CHECK(query_problem(q).starts_with("driver:"));
    CHECK_THROWS_AS((void)resolve(q), std::invalid_argument);
    CHECK_THROWS_AS((void)resolve_framework(Framework::PyTorch, q), std::invalid_argument);
    q.driver = DriverVersion{"1.0"_v};
    CHECK_THROWS_AS((void)resolve(q), std::invalid_argument);
    q.driver.reset();
    q.driver_cuda = DriverCudaVersion{};
    CHECK_THROWS_AS((void)resolve(q), std::invalid_argument);
    q.driver_cuda.reset();
    q.python = Version{};
    CHECK_THROWS_AS((void)resolve(q), std::invalid_argument);
    q.python.reset();
    q.windows_build = 0;
    CHECK_THROWS_AS((void)resolve(q), std::invalid_argument);
    q.windows_build = 19045;
    CHECK(query_problem(q).empty());
    CHECK_NOTHROW((void)resolve(q));
}
