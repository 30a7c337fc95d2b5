#include "gltf_schema.hpp"

#include <array>
#include <string_view>

namespace atrium::detail {

namespace {

using nlohmann::json;

constexpr std::array kStringKeys = {"name", "uri", "mimeType", "alphaMode", "type", "interpolation", "path",
                                    "generator", "version", "minVersion", "copyright"};
constexpr std::array kIndexKeys = {"buffer", "bufferView", "byteOffset", "byteLength", "byteStride", "componentType",
                                   "count", "index", "texCoord", "mesh", "skin", "camera", "material", "source",
                                   "input", "output", "node", "skeleton", "inverseBindMatrices", "mode",
                                   "magFilter", "minFilter", "wrapS", "wrapT", "scene"};
constexpr std::array kNumberKeys = {"strength", "metallicFactor", "roughnessFactor", "alphaCutoff", "xmag", "ymag",
                                    "znear", "zfar", "yfov", "aspectRatio"};
constexpr std::array kNumberArrayKeys = {"translation", "rotation", "matrix", "baseColorFactor", "emissiveFactor",
                                         "weights", "min", "max"};
constexpr std::array kIndexArrayKeys = {"children", "joints", "nodes"};
constexpr std::array kObjectKeys = {"asset", "pbrMetallicRoughness", "normalTexture", "occlusionTexture",
                                    "emissiveTexture", "baseColorTexture", "metallicRoughnessTexture", "sparse",
                                    "attributes", "orthographic", "perspective"};
constexpr std::array kObjectArrayKeys = {"accessors", "animations", "buffers", "bufferViews", "cameras", "images",
                                         "materials", "meshes", "scenes", "skins", "textures", "primitives",
                                         "channels", "targets"};

template <std::size_t N>
bool in(const std::array<const char*, N>& keys, std::string_view k) {
    for (const char* s : keys)
        if (k == s) return true;
    return false;
}

std::string describe(const json& v) {
    std::string text = v.dump();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return std::string(v.type_name()) + " " + text;
}

bool isIndex(const json& v) { return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0); }

std::string percentDecode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += char(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

struct Checker {
    std::string file;
    std::optional<Error> error;

    void fail(const std::string& path, const std::string& msg) {
        if (!error) error = Error{msg, file, path, 0};
    }

    void checkObject(const json& obj, const std::string& path, std::string_view top, std::string_view parentKey) {
        for (auto it = obj.begin(); it != obj.end() && !error; ++it) {
            const std::string& k = it.key();
            const json& v = it.value();
            std::string p = path.empty() ? k : path + "." + k;
            if (k == "extras") continue;  // application data: any JSON is allowed
            if (path.empty()) {
                // Top level: the array a field sits in decides what some keys mean ("scale").
                top = k;
                if (k == "nodes") {
                    checkObjectArray(v, k, "nodes");
                    continue;
                }
                if (k == "extensionsUsed" || k == "extensionsRequired") {
                    if (!v.is_array()) return fail(p, "expected an array of strings, got " + describe(v));
                    for (std::size_t i = 0; i < v.size() && !error; ++i)
                        if (!v[i].is_string()) fail(p + "[" + std::to_string(i) + "]", "expected a string, got " + describe(v[i]));
                    continue;
                }
            }
            if (k == "extensions") {
                if (!v.is_object()) return fail(p, "expected an object, got " + describe(v));
                for (auto e = v.begin(); e != v.end(); ++e)
                    if (!e.value().is_object()) return fail(p + "." + e.key(), "expected an object, got " + describe(e.value()));
                continue;
            }
            if (parentKey == "sparse" && (k == "indices" || k == "values")) {
                if (!v.is_object()) return fail(p, "expected an object, got " + describe(v));
                checkObject(v, p, top, k);
                continue;
            }
            if (k == "indices" || k == "sampler") {
                if (!isIndex(v)) return fail(p, "expected a non-negative integer, got " + describe(v));
                continue;
            }
            if (k == "target") {
                // bufferView.target is an enum; animation channel targets are objects.
                if (v.is_object()) checkObject(v, p, top, k);
                else if (!isIndex(v)) fail(p, "expected a non-negative integer or an object, got " + describe(v));
                continue;
            }
            if (k == "samplers") {
                checkObjectArray(v, p, top);
                continue;
            }
            if (k == "scale") {
                if (top == "nodes") checkNumberArray(v, p);
                else if (!v.is_number()) fail(p, "expected a number, got " + describe(v));
                continue;
            }
            if (k == "normalized" || k == "doubleSided") {
                if (!v.is_boolean()) fail(p, "expected a boolean, got " + describe(v));
            } else if (in(kStringKeys, k)) {
                if (!v.is_string()) fail(p, "expected a string, got " + describe(v));
            } else if (in(kIndexKeys, k)) {
                if (!isIndex(v)) fail(p, "expected a non-negative integer, got " + describe(v));
            } else if (in(kNumberKeys, k)) {
                if (!v.is_number()) fail(p, "expected a number, got " + describe(v));
            } else if (in(kNumberArrayKeys, k)) {
                checkNumberArray(v, p);
            } else if (in(kIndexArrayKeys, k)) {
                if (!v.is_array()) return fail(p, "expected an array, got " + describe(v));
                for (std::size_t i = 0; i < v.size() && !error; ++i)
                    if (!isIndex(v[i])) fail(p + "[" + std::to_string(i) + "]", "expected a non-negative integer, got " + describe(v[i]));
            } else if (in(kObjectKeys, k)) {
                if (!v.is_object()) return fail(p, "expected an object, got " + describe(v));
                if (k == "attributes") {
                    for (auto a = v.begin(); a != v.end() && !error; ++a)
                        if (!isIndex(a.value())) fail(p + "." + a.key(), "expected an accessor index, got " + describe(a.value()));
                } else {
                    checkObject(v, p, top, k);
                }
            } else if (in(kObjectArrayKeys, k)) {
                if (k == "targets") {
                    if (!v.is_array()) return fail(p, "expected an array, got " + describe(v));
                    for (std::size_t i = 0; i < v.size() && !error; ++i) {
                        std::string tp = p + "[" + std::to_string(i) + "]";
                        if (!v[i].is_object()) return fail(tp, "expected an object, got " + describe(v[i]));
                        for (auto a = v[i].begin(); a != v[i].end() && !error; ++a)
                            if (!isIndex(a.value())) fail(tp + "." + a.key(), "expected an accessor index, got " + describe(a.value()));
                    }
                } else {
                    checkObjectArray(v, p, top);
                }
            }
        }
    }

    void checkNumberArray(const json& v, const std::string& p) {
        if (!v.is_array()) return fail(p, "expected an array of numbers, got " + describe(v));
        for (std::size_t i = 0; i < v.size() && !error; ++i)
            if (!v[i].is_number()) fail(p + "[" + std::to_string(i) + "]", "expected a number, got " + describe(v[i]));
    }

    void checkObjectArray(const json& v, const std::string& p, std::string_view top) {
        if (!v.is_array()) return fail(p, "expected an array, got " + describe(v));
        for (std::size_t i = 0; i < v.size() && !error; ++i) {
            std::string ip = p + "[" + std::to_string(i) + "]";
            if (!v[i].is_object()) return fail(ip, "expected an object, got " + describe(v[i]));
            checkObject(v[i], ip, top, {});
        }
    }


    // Cross-references between arrays, checked here so the message names the referring field
    // (tinygltf reports some of these only as "invalid bufferView").
    std::size_t sizeOf(const json& doc, const char* key) const {
        auto it = doc.find(key);
        return it != doc.end() && it->is_array() ? it->size() : 0;
    }
    void ref(const json& obj, const char* key, const json& doc, const char* target, const std::string& path) {
        auto it = obj.find(key);
        if (error || it == obj.end() || !it->is_number_unsigned()) return;
        checkIndex(*it, sizeOf(doc, target), target, path + "." + key);
    }
    void checkIndex(const json& v, std::size_t size, const char* target, const std::string& path) {
        if (error || !v.is_number_unsigned()) return;
        std::uint64_t i = v.get<std::uint64_t>();
        if (i >= size)
            fail(path, std::string(target) + "[" + std::to_string(i) + "] out of range (" + std::to_string(size) + " " + target + ")");
    }
    void refArray(const json& obj, const char* key, const json& doc, const char* target, const std::string& path) {
        auto it = obj.find(key);
        if (error || it == obj.end() || !it->is_array()) return;
        for (std::size_t i = 0; i < it->size(); ++i)
            checkIndex((*it)[i], sizeOf(doc, target), target, path + "." + key + "[" + std::to_string(i) + "]");
    }
    template <typename F>
    void each(const json& doc, const char* key, F&& f) {
        auto it = doc.find(key);
        if (it == doc.end() || !it->is_array()) return;
        for (std::size_t i = 0; i < it->size() && !error; ++i) f((*it)[i], std::string(key) + "[" + std::to_string(i) + "]");
    }
    void textureRef(const json& obj, const char* key, const json& doc, const std::string& path) {
        auto it = obj.find(key);
        if (it != obj.end() && it->is_object()) ref(*it, "index", doc, "textures", path + "." + key);
    }

    void checkReferences(const json& doc) {
        if (auto s = doc.find("scene"); s != doc.end()) checkIndex(*s, sizeOf(doc, "scenes"), "scenes", "scene");
        each(doc, "scenes", [&](const json& o, const std::string& p) { refArray(o, "nodes", doc, "nodes", p); });
        each(doc, "nodes", [&](const json& o, const std::string& p) {
            ref(o, "mesh", doc, "meshes", p);
            ref(o, "skin", doc, "skins", p);
            ref(o, "camera", doc, "cameras", p);
            refArray(o, "children", doc, "nodes", p);
        });
        each(doc, "meshes", [&](const json& m, const std::string& mp) {
            auto prims = m.find("primitives");
            if (prims == m.end() || !prims->is_array()) return;
            for (std::size_t i = 0; i < prims->size() && !error; ++i) {
                const json& prim = (*prims)[i];
                std::string p = mp + ".primitives[" + std::to_string(i) + "]";
                ref(prim, "indices", doc, "accessors", p);
                ref(prim, "material", doc, "materials", p);
                if (auto a = prim.find("attributes"); a != prim.end() && a->is_object())
                    for (auto it = a->begin(); it != a->end(); ++it)
                        checkIndex(it.value(), sizeOf(doc, "accessors"), "accessors", p + ".attributes." + it.key());
                if (auto t = prim.find("targets"); t != prim.end() && t->is_array())
                    for (std::size_t k = 0; k < t->size(); ++k)
                        for (auto it = (*t)[k].begin(); it != (*t)[k].end(); ++it)
                            checkIndex(it.value(), sizeOf(doc, "accessors"), "accessors",
                                       p + ".targets[" + std::to_string(k) + "]." + it.key());
            }
        });
        each(doc, "accessors", [&](const json& o, const std::string& p) {
            ref(o, "bufferView", doc, "bufferViews", p);
            if (auto sp = o.find("sparse"); sp != o.end() && sp->is_object()) {
                for (const char* part : {"indices", "values"})
                    if (auto q = sp->find(part); q != sp->end() && q->is_object())
                        ref(*q, "bufferView", doc, "bufferViews", p + ".sparse." + part);
            }
        });
        each(doc, "bufferViews", [&](const json& o, const std::string& p) { ref(o, "buffer", doc, "buffers", p); });
        each(doc, "images", [&](const json& o, const std::string& p) { ref(o, "bufferView", doc, "bufferViews", p); });
        each(doc, "textures", [&](const json& o, const std::string& p) {
            ref(o, "source", doc, "images", p);
            ref(o, "sampler", doc, "samplers", p);
        });
        each(doc, "materials", [&](const json& o, const std::string& p) {
            if (auto pbr = o.find("pbrMetallicRoughness"); pbr != o.end() && pbr->is_object()) {
                textureRef(*pbr, "baseColorTexture", doc, p + ".pbrMetallicRoughness");
                textureRef(*pbr, "metallicRoughnessTexture", doc, p + ".pbrMetallicRoughness");
            }
            for (const char* t : {"normalTexture", "occlusionTexture", "emissiveTexture"}) textureRef(o, t, doc, p);
        });
        each(doc, "skins", [&](const json& o, const std::string& p) {
            refArray(o, "joints", doc, "nodes", p);
            ref(o, "skeleton", doc, "nodes", p);
            ref(o, "inverseBindMatrices", doc, "accessors", p);
        });
        each(doc, "animations", [&](const json& a, const std::string& ap) {
            std::size_t samplers = 0;
            if (auto s = a.find("samplers"); s != a.end() && s->is_array()) {
                samplers = s->size();
                for (std::size_t i = 0; i < s->size(); ++i) {
                    std::string p = ap + ".samplers[" + std::to_string(i) + "]";
                    ref((*s)[i], "input", doc, "accessors", p);
                    ref((*s)[i], "output", doc, "accessors", p);
                }
            }
            if (auto c = a.find("channels"); c != a.end() && c->is_array()) {
                for (std::size_t i = 0; i < c->size() && !error; ++i) {
                    std::string p = ap + ".channels[" + std::to_string(i) + "]";
                    if (auto s = (*c)[i].find("sampler"); s != (*c)[i].end()) checkIndex(*s, samplers, "samplers", p + ".sampler");
                    if (auto t = (*c)[i].find("target"); t != (*c)[i].end() && t->is_object()) ref(*t, "node", doc, "nodes", p + ".target");
                }
            }
        });
    }

    void checkFiles(const json& doc, const char* key, const std::filesystem::path& baseDir, const char* what) {
        auto it = doc.find(key);
        if (it == doc.end()) return;
        for (std::size_t i = 0; i < it->size() && !error; ++i) {
            auto uri = (*it)[i].find("uri");
            if (uri == (*it)[i].end()) continue;
            const std::string& s = uri->get_ref<const std::string&>();
            if (s.rfind("data:", 0) == 0) continue;
            std::error_code ec;
            if (std::filesystem::is_regular_file(baseDir / s, ec) ||
                std::filesystem::is_regular_file(baseDir / percentDecode(s), ec))
                continue;
            fail(std::string(key) + "[" + std::to_string(i) + "].uri", std::string("missing ") + what + " file '" + s + "'");
        }
    }
};

}  // namespace

std::optional<Error> checkGltfJson(const json& doc, const std::string& file, const std::filesystem::path& baseDir,
                                   bool checkImages) {
    Checker c{file, {}};
    if (!doc.is_object()) return Error{"expected a JSON object at the top level, got " + describe(doc), file, {}, 0};
    auto asset = doc.find("asset");
    if (asset == doc.end()) return Error{"missing required 'asset' object", file, "asset", 0};
    c.checkObject(doc, {}, {}, {});
    if (!c.error) c.checkReferences(doc);
    if (!c.error && !baseDir.empty()) {
        c.checkFiles(doc, "buffers", baseDir, "buffer");
        if (checkImages) c.checkFiles(doc, "images", baseDir, "image");
    }
    return c.error;
}

}  // namespace atrium::detail
