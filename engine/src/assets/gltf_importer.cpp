#include "atrium/assets/gltf_importer.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>

#include <stb_image.h>
#include <tiny_gltf.h>

#include <glm/gtc/type_ptr.hpp>
#include <glm/gtx/matrix_decompose.hpp>

#include "gltf_accessor.hpp"
#include "gltf_schema.hpp"
#include "mesh_generation.hpp"

namespace atrium {

namespace {

using detail::AccessorReader;

// Decodes every image to RGBA8 with stb (tinygltf's own loader keeps the source channel count).
bool decodeImage(tinygltf::Image* image, const int index, std::string* err, std::string*, int, int,
                 const unsigned char* bytes, int size, void* userData) {
    if (!*static_cast<const bool*>(userData)) return true;  // images not wanted
    int w = 0, h = 0, comp = 0;
    stbi_uc* pixels = stbi_load_from_memory(bytes, size, &w, &h, &comp, 4);
    if (!pixels) {
        if (err) *err += "images[" + std::to_string(index) + "]: cannot decode image: " + stbi_failure_reason() + "\n";
        return false;
    }
    image->width = w;
    image->height = h;
    image->component = 4;
    image->bits = 8;
    image->pixel_type = TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE;
    image->image.assign(pixels, pixels + std::size_t(w) * std::size_t(h) * 4);
    stbi_image_free(pixels);
    return true;
}

std::string firstLine(const std::string& s) {
    std::string t = s.substr(0, s.find('\n'));
    return t.empty() ? s : t;
}

class Importer {
public:
    Importer(const tinygltf::Model& src, std::string file, const GltfImportOptions& options)
        : src_(src), file_(std::move(file)), options_(options), reader_(src, file_) {}

    Result<Model> run() {
        out_.path = file_;
        for (std::size_t i = 0; i < src_.extensionsRequired.size(); ++i) {
            const std::string& ext = src_.extensionsRequired[i];
            // What this importer reads correctly; anything else would import as a wrong model.
            if (ext != "KHR_mesh_quantization" && ext != "KHR_materials_emissive_strength")
                return error("extensionsRequired[" + std::to_string(i) + "]", "required extension '" + ext + "' is not supported");
        }
        if (auto e = importTextures()) return *e;
        if (auto e = importMaterials()) return *e;
        if (auto e = importMeshes()) return *e;
        if (auto e = importNodes()) return *e;
        if (auto e = importSkins()) return *e;
        if (auto e = importAnimations()) return *e;
        computeModelBounds();
        return std::move(out_);
    }

private:
    const tinygltf::Model& src_;
    std::string file_;
    GltfImportOptions options_;
    AccessorReader reader_;
    Model out_;

    Error error(const std::string& path, const std::string& msg) const { return Error{msg, file_, path, 0}; }
    static std::string at(const char* array, std::size_t i) { return std::string(array) + "[" + std::to_string(i) + "]"; }

    std::optional<Error> importTextures() {
        for (std::size_t i = 0; i < src_.textures.size(); ++i) {
            const tinygltf::Texture& t = src_.textures[i];
            Texture tex;
            tex.name = t.name;
            if (t.source >= 0) {
                if (std::size_t(t.source) >= src_.images.size())
                    return error(at("textures", i) + ".source", "image " + std::to_string(t.source) + " out of range (" +
                                                                     std::to_string(src_.images.size()) + " images)");
                const tinygltf::Image& img = src_.images[std::size_t(t.source)];
                if (tex.name.empty()) tex.name = img.name.empty() ? img.uri : img.name;
                if (options_.loadImages && !img.image.empty()) {
                    std::size_t expected = std::size_t(img.width) * std::size_t(img.height) * 4;
                    if (img.component != 4 || img.bits != 8 || img.image.size() != expected)
                        return error(at("images", std::size_t(t.source)), "image is not 8-bit RGBA after decoding");
                    tex.width = std::uint32_t(img.width);
                    tex.height = std::uint32_t(img.height);
                    tex.pixels = img.image;
                }
            }
            if (t.sampler >= 0) {
                if (std::size_t(t.sampler) >= src_.samplers.size())
                    return error(at("textures", i) + ".sampler", "sampler " + std::to_string(t.sampler) + " out of range");
                const tinygltf::Sampler& s = src_.samplers[std::size_t(t.sampler)];
                auto wrap = [](int w) {
                    return w == TINYGLTF_TEXTURE_WRAP_CLAMP_TO_EDGE     ? Wrap::ClampToEdge
                           : w == TINYGLTF_TEXTURE_WRAP_MIRRORED_REPEAT ? Wrap::MirroredRepeat
                                                                        : Wrap::Repeat;
                };
                tex.sampler.wrapU = wrap(s.wrapS);
                tex.sampler.wrapV = wrap(s.wrapT);
                tex.sampler.magFilter = s.magFilter == TINYGLTF_TEXTURE_FILTER_NEAREST ? Filter::Nearest : Filter::Linear;
                tex.sampler.minFilter = (s.minFilter == TINYGLTF_TEXTURE_FILTER_NEAREST ||
                                         s.minFilter == TINYGLTF_TEXTURE_FILTER_NEAREST_MIPMAP_NEAREST ||
                                         s.minFilter == TINYGLTF_TEXTURE_FILTER_NEAREST_MIPMAP_LINEAR)
                                            ? Filter::Nearest
                                            : Filter::Linear;
                tex.sampler.mipmaps = !(s.minFilter == TINYGLTF_TEXTURE_FILTER_NEAREST ||
                                        s.minFilter == TINYGLTF_TEXTURE_FILTER_LINEAR);
            }
            // Linear until a colour slot claims it (see importMaterials).
            tex.srgb = false;
            out_.textures.push_back(std::move(tex));
        }
        return std::nullopt;
    }

    std::optional<Error> slot(TextureSlot& dst, int index, int texCoord, double scale, const std::string& path, bool colour) {
        if (index < 0) return std::nullopt;
        if (std::size_t(index) >= out_.textures.size())
            return error(path + ".index", "texture " + std::to_string(index) + " out of range (" +
                                              std::to_string(out_.textures.size()) + " textures)");
        dst.texture = index;
        dst.texCoord = texCoord;
        if (texCoord < 0 || texCoord > 1) {
            out_.warnings.push_back(file_ + ": " + path + ".texCoord: UV set " + std::to_string(texCoord) +
                                    " not supported, using 0");
            dst.texCoord = 0;
        }
        dst.scale = float(scale);
        if (colour) out_.textures[std::size_t(index)].srgb = true;
        return std::nullopt;
    }

    std::optional<Error> importMaterials() {
        for (std::size_t i = 0; i < src_.materials.size(); ++i) {
            const tinygltf::Material& m = src_.materials[i];
            const tinygltf::PbrMetallicRoughness& pbr = m.pbrMetallicRoughness;
            std::string p = at("materials", i);
            Material mat;
            mat.name = m.name;
            if (pbr.baseColorFactor.size() != 4) return error(p + ".pbrMetallicRoughness.baseColorFactor", "expected 4 numbers");
            mat.baseColorFactor = vec4(float(pbr.baseColorFactor[0]), float(pbr.baseColorFactor[1]),
                                       float(pbr.baseColorFactor[2]), float(pbr.baseColorFactor[3]));
            mat.metallicFactor = float(pbr.metallicFactor);
            mat.roughnessFactor = float(pbr.roughnessFactor);
            if (m.emissiveFactor.size() != 3) return error(p + ".emissiveFactor", "expected 3 numbers");
            mat.emissiveFactor = vec3(float(m.emissiveFactor[0]), float(m.emissiveFactor[1]), float(m.emissiveFactor[2]));
            if (auto ext = m.extensions.find("KHR_materials_emissive_strength"); ext != m.extensions.end()) {
                const tinygltf::Value& s = ext->second.Get("emissiveStrength");
                if (s.IsNumber()) mat.emissiveStrength = float(s.GetNumberAsDouble());
            }
            std::optional<Error> e;
            if ((e = slot(mat.baseColorTexture, pbr.baseColorTexture.index, pbr.baseColorTexture.texCoord, 1.0,
                          p + ".pbrMetallicRoughness.baseColorTexture", true)))
                return e;
            if ((e = slot(mat.metallicRoughnessTexture, pbr.metallicRoughnessTexture.index,
                          pbr.metallicRoughnessTexture.texCoord, 1.0, p + ".pbrMetallicRoughness.metallicRoughnessTexture",
                          false)))
                return e;
            if ((e = slot(mat.normalTexture, m.normalTexture.index, m.normalTexture.texCoord, m.normalTexture.scale,
                          p + ".normalTexture", false)))
                return e;
            if ((e = slot(mat.occlusionTexture, m.occlusionTexture.index, m.occlusionTexture.texCoord,
                          m.occlusionTexture.strength, p + ".occlusionTexture", false)))
                return e;
            if ((e = slot(mat.emissiveTexture, m.emissiveTexture.index, m.emissiveTexture.texCoord, 1.0,
                          p + ".emissiveTexture", true)))
                return e;
            if (m.alphaMode == "MASK") mat.alphaMode = AlphaMode::Mask;
            else if (m.alphaMode == "BLEND") mat.alphaMode = AlphaMode::Blend;
            else if (m.alphaMode != "OPAQUE" && !m.alphaMode.empty())
                return error(p + ".alphaMode", "expected OPAQUE, MASK or BLEND, got '" + m.alphaMode + "'");
            mat.alphaCutoff = float(m.alphaCutoff);
            mat.doubleSided = m.doubleSided;
            out_.materials.push_back(std::move(mat));
        }
        return std::nullopt;
    }

    std::optional<Error> importMeshes() {
        for (std::size_t mi = 0; mi < src_.meshes.size(); ++mi) {
            const tinygltf::Mesh& m = src_.meshes[mi];
            Mesh mesh;
            mesh.name = m.name;
            for (std::size_t pi = 0; pi < m.primitives.size(); ++pi) {
                std::string path = at("meshes", mi) + "." + at("primitives", pi);
                MeshPrimitive prim;
                if (auto e = importPrimitive(m.primitives[pi], path, prim)) return e;
                if (!m.primitives[pi].targets.empty())
                    out_.warnings.push_back(file_ + ": " + path + ".targets: morph targets are not imported");
                mesh.primitives.push_back(std::move(prim));
            }
            detail::computeBounds(mesh);
            out_.meshes.push_back(std::move(mesh));
        }
        return std::nullopt;
    }

    std::optional<Error> attribute(const tinygltf::Primitive& p, const char* name, int components, std::size_t count,
                                   const std::string& path, std::vector<float>& values, bool& present) {
        auto it = p.attributes.find(name);
        present = it != p.attributes.end();
        if (!present) return std::nullopt;
        std::string ap = path + ".attributes." + name;
        if (auto e = reader_.readFloats(it->second, components, ap, values)) return e;
        if (values.size() != count * std::size_t(components))
            return error(ap, "accessors[" + std::to_string(it->second) + "] has " +
                                 std::to_string(values.size() / std::size_t(components)) + " elements but POSITION has " +
                                 std::to_string(count));
        return std::nullopt;
    }

    std::optional<Error> importPrimitive(const tinygltf::Primitive& p, const std::string& path, MeshPrimitive& prim) {
        auto pos = p.attributes.find("POSITION");
        if (pos == p.attributes.end()) return error(path + ".attributes", "missing POSITION attribute");
        std::vector<float> v;
        if (auto e = reader_.readFloats(pos->second, 3, path + ".attributes.POSITION", v)) return e;
        const std::size_t count = v.size() / 3;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!std::isfinite(v[i]))
                return error("accessors[" + std::to_string(pos->second) + "]",
                             "POSITION element " + std::to_string(i / 3) + " is not finite (used by " + path + ")");
        }
        prim.positions.resize(count);
        std::memcpy(prim.positions.data(), v.data(), v.size() * sizeof(float));

        bool has = false;
        if (auto e = attribute(p, "NORMAL", 3, count, path, v, has)) return e;
        if (has) {
            prim.normals.resize(count);
            for (std::size_t i = 0; i < count; ++i) {
                vec3 n(v[i * 3], v[i * 3 + 1], v[i * 3 + 2]);
                float len = glm::length(n);
                prim.normals[i] = (std::isfinite(len) && len > 1e-20f) ? n / len : vec3(0, 1, 0);
            }
        }
        if (auto e = attribute(p, "TANGENT", 4, count, path, v, has)) return e;
        if (has) {
            prim.tangents.resize(count);
            std::memcpy(prim.tangents.data(), v.data(), v.size() * sizeof(float));
        }
        if (auto e = attribute(p, "TEXCOORD_0", 2, count, path, v, has)) return e;
        if (has) {
            prim.uv0.resize(count);
            std::memcpy(prim.uv0.data(), v.data(), v.size() * sizeof(float));
        }
        if (auto e = attribute(p, "TEXCOORD_1", 2, count, path, v, has)) return e;
        if (has) {
            prim.uv1.resize(count);
            std::memcpy(prim.uv1.data(), v.data(), v.size() * sizeof(float));
        }
        if (auto it = p.attributes.find("COLOR_0"); it != p.attributes.end()) {
            int comps = reader_.componentsOf(it->second);
            if (comps != 3 && comps != 4)
                return error(path + ".attributes.COLOR_0", "expected a VEC3 or VEC4 accessor");
            if (auto e = attribute(p, "COLOR_0", comps, count, path, v, has)) return e;
            prim.colors.resize(count);
            for (std::size_t i = 0; i < count; ++i) {
                const float* c = &v[i * std::size_t(comps)];
                prim.colors[i] = vec4(c[0], c[1], c[2], comps == 4 ? c[3] : 1.0f);
            }
        }
        if (auto it = p.attributes.find("JOINTS_0"); it != p.attributes.end()) {
            std::vector<std::uint32_t> j;
            std::string jp = path + ".attributes.JOINTS_0";
            if (auto e = reader_.readIntegers(it->second, 4, jp, j)) return e;
            if (j.size() != count * 4) return error(jp, "JOINTS_0 count differs from POSITION count " + std::to_string(count));
            prim.joints.resize(count);
            for (std::size_t i = 0; i < count; ++i)
                prim.joints[i] = glm::u16vec4(std::uint16_t(j[i * 4]), std::uint16_t(j[i * 4 + 1]), std::uint16_t(j[i * 4 + 2]),
                                              std::uint16_t(j[i * 4 + 3]));
        }
        if (auto e = attribute(p, "WEIGHTS_0", 4, count, path, v, has)) return e;
        if (has) {
            prim.weights.resize(count);
            std::memcpy(prim.weights.data(), v.data(), v.size() * sizeof(float));
        }

        if (p.material >= 0) {
            if (std::size_t(p.material) >= out_.materials.size())
                return error(path + ".material", "material " + std::to_string(p.material) + " out of range (" +
                                                     std::to_string(out_.materials.size()) + " materials)");
            prim.material = p.material;
        }

        std::vector<std::uint32_t> indices;
        if (p.indices >= 0) {
            if (auto e = reader_.readIntegers(p.indices, 1, path + ".indices", indices)) return e;
            for (std::size_t i = 0; i < indices.size(); ++i) {
                if (indices[i] >= count)
                    return error("accessors[" + std::to_string(p.indices) + "]",
                                 "index " + std::to_string(indices[i]) + " out of range for " + std::to_string(count) +
                                     " vertices (element " + std::to_string(i) + ", used by " + path + ".indices)");
            }
        } else {
            indices.resize(count);
            for (std::size_t i = 0; i < count; ++i) indices[i] = std::uint32_t(i);
        }
        if (auto e = convertTopology(p.mode, path, indices, prim)) return e;

        const bool triangles = prim.mode == PrimitiveMode::Triangles;
        if (triangles && prim.normals.empty()) detail::generateNormals(prim);
        if (triangles && options_.generateTangents && prim.tangents.empty() && !prim.uv0.empty())
            detail::generateTangents(prim);
        detail::computeBounds(prim);
        return std::nullopt;
    }

    std::optional<Error> convertTopology(int mode, const std::string& path, std::vector<std::uint32_t>& in,
                                         MeshPrimitive& prim) {
        const std::size_t n = in.size();
        auto needMultiple = [&](std::size_t k, const char* what) -> std::optional<Error> {
            if (n % k == 0) return std::nullopt;
            return error(path, std::to_string(n) + " " + (prim.indices.empty() && false ? "" : "vertices/indices") +
                                   " is not a multiple of " + std::to_string(k) + " for " + what);
        };
        auto warnKept = [&](const char* what) {
            out_.warnings.push_back(file_ + ": " + path + ": " + what + " kept as is; the renderer draws only triangles");
        };
        switch (mode) {
            case TINYGLTF_MODE_TRIANGLES:
                if (auto e = needMultiple(3, "triangles")) return e;
                prim.mode = PrimitiveMode::Triangles;
                prim.indices = std::move(in);
                return std::nullopt;
            case TINYGLTF_MODE_TRIANGLE_STRIP:
                prim.mode = PrimitiveMode::Triangles;
                for (std::size_t i = 0; i + 2 < n; ++i) {
                    // Odd triangles swap their last two vertices to keep the strip's winding.
                    std::size_t b = i + 1 + (i % 2), c = i + 2 - (i % 2);
                    prim.indices.insert(prim.indices.end(), {in[i], in[b], in[c]});
                }
                return std::nullopt;
            case TINYGLTF_MODE_TRIANGLE_FAN:
                prim.mode = PrimitiveMode::Triangles;
                for (std::size_t i = 1; i + 1 < n; ++i) prim.indices.insert(prim.indices.end(), {in[i], in[i + 1], in[0]});
                return std::nullopt;
            case TINYGLTF_MODE_POINTS:
                prim.mode = PrimitiveMode::Points;
                warnKept("points");
                break;
            case TINYGLTF_MODE_LINE:
                if (auto e = needMultiple(2, "lines")) return e;
                prim.mode = PrimitiveMode::Lines;
                warnKept("lines");
                break;
            case TINYGLTF_MODE_LINE_LOOP:
                prim.mode = PrimitiveMode::LineLoop;
                warnKept("line loop");
                break;
            case TINYGLTF_MODE_LINE_STRIP:
                prim.mode = PrimitiveMode::LineStrip;
                warnKept("line strip");
                break;
            default:
                return error(path + ".mode", "unknown primitive mode " + std::to_string(mode));
        }
        prim.indices = std::move(in);
        return std::nullopt;
    }

    static Transform nodeTransform(const tinygltf::Node& n, bool& singular) {
        Transform t;
        singular = false;
        if (n.matrix.size() == 16) {
            mat4 m;
            for (int i = 0; i < 16; ++i) glm::value_ptr(m)[i] = float(n.matrix[std::size_t(i)]);
            vec3 skew;
            vec4 persp;
            if (!glm::decompose(m, t.scale, t.rotation, t.position, skew, persp)) {
                singular = true;
                t = Transform{};
                t.position = vec3(m[3]);
                t.scale = vec3(0.0f);
            }
            return t;
        }
        if (n.translation.size() == 3) t.position = vec3(float(n.translation[0]), float(n.translation[1]), float(n.translation[2]));
        if (n.rotation.size() == 4)
            t.rotation = glm::normalize(quat(float(n.rotation[3]), float(n.rotation[0]), float(n.rotation[1]), float(n.rotation[2])));
        if (n.scale.size() == 3) t.scale = vec3(float(n.scale[0]), float(n.scale[1]), float(n.scale[2]));
        return t;
    }

    std::optional<Error> importNodes() {
        const std::size_t count = src_.nodes.size();
        out_.nodes.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            const tinygltf::Node& n = src_.nodes[i];
            std::string p = at("nodes", i);
            ModelNode& node = out_.nodes[i];
            node.name = n.name;
            if (!n.matrix.empty() && n.matrix.size() != 16) return error(p + ".matrix", "expected 16 numbers");
            if (!n.translation.empty() && n.translation.size() != 3) return error(p + ".translation", "expected 3 numbers");
            if (!n.rotation.empty() && n.rotation.size() != 4) return error(p + ".rotation", "expected 4 numbers");
            if (!n.scale.empty() && n.scale.size() != 3) return error(p + ".scale", "expected 3 numbers");
            bool singular = false;
            node.local = nodeTransform(n, singular);
            if (singular) out_.warnings.push_back(file_ + ": " + p + ".matrix: singular matrix, scale set to zero");
            if (!std::isfinite(glm::dot(node.local.position, node.local.position)) ||
                !std::isfinite(glm::dot(node.local.scale, node.local.scale)) ||
                !std::isfinite(glm::dot(node.local.rotation, node.local.rotation)))
                return error(p, "transform is not finite");
            if (n.mesh >= 0 && std::size_t(n.mesh) >= out_.meshes.size())
                return error(p + ".mesh", "mesh " + std::to_string(n.mesh) + " out of range (" +
                                              std::to_string(out_.meshes.size()) + " meshes)");
            if (n.skin >= 0 && std::size_t(n.skin) >= src_.skins.size())
                return error(p + ".skin", "skin " + std::to_string(n.skin) + " out of range");
            node.mesh = n.mesh;
            node.skin = n.skin;
            for (std::size_t c = 0; c < n.children.size(); ++c) {
                int child = n.children[c];
                std::string cp = p + ".children[" + std::to_string(c) + "]";
                if (child < 0 || std::size_t(child) >= count)
                    return error(cp, "node " + std::to_string(child) + " out of range (" + std::to_string(count) + " nodes)");
                if (std::size_t(child) == i) return error(cp, "node graph has a cycle (node is its own child)");
                if (out_.nodes[std::size_t(child)].parent >= 0)
                    return error(cp, "node " + std::to_string(child) + " has more than one parent (nodes[" +
                                         std::to_string(out_.nodes[std::size_t(child)].parent) + "] and nodes[" +
                                         std::to_string(i) + "])");
                out_.nodes[std::size_t(child)].parent = int(i);
                node.children.push_back(child);
            }
        }
        // With one parent per node, a cycle is a chain of parents that never reaches a root.
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t steps = 0;
            for (int p = out_.nodes[i].parent; p >= 0; p = out_.nodes[std::size_t(p)].parent) {
                if (++steps > count) return error(at("nodes", i), "node graph has a cycle");
            }
        }

        if (!src_.scenes.empty()) {
            std::size_t scene = src_.defaultScene >= 0 ? std::size_t(src_.defaultScene) : 0;
            if (scene >= src_.scenes.size())
                return error("scene", "scene " + std::to_string(scene) + " out of range (" +
                                          std::to_string(src_.scenes.size()) + " scenes)");
            const tinygltf::Scene& s = src_.scenes[scene];
            for (std::size_t r = 0; r < s.nodes.size(); ++r) {
                int n = s.nodes[r];
                std::string sp = at("scenes", scene) + ".nodes[" + std::to_string(r) + "]";
                if (n < 0 || std::size_t(n) >= count) return error(sp, "node " + std::to_string(n) + " out of range");
                if (out_.nodes[std::size_t(n)].parent >= 0) return error(sp, "scene root nodes[" + std::to_string(n) + "] has a parent");
                out_.rootNodes.push_back(n);
            }
        } else {
            for (std::size_t i = 0; i < count; ++i)
                if (out_.nodes[i].parent < 0) out_.rootNodes.push_back(int(i));
        }
        return std::nullopt;
    }

    std::optional<Error> importSkins() {
        for (std::size_t i = 0; i < src_.skins.size(); ++i) {
            const tinygltf::Skin& s = src_.skins[i];
            std::string p = at("skins", i);
            Skin skin;
            skin.name = s.name;
            for (std::size_t j = 0; j < s.joints.size(); ++j) {
                if (s.joints[j] < 0 || std::size_t(s.joints[j]) >= out_.nodes.size())
                    return error(p + ".joints[" + std::to_string(j) + "]", "node " + std::to_string(s.joints[j]) + " out of range");
                skin.joints.push_back(s.joints[j]);
            }
            if (s.skeleton >= 0 && std::size_t(s.skeleton) >= out_.nodes.size())
                return error(p + ".skeleton", "node " + std::to_string(s.skeleton) + " out of range");
            skin.skeleton = s.skeleton;
            if (s.inverseBindMatrices >= 0) {
                std::vector<float> m;
                if (auto e = reader_.readFloats(s.inverseBindMatrices, 16, p + ".inverseBindMatrices", m)) return e;
                if (m.size() / 16 < skin.joints.size())
                    return error(p + ".inverseBindMatrices", std::to_string(m.size() / 16) + " matrices for " +
                                                                 std::to_string(skin.joints.size()) + " joints");
                skin.inverseBindMatrices.resize(skin.joints.size());
                for (std::size_t j = 0; j < skin.joints.size(); ++j)
                    std::memcpy(glm::value_ptr(skin.inverseBindMatrices[j]), &m[j * 16], 16 * sizeof(float));
            } else {
                skin.inverseBindMatrices.assign(skin.joints.size(), mat4(1.0f));
            }
            out_.skins.push_back(std::move(skin));
        }
        return std::nullopt;
    }

    std::optional<Error> importAnimations() {
        for (std::size_t ai = 0; ai < src_.animations.size(); ++ai) {
            const tinygltf::Animation& a = src_.animations[ai];
            std::string p = at("animations", ai);
            Animation anim;
            anim.name = a.name;
            for (std::size_t si = 0; si < a.samplers.size(); ++si) {
                const tinygltf::AnimationSampler& s = a.samplers[si];
                std::string sp = p + "." + at("samplers", si);
                AnimationSampler out;
                if (auto e = reader_.readFloats(s.input, 1, sp + ".input", out.times)) return e;
                for (float t : out.times) {
                    if (!std::isfinite(t)) return error(sp + ".input", "key time is not finite");
                    anim.duration = std::max(anim.duration, t);
                }
                if (s.interpolation == "STEP") out.interpolation = Interpolation::Step;
                else if (s.interpolation == "CUBICSPLINE") out.interpolation = Interpolation::CubicSpline;
                else if (s.interpolation != "LINEAR" && !s.interpolation.empty())
                    return error(sp + ".interpolation", "unknown interpolation '" + s.interpolation + "'");
                int comps = reader_.componentsOf(s.output);
                if (comps < 1 || comps > 4) return error(sp + ".output", "expected a SCALAR, VEC3 or VEC4 accessor");
                std::vector<float> values;
                if (auto e = reader_.readFloats(s.output, comps, sp + ".output", values)) return e;
                std::size_t keys = values.size() / std::size_t(comps);
                out.values.resize(keys, vec4(0.0f));
                for (std::size_t k = 0; k < keys; ++k)
                    for (int c = 0; c < comps; ++c) out.values[k][c] = values[k * std::size_t(comps) + std::size_t(c)];
                std::size_t perKey = out.interpolation == Interpolation::CubicSpline ? 3 : 1;
                if (comps > 1 && keys != out.times.size() * perKey)
                    return error(sp + ".output", std::to_string(keys) + " values for " + std::to_string(out.times.size()) +
                                                     " key times");
                anim.samplers.push_back(std::move(out));
            }
            for (std::size_t ci = 0; ci < a.channels.size(); ++ci) {
                const tinygltf::AnimationChannel& c = a.channels[ci];
                std::string cp = p + "." + at("channels", ci);
                AnimationChannel ch;
                if (c.sampler < 0 || std::size_t(c.sampler) >= anim.samplers.size())
                    return error(cp + ".sampler", "sampler " + std::to_string(c.sampler) + " out of range");
                if (c.target_node >= 0 && std::size_t(c.target_node) >= out_.nodes.size())
                    return error(cp + ".target.node", "node " + std::to_string(c.target_node) + " out of range");
                ch.sampler = c.sampler;
                ch.node = c.target_node;
                if (c.target_path == "translation") ch.path = AnimationPath::Translation;
                else if (c.target_path == "rotation") ch.path = AnimationPath::Rotation;
                else if (c.target_path == "scale") ch.path = AnimationPath::Scale;
                else if (c.target_path == "weights") ch.path = AnimationPath::Weights;
                else return error(cp + ".target.path", "unknown path '" + c.target_path + "'");
                anim.channels.push_back(ch);
            }
            out_.animations.push_back(std::move(anim));
        }
        return std::nullopt;
    }

    void computeModelBounds() {
        struct Item {
            int node;
            mat4 parent;
        };
        std::vector<Item> stack;
        for (int r : out_.rootNodes) stack.push_back({r, mat4(1.0f)});
        while (!stack.empty()) {
            Item it = stack.back();
            stack.pop_back();
            const ModelNode& n = out_.nodes[std::size_t(it.node)];
            mat4 world = it.parent * n.local.matrix();
            if (n.mesh >= 0) out_.bounds.expand(out_.meshes[std::size_t(n.mesh)].bounds.transformed(world));
            for (int c : n.children) stack.push_back({c, world});
        }
    }
};

bool hasGlbMagic(const std::vector<unsigned char>& bytes) {
    return bytes.size() >= 4 && std::memcmp(bytes.data(), "glTF", 4) == 0;
}

// The JSON chunk of a .glb, bounds-checked: tinygltf trusts the chunk length it reads.
std::optional<Error> glbJson(const std::vector<unsigned char>& bytes, const std::string& file, std::string_view& json) {
    auto u32 = [&](std::size_t at) {
        std::uint32_t v;
        std::memcpy(&v, bytes.data() + at, 4);
        return v;
    };
    if (bytes.size() < 20) return Error{"GLB file is shorter than its 20-byte header", file, "", 0};
    if (u32(4) != 2) return Error{"GLB version " + std::to_string(u32(4)) + " is not 2", file, "", 0};
    if (u32(8) > bytes.size())
        return Error{"GLB header length " + std::to_string(u32(8)) + " exceeds the file size " + std::to_string(bytes.size()),
                     file, "", 0};
    std::uint32_t chunk = u32(12);
    if (u32(16) != 0x4E4F534A) return Error{"GLB first chunk is not JSON", file, "", 0};
    if (std::uint64_t(chunk) + 20 > bytes.size())
        return Error{"GLB JSON chunk length " + std::to_string(chunk) + " runs past the end of the file", file, "", 0};
    json = std::string_view(reinterpret_cast<const char*>(bytes.data()) + 20, chunk);
    return std::nullopt;
}

}  // namespace

Result<Model> importGltfFromMemory(const std::vector<unsigned char>& bytes, const std::string& path,
                                   const GltfImportOptions& options) {
    const std::string& file = path;
    std::filesystem::path baseDir = std::filesystem::path(path).parent_path();
    const bool glb = hasGlbMagic(bytes);
    std::string_view jsonText(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (glb) {
        if (auto e = glbJson(bytes, file, jsonText)) return *e;
    }
    nlohmann::json doc = nlohmann::json::parse(jsonText.begin(), jsonText.end(), nullptr, false);
    if (doc.is_discarded()) return Error{"not valid JSON", file, "", 0};
    if (auto e = detail::checkGltfJson(doc, file, baseDir.empty() ? std::filesystem::path(".") : baseDir,
                                       options.loadImages))
        return *e;

    tinygltf::TinyGLTF loader;
    bool loadImages = options.loadImages;
    loader.SetImageLoader(decodeImage, &loadImages);
    tinygltf::Model src;
    std::string err, warn;
    bool ok = false;
    if (bytes.size() > 0xffffffffu) return Error{"file larger than 4 GiB", file, "", 0};
    if (glb) {
        ok = loader.LoadBinaryFromMemory(&src, &err, &warn, bytes.data(), unsigned(bytes.size()), baseDir.string());
    } else {
        ok = loader.LoadASCIIFromString(&src, &err, &warn, reinterpret_cast<const char*>(bytes.data()),
                                        unsigned(bytes.size()), baseDir.string());
    }
    if (!ok) return Error{"glTF parse failed: " + firstLine(err.empty() ? warn : err), file, "", 0};
    Result<Model> model = Importer(src, file, options).run();
    if (model) model->path = path;
    return model;
}

Result<Model> importGltf(const std::string& path, const GltfImportOptions& options) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return Error{"cannot open file", path, "", 0};
    const std::streamoff size = in.tellg();
    if (size < 0) return Error{"cannot read file size", path, "", 0};
    std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) return Error{"read error", path, "", 0};
    return importGltfFromMemory(bytes, path, options);
}

Entity instantiateModel(World& world, const Model& model, const std::string& modelRef, Entity parent) {
    std::string rootName = std::filesystem::path(model.path).stem().string();
    Entity root = world.create(rootName.empty() ? modelRef : rootName);
    if (parent != kNullEntity) (void)world.setParent(root, parent);
    struct Item {
        int node;
        Entity parent;
    };
    std::vector<Item> stack;
    for (auto it = model.rootNodes.rbegin(); it != model.rootNodes.rend(); ++it) stack.push_back({*it, root});
    while (!stack.empty()) {
        Item item = stack.back();
        stack.pop_back();
        const ModelNode& node = model.nodes[std::size_t(item.node)];
        Entity e = world.create(node.name.empty() ? "node" + std::to_string(item.node) : node.name);
        *world.get<Transform>(e) = node.local;
        if (node.mesh >= 0) world.add<MeshRenderer>(e, MeshRenderer{modelRef + "#" + std::to_string(node.mesh)});
        (void)world.setParent(e, item.parent);
        for (auto c = node.children.rbegin(); c != node.children.rend(); ++c) stack.push_back({*c, e});
    }
    return root;
}

}  // namespace atrium
