#pragma once
// InstanceReport <-> JSON, with errors naming the field.
#include <nlohmann/json.hpp>

#include "atrium/cluster/instance_registry.hpp"

namespace atrium::cluster {

inline nlohmann::json instanceReportToJson(const InstanceReport& r) {
    return {{"id", r.id},     {"host", r.host},       {"port", r.port},   {"capacity", r.capacity},
            {"load", r.load}, {"healthy", r.healthy}, {"stage", r.stage}, {"admitted", r.admitted}};
}

inline Result<InstanceReport> instanceReportFromJson(const nlohmann::json& j) {
    InstanceReport r;
    auto str = [&](const char* key, std::string& out) -> Status {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string()) return Error{std::string("\"") + key + "\": expected a string"};
        out = it->get<std::string>();
        return Ok{};
    };
    auto count = [&](const char* key, std::uint64_t max, std::uint64_t& out) -> Status {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() > max) {
            return Error{std::string("\"") + key + "\": expected a whole number from 0 to " + std::to_string(max)};
        }
        out = it->get<std::uint64_t>();
        return Ok{};
    };
    auto flag = [&](const char* key, bool fallback) {
        auto it = j.find(key);
        return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
    };
    std::uint64_t port = 0, capacity = 0, load = 0;
    for (Status s : {str("id", r.id), str("host", r.host), count("port", 65535, port), count("capacity", 1u << 20, capacity),
                     count("load", 1u << 20, load)}) {
        if (!s) return s.error();
    }
    r.port = std::uint16_t(port);
    r.capacity = std::uint32_t(capacity);
    r.load = std::uint32_t(load);
    r.healthy = flag("healthy", true);
    r.stage = flag("stage", false);
    if (auto it = j.find("admitted"); it != j.end()) {
        if (!it->is_number_unsigned()) return Error{"\"admitted\": expected a whole number"};
        r.admitted = it->get<std::uint64_t>();
    }
    return r;
}

}  // namespace atrium::cluster
