#include "gltf_references.hpp"

#include <cctype>

namespace atrium {

namespace {

using json = nlohmann::json;

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

// Checks every index that points from one top-level array into another, so that the message
// names the referring field ("accessors[0].bufferView: bufferViews[1] out of range (1 bufferViews)")
// where tinygltf would only say "invalid bufferView".
struct Checker {
    std::optional<Error> error;

    void fail(const std::string& path, const std::string& msg) {
        if (!error) error = Error{msg, {}, path, 0};
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
                            checkIndex(it.value(), sizeOf(doc, "accessors"), "accessors", p + ".targets[" + std::to_string(k) + "]." + it.key());
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
        each(doc, "bufferViews", [&](const json& o, const std::string& p) {
            ref(o, "buffer", doc, "buffers", p);
            viewInsideBuffer(o, doc, p);
        });
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

    // tinygltf hands an image its view's bytes without checking that the view lies inside its
    // buffer, so stb_image read past the end of a GLB whose image view claimed more (found by
    // gltf_fuzz); accessors are checked again when they are read (accessor_reader).
    void viewInsideBuffer(const json& view, const json& doc, const std::string& path) {
        auto b = view.find("buffer");
        auto len = view.find("byteLength");
        if (error || b == view.end() || len == view.end() || !b->is_number_unsigned() || !len->is_number_unsigned()) return;
        const json& buffer = doc["buffers"][b->get<std::size_t>()];
        auto size = buffer.find("byteLength");
        if (size == buffer.end() || !size->is_number_unsigned()) return;
        auto off = view.find("byteOffset");
        const std::uint64_t offset = off != view.end() && off->is_number_unsigned() ? off->get<std::uint64_t>() : 0;
        const std::uint64_t length = len->get<std::uint64_t>(), bufferSize = size->get<std::uint64_t>();
        if (offset > bufferSize || length > bufferSize - offset)
            fail(path, "byteOffset " + std::to_string(offset) + " + byteLength " + std::to_string(length) + " runs past the end of buffers[" +
                           std::to_string(b->get<std::size_t>()) + "] (" + std::to_string(bufferSize) + " bytes)");
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
            if (std::filesystem::is_regular_file(baseDir / s, ec) || std::filesystem::is_regular_file(baseDir / percentDecode(s), ec)) continue;
            fail(std::string(key) + "[" + std::to_string(i) + "].uri", std::string("missing ") + what + " file '" + s + "'");
        }
    }
};

}  // namespace

std::optional<Error> checkGltfReferences(const nlohmann::json& doc, const std::filesystem::path& baseDir, bool checkImages) {
    if (!doc.is_object()) return std::nullopt;
    Checker c;
    c.checkReferences(doc);
    if (!c.error && !baseDir.empty()) {
        c.checkFiles(doc, "buffers", baseDir, "buffer");
        if (checkImages) c.checkFiles(doc, "images", baseDir, "image");
    }
    return c.error;
}

}  // namespace atrium
