#include "gltf_schema.hpp"

#include "gltf_references.hpp"

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "atrium/core/json_nesting.hpp"

namespace atrium {
namespace {

using Json = nlohmann::json;

struct Schema;
using SchemaPtr = std::shared_ptr<const Schema>;

struct Schema {
    enum class Kind { Any, Object, Array, UInt, Number, String, Bool, MapOf };
    Kind kind = Kind::Any;
    std::map<std::string, SchemaPtr> fields;  // Object
    SchemaPtr item;                           // Array, MapOf
    std::size_t exactSize = 0;                // Array: 0 = any length
    bool nonEmpty = false;                    // Array
};

SchemaPtr leaf(Schema::Kind k) {
    auto s = std::make_shared<Schema>();
    s->kind = k;
    return s;
}
const SchemaPtr kAny = leaf(Schema::Kind::Any), kUInt = leaf(Schema::Kind::UInt), kNumber = leaf(Schema::Kind::Number),
                kString = leaf(Schema::Kind::String), kBool = leaf(Schema::Kind::Bool);

SchemaPtr arrayOf(SchemaPtr item, std::size_t exactSize = 0, bool nonEmpty = false) {
    auto s = std::make_shared<Schema>();
    s->kind = Schema::Kind::Array;
    s->item = std::move(item);
    s->exactSize = exactSize;
    s->nonEmpty = nonEmpty;
    return s;
}
SchemaPtr mapOf(SchemaPtr item) {
    auto s = std::make_shared<Schema>();
    s->kind = Schema::Kind::MapOf;
    s->item = std::move(item);
    return s;
}
// Every glTF object may carry `extensions` (an object of objects) and `extras` (anything).
SchemaPtr object(std::map<std::string, SchemaPtr> fields) {
    auto s = std::make_shared<Schema>();
    s->kind = Schema::Kind::Object;
    s->fields = std::move(fields);
    s->fields["extensions"] = mapOf(std::make_shared<Schema>(Schema{Schema::Kind::Object, {}, nullptr, 0, false}));
    s->fields["extras"] = kAny;
    s->fields.emplace("name", kString);
    return s;
}

const SchemaPtr& gltfSchema() {
    static const SchemaPtr root = [] {
        SchemaPtr textureInfo = object({{"index", kUInt}, {"texCoord", kUInt}});
        SchemaPtr normalInfo = object({{"index", kUInt}, {"texCoord", kUInt}, {"scale", kNumber}});
        SchemaPtr occlusionInfo = object({{"index", kUInt}, {"texCoord", kUInt}, {"strength", kNumber}});
        return object({
            {"asset", object({{"version", kString}, {"minVersion", kString}, {"generator", kString}, {"copyright", kString}})},
            {"extensionsUsed", arrayOf(kString)},
            {"extensionsRequired", arrayOf(kString)},
            {"scene", kUInt},
            {"scenes", arrayOf(object({{"nodes", arrayOf(kUInt)}}))},
            {"nodes", arrayOf(object({{"children", arrayOf(kUInt)},
                                      {"mesh", kUInt},
                                      {"skin", kUInt},
                                      {"camera", kUInt},
                                      {"matrix", arrayOf(kNumber, 16)},
                                      {"rotation", arrayOf(kNumber, 4)},
                                      {"scale", arrayOf(kNumber, 3)},
                                      {"translation", arrayOf(kNumber, 3)},
                                      {"weights", arrayOf(kNumber)}}))},
            {"meshes", arrayOf(object({{"primitives", arrayOf(object({{"attributes", mapOf(kUInt)},
                                                                      {"indices", kUInt},
                                                                      {"material", kUInt},
                                                                      {"mode", kUInt},
                                                                      {"targets", arrayOf(mapOf(kUInt))}}),
                                                              0, true)},
                                       {"weights", arrayOf(kNumber)}}))},
            {"accessors",
             arrayOf(object({{"bufferView", kUInt},
                             {"byteOffset", kUInt},
                             {"componentType", kUInt},
                             {"normalized", kBool},
                             {"count", kUInt},
                             {"type", kString},
                             {"max", arrayOf(kNumber)},
                             {"min", arrayOf(kNumber)},
                             {"sparse", object({{"count", kUInt},
                                                {"indices", object({{"bufferView", kUInt}, {"byteOffset", kUInt}, {"componentType", kUInt}})},
                                                {"values", object({{"bufferView", kUInt}, {"byteOffset", kUInt}})}})}}))},
            {"materials", arrayOf(object({{"pbrMetallicRoughness", object({{"baseColorFactor", arrayOf(kNumber, 4)},
                                                                           {"baseColorTexture", textureInfo},
                                                                           {"metallicFactor", kNumber},
                                                                           {"roughnessFactor", kNumber},
                                                                           {"metallicRoughnessTexture", textureInfo}})},
                                          {"normalTexture", normalInfo},
                                          {"occlusionTexture", occlusionInfo},
                                          {"emissiveTexture", textureInfo},
                                          {"emissiveFactor", arrayOf(kNumber, 3)},
                                          {"alphaMode", kString},
                                          {"alphaCutoff", kNumber},
                                          {"doubleSided", kBool}}))},
            {"textures", arrayOf(object({{"sampler", kUInt}, {"source", kUInt}}))},
            {"images", arrayOf(object({{"uri", kString}, {"mimeType", kString}, {"bufferView", kUInt}}))},
            {"samplers", arrayOf(object({{"magFilter", kUInt}, {"minFilter", kUInt}, {"wrapS", kUInt}, {"wrapT", kUInt}}))},
            {"bufferViews",
             arrayOf(object({{"buffer", kUInt}, {"byteOffset", kUInt}, {"byteLength", kUInt}, {"byteStride", kUInt}, {"target", kUInt}}))},
            {"buffers", arrayOf(object({{"uri", kString}, {"byteLength", kUInt}}))},
            {"skins", arrayOf(object({{"inverseBindMatrices", kUInt}, {"skeleton", kUInt}, {"joints", arrayOf(kUInt, 0, true)}}))},
            {"animations",
             arrayOf(object({{"channels", arrayOf(object({{"sampler", kUInt}, {"target", object({{"node", kUInt}, {"path", kString}})}}))},
                             {"samplers", arrayOf(object({{"input", kUInt}, {"interpolation", kString}, {"output", kUInt}}))}}))},
            {"cameras", arrayOf(object({{"type", kString}, {"perspective", object({})}, {"orthographic", object({})}}))},
        });
    }();
    return root;
}

std::string describe(const Json& v) {
    switch (v.type()) {
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        case Json::value_t::string: return "a string";
        case Json::value_t::boolean: return "a boolean";
        case Json::value_t::null: return "null";
        default: return v.dump();
    }
}

Status check(const Json& v, const Schema& s, const std::string& path) {
    auto fail = [&](const char* expected) -> Status { return Error{std::string("expected ") + expected + ", got " + describe(v), "", path}; };
    switch (s.kind) {
        case Schema::Kind::Any: return Ok{};
        case Schema::Kind::UInt:
            if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) return fail("a non-negative integer");
            return Ok{};
        case Schema::Kind::Number: return v.is_number() ? Status(Ok{}) : fail("a number");
        case Schema::Kind::String: return v.is_string() ? Status(Ok{}) : fail("a string");
        case Schema::Kind::Bool: return v.is_boolean() ? Status(Ok{}) : fail("a boolean");
        case Schema::Kind::Array: {
            if (!v.is_array()) return fail("an array");
            if (s.exactSize && v.size() != s.exactSize)
                return Error{"expected " + std::to_string(s.exactSize) + " elements, got " + std::to_string(v.size()), "", path};
            if (s.nonEmpty && v.empty()) return Error{"must not be empty", "", path};
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (Status st = check(v[i], *s.item, path + "[" + std::to_string(i) + "]"); !st.ok()) return st;
            }
            return Ok{};
        }
        case Schema::Kind::MapOf: {
            if (!v.is_object()) return fail("an object");
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (Status st = check(*it, *s.item, path + "." + it.key()); !st.ok()) return st;
            }
            return Ok{};
        }
        case Schema::Kind::Object: {
            if (!v.is_object()) return fail("an object");
            for (const auto& [key, field] : s.fields) {
                auto it = v.find(key);
                if (it == v.end()) continue;
                if (Status st = check(*it, *field, path.empty() ? key : path + "." + key); !st.ok()) return st;
            }
            return Ok{};
        }
    }
    return Ok{};
}

std::uint32_t readU32(const std::string& b, std::size_t at) {
    std::uint32_t v;
    std::memcpy(&v, b.data() + at, 4);
    return v;
}

}  // namespace

Status checkGltfSchema(const std::string& bytes, const std::filesystem::path& baseDir, bool checkImages) {
    std::string_view json(bytes);
    if (bytes.size() >= 4 && bytes.compare(0, 4, "glTF") == 0) {
        if (bytes.size() < 20) return Error{"GLB file is shorter than its 20-byte header"};
        std::uint32_t chunkLength = readU32(bytes, 12), chunkType = readU32(bytes, 16);
        if (chunkType != 0x4E4F534Au) return Error{"GLB's first chunk is not JSON"};
        if (chunkLength > bytes.size() - 20) return Error{"GLB's JSON chunk length " + std::to_string(chunkLength) + " exceeds the file"};
        json = json.substr(20, chunkLength);
    }
    // Both this schema walk and tinygltf's (extras, extensions) recurse per nesting level.
    if (Status st = checkJsonNesting(json); !st.ok()) return st;
    Json doc = Json::parse(json.begin(), json.end(), nullptr, false);
    if (doc.is_discarded()) return Ok{};  // not JSON at all: tinygltf reports the parse error with its position
    if (Status st = check(doc, *gltfSchema(), ""); !st.ok()) return st;
    if (std::optional<Error> e = checkGltfReferences(doc, baseDir, checkImages)) return *e;
    return Ok{};
}

}  // namespace atrium
