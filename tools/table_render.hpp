// gpucompat CLI — renders the bundled TensorFlow GPU matrix (`gpucompat table`).
// md and csv for people and spreadsheets, json per the contract, and a
// self-contained HTML page (no network) with a platform filter.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <gpucompat/gpucompat.hpp>

namespace gpucompat {

namespace table_detail {
inline std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}
inline std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}
// The minimum driver on the platform shown: WSL2 runs the Linux wheels on the
// Windows driver, so its column is the Windows minimum.
inline std::string driver_cell(const TensorFlowRow& r, Platform shown) {
    const CudaRelease* rel = find_cuda_release(r.cuda);
    if (rel == nullptr) return "";
    const auto d = toolkit_driver_min(*rel, shown);
    return d ? std::string(d->text()) : "";
}
}  // namespace table_detail

// Fills `out`; false for an unknown format.

// The end of every HTML table page: the platform filter (radio buttons named
// p, rows tagged data-platform) and the row count it keeps up to date.
inline constexpr const char* html_page_end = R"(</tbody></table>
<script>
function apply(){var v=document.querySelector('input[name=p]:checked').value,n=0;
document.querySelectorAll('#matrix tbody tr').forEach(function(tr){var show=v==='all'||tr.dataset.platform===v;tr.style.display=show?'':'none';if(show)n++;});
document.getElementById('count').textContent=n+' rows';}
document.querySelectorAll('input[name=p]').forEach(function(i){i.addEventListener('change',apply);});apply();
</script></body></html>
)";

inline bool render_table(const std::string& format, std::optional<Platform> only, std::string& out) {
    // WSL2 has no rows of its own: it runs the Linux wheels (TensorFlow's pip
    // guide), shown with WSL2's platform name and the Windows driver minimum.
    const std::optional<Platform> rows_of = only && *only == Platform::Wsl2 ? std::optional<Platform>(Platform::Linux) : only;
    auto shown = [&](const TensorFlowRow& r) { return only ? *only : r.platform; };
    auto driver_cell = [&](const TensorFlowRow& r) { return table_detail::driver_cell(r, shown(r)); };
    auto rows = [&](auto each) {
        for (const auto& r : bundled.tensorflow)
            if (!rows_of || r.platform == *rows_of) each(r);
    };
    if (format == "md") {
        out += "| TensorFlow | platform | package | Python | CUDA | cuDNN | min driver | compiler | build tool |\n";
        out += "|---|---|---|---|---|---|---|---|---|\n";
        rows([&](const TensorFlowRow& r) {
            out += "| " + std::string(r.tensorflow.text()) + " | " + std::string(to_string(shown(r))) + " | " + std::string(r.package) +
                   " | " + detail::python_range(r) + " | " + std::string(r.cuda.text()) + " | " + std::string(r.cudnn.text()) + " | " +
                   driver_cell(r) + " | " + std::string(r.compiler) + " | " + std::string(r.build_tool) + " |\n";
        });
        out += "\nSources: TensorFlow tested build configurations (" + std::string(bundled.tensorflow.front().provenance.source) +
               "); minimum drivers from NVIDIA's CUDA Toolkit release notes.\n";
        if (only && *only == Platform::Wsl2)
            out += "WSL2 runs the Linux wheels on the Windows NVIDIA driver (the minimum shown is the Windows one); it needs Windows 10 build " +
                   std::to_string(wsl2_min_build()) + " or later.\n";
        return true;
    }
    if (format == "csv") {
        out += "tensorflow,platform,package,python,cuda,cudnn,driver_min,compiler,build_tool,source\n";
        rows([&](const TensorFlowRow& r) {
            using table_detail::csv_field;
            out += csv_field(r.tensorflow.text()) + "," + csv_field(to_string(shown(r))) + "," + csv_field(r.package) + "," +
                   csv_field(detail::python_range(r)) + "," + csv_field(r.cuda.text()) + "," + csv_field(r.cudnn.text()) + "," +
                   csv_field(driver_cell(r)) + "," + csv_field(r.compiler) + "," + csv_field(r.build_tool) + "," +
                   csv_field(r.provenance.source) + "\n";
        });
        return true;
    }
    if (format == "json") {
        nlohmann::json arr = nlohmann::json::array();
        rows([&](const TensorFlowRow& r) {
            const std::string dmin = driver_cell(r);
            arr.push_back({{"tensorflow", std::string(r.tensorflow.text())},
                           {"platform", std::string(to_string(shown(r)))},
                           {"package", std::string(r.package)},
                           {"python", detail::python_list(r)},
                           {"cuda", std::string(r.cuda.text())},
                           {"cudnn", std::string(r.cudnn.text())},
                           {"driver_min", dmin.empty() ? nlohmann::json(nullptr) : nlohmann::json(dmin)},
                           {"compiler", std::string(r.compiler)},
                           {"build_tool", std::string(r.build_tool)},
                           {"source", std::string(r.provenance.source)},
                           {"checked", std::string(r.provenance.checked)}});
        });
        nlohmann::json cuda = nlohmann::json::array();
        for (const auto& c : bundled.cuda_releases)
            cuda.push_back({{"version", std::string(c.version.text())},
                            {"name", std::string(c.name)},
                            {"driver_min_linux", std::string(c.linux_min.text())},
                            {"driver_min_windows", c.windows_min.version().empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(c.windows_min.text()))},
                            {"source", std::string(c.provenance.source)}});
        out += nlohmann::json{{"tensorflow", arr}, {"cuda", cuda}}.dump(2) + "\n";
        return true;
    }
    if (format == "html") {
        using table_detail::html_escape;
        out += R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TensorFlow GPU compatibility (gpucompat)</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f3f3f3;position:sticky;top:0}tr.windows td:nth-child(2){color:#0a5}tr.macos td:nth-child(2){color:#a50}
label{margin-right:1em}
</style></head><body>
<h1>TensorFlow GPU builds</h1>
<p>From TensorFlow's tested build configurations; minimum drivers from NVIDIA's CUDA Toolkit release notes. Generated by gpucompat.</p>
<p id="filter">Platform:
<label><input type="radio" name="p" value="all" checked> all</label>
<label><input type="radio" name="p" value="linux"> Linux / WSL2</label>
<label><input type="radio" name="p" value="windows"> Windows (native)</label>
<label><input type="radio" name="p" value="macos"> macOS</label>
<span id="count"></span></p>
<table id="matrix"><thead><tr><th>TensorFlow</th><th>platform</th><th>package</th><th>Python</th><th>CUDA</th><th>cuDNN</th><th>min driver</th><th>source</th></tr></thead><tbody>
)";
        rows([&](const TensorFlowRow& r) {
            const std::string p = std::string(to_string(shown(r)));
            out += "<tr class=\"" + p + "\" data-platform=\"" + p + "\"><td>" + html_escape(r.tensorflow.text()) + "</td><td>" + p +
                   "</td><td>" + html_escape(r.package) + "</td><td>" + html_escape(detail::python_range(r)) + "</td><td>" +
                   html_escape(r.cuda.text()) + "</td><td>" + html_escape(r.cudnn.text()) + "</td><td>" + html_escape(driver_cell(r)) +
                   "</td><td><a href=\"" + html_escape(r.provenance.source) + "\">tested configurations</a></td></tr>\n";
        });
        out += html_page_end;
        return true;
    }
    return false;
}

// The HTML page for `table --framework pytorch|jax --format html`: the same
// platform filter and row count as TensorFlow's page, so a browser check
// (tests/html_table.cmake) can prove every row rendered and the script ran.
inline std::string framework_table_html(Framework f, std::optional<Platform> only) {
    using table_detail::html_escape;
    const std::string name = f == Framework::PyTorch ? "PyTorch" : "JAX";
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + name +
                      " CUDA builds (gpucompat)</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                      "table{border-collapse:collapse;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                      "th{background:#f3f3f3;position:sticky;top:0}label{margin-right:1em}</style></head><body>\n<h1>" + name +
                      " CUDA builds</h1>\n<p>One row per published CUDA build; minimum drivers follow from each row's CUDA (NVIDIA's CUDA "
                      "Toolkit release notes). Generated by gpucompat.</p>\n<p id=\"filter\">Platform:\n"
                      "<label><input type=\"radio\" name=\"p\" value=\"all\" checked> all</label>\n"
                      "<label><input type=\"radio\" name=\"p\" value=\"linux\"> Linux / WSL2</label>\n"
                      "<label><input type=\"radio\" name=\"p\" value=\"windows\"> Windows (native)</label>\n<span id=\"count\"></span></p>\n"
                      "<table id=\"matrix\"><thead><tr><th>" + name +
                      "</th><th>platform</th><th>arch</th><th>variant</th><th>Python</th><th>CUDA</th><th>cuDNN</th><th>SASS</th><th>PTX</th><th>"
                      "source</th></tr></thead><tbody>\n";
    for (const auto& r : framework_rows(f)) {
        if (only && r.platform != (*only == Platform::Wsl2 ? Platform::Linux : *only)) continue;
        const std::string p(to_string(r.platform));
        out += "<tr class=\"" + p + "\" data-platform=\"" + p + "\"><td>" + html_escape(r.version.text()) + "</td><td>" + p + "</td><td>" +
               std::string(to_string(r.arch)) + "</td><td>" + html_escape(r.variant) + "</td><td>" + html_escape(detail::python_list(r.python)) +
               "</td><td>" + html_escape(r.cuda.text()) + "</td><td>" + html_escape(r.cudnn.empty() ? "unknown" : r.cudnn.text()) + "</td><td>" +
               html_escape(r.arches_known() ? detail::cc_list(r.sass) : "unknown") + "</td><td>" +
               html_escape(r.arches_known() ? detail::cc_list(r.ptx) : "unknown") + "</td><td>" + html_escape(r.provenance.source) + "</td></tr>\n";
    }
    out += html_page_end;
    return out;
}

// `gpucompat table --framework pytorch|jax`: one row per published CUDA build.
inline bool render_framework_table(Framework f, const std::string& format, std::optional<Platform> only, std::string& out) {
    const std::string key(to_string(f));
    const std::string name = f == Framework::PyTorch ? "PyTorch" : "JAX";
    auto rows = [&](auto each) {
        for (const auto& r : framework_rows(f))
            if (!only || r.platform == (*only == Platform::Wsl2 ? Platform::Linux : *only)) each(r);
    };
    auto cc_cell = [](const FrameworkRelease& r, bool ptx) {
        if (!r.arches_known()) return std::string("unknown");
        std::string s;
        for (const auto& c : ptx ? r.ptx : r.sass) s += (s.empty() ? "" : " ") + detail::cc_text(c);
        return s.empty() ? std::string("-") : s;
    };
    auto python = [](const FrameworkRelease& r) {
        std::string s;
        for (const auto& p : r.python) s += (s.empty() ? "" : " ") + std::to_string(p.major) + "." + std::to_string(p.minor);
        return s;
    };
    if (format == "md") {
        out += "| " + name + " | platform | arch | variant | Python | CUDA | cuDNN | SASS | PTX | source |\n";
        out += "|---|---|---|---|---|---|---|---|---|---|\n";
        rows([&](const FrameworkRelease& r) {
            out += "| " + std::string(r.version.text()) + " | " + std::string(to_string(r.platform)) + " | " + std::string(to_string(r.arch)) +
                   " | " + std::string(r.variant) + " | " + python(r) + " | " + std::string(r.cuda.text()) + " | " +
                   (r.cudnn.empty() ? std::string("unknown") : std::string(r.cudnn.text())) + " | " + cc_cell(r, false) + " | " +
                   cc_cell(r, true) + " | " + std::string(r.provenance.source) + " |\n";
        });
        out += "\nMinimum drivers follow from each row's CUDA (NVIDIA's CUDA Toolkit release notes): `gpucompat resolve --framework " + key +
               "` states them.\n";
        return true;
    }
    if (format == "csv") {
        using table_detail::csv_field;
        out += "version,platform,arch,variant,python,cuda,cudnn,sass,ptx,source\n";
        rows([&](const FrameworkRelease& r) {
            out += csv_field(r.version.text()) + "," + csv_field(to_string(r.platform)) + "," + csv_field(to_string(r.arch)) + "," +
                   csv_field(r.variant) + "," + csv_field(python(r)) + "," + csv_field(r.cuda.text()) + "," + csv_field(r.cudnn.text()) + "," +
                   csv_field(r.arches_known() ? cc_cell(r, false) : "") + "," + csv_field(r.arches_known() ? cc_cell(r, true) : "") + "," +
                   csv_field(r.provenance.source) + "\n";
        });
        return true;
    }
    if (format == "json") {
        nlohmann::json arr = nlohmann::json::array();
        rows([&](const FrameworkRelease& r) {
            arr.push_back({{"version", std::string(r.version.text())},
                           {"platform", std::string(to_string(r.platform))},
                           {"arch", std::string(to_string(r.arch))},
                           {"variant", std::string(r.variant)},
                           {"python", detail::python_json(r.python)},
                           {"cuda", std::string(r.cuda.text())},
                           {"cudnn", r.cudnn.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(r.cudnn.text()))},
                           {"sass", r.arches_known() ? detail::cc_array(r.sass) : nlohmann::json(nullptr)},
                           {"ptx", r.arches_known() ? detail::cc_array(r.ptx) : nlohmann::json(nullptr)},
                           {"source", std::string(r.provenance.source)}});
        });
        out += nlohmann::json{{key, arr}}.dump(2) + "\n";
        return true;
    }
    if (format == "html") {
        out += framework_table_html(f, only);
        return true;
    }
    return false;
}

}  // namespace gpucompat
