// gpucompat — GPU model name -> compute capability (opt-in: the table is large).
//
// Matches what users type and what drivers print: "NVIDIA GeForce RTX 3060
// Laptop GPU", "GeForce GTX 850M", "MX150", "RTX 3060", "Tesla T4",
// "NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB".
//
// Every table name and alias is normalised once into a sorted index (built on
// first use), so a lookup normalises its input once and binary-searches: a
// few dozen string compares instead of normalising ~1,500 names per call.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tables/gpus.hpp"

namespace gpucompat {

namespace detail {
// Lower case, single spaces, no "NVIDIA" and no trademark marks.
inline std::string normalize_gpu_name(std::string_view s) {
    std::string out;
    for (char c : s) {
        const char l = to_lower(c);
        if (l == ' ' || l == '\t' || l == '_') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += l;
        }
    }
    for (std::string_view mark : {"(tm)", "(r)"})
        for (auto p = out.find(mark); p != std::string::npos; p = out.find(mark)) out.erase(p, mark.size());
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.rfind("nvidia ", 0) == 0) out.erase(0, 7);
    return out;
}
inline std::string without_brand(std::string s) {
    for (std::string_view brand : {"geforce ", "tesla "})
        if (s.rfind(brand, 0) == 0) return s.substr(brand.size());
    return s;
}
}  // namespace detail

// The normalised names of one table of models, sorted for binary search.
class GpuIndex {
public:
    explicit GpuIndex(std::span<const GpuModel> models) : models_(models) {
        for (std::size_t i = 0; i < models.size(); ++i) {
            const auto add = [&](std::string_view n) {
                std::string full = detail::normalize_gpu_name(n);
                std::string bare = detail::without_brand(full);
                full_.push_back({std::move(full), i});
                bare_.push_back({std::move(bare), i});
            };
            add(models[i].name);
            for (auto a : models[i].aliases) add(a);
        }
        // By name, then table order: equal names keep the table's first row first.
        const auto by = [](const Entry& a, const Entry& b) { return a.key != b.key ? a.key < b.key : a.model < b.model; };
        std::sort(full_.begin(), full_.end(), by);
        std::sort(bare_.begin(), bare_.end(), by);
    }

    // Every model `name` names at the first level that matches any: the exact
    // name or alias; the name without its brand (RTX 3060 = GeForce RTX 3060);
    // the longest model name that starts the input at a word boundary
    // (A100-SXM4-80GB -> A100). In table order; empty when none.
    [[nodiscard]] std::vector<const GpuModel*> find_all(std::string_view name) const {
        const std::string want = detail::normalize_gpu_name(name);
        if (want.empty()) return {};
        std::vector<std::size_t> hits;
        collect(full_, want, hits);
        if (hits.empty()) {
            const std::string want_bare = detail::without_brand(want);
            collect(bare_, want_bare, hits);
            // Longest prefix first: cut the input at each word boundary, from the right.
            for (std::size_t cut = want_bare.size(); hits.empty() && cut-- > 0;) {
                if (want_bare[cut] != ' ' && want_bare[cut] != '-') continue;
                const std::string_view head = std::string_view(want_bare).substr(0, cut);
                if (head.empty()) continue;
                collect(full_, head, hits);
                collect(bare_, head, hits);
            }
        }
        std::sort(hits.begin(), hits.end());
        hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
        std::vector<const GpuModel*> out;
        for (auto i : hits) out.push_back(&models_[i]);
        return out;
    }

    // The first model (in table order) `name` names, or nullptr.
    [[nodiscard]] const GpuModel* find(std::string_view name) const {
        const auto all = find_all(name);
        return all.empty() ? nullptr : all.front();
    }

private:
    struct Entry {
        std::string key;
        std::size_t model;
    };
    static void collect(const std::vector<Entry>& index, std::string_view key, std::vector<std::size_t>& hits) {
        auto it = std::lower_bound(index.begin(), index.end(), key, [](const Entry& e, std::string_view k) { return e.key < k; });
        for (; it != index.end() && it->key == key; ++it) hits.push_back(it->model);
    }
    std::span<const GpuModel> models_;
    std::vector<Entry> full_, bare_;
};

// The index over the bundled table, built once.
inline const GpuIndex& bundled_gpu_index() {
    static const GpuIndex index{std::span<const GpuModel>(tables::gpus)};
    return index;
}

// The model that `name` names, or nullptr (the first in table order when a name covers several).
[[nodiscard]] inline const GpuModel* find_gpu(std::string_view name) { return bundled_gpu_index().find(name); }

// Every model `name` names, one per distinct compute capability: some names
// cover two chips (GeForce GTX 860M: Kepler 3.0 and Maxwell 5.0), and an
// answer for such a name must hold for each.
[[nodiscard]] inline std::vector<const GpuModel*> find_gpu_all(std::string_view name) {
    std::vector<const GpuModel*> out;
    for (const auto* m : bundled_gpu_index().find_all(name))
        if (std::none_of(out.begin(), out.end(), [&](const GpuModel* o) { return o->cc == m->cc; })) out.push_back(m);
    return out;
}

}  // namespace gpucompat
