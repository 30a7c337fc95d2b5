#include "json_reader.hpp"

#include <cmath>
#include <sstream>

namespace atrium {

Status checkUnknownComponentJson(std::string_view text) {
    if (Status s = checkJsonNesting(text, kUnknownComponentDepth); !s.ok()) return s;
    if (!Json::accept(text.begin(), text.end())) return Error{"not valid JSON"};
    return Ok{};
}

std::string describeJson(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
        case Json::value_t::string: {
            std::string s = value.get<std::string>();
            if (s.size() > 40) s = s.substr(0, 37) + "...";
            return "\"" + s + "\"";
        }
        case Json::value_t::array: return "an array of " + std::to_string(value.size());
        case Json::value_t::object: return "an object";
        default: return value.dump();
    }
}

ObjectReader::ObjectReader(JsonErrors& errors, const Json& node, std::string path) : errors_(errors), node_(node), path_(std::move(path)) {
    valid_ = node.is_object();
    if (!valid_) errors_.add(path_, "expected an object, got " + describeJson(node));
}

const Json* ObjectReader::field(const char* key) {
    if (!valid_) return nullptr;
    asked_.push_back(key);
    auto it = node_.find(key);
    if (it == node_.end()) return nullptr;
    ++found_;
    return &*it;
}

void ObjectReader::typeError(const char* key, const char* expected, const Json& got) {
    errors_.add(fieldPath(key), std::string("expected ") + expected + ", got " + describeJson(got));
}

namespace {
std::string rangeText(double min, double max) {
    std::ostringstream s;
    s << "between " << min << " and " << max;
    return s.str();
}
}  // namespace

void ObjectReader::number(const char* key, double& out, double min, double max) {
    const Json* v = field(key);
    if (!v) return;
    if (!v->is_number()) return typeError(key, "a number", *v);
    double d = v->get<double>();
    if (!std::isfinite(d) || d < min || d > max) {
        errors_.add(fieldPath(key), "value " + describeJson(*v) + " out of range (must be " + rangeText(min, max) + ")");
        return;
    }
    out = d;
}

void ObjectReader::number(const char* key, float& out, float min, float max) {
    double d = out;
    std::size_t before = errors_.errors().size();
    number(key, d, double(min), double(max));
    if (errors_.errors().size() == before) out = float(d);
}

void ObjectReader::integer(const char* key, std::uint32_t& out, std::uint32_t min, std::uint32_t max) {
    const Json* v = field(key);
    if (!v) return;
    if (!v->is_number_integer() && !(v->is_number_float() && std::floor(v->get<double>()) == v->get<double>())) {
        return typeError(key, "an integer", *v);
    }
    double d = v->get<double>();
    if (d < min || d > max) {
        errors_.add(fieldPath(key), "value " + describeJson(*v) + " out of range (must be " + rangeText(min, max) + ")");
        return;
    }
    out = std::uint32_t(d);
}

void ObjectReader::boolean(const char* key, bool& out) {
    const Json* v = field(key);
    if (!v) return;
    if (!v->is_boolean()) return typeError(key, "true or false", *v);
    out = v->get<bool>();
}

void ObjectReader::string(const char* key, std::string& out) {
    const Json* v = field(key);
    if (!v) return;
    if (!v->is_string()) return typeError(key, "a string", *v);
    out = v->get<std::string>();
}

bool ObjectReader::readFloats(const char* key, float* out, int count, float min, float max) {
    const Json* v = field(key);
    if (!v) return false;
    std::string expected = "an array of " + std::to_string(count) + " numbers";
    if (!v->is_array() || v->size() != std::size_t(count)) {
        errors_.add(fieldPath(key), "expected " + expected + ", got " + describeJson(*v));
        return false;
    }
    float tmp[4];
    for (int i = 0; i < count; ++i) {
        const Json& e = (*v)[std::size_t(i)];
        std::string p = fieldPath(key) + "[" + std::to_string(i) + "]";
        if (!e.is_number()) {
            errors_.add(p, "expected a number, got " + describeJson(e));
            return false;
        }
        double d = e.get<double>();
        if (!std::isfinite(d) || d < min || d > max) {
            errors_.add(p, "value " + describeJson(e) + " out of range (must be " + rangeText(min, max) + ")");
            return false;
        }
        tmp[i] = float(d);
    }
    for (int i = 0; i < count; ++i) out[i] = tmp[i];
    return true;
}

void ObjectReader::vec3(const char* key, glm::vec3& out, float min, float max) { readFloats(key, &out.x, 3, min, max); }

void ObjectReader::vec4(const char* key, glm::vec4& out, float min, float max) { readFloats(key, &out.x, 4, min, max); }

void ObjectReader::quaternion(const char* key, glm::quat& out) {
    float q[4];
    if (!readFloats(key, q, 4, -1e6f, 1e6f)) return;
    glm::quat r(q[3], q[0], q[1], q[2]);
    float len = glm::length(r);
    if (len < 1e-6f) {
        errors_.add(fieldPath(key), "rotation quaternion has zero length");
        return;
    }
    // Only fix quaternions that are visibly off unit length: renormalising a unit one changes
    // its last bits, and a load-save-load must reproduce the file exactly.
    out = std::abs(len - 1.0f) > 1e-4f ? r / len : r;
}

void ObjectReader::id(const char* key, StableId& out) {
    const Json* v = field(key);
    if (!v) return;
    if (!v->is_string()) return typeError(key, "an id (16 hex digits)", *v);
    if (!parseStableId(v->get<std::string>(), out)) {
        errors_.add(fieldPath(key), "expected an id of 16 lowercase hex digits, got " + describeJson(*v));
    }
}

void ObjectReader::finish() {
    if (!valid_ || found_ >= node_.size()) return;
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        bool known = false;
        for (const char* k : asked_) known = known || it.key() == k;
        if (!known) errors_.add(fieldPath(it.key()), "unknown field");
    }
}

}  // namespace atrium
