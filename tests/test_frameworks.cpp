// PyTorch and JAX: resolve_framework() scenarios. Each names the source of
// its expected answer (the rows of data/pytorch.json and data/jax.json carry
// their own sources; the driver minimums come from data/cuda.json).
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/json.hpp>
#include <gpucompat/json_tables.hpp>

using namespace gpucompat;

namespace {
Query linux_query() {
    Query q;
    q.platform = Platform::Linux;
    return q;
}
FrameworkQuery spec(const char* s, std::string_view variant = "") {
    FrameworkQuery fq;
    if (s != nullptr) fq.version = *VersionSpec::parse(s);
    fq.variant = variant;
    return fq;
}
const FrameworkCandidate* candidate(const FrameworkResolution& r, const char* version, std::string_view variant) {
    for (const auto& c : r.candidates)
        if (c.row->version == *Version::parse(version) && c.row->variant == variant) return &c;
    return nullptr;
}
const FrameworkRejection* rejected(const FrameworkResolution& r, const char* version, std::string_view variant) {
    for (const auto& x : r.rejected)
        if (x.row->version == *Version::parse(version) && x.row->variant == variant) return &x;
    return nullptr;
}
std::vector<std::string> variants_of(const FrameworkResolution& r, const Version& v) {
    std::vector<std::string> out;
    for (const auto& c : r.candidates)
        if (c.row->version == v) out.emplace_back(c.row->variant);
    return out;
}
}  // namespace

// PyTorch 2.8's cu128 wheels: TORCH_CUDA_ARCH_LIST 7.0;7.5;8.0;8.6;9.0;10.0;12.0
// (RELEASE.md's 2.8 matrix, test-infra 2.8 go-live); cu126 keeps 5.0;6.0;7.0
// (the notes of data/pytorch.json: "Maxwell/Pascal are dropped per CUDA
// variant, not per release").
TEST_CASE("GTX 1080 (6.1), Linux, PyTorch 2.8.0: cu128 is compute-capability-unsupported, cu126 fits") {
    Query q = linux_query();
    q.cc.push_back(ComputeCapability{6, 1});
    const auto r = resolve_framework(Framework::PyTorch, q, spec("2.8.0"));
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->row->variant == "cu126");
    CHECK(r.best()->compatibility == Compatibility::Full);  // 6.1 runs the 6.0 SASS (same major)
    const auto* cu128 = rejected(r, "2.8.0", "cu128");
    REQUIRE(cu128 != nullptr);
    CHECK(cu128->codes.has(ReasonCode::ComputeCapabilityUnsupported));
    const std::string m = framework_reason_message(r, *cu128, ReasonCode::ComputeCapabilityUnsupported);
    CHECK(m.find("7.0;7.5;8.0;8.6;9.0;10.0;12.0") != std::string::npos);  // the arch list, verbatim
    // Every release is judged: the cu126 wheels of 2.13.0 fit too, cu130 (CUDA 13: 7.5+) does not.
    const auto all = resolve_framework(Framework::PyTorch, q);
    CHECK(candidate(all, "2.13.0", "cu126") != nullptr);
    REQUIRE(rejected(all, "2.13.0", "cu130") != nullptr);
    CHECK(rejected(all, "2.13.0", "cu130")->codes.has(ReasonCode::ComputeCapabilityUnsupported));
}

// CUDA 12.1 needs 530.30.02 on Linux, 12.x's minor-version floor is 525.60.13
// (NVIDIA's release notes and compatibility guide, data/cuda.json): a 470
// driver runs neither; CUDA 11.8 runs on it through 11.x's floor (450.80.02).
TEST_CASE("driver 470.256.02 and PyTorch 2.1.0: cu121 is driver-too-old, cu118 fits through minor version compatibility") {
    Query q = linux_query();
    q.driver = *DriverVersion::parse("470.256.02");
    const auto r = resolve_framework(Framework::PyTorch, q, spec("2.1.0"));
    const auto* cu121 = rejected(r, "2.1.0", "cu121");
    REQUIRE(cu121 != nullptr);
    CHECK(cu121->codes.has(ReasonCode::DriverTooOld));
    CHECK(framework_reason_message(r, *cu121, ReasonCode::DriverTooOld).find("530.30.02") != std::string::npos);
    const auto* cu118 = candidate(r, "2.1.0", "cu118");
    REQUIRE(cu118 != nullptr);
    CHECK(cu118->compatibility == Compatibility::MinorVersion);
    CHECK(cu118->driver_min()->text() == "450.80.02");
}

TEST_CASE("cu130 needs a 580-branch driver: 570.x is driver-too-old for PyTorch 2.13.0 cu130, cu128 fits") {
    Query q = linux_query();
    q.driver = *DriverVersion::parse("570.133.07");
    const auto r = resolve_framework(Framework::PyTorch, q, spec("2.13.0"));
    REQUIRE(rejected(r, "2.13.0", "cu130") != nullptr);
    CHECK(rejected(r, "2.13.0", "cu130")->codes.has(ReasonCode::DriverTooOld));
    // 2.13.0 has no cu128 build (cu126/cu130/cu132): cu126 is the one that fits.
    CHECK(r.best()->row->variant == "cu126");
}

// JAX's install guide: "NVIDIA GPU": Windows x86_64 "no" (0.4.17 .. 0.11.0).
TEST_CASE("JAX on native Windows: every release is platform-no-gpu, with JAX's own statement") {
    Query q;
    q.platform = Platform::Windows;
    q.driver = *DriverVersion::parse("581.57");
    const auto r = resolve_framework(Framework::Jax, q);
    CHECK_FALSE(r.fits());
    CHECK(r.rejected.size() > 0);
    for (const auto& x : r.rejected) CHECK(x.codes.has(ReasonCode::PlatformNoGpu));
    REQUIRE(r.platform_statement != nullptr);
    CHECK(std::string(r.platform_statement->text).find("Windows, x86_64 = 'no'") != std::string::npos);
    const std::string m = framework_reason_message(r, r.rejected[0], ReasonCode::PlatformNoGpu);
    CHECK(m.find("WSL2") != std::string::npos);
    CHECK(m.find("docs/installation.md") != std::string::npos);
    // WSL2 uses the Linux builds, which the same guide calls "experimental" there.
    q.platform = Platform::Wsl2;
    q.windows_build = 22631;
    const auto wsl = resolve_framework(Framework::Jax, q);
    REQUIRE(wsl.fits());
    CHECK(wsl.best()->notes.has(NoteCode::Wsl2Experimental));
    CHECK(wsl.best()->notes.has(NoteCode::Wsl2UseWindowsDriver));
    CHECK(framework_note_message(*wsl.best(), NoteCode::Wsl2Experimental).find("WSL2, x86_64 = 'experimental'") != std::string::npos);
}

// H200 = 9.0. The newest bundled release is 2.13.0 (test-infra go-live
// 6d36e31f4): cu126, cu130 (PyPI default) and cu132 for Linux x86_64. CUDA
// 13.0 needs 580.65.06, 13.2 needs 595.45.04 (so 13.2 runs through 13.x's 580
// floor): cu130 first. 2.11.0 offers cu130, cu128, cu126 (test-infra #7868).
TEST_CASE("H200 (9.0), driver 580.159.04, Python 3.12, Linux: PyTorch's newest release, cu130 first") {
    Query q = linux_query();
    q.driver = *DriverVersion::parse("580.159.04");
    q.cc.push_back(ComputeCapability{9, 0});
    q.python = *Version::parse("3.12");
    const auto r = resolve_framework(Framework::PyTorch, q);
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->row->version == *Version::parse("2.13.0"));
    CHECK(r.best()->row->variant == "cu130");
    CHECK(r.best()->row->pypi_default);
    CHECK(r.best()->driver_min()->text() == "580.65.06");
    CHECK(variants_of(r, *Version::parse("2.13.0")) == std::vector<std::string>{"cu130", "cu126", "cu132"});
    CHECK(candidate(r, "2.13.0", "cu132")->compatibility == Compatibility::MinorVersion);
    // No aarch64 build is offered to an x86_64 (or unstated) machine.
    for (const auto& c : r.candidates) CHECK(c.row->arch == Arch::X86_64);

    const auto r211 = resolve_framework(Framework::PyTorch, q, spec("2.11.0"));
    CHECK(variants_of(r211, *Version::parse("2.11.0")) == std::vector<std::string>{"cu130", "cu128", "cu126"});
    for (const auto& x : r211.rejected) CHECK(x.codes.has(ReasonCode::VersionConstraint));

    // --torch 2.11.0+cu130 pins the variant.
    const auto pinned = resolve_framework(Framework::PyTorch, q, spec("2.11.0", "cu130"));
    REQUIRE(pinned.candidates.size() == 1);
    CHECK(pinned.best()->row->variant == "cu130");
    REQUIRE(rejected(pinned, "2.11.0", "cu128") != nullptr);
    CHECK(rejected(pinned, "2.11.0", "cu128")->codes.has(ReasonCode::VersionConstraint));
    CHECK(to_string(ReasonCode::VersionConstraint) == "version-constraint");
}

TEST_CASE("install commands: download.pytorch.org for non-default variants and Windows, plain pip for PyPI's default") {
    Query q = linux_query();
    const auto r = resolve_framework(Framework::PyTorch, q, spec("2.11.0"));
    CHECK(framework_pip_command(*candidate(r, "2.11.0", "cu130")->row) == "pip install torch==2.11.0");
    CHECK(framework_pip_command(*candidate(r, "2.11.0", "cu126")->row) ==
          "pip install torch==2.11.0 --index-url https://download.pytorch.org/whl/cu126");
    const auto j = to_json(*candidate(r, "2.11.0", "cu126"));
    CHECK(j["framework"] == "pytorch");
    CHECK(j["version"] == "2.11.0");
    CHECK(j["variant"] == "cu126");
    CHECK(j["install"][0]["manager"] == "pip");
    CHECK(j["install"][0]["index_url"] == "https://download.pytorch.org/whl/cu126");
    CHECK(j["install"][0]["spec"] == "torch==2.11.0");

    q.platform = Platform::Windows;
    const auto w = resolve_framework(Framework::PyTorch, q, spec("2.11.0"));
    REQUIRE(w.best() != nullptr);
    CHECK(w.best()->row->platform == Platform::Windows);
    CHECK_FALSE(w.best()->row->pypi_default);  // PyPI's Windows wheels are CPU-only
    CHECK(w.best()->notes.has(NoteCode::WheelIndex));
    CHECK(framework_note_message(*w.best(), NoteCode::WheelIndex).find("not PyPI") != std::string::npos);

    Query h100 = linux_query();
    h100.cc.push_back(ComputeCapability{9, 0});
    h100.driver = *DriverVersion::parse("580.159.04");
    const auto jx = resolve_framework(Framework::Jax, h100, spec("0.11.0"));
    REQUIRE(jx.best() != nullptr);
    CHECK(jx.best()->row->variant == "cuda13");
    CHECK(framework_pip_command(*jx.best()->row) == "pip install \"jax[cuda13]==0.11.0\"");
}

TEST_CASE("aarch64: only with --arch aarch64, and an x86_64-only build is named arch-unsupported") {
    Query q = linux_query();
    q.arch = Arch::Aarch64;
    const auto r = resolve_framework(Framework::PyTorch, q);
    REQUIRE(r.best() != nullptr);
    for (const auto& c : r.candidates) CHECK(c.row->arch == Arch::Aarch64);
    CHECK(candidate(r, "2.13.0", "cu130") != nullptr);
    // 1.8.0 had no aarch64 CUDA wheel (PyPI's aarch64 wheels were CPU-only through 2.10).
    REQUIRE(rejected(r, "1.8.0", "cu102") != nullptr);
    CHECK(rejected(r, "1.8.0", "cu102")->codes.has(ReasonCode::ArchUnsupported));
}

TEST_CASE("the JSON loader reads pytorch.json and jax.json exactly as the compiled-in tables") {
    const auto t = JsonTables::load(GPUCOMPAT_DATA_DIR);
    REQUIRE(t.pytorch.size() == tables::pytorch.size());
    REQUIRE(t.jax.size() == tables::jax.size());
    CHECK(t.framework_statements.size() == tables::framework_statements.size());
    for (std::size_t i = 0; i < t.pytorch.size(); ++i) {
        CHECK(t.pytorch[i].config == tables::pytorch[i].config);
        CHECK(t.pytorch[i].sass.size() == tables::pytorch[i].sass.size());
    }
    Query q = linux_query();
    q.cc.push_back(ComputeCapability{6, 1});
    const TableSet view = t.view();
    const auto a = resolve_framework(Framework::PyTorch, q, {}, view);
    const auto b = resolve_framework(Framework::PyTorch, q);
    CHECK(a.candidates.size() == b.candidates.size());
    CHECK(a.rejected.size() == b.rejected.size());
    for (const auto& r : tables::pytorch) {
        CHECK(r.provenance.source.size() > 8);
        CHECK(r.provenance.checked.size() == 10);
        CHECK(find_cuda_release(r.cuda) != nullptr);
    }
    for (const auto& r : tables::jax) CHECK(find_cuda_release(r.cuda) != nullptr);
}

namespace {
// The order resolve_framework promises, written from the rows themselves:
// newest release; full, minor-version, ptx-jit; PyPI's default; newer CUDA;
// pip's CUDA before a local one; the platform's enum order.
bool reference_better(const FrameworkCandidate& a, const FrameworkCandidate& b) {
    if (a.row->version != b.row->version) return a.row->version > b.row->version;
    if (a.compatibility != b.compatibility) return static_cast<int>(a.compatibility) < static_cast<int>(b.compatibility);
    if (a.row->pypi_default != b.row->pypi_default) return a.row->pypi_default;
    if (a.row->cuda != b.row->cuda) return a.row->cuda > b.row->cuda;
    if (a.notes.has(NoteCode::LocalCuda) != b.notes.has(NoteCode::LocalCuda)) return !a.notes.has(NoteCode::LocalCuda);
    return static_cast<int>(a.platform) < static_cast<int>(b.platform);
}
std::vector<std::string> order_of(const FrameworkResolution& r) {
    std::vector<std::string> out;
    for (const auto& c : r.candidates)
        out.push_back(std::string(c.row->version.text()) + " " + std::string(c.row->variant) + " " + std::string(to_string(c.platform)) + " " +
                      std::string(to_string(c.row->arch)) + " " + std::string(to_string(c.compatibility)));
    for (const auto& x : r.rejected)
        out.push_back("x " + std::string(x.row->version.text()) + " " + std::string(x.row->variant) + " " + std::to_string(x.codes.bits()));
    return out;
}
}  // namespace

TEST_CASE("a walk order reads every row once, a platform's and architecture's rows together, each group newest first") {
    for (const Framework f : {Framework::PyTorch, Framework::Jax}) {
        const auto rows = framework_rows(f);
        const auto facts = f == Framework::PyTorch ? bundled.pytorch_facts : bundled.jax_facts;
        const auto walk = f == Framework::PyTorch ? bundled.pytorch_walk : bundled.jax_walk;
        REQUIRE(walk.size() == rows.size());
        std::vector<std::uint16_t> sorted(walk.begin(), walk.end());
        std::ranges::sort(sorted);
        for (std::size_t i = 0; i < sorted.size(); ++i) CHECK(sorted[i] == i);
        for (std::size_t k = 1; k < walk.size(); ++k) {
            const FrameworkRelease& a = rows[walk[k - 1]];
            const FrameworkRelease& b = rows[walk[k]];
            const auto group = [](const FrameworkRelease& r) { return std::pair(r.platform == Platform::Windows, r.arch != Arch::X86_64); };
            CHECK(group(a) <= group(b));
            if (group(a) != group(b)) continue;
            CHECK_FALSE(b.version > a.version);
            if (b.version == a.version && a.pypi_default == b.pypi_default) CHECK_FALSE(b.cuda > a.cuda);
            CHECK(facts[walk[k]].order <= facts[walk[k - 1]].order);
        }
    }
}

TEST_CASE("candidates are best first by the rules themselves, whatever the table's order or its precomputed facts") {
    std::vector<Query> queries;
    for (const char* d : {"", "470.256.02", "580.159.04"})
        for (const auto cc : {ComputeCapability{}, ComputeCapability{6, 1}, ComputeCapability{12, 0}})
            for (const auto p : {std::optional<Platform>(Platform::Linux), std::optional<Platform>(Platform::Windows),
                                 std::optional<Platform>(Platform::Wsl2), std::optional<Platform>(Platform::MacOS),
                                 std::optional<Platform>()})
                for (const auto arch : {std::optional<Arch>(), std::optional<Arch>(Arch::X86_64), std::optional<Arch>(Arch::Aarch64)}) {
                    Query q;
                    q.platform = p;
                    q.arch = arch;
                    if (*d != '\0') q.driver = *DriverVersion::parse(d);
                    if (!cc.empty()) q.cc.push_back(cc);
                    queries.push_back(q);
                }
    // The bundled rows without their facts and walk order (computed per
    // resolve), with facts but no walk order, and in reverse order (an
    // unsorted table: the ranks are counted, not walked).
    TableSet no_facts = bundled;
    no_facts.pytorch_facts = {};
    no_facts.jax_facts = {};
    no_facts.pytorch_walk = {};
    no_facts.jax_walk = {};
    TableSet no_walk = bundled;
    no_walk.pytorch_walk = {};
    no_walk.jax_walk = {};
    const std::vector<FrameworkRelease> torch_reversed(tables::pytorch.rbegin(), tables::pytorch.rend());
    const std::vector<FrameworkRelease> jax_reversed(tables::jax.rbegin(), tables::jax.rend());
    TableSet reversed = no_facts;
    reversed.pytorch = torch_reversed;
    reversed.jax = jax_reversed;
    const auto loaded = JsonTables::load(GPUCOMPAT_DATA_DIR);
    for (const Framework f : {Framework::PyTorch, Framework::Jax}) {
        for (const Query& q : queries) {
            const auto r = resolve_framework(f, q);
            for (std::size_t i = 1; i < r.candidates.size(); ++i)
                CHECK_FALSE(reference_better(r.candidates[i], r.candidates[i - 1]));
            // The rejections too come newest release first.
            for (std::size_t i = 1; i < r.rejected.size(); ++i)
                CHECK_FALSE(r.rejected[i].row->version > r.rejected[i - 1].row->version);
            const auto plain = resolve_framework(f, q, {}, no_facts);
            CHECK(order_of(plain) == order_of(r));
            CHECK(order_of(resolve_framework(f, q, {}, no_walk)) == order_of(r));
            const auto from_json = resolve_framework(f, q, {}, loaded.view());
            CHECK(order_of(from_json) == order_of(r));
            const auto backwards = resolve_framework(f, q, {}, reversed);
            REQUIRE(backwards.candidates.size() == r.candidates.size());
            for (std::size_t i = 1; i < backwards.candidates.size(); ++i)
                CHECK_FALSE(reference_better(backwards.candidates[i], backwards.candidates[i - 1]));
            CHECK(backwards.rejected.size() == r.rejected.size());
        }
    }
    // The facts and walk orders the loader computes are the compiler's.
    CHECK(std::ranges::equal(loaded.jax_walk, bundled.jax_walk));
    CHECK(std::ranges::equal(loaded.pytorch_walk, bundled.pytorch_walk));
    for (std::size_t i = 0; i < tables::jax.size(); ++i) {
        const auto& a = loaded.jax_facts[i];
        const auto& b = bundled.jax_facts[i];
        CHECK(a.release_rank == b.release_rank);
        CHECK(a.cuda_rank == b.cuda_rank);
        CHECK(a.order == b.order);
        CHECK(a.cuda_key == b.cuda_key);
        CHECK(a.arches_key == b.arches_key);
        CHECK(a.arch_builds == b.arch_builds);
        CHECK(a.python == b.python);
    }
}
