// Issue 15: install commands that still work today. A release whose wheel
// metadata lets pip take a dependency that breaks `import tensorflow` gets the
// pin it needs (data/python_constraints.json), and only then.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include <gpucompat/gpucompat.hpp>
#include <gpucompat/json_tables.hpp>

using namespace gpucompat;

namespace {
InstallPlan plan_for(Platform p, const char* tf, const char* python, InstallMethod m = InstallMethod::Any, bool exact = false) {
    Query q;
    q.platform = p;
    q.tensorflow = *VersionSpec::parse(tf);
    q.python = *Version::parse(python);
    const Resolution r = resolve(q);
    REQUIRE(r.best() != nullptr);
    InstallOptions o;
    o.method = m;
    o.exact = exact;
    o.python = q.python;
    return plan_install(*r.best(), o);
}
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
bool pins(const InstallPlan& plan, std::string_view package) {
    for (const auto& p : plan.pip)
        if (p.starts_with(package) && p.size() > package.size() && (p[package.size()] == '<' || p[package.size()] == '=')) return true;
    for (const auto& c : plan.conda)
        if (c.name == package) return true;
    return false;
}
bool note_with(const InstallPlan& plan, std::string_view text) {
    return std::any_of(plan.notes.begin(), plan.notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
}
}  // namespace

// TF 2.10's wheel asks only numpy>=1.20 (ray-project/ray#28754 quotes its
// metadata; post-r2.10 setup.py), and NumPy 2 breaks its import on Windows with
// Python 3.10: https://github.com/tensorflow/tensorflow/issues/91042
TEST_CASE("issue 15: TF 2.10 on Windows with Python 3.10 gets numpy<2, with its reason and source") {
    const InstallPlan plan = plan_for(Platform::Windows, "<2.11", "3.10", InstallMethod::Conda);
    CHECK(plan.candidate.row->tensorflow.truncated(2) == *Version::parse("2.10"));
    CHECK(has(plan.pip, "numpy<2"));
    CHECK(has(plan.pip, "tensorflow<2.11"));
    CHECK(note_with(plan, "numpy<2: TensorFlow 2.10 on Python 3.9+"));
    CHECK(note_with(plan, "https://github.com/tensorflow/tensorflow/issues/91042"));
    // 2.10's own metadata bounds protobuf < 3.20 (ray-project/ray#28754): no protobuf pin.
    CHECK_FALSE(pins(plan, "protobuf"));
    // Every format shows the pin.
    CHECK(render_install(plan, InstallFormat::PowerShell).find("'numpy<2'") != std::string::npos);
    CHECK(render_install(plan, InstallFormat::Requirements).find("numpy<2\n") != std::string::npos);
    CHECK(render_install(plan, InstallFormat::Yml).find("\"numpy<2\"") != std::string::npos);
}

// NumPy 2.0 supports Python 3.9-3.12 (https://github.com/numpy/numpy/releases/tag/v2.0.2):
// on Python 3.8 pip cannot pick NumPy 2, so no pin.
TEST_CASE("issue 15: TF 2.10 with Python 3.8 gets no numpy pin") {
    const InstallPlan plan = plan_for(Platform::Windows, "<2.11", "3.8", InstallMethod::Conda);
    CHECK(plan.candidate.row->tensorflow.truncated(2) == *Version::parse("2.10"));
    CHECK_FALSE(pins(plan, "numpy"));
    CHECK_FALSE(note_with(plan, "numpy<2"));
}

// 2.18.0 notes: "TensorFlow now supports and is compiled with NumPy 2.0 by
// default" (https://github.com/tensorflow/tensorflow/releases/tag/v2.18.0).
TEST_CASE("issue 15: TF 2.18 and later get no pin") {
    for (const char* tf : {"2.18", "2.19", "2.20"}) {
        CAPTURE(tf);
        const InstallPlan plan = plan_for(Platform::Linux, tf, "3.11");
        CHECK_FALSE(pins(plan, "numpy"));
        CHECK_FALSE(pins(plan, "protobuf"));
    }
}

// The metadata already bounds numpy: 2.12 'numpy<1.24,>=1.22'
// (https://github.com/tensorflow/tensorflow/issues/62296); 2.15 'numpy >= 1.23.5, < 2.0.0'
// (https://github.com/tensorflow/tensorflow/pull/62131).
TEST_CASE("issue 15: TF 2.12 and 2.15, whose metadata bounds numpy, get no pin") {
    for (const char* tf : {"2.12", "2.15"}) {
        CAPTURE(tf);
        const InstallPlan plan = plan_for(Platform::Linux, tf, "3.10");
        CHECK_FALSE(pins(plan, "numpy"));
        CHECK_FALSE(pins(plan, "protobuf"));
    }
}

// TF 2.14.0 accepts numpy 2.3.4 (https://github.com/tensorflow/tensorflow/issues/102743).
TEST_CASE("issue 15: TF 2.14 on Python 3.11 gets numpy<2") {
    const InstallPlan plan = plan_for(Platform::Linux, "2.14", "3.11");
    CHECK(has(plan.pip, "numpy<2"));
}

// protobuf < 3.20 was added to setup.py in 2.9.1 (release notes,
// https://github.com/tensorflow/tensorflow/releases/tag/v2.9.1): 2.9.0 needs
// the pin, 2.9.* (pip takes the newest patch) does not.
TEST_CASE("issue 15: protobuf<3.20 only where the installed patch lacks the bound") {
    const InstallPlan exact = plan_for(Platform::Linux, "2.9", "3.10", InstallMethod::Any, true);
    REQUIRE(exact.candidate.row->tensorflow == *Version::parse("2.9.0"));
    CHECK(has(exact.pip, "protobuf<3.20"));
    CHECK(has(exact.pip, "numpy<2"));
    const InstallPlan newest = plan_for(Platform::Linux, "2.9", "3.10");
    CHECK_FALSE(pins(newest, "protobuf"));
    CHECK(has(newest.pip, "numpy<2"));
    // 2.3.0 breaks once pip resolves protobuf 4.x (https://github.com/tensorflow/tensorflow/issues/59665).
    CHECK(has(plan_for(Platform::Linux, "2.3", "3.8").pip, "protobuf<3.20"));
}

TEST_CASE("a conda version constraint is written as conda's match spec") {
    CHECK(CondaSpec{"numpy", "<2", "", nullptr}.spec() == "numpy<2");
    CHECK(CondaSpec{"cudnn", "8.1.0", "", nullptr}.spec() == "cudnn=8.1.0");
}

TEST_CASE("the bundled constraints and data/python_constraints.json hold the same rows") {
    const JsonTables j = JsonTables::load(GPUCOMPAT_DATA_DIR);
    REQUIRE(j.python_constraints.size() == bundled.python_constraints.size());
    for (std::size_t i = 0; i < j.python_constraints.size(); ++i) {
        CHECK(j.python_constraints[i].package == bundled.python_constraints[i].package);
        CHECK(j.python_constraints[i].spec == bundled.python_constraints[i].spec);
        CHECK(j.python_constraints[i].provenance.source == bundled.python_constraints[i].provenance.source);
    }
}

// TensorFlow 2.3 on compute capability 5.0 comes from Anaconda's defaults
// tensorflow-gpu build (no pip step); 2.3.0 breaks once protobuf 4.x is
// resolved (https://github.com/tensorflow/tensorflow/issues/59665), so the
// pin becomes a conda spec next to tensorflow-gpu.
TEST_CASE("issue 15: a conda-only plan gets the pin as a conda spec") {
    Query q;
    q.platform = Platform::Linux;
    q.cc.push_back(ComputeCapability{5, 0});
    q.tensorflow = *VersionSpec::parse("2.3");
    q.method = InstallMethod::Conda;
    const Resolution r = resolve(q);
    REQUIRE(r.best() != nullptr);
    InstallOptions o;
    o.method = InstallMethod::Conda;
    const InstallPlan plan = plan_install(*r.best(), o);
    CHECK(plan.pip.empty());
    REQUIRE_FALSE(plan.conda.empty());
    CHECK(plan.conda.front().name == "tensorflow-gpu");
    CHECK(plan.conda.back().spec() == "protobuf<3.20");
    CHECK(render_install(plan, InstallFormat::Sh).find("'protobuf<3.20'") != std::string::npos);
    CHECK(note_with(plan, "issues/59665"));
}
