// PyTorch and JAX: scenarios from real reports (each names its source), the
// install commands people paste, and builds of two or three frameworks that
// share one environment (shared_environment.hpp).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/json.hpp>

using namespace gpucompat;

namespace {
Query linux_query(const char* driver = nullptr) {
    Query q;
    q.platform = Platform::Linux;
    if (driver != nullptr) q.driver = *DriverVersion::parse(driver);
    return q;
}
FrameworkQuery version(const char* s, std::string_view variant = "") {
    FrameworkQuery fq;
    fq.version = *VersionSpec::parse(s);
    fq.variant = variant;
    return fq;
}
const FrameworkCandidate* candidate(const FrameworkResolution& r, const char* v, std::string_view variant) {
    for (const auto& c : r.candidates)
        if (c.row->version == *Version::parse(v) && c.row->variant == variant) return &c;
    return nullptr;
}
const FrameworkRejection* rejected(const FrameworkResolution& r, const char* v, std::string_view variant) {
    for (const auto& x : r.rejected)
        if (x.row->version == *Version::parse(v) && x.row->variant == variant) return &x;
    return nullptr;
}
const FrameworkRelease* row_of(Framework f, const char* v, std::string_view variant, Platform p = Platform::Linux) {
    for (const auto& r : framework_rows(f))
        if (r.version == *Version::parse(v) && r.variant == variant && r.platform == p && r.arch == Arch::X86_64) return &r;
    return nullptr;
}
bool has_cc(const FixedList<ComputeCapability, 16>& l, ComputeCapability c) {
    for (const auto& x : l)
        if (x == c) return true;
    return false;
}
SharedQuery shared(const Query& q, std::initializer_list<Framework> fs) {
    SharedQuery sq;
    sq.query = q;
    for (Framework f : fs) sq.frameworks.push_back(f);
    return sq;
}
}  // namespace

// https://github.com/bnsreenu/digitalsreeni-image-annotator/issues/57: a GTX
// 1050 (6.1), Ubuntu 24.04, driver 550.163.01, torch 2.8.0+cu128: "CUDA error:
// no kernel image is available for execution on the device"; the reporter's
// fix was an older build that still carries sm_61 code. Also
// https://github.com/mmartial/ComfyUI-Nvidia-Docker/issues/61 (GTX 1080 Ti:
// "Minimum and Maximum cuda capability supported by this version of PyTorch
// is (7.0) - (12.0) ... Please install PyTorch with ... 12.6").
TEST_CASE("scenario: GTX 10-series (6.1) on PyTorch 2.8.0 cu128 wheels: no kernel image; cu126 still carries 6.0 SASS") {
    const FrameworkRelease* cu128 = row_of(Framework::PyTorch, "2.8.0", "cu128");
    const FrameworkRelease* cu126 = row_of(Framework::PyTorch, "2.8.0", "cu126");
    REQUIRE(cu128 != nullptr);
    REQUIRE(cu126 != nullptr);
    // The tables themselves: cu128 starts at 7.0, cu126 carries 6.0, which a
    // 6.1 GPU runs (SASS runs on the same major with an equal or newer minor).
    CHECK(cu128->sass.front() == ComputeCapability{7, 0});
    CHECK_FALSE(has_cc(cu128->ptx, ComputeCapability{6, 0}));
    CHECK(has_cc(cu126->sass, ComputeCapability{6, 0}));

    Query q = linux_query("550.163.01");
    q.cc.push_back(ComputeCapability{6, 1});
    q.python = *Version::parse("3.12");
    const auto r = resolve_framework(Framework::PyTorch, q, version("2.8.0"));
    const auto* bad = rejected(r, "2.8.0", "cu128");
    REQUIRE(bad != nullptr);
    CHECK(bad->codes.has(ReasonCode::ComputeCapabilityUnsupported));
    CHECK_FALSE(bad->codes.has(ReasonCode::DriverTooOld));  // 550 runs CUDA 12.8 through 12.x's floor: the GPU is the problem
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->row->variant == "cu126");
    // The install command for the build that works names its index.
    const FrameworkInstallPlan plan = plan_framework_install(*r.best());
    const std::string req = render_framework_install(plan, InstallFormat::Requirements);
    CHECK(req.find("--index-url https://download.pytorch.org/whl/cu126\ntorch==2.8.0\n") != std::string::npos);
}

// https://github.com/lllyasviel/Fooocus/issues/1313: driver 470.86 ("CUDA
// Version: 11.4" in nvidia-smi), RTX 3050 Laptop (8.6), Ubuntu: "The NVIDIA
// driver on your system is too old (found version 11040)" under Fooocus's
// torch 2.1.0 from download.pytorch.org/whl/cu121. CUDA 12.1 needs 530.30.02,
// or 525.60.13 through 12.x's minor-version floor (data/cuda.json).
TEST_CASE("scenario: driver 470 with PyTorch cu121 is driver-too-old; cu118 runs through CUDA 11's floor") {
    Query q = linux_query("470.86");
    q.cc.push_back(ComputeCapability{8, 6});
    const auto r = resolve_framework(Framework::PyTorch, q, version("2.1.0"));
    const auto* cu121 = rejected(r, "2.1.0", "cu121");
    REQUIRE(cu121 != nullptr);
    CHECK(cu121->codes.has(ReasonCode::DriverTooOld));
    const std::string m = framework_reason_message(r, *cu121, ReasonCode::DriverTooOld);
    CHECK(m.find("470.86") != std::string::npos);
    CHECK(m.find("525.60.13") != std::string::npos);
    REQUIRE(r.best() != nullptr);
    CHECK(r.best()->row->variant == "cu118");
    CHECK(r.best()->compatibility == Compatibility::MinorVersion);
    // The JSON answer carries the same verdict for programs.
    const auto j = to_json(r);
    bool found = false;
    for (const auto& x : j["rejected"])
        if (x["variant"] == "cu121")
            for (const auto& reason : x["reasons"]) found = found || reason["code"] == "driver-too-old";
    CHECK(found);
}

// https://github.com/jax-ml/jax/issues/26417 (a JAX maintainer: "We support
// only: Windows CPU; Windows GPU using WSL2 (i.e., the Linux build)"), as
// JAX's install guide's platform table says (data/jax.json "windows-gpu").
TEST_CASE("scenario: JAX on native Windows has no GPU build; install refuses with JAX's own words, WSL2 installs") {
    Query q;
    q.platform = Platform::Windows;
    q.driver = *DriverVersion::parse("581.57");
    q.cc.push_back(ComputeCapability{8, 9});
    const auto r = resolve_framework(Framework::Jax, q);
    CHECK_FALSE(r.fits());
    REQUIRE(r.platform_statement != nullptr);
    for (const auto& x : r.rejected) CHECK(x.codes.has(ReasonCode::PlatformNoGpu));
    const std::string m = framework_reason_message(r, r.rejected[0], ReasonCode::PlatformNoGpu);
    CHECK(m.find("no GPU build for native Windows") != std::string::npos);
    CHECK(m.find("WSL2") != std::string::npos);

    q.platform = Platform::Wsl2;
    q.windows_build = 22631;
    const auto wsl = resolve_framework(Framework::Jax, q);
    REQUIRE(wsl.best() != nullptr);
    const std::string sh = render_framework_install(plan_framework_install(*wsl.best()), InstallFormat::Sh);
    CHECK(sh.find("-m pip install 'jax[cuda") != std::string::npos);
    CHECK(sh.find("experimental") != std::string::npos);  // the WSL2 note travels into the script as a comment
}

// The GPU machine (H200, driver 580.159, Linux x86_64, Python 3.12).
// CUDA 13.0 GA needs driver >= 580.65.06 (NVIDIA CUDA 13.0 release notes,
// https://docs.nvidia.com/cuda/archive/13.2.2/cuda-toolkit-release-notes/index.html,
// the row data/cuda.json holds).
TEST_CASE("scenario: H200, driver 580.159, Python 3.12: the newest PyTorch in cu130/cu126/cu132, cu130 needing 580.65.06") {
    const CudaRelease* cuda130 = find_cuda_release(*Version::parse("13.0"));
    REQUIRE(cuda130 != nullptr);
    CHECK(cuda130->linux_min.text() == "580.65.06");

    Query q = linux_query("580.159.04");
    q.cc.push_back(ComputeCapability{9, 0});
    q.python = *Version::parse("3.12");
    const auto r = resolve_framework(Framework::PyTorch, q);
    REQUIRE(r.best() != nullptr);
    const Version newest = r.best()->row->version;
    for (const auto& row : framework_rows(Framework::PyTorch)) CHECK(row.version <= newest);
    CHECK(r.best()->row->variant == "cu130");
    CHECK(r.best()->compatibility == Compatibility::Full);
    CHECK(r.best()->driver_min()->text() == "580.65.06");
    // A 575 driver would not run it: the 13.x floor is the 580 branch.
    Query older = q;
    older.driver = *DriverVersion::parse("575.57.08");
    const auto o = resolve_framework(Framework::PyTorch, older, version(std::string(newest.text()).c_str(), "cu130"));
    CHECK_FALSE(o.fits());
    REQUIRE_FALSE(o.rejected.empty());
    CHECK(rejected(o, std::string(newest.text()).c_str(), "cu130")->codes.has(ReasonCode::DriverTooOld));
    // 2.11.0, the release the machine runs (torch 2.11.0+cu130): cu130, cu128, cu126.
    const auto r211 = resolve_framework(Framework::PyTorch, q, version("2.11.0"));
    REQUIRE(r211.candidates.size() == 3);
    CHECK(r211.candidates[0].row->variant == "cu130");
    CHECK(candidate(r211, "2.11.0", "cu128") != nullptr);
    CHECK(candidate(r211, "2.11.0", "cu126")->row->pip_index_url == "https://download.pytorch.org/whl/cu126");
}

TEST_CASE("install: pip, requirements, yml, PowerShell and uv for PyTorch and JAX, with the index each variant needs") {
    const Query q = linux_query("580.159.04");
    const auto r = resolve_framework(Framework::PyTorch, q, version("2.11.0", "cu126"));
    REQUIRE(r.best() != nullptr);
    InstallOptions o;
    o.python = *Version::parse("3.12");
    const FrameworkInstallPlan plan = plan_framework_install(*r.best(), o);
    CHECK(plan.env == "torch-2.11");
    CHECK(plan.python == "3.12");
    const std::string sh = render_framework_install(plan, InstallFormat::Sh);
    CHECK(sh.find("-m pip install 'torch==2.11.0' --index-url 'https://download.pytorch.org/whl/cu126'\n") != std::string::npos);
    CHECK(sh.find("conda create -n torch-2.11 python=3.12\n") != std::string::npos);
    CHECK(sh.find("torch.cuda.is_available()") != std::string::npos);
    const std::string yml = render_framework_install(plan, InstallFormat::Yml);
    CHECK(yml.find("      - \"--index-url https://download.pytorch.org/whl/cu126\"\n      - \"torch==2.11.0\"\n") != std::string::npos);
    const std::string uv = render_framework_install(plan, InstallFormat::Uv);
    CHECK(uv.find("uv venv --python 3.12 torch-2.11\n") != std::string::npos);
    CHECK(uv.find("uv pip install --python 'torch-2.11/bin/python' 'torch==2.11.0' --index-url 'https://download.pytorch.org/whl/cu126'\n") !=
          std::string::npos);
    CHECK(framework_uv_command(*r.best()->row) == "uv pip install torch==2.11.0 --index-url https://download.pytorch.org/whl/cu126");

    // PyPI's default variant needs no index.
    const auto def = resolve_framework(Framework::PyTorch, q, version("2.11.0", "cu130"));
    const std::string req = render_framework_install(plan_framework_install(*def.best()), InstallFormat::Requirements);
    CHECK(req.find("--index-url") == std::string::npos);
    CHECK(req.find("\ntorch==2.11.0\n") != std::string::npos);

    // Windows: download.pytorch.org always (PyPI's Windows wheels are CPU-only); PowerShell quotes every word.
    Query w;
    w.platform = Platform::Windows;
    const auto win = resolve_framework(Framework::PyTorch, w, version("2.11.0"));
    REQUIRE(win.best() != nullptr);
    const std::string ps = render_framework_install(plan_framework_install(*win.best()), InstallFormat::PowerShell);
    CHECK(ps.find("& (Join-Path $prefix 'python.exe') -m pip install 'torch==2.11.0' --index-url 'https://download.pytorch.org/whl/") !=
          std::string::npos);
    CHECK(ps.find("CPU-only") != std::string::npos);
    const std::string uvw = render_framework_install(plan_framework_install(*win.best()), InstallFormat::Uv);
    CHECK(uvw.find("uv pip install --python (Join-Path 'torch-2.11' 'Scripts/python.exe')") != std::string::npos);

    // JAX: the extra, quoted; a *_local plugin says the user brings CUDA.
    const auto jx = resolve_framework(Framework::Jax, q, version("0.11.0", "cuda12_local"));
    REQUIRE(jx.best() != nullptr);
    const std::string jsh = render_framework_install(plan_framework_install(*jx.best()), InstallFormat::Sh);
    CHECK(jsh.find("'jax[cuda12-local]==0.11.0'") != std::string::npos);
    CHECK(jsh.find("that you install yourself") != std::string::npos);

    // A name that is not safe never reaches a script.
    InstallOptions bad;
    bad.env = "x; rm -rf ~";
    CHECK_THROWS_AS((void)plan_framework_install(*r.best(), bad), std::invalid_argument);
}

// Sharing one environment: one CUDA major, one cuDNN major (the highest
// version serves all), one Python; each framework's own rules first.
TEST_CASE("shared environments: PyTorch + JAX on the H200 machine, and why their best builds do not share") {
    Query q = linux_query("580.159.04");
    q.cc.push_back(ComputeCapability{9, 0});
    q.python = *Version::parse("3.12");
    const SharedResolution r = resolve_shared(shared(q, {Framework::PyTorch, Framework::Jax}));
    REQUIRE(r.fits());
    for (const auto& e : r.environments) {
        const FrameworkRelease& t = *r.pytorch.candidates[e.pytorch].row;
        const FrameworkRelease& j = *r.jax.candidates[e.jax].row;
        CHECK(t.cuda.major() == j.cuda.major());
        CHECK(t.cudnn.major() == j.cudnn.major());
        CHECK(*e.cudnn >= t.cudnn);
        CHECK(*e.cudnn >= j.cudnn);
        CHECK(e.python == (1u << 12));  // the query's Python
    }
    // The best of each (PyTorch cu130, JAX cuda13) are both CUDA 13 here: they share.
    CHECK(r.environments[0].pytorch == 0);
    CHECK(r.environments[0].jax == 0);
    CHECK(r.conflicts.empty());

    // Pinned to cu126 (CUDA 12) against JAX's cuda13 plugin: no environment,
    // and the conflict says why, with both sides.
    SharedQuery pinned = shared(q, {Framework::PyTorch, Framework::Jax});
    pinned.pytorch = version("2.11.0", "cu126");
    pinned.jax = version("0.11.0", "cuda13");
    const SharedResolution p = resolve_shared(pinned);
    CHECK_FALSE(p.fits());
    REQUIRE_FALSE(p.conflicts.empty());
    CHECK(p.conflicts[0].code == ShareConflict::CudaMajor);
    const std::string m = shared_conflict_message(p, p.conflicts[0]);
    CHECK(m.find("CUDA 12") != std::string::npos);
    CHECK(m.find("CUDA 13") != std::string::npos);
    const auto j = to_json(p);
    CHECK(j["environments"].empty());
    CHECK(j["conflicts"][0]["code"] == "cuda-major-mismatch");
}

TEST_CASE("shared environments: TensorFlow, PyTorch and JAX together; TensorFlow's answers unchanged") {
    Query q = linux_query("580.159.04");
    q.cc.push_back(ComputeCapability{8, 6});
    const SharedResolution r = resolve_shared(shared(q, {Framework::TensorFlow, Framework::PyTorch, Framework::Jax}));
    REQUIRE(r.fits());
    const Resolution alone = resolve(q);
    REQUIRE(r.tensorflow.candidates.size() == alone.candidates.size());
    CHECK(r.tensorflow.candidates[0].row == alone.candidates[0].row);
    for (const auto& e : r.environments) {
        const TensorFlowRow& tf = *r.tensorflow.candidates[e.tensorflow].row;
        const FrameworkRelease& t = *r.pytorch.candidates[e.pytorch].row;
        const FrameworkRelease& j = *r.jax.candidates[e.jax].row;
        CHECK(tf.cuda.major() == t.cuda.major());
        CHECK(t.cuda.major() == j.cuda.major());
        CHECK(tf.cudnn.major() == t.cudnn.major());
        CHECK(t.cudnn.major() == j.cudnn.major());
        CHECK(e.python != 0u);
        CHECK((detail::python_mask(tf.python) & detail::python_mask(t.python) & detail::python_mask(j.python)) == e.python);
    }
    // TensorFlow's JSON entries now say which framework and version they are, beside the old member.
    const auto j = to_json(alone);
    CHECK(j["candidates"][0]["framework"] == "tensorflow");
    CHECK(j["candidates"][0]["version"] == j["candidates"][0]["tensorflow"]);
    const auto sj = to_json(r);
    CHECK(sj["environments"][0]["members"].size() == 3);
    CHECK(sj["environments"][0]["members"][0]["framework"] == "tensorflow");
    CHECK(sj["environments"][0]["members"][1]["framework"] == "pytorch");
}
