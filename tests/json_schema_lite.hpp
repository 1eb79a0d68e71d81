// A small JSON Schema validator for the subset data/schema/*.schema.json use:
// type, const, enum, pattern, minLength, minItems, required, properties,
// additionalProperties and items. Enough to prove every data file keeps its
// shape without a Python dependency in CI.
#pragma once

#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace schema_lite {

inline bool has_type(const nlohmann::json& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    return false;
}

inline void validate(const nlohmann::json& v, const nlohmann::json& s, const std::string& path, std::vector<std::string>& errors) {
    if (s.contains("type")) {
        bool ok = false;
        if (s["type"].is_array()) {
            for (const auto& t : s["type"]) ok = ok || has_type(v, t.get<std::string>());
        } else {
            ok = has_type(v, s["type"].get<std::string>());
        }
        if (!ok) {
            errors.push_back(path + ": expected type " + s["type"].dump());
            return;
        }
    }
    if (s.contains("const") && v != s["const"]) errors.push_back(path + ": expected " + s["const"].dump());
    if (s.contains("enum")) {
        bool ok = false;
        for (const auto& e : s["enum"]) ok = ok || v == e;
        if (!ok) errors.push_back(path + ": " + v.dump() + " not in " + s["enum"].dump());
    }
    if (v.is_string()) {
        const std::string str = v.get<std::string>();
        if (s.contains("minLength") && str.size() < s["minLength"].get<std::size_t>()) errors.push_back(path + ": too short");
        if (s.contains("pattern") && !std::regex_search(str, std::regex(s["pattern"].get<std::string>())))
            errors.push_back(path + ": '" + str + "' does not match " + s["pattern"].get<std::string>());
    }
    if (v.is_array()) {
        if (s.contains("minItems") && v.size() < s["minItems"].get<std::size_t>()) errors.push_back(path + ": too few items");
        if (s.contains("items"))
            for (std::size_t i = 0; i < v.size(); ++i) validate(v[i], s["items"], path + "[" + std::to_string(i) + "]", errors);
    }
    if (v.is_object()) {
        if (s.contains("required"))
            for (const auto& r : s["required"])
                if (!v.contains(r.get<std::string>())) errors.push_back(path + ": missing " + r.get<std::string>());
        for (const auto& [key, value] : v.items()) {
            if (s.contains("properties") && s["properties"].contains(key)) {
                validate(value, s["properties"][key], path + "." + key, errors);
            } else if (s.contains("additionalProperties")) {
                const auto& ap = s["additionalProperties"];
                if (ap.is_boolean() && !ap.get<bool>()) errors.push_back(path + ": unexpected property " + key);
                else if (ap.is_object()) validate(value, ap, path + "." + key, errors);
            }
        }
    }
}

}  // namespace schema_lite
