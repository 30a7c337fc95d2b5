#pragma once
// Validating reader over nlohmann::json that records every problem with its JSON path, so a
// venue file reports all its mistakes at once instead of the first one.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "atrium/core/error.hpp"
#include "atrium/core/id.hpp"
#include "atrium/core/json_nesting.hpp"
#include "atrium/core/math.hpp"

namespace atrium {

using Json = nlohmann::json;

// A component the build does not know is kept as JSON text and written back into the venue
// file at entities[i].components.<type>, four levels down: its own nesting must leave room for
// those so the saved file loads again.
inline constexpr std::size_t kUnknownComponentDepth = kMaxJsonDepth - 4;

// Ok when `text` is one JSON value no deeper than kUnknownComponentDepth; the error names what is wrong.
Status checkUnknownComponentJson(std::string_view text);

// "\"bright\"", "true", "null", "an array", "an object", "3.5"
std::string describeJson(const Json& value);

class JsonErrors {
public:
    explicit JsonErrors(std::string file) : file_(std::move(file)) {}
    void add(const std::string& path, std::string message) { errors_.push_back(Error{std::move(message), file_, path}); }
    void warn(const std::string& path, std::string message) { warnings_.push_back(Error{std::move(message), file_, path}); }
    const std::string& file() const { return file_; }
    std::vector<Error>& errors() { return errors_; }
    std::vector<Error>& warnings() { return warnings_; }

private:
    std::string file_;
    std::vector<Error> errors_;
    std::vector<Error> warnings_;
};

template <typename E>
struct EnumName {
    const char* name;
    E value;
};

// Reads the fields of one JSON object. Absent fields keep their defaults; present fields of the
// wrong type or out of range are errors. finish() reports fields nobody asked for.
class ObjectReader {
public:
    ObjectReader(JsonErrors& errors, const Json& node, std::string path);

    bool valid() const { return valid_; }
    const std::string& path() const { return path_; }
    std::string fieldPath(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
    bool has(const char* key) const { return valid_ && node_.contains(key); }
    // Keys are string literals: the reader keeps pointers to them until finish().
    const Json* field(const char* key);  // marks the key as known
    JsonErrors& errors() { return errors_; }

    void number(const char* key, float& out, float min = -1e30f, float max = 1e30f);
    void number(const char* key, double& out, double min = -1e300, double max = 1e300);
    void integer(const char* key, std::uint32_t& out, std::uint32_t min = 0, std::uint32_t max = 0xffffffffu);
    void boolean(const char* key, bool& out);
    void string(const char* key, std::string& out);
    void vec3(const char* key, glm::vec3& out, float min = -1e30f, float max = 1e30f);
    void vec4(const char* key, glm::vec4& out, float min = -1e30f, float max = 1e30f);
    // Quaternion as [x, y, z, w] (glTF order); normalised; a zero quaternion is an error.
    void quaternion(const char* key, glm::quat& out);
    void id(const char* key, StableId& out);

    template <typename E>
    void enumeration(const char* key, E& out, std::initializer_list<EnumName<E>> names) {
        const Json* v = field(key);
        if (!v) return;
        if (!v->is_string()) return typeError(key, "a string", *v);
        std::string s = v->get<std::string>();
        std::string options;
        for (const auto& n : names) {
            if (s == n.name) {
                out = n.value;
                return;
            }
            options += options.empty() ? "" : ", ";
            options += std::string("\"") + n.name + "\"";
        }
        errors_.add(fieldPath(key), "unknown value \"" + s + "\" (expected one of " + options + ")");
    }

    void finish();

private:
    void typeError(const char* key, const char* expected, const Json& got);
    bool readFloats(const char* key, float* out, int count, float min, float max);

    JsonErrors& errors_;
    const Json& node_;
    std::string path_;
    bool valid_ = false;
    // Keys asked for; finish() compares against the node only when it has more keys than
    // were found, so the common all-known case costs no lookups or allocations.
    std::vector<const char*> asked_;
    std::size_t found_ = 0;
};

}  // namespace atrium
