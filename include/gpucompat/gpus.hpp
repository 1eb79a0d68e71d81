// gpucompat — GPU model name -> compute capability (opt-in: the table is large).
//
// Matches what users type and what drivers print: "NVIDIA GeForce RTX 3060
// Laptop GPU", "GeForce GTX 850M", "MX150", "RTX 3060", "Tesla T4",
// "NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB".
#pragma once

#include <string>
#include <string_view>

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

// The model that `name` names, or nullptr. Exact names and aliases first, then
// the name without its brand (RTX 3060 = GeForce RTX 3060), then the longest
// model name that starts the input at a word boundary (A100-SXM4-80GB -> A100).
[[nodiscard]] inline const GpuModel* find_gpu(std::string_view name) {
    const std::string want = detail::normalize_gpu_name(name);
    if (want.empty()) return nullptr;
    const std::string want_bare = detail::without_brand(want);
    const GpuModel* prefix_match = nullptr;
    std::size_t prefix_len = 0;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& g : tables::gpus) {
            std::string names[1 + 6];
            std::size_t n = 0;
            names[n++] = detail::normalize_gpu_name(g.name);
            for (auto a : g.aliases) names[n++] = detail::normalize_gpu_name(a);
            for (std::size_t i = 0; i < n; ++i) {
                const std::string& have = names[i];
                if (pass == 0 && have == want) return &g;
                if (pass == 1) {
                    const std::string bare = detail::without_brand(have);
                    if (bare == want_bare) return &g;
                    for (const std::string* h : {&have, &bare}) {
                        if (want_bare.size() > h->size() && want_bare.rfind(*h, 0) == 0 &&
                            (want_bare[h->size()] == ' ' || want_bare[h->size()] == '-') && h->size() > prefix_len) {
                            prefix_match = &g;
                            prefix_len = h->size();
                        }
                    }
                }
            }
        }
    }
    return prefix_match;
}

}  // namespace gpucompat
