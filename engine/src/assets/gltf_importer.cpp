#include "atrium/assets/gltf_importer.hpp"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <stb/stb_image.h>

#include <glm/gtc/type_ptr.hpp>
#define GLM_ENABLE_EXPERIMENTAL  // matrix_decompose lives in glm's gtx extensions
#include <glm/gtx/matrix_decompose.hpp>

#include "accessor_reader.hpp"
#include "gltf_schema.hpp"
#include "mesh_processing.hpp"

namespace atrium {
namespace {

std::string at(const char* array, std::size_t i) { return std::string(array) + "[" + std::to_string(i) + "]"; }

// tinygltf decodes images itself; this loader is installed instead when images are skipped.
bool skipImage(tinygltf::Image*, const int, std::string*, std::string*, int, int, const unsigned char*, int, void*) { return true; }

constexpr int kMaxImageSide = 16384;                     // Vulkan's guaranteed limit is far lower; GPUs stop here
constexpr std::int64_t kMaxImagePixels = 8192LL * 8192;  // 256 MiB as RGBA8 before mips

// Installed when images are decoded: only PNG and JPEG, glTF's own two image types, reach
// stb_image (its PSD, PIC, GIF, HDR and TGA decoders are attack surface for no format a glTF
// carries), and only at a size that is decoded at all: the header is read first.
bool loadImage(tinygltf::Image* image, const int index, std::string* err, std::string* warn, int reqWidth, int reqHeight,
               const unsigned char* bytes, int size, void* user) {
    auto refuse = [&](const std::string& why) {
        if (err) *err += "images[" + std::to_string(index) + "]: " + why + "\n";
        return false;
    };
    const bool png = size >= 8 && std::memcmp(bytes, "\x89PNG\r\n\x1a\n", 8) == 0;
    const bool jpeg = size >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
    if (!png && !jpeg) return refuse("not a PNG or JPEG image");
    int w = 0, h = 0, channels = 0;
    if (!stbi_info_from_memory(bytes, size, &w, &h, &channels) || w <= 0 || h <= 0) return refuse("unreadable image header");
    if (w > kMaxImageSide || h > kMaxImageSide || std::int64_t(w) * h > kMaxImagePixels)
        return refuse(std::to_string(w) + " x " + std::to_string(h) + " pixels is over the limit of " + std::to_string(kMaxImageSide) +
                      " a side and " + std::to_string(kMaxImagePixels / 1000000) + " megapixels");
    return tinygltf::LoadImageData(image, index, err, warn, reqWidth, reqHeight, bytes, size, user);
}

class Importer {
public:
    Importer(const tinygltf::Model& src, Model& dst, const GltfImportOptions& options) : src_(src), dst_(dst), options_(options) {
        budget_.cap = options.memoryCap;
    }

    Status run() {
        if (Status s = checkNodeGraph(); !s.ok()) return s;
        if (Status s = importTextures(); !s.ok()) return s;
        if (Status s = importMaterials(); !s.ok()) return s;
        for (std::size_t i = 0; i < src_.meshes.size(); ++i) {
            if (Status s = importMesh(i); !s.ok()) return s;
        }
        if (Status s = importNodes(); !s.ok()) return s;
        if (Status s = importSkins(); !s.ok()) return s;
        if (Status s = importAnimations(); !s.ok()) return s;
        computeModelBounds();
        return Ok{};
    }

private:
    template <typename T>
    bool inRange(int index, const std::vector<T>& v) const {
        return index >= 0 && std::size_t(index) < v.size();
    }
    Error rangeError(const std::string& path, int index, const char* what, std::size_t count) const {
        return Error{"index " + std::to_string(index) + " out of range (file has " + std::to_string(count) + " " + what + ")", "", path};
    }

    // Children lists must form a forest: no index out of range, no node with two parents, no
    // cycles. A cycle would otherwise make every later traversal loop forever.
    Status checkNodeGraph() {
        std::vector<int> parent(src_.nodes.size(), -1);
        for (std::size_t i = 0; i < src_.nodes.size(); ++i) {
            for (std::size_t c = 0; c < src_.nodes[i].children.size(); ++c) {
                int child = src_.nodes[i].children[c];
                std::string path = at("nodes", i) + ".children[" + std::to_string(c) + "]";
                if (!inRange(child, src_.nodes)) return rangeError(path, child, "nodes", src_.nodes.size());
                if (std::size_t(child) == i) return Error{"node is its own child; the node graph has a cycle", "", at("nodes", i)};
                if (parent[std::size_t(child)] >= 0) {
                    return Error{"node " + std::to_string(child) + " has two parents (nodes " + std::to_string(parent[std::size_t(child)]) +
                                     " and " + std::to_string(i) + "); the node graph must be a tree",
                                 "", path};
                }
                parent[std::size_t(child)] = int(i);
            }
        }
        for (std::size_t i = 0; i < src_.nodes.size(); ++i) {
            std::size_t steps = 0;
            for (int n = parent[i]; n >= 0; n = parent[std::size_t(n)]) {
                if (std::size_t(n) == i || ++steps > src_.nodes.size()) {
                    return Error{"node graph has a cycle through node " + std::to_string(i), "", at("nodes", i)};
                }
            }
        }
        for (std::size_t s = 0; s < src_.scenes.size(); ++s) {
            for (std::size_t k = 0; k < src_.scenes[s].nodes.size(); ++k) {
                int n = src_.scenes[s].nodes[k];
                std::string path = at("scenes", s) + ".nodes[" + std::to_string(k) + "]";
                if (!inRange(n, src_.nodes)) return rangeError(path, n, "nodes", src_.nodes.size());
            }
        }
        return Ok{};
    }

    Status importTextures() {
        for (std::size_t i = 0; i < src_.textures.size(); ++i) {
            const tinygltf::Texture& t = src_.textures[i];
            Texture out;
            out.name = t.name;
            if (t.sampler >= 0) {
                if (!inRange(t.sampler, src_.samplers))
                    return rangeError(at("textures", i) + ".sampler", t.sampler, "samplers", src_.samplers.size());
                const tinygltf::Sampler& s = src_.samplers[std::size_t(t.sampler)];
                auto wrap = [](int w) {
                    return w == TINYGLTF_TEXTURE_WRAP_CLAMP_TO_EDGE     ? Wrap::ClampToEdge
                           : w == TINYGLTF_TEXTURE_WRAP_MIRRORED_REPEAT ? Wrap::MirroredRepeat
                                                                        : Wrap::Repeat;
                };
                out.sampler.wrapU = wrap(s.wrapS);
                out.sampler.wrapV = wrap(s.wrapT);
                out.sampler.magFilter = s.magFilter == TINYGLTF_TEXTURE_FILTER_NEAREST ? Filter::Nearest : Filter::Linear;
                out.sampler.minFilter = (s.minFilter == TINYGLTF_TEXTURE_FILTER_NEAREST ||
                                         s.minFilter == TINYGLTF_TEXTURE_FILTER_NEAREST_MIPMAP_NEAREST ||
                                         s.minFilter == TINYGLTF_TEXTURE_FILTER_NEAREST_MIPMAP_LINEAR)
                                            ? Filter::Nearest
                                            : Filter::Linear;
                out.sampler.mipmaps = s.minFilter != TINYGLTF_TEXTURE_FILTER_NEAREST && s.minFilter != TINYGLTF_TEXTURE_FILTER_LINEAR;
            }
            if (t.source >= 0 && !inRange(t.source, src_.images))
                return rangeError(at("textures", i) + ".source", t.source, "images", src_.images.size());
            if (t.source >= 0 && options_.loadImages) {
                const tinygltf::Image& img = src_.images[std::size_t(t.source)];
                if (Status s = convertImage(img, out, at("images", std::size_t(t.source))); !s.ok()) return s;
            }
            dst_.textures.push_back(std::move(out));
        }
        return Ok{};
    }

    static Status convertImage(const tinygltf::Image& img, Texture& out, const std::string& path) {
        if (img.width <= 0 || img.height <= 0 || img.component < 1 || img.component > 4 || (img.bits != 8 && img.bits != 16)) {
            return Error{"image could not be decoded (" + std::to_string(img.width) + "x" + std::to_string(img.height) + ", " +
                             std::to_string(img.component) + " channels, " + std::to_string(img.bits) + " bits)",
                         "", path};
        }
        std::size_t pixels = std::size_t(img.width) * std::size_t(img.height);
        std::size_t bytesPer = std::size_t(img.bits / 8);
        if (img.image.size() < pixels * std::size_t(img.component) * bytesPer)
            return Error{"image data is shorter than its size says", "", path};
        out.width = std::uint32_t(img.width);
        out.height = std::uint32_t(img.height);
        out.pixels.resize(pixels * 4);
        for (std::size_t p = 0; p < pixels; ++p) {
            std::uint8_t c[4] = {0, 0, 0, 255};
            for (int k = 0; k < img.component; ++k) {
                std::size_t src = (p * std::size_t(img.component) + std::size_t(k)) * bytesPer;
                c[k] = bytesPer == 2 ? img.image[src + 1] : img.image[src];  // 16-bit: keep the high byte (little endian)
            }
            if (img.component <= 2) {  // grey (+ alpha)
                std::uint8_t a = img.component == 2 ? c[1] : 255;
                c[1] = c[2] = c[0];
                c[3] = a;
            }
            std::memcpy(&out.pixels[p * 4], c, 4);
        }
        return Ok{};
    }

    Status textureSlot(const std::string& path, int index, int texCoord, TextureSlot& slot, bool srgb) {
        if (index < 0) return Ok{};
        if (!inRange(index, dst_.textures)) return rangeError(path + ".index", index, "textures", dst_.textures.size());
        if (texCoord < 0 || texCoord > 1)
            return Error{"texCoord " + std::to_string(texCoord) + " is not supported (0 or 1)", "", path + ".texCoord"};
        slot.texture = index;
        slot.texCoord = texCoord;
        if (!srgb) dst_.textures[std::size_t(index)].srgb = false;
        return Ok{};
    }

    Status importMaterials() {
        for (std::size_t i = 0; i < src_.materials.size(); ++i) {
            const tinygltf::Material& m = src_.materials[i];
            std::string path = at("materials", i);
            Material out;
            out.name = m.name;
            const auto& pbr = m.pbrMetallicRoughness;
            if (pbr.baseColorFactor.size() == 4)
                out.baseColorFactor = vec4(float(pbr.baseColorFactor[0]), float(pbr.baseColorFactor[1]), float(pbr.baseColorFactor[2]),
                                           float(pbr.baseColorFactor[3]));
            out.metallicFactor = float(pbr.metallicFactor);
            out.roughnessFactor = float(pbr.roughnessFactor);
            if (m.emissiveFactor.size() == 3)
                out.emissiveFactor = vec3(float(m.emissiveFactor[0]), float(m.emissiveFactor[1]), float(m.emissiveFactor[2]));
            if (auto ext = m.extensions.find("KHR_materials_emissive_strength");
                ext != m.extensions.end() && ext->second.Has("emissiveStrength")) {
                out.emissiveStrength = float(ext->second.Get("emissiveStrength").GetNumberAsDouble());
            }
            Status s = textureSlot(path + ".pbrMetallicRoughness.baseColorTexture", pbr.baseColorTexture.index, pbr.baseColorTexture.texCoord,
                                   out.baseColorTexture, true);
            if (s.ok())
                s = textureSlot(path + ".pbrMetallicRoughness.metallicRoughnessTexture", pbr.metallicRoughnessTexture.index,
                                pbr.metallicRoughnessTexture.texCoord, out.metallicRoughnessTexture, false);
            if (s.ok()) s = textureSlot(path + ".normalTexture", m.normalTexture.index, m.normalTexture.texCoord, out.normalTexture, false);
            if (s.ok())
                s = textureSlot(path + ".occlusionTexture", m.occlusionTexture.index, m.occlusionTexture.texCoord, out.occlusionTexture, false);
            if (s.ok())
                s = textureSlot(path + ".emissiveTexture", m.emissiveTexture.index, m.emissiveTexture.texCoord, out.emissiveTexture, true);
            if (!s.ok()) return s;
            out.normalTexture.scale = float(m.normalTexture.scale);
            out.occlusionTexture.scale = float(m.occlusionTexture.strength);
            if (m.alphaMode == "MASK") out.alphaMode = AlphaMode::Mask;
            else if (m.alphaMode == "BLEND") out.alphaMode = AlphaMode::Blend;
            else if (!m.alphaMode.empty() && m.alphaMode != "OPAQUE")
                return Error{"unknown alphaMode \"" + m.alphaMode + "\"", "", path + ".alphaMode"};
            out.alphaCutoff = float(m.alphaCutoff);
            out.doubleSided = m.doubleSided;
            dst_.materials.push_back(std::move(out));
        }
        return Ok{};
    }

    template <typename T, int N>
    Status attribute(const tinygltf::Primitive& prim, const char* name, const std::string& path, std::size_t vertexCount, std::vector<T>& out,
                     bool required = false) {
        auto it = prim.attributes.find(name);
        if (it == prim.attributes.end()) {
            if (required) return Error{std::string("missing required attribute ") + name, "", path + ".attributes"};
            return Ok{};
        }
        std::string attrPath = path + ".attributes." + name;
        auto data = readAccessor(src_, it->second, attrPath, &budget_);
        if (!data) return data.error();
        if (data->components < N - 1 || data->components > N) {
            return Error{"has " + std::to_string(data->components) + " components per element, expected " + std::to_string(N), "", attrPath};
        }
        if (vertexCount != std::size_t(-1) && data->count != vertexCount) {
            return Error{std::to_string(data->count) + " elements but POSITION has " + std::to_string(vertexCount), "", attrPath};
        }
        out.resize(data->count);
        for (std::size_t i = 0; i < data->count; ++i) {
            float v[4] = {0, 0, 0, 1};
            for (int c = 0; c < data->components; ++c) v[c] = data->values[i * std::size_t(data->components) + std::size_t(c)];
            for (int c = 0; c < N; ++c) {
                if (!std::isfinite(v[c])) return Error{"element " + std::to_string(i) + " is not a finite number", "", attrPath};
            }
            if constexpr (N == 2) out[i] = T(v[0], v[1]);
            else if constexpr (N == 3) out[i] = T(v[0], v[1], v[2]);
            else out[i] = T(v[0], v[1], v[2], v[3]);
        }
        return Ok{};
    }

    // Strips and fans become lists; glTF winding rules for strips alternate every triangle.
    static void triangulate(MeshPrimitive& p, int gltfMode) {
        std::vector<std::uint32_t> tris;
        const auto& ix = p.indices;
        if (gltfMode == TINYGLTF_MODE_TRIANGLE_STRIP) {
            for (std::size_t i = 2; i < ix.size(); ++i) {
                if (i % 2 == 0) tris.insert(tris.end(), {ix[i - 2], ix[i - 1], ix[i]});
                else tris.insert(tris.end(), {ix[i - 1], ix[i - 2], ix[i]});
            }
        } else {
            for (std::size_t i = 2; i < ix.size(); ++i) tris.insert(tris.end(), {ix[0], ix[i - 1], ix[i]});
        }
        p.indices = std::move(tris);
    }

    Status importMesh(std::size_t meshIndex) {
        const tinygltf::Mesh& src = src_.meshes[meshIndex];
        Mesh mesh;
        mesh.name = src.name;
        for (std::size_t pi = 0; pi < src.primitives.size(); ++pi) {
            const tinygltf::Primitive& prim = src.primitives[pi];
            std::string path = at("meshes", meshIndex) + ".primitives[" + std::to_string(pi) + "]";
            if (!prim.targets.empty()) dst_.warnings.push_back(path + ".targets: morph targets are not imported");
            MeshPrimitive p;
            if (Status s = attribute<vec3, 3>(prim, "POSITION", path, std::size_t(-1), p.positions, true); !s.ok()) return s;
            std::size_t n = p.positions.size();
            Status s = attribute<vec3, 3>(prim, "NORMAL", path, n, p.normals);
            if (s.ok()) s = attribute<vec4, 4>(prim, "TANGENT", path, n, p.tangents);
            if (s.ok()) s = attribute<vec2, 2>(prim, "TEXCOORD_0", path, n, p.uv0);
            if (s.ok()) s = attribute<vec2, 2>(prim, "TEXCOORD_1", path, n, p.uv1);
            if (s.ok()) s = attribute<vec4, 4>(prim, "COLOR_0", path, n, p.colors);  // vec3 colours get alpha 1
            if (s.ok()) s = attribute<vec4, 4>(prim, "WEIGHTS_0", path, n, p.weights);
            std::vector<vec4> joints;
            if (s.ok()) s = attribute<vec4, 4>(prim, "JOINTS_0", path, n, joints);
            if (!s.ok()) return s;
            for (const vec4& j : joints) {
                if (j.x < 0 || j.y < 0 || j.z < 0 || j.w < 0 || j.x > 65535 || j.y > 65535 || j.z > 65535 || j.w > 65535)
                    return Error{"joint index out of range", "", path + ".attributes.JOINTS_0"};
                p.joints.emplace_back(std::uint16_t(j.x), std::uint16_t(j.y), std::uint16_t(j.z), std::uint16_t(j.w));
            }
            if (prim.indices >= 0) {
                auto indices = readIndices(src_, prim.indices, path + ".indices", &budget_);
                if (!indices) return indices.error();
                for (std::size_t i = 0; i < indices->size(); ++i) {
                    if ((*indices)[i] >= n) {
                        return Error{"index " + std::to_string((*indices)[i]) + " at position " + std::to_string(i) + " is out of range for " +
                                         std::to_string(n) + " vertices",
                                     "", path + ".indices (accessors[" + std::to_string(prim.indices) + "])"};
                    }
                }
                p.indices = std::move(*indices);
            } else {
                p.indices.resize(n);
                for (std::uint32_t i = 0; i < n; ++i) p.indices[i] = i;
            }
            if (prim.material >= 0 && !inRange(prim.material, src_.materials))
                return rangeError(path + ".material", prim.material, "materials", src_.materials.size());
            p.material = prim.material;
            switch (prim.mode) {
                case TINYGLTF_MODE_POINTS: p.mode = PrimitiveMode::Points; break;
                case TINYGLTF_MODE_LINE: p.mode = PrimitiveMode::Lines; break;
                case TINYGLTF_MODE_LINE_LOOP: p.mode = PrimitiveMode::LineLoop; break;
                case TINYGLTF_MODE_LINE_STRIP: p.mode = PrimitiveMode::LineStrip; break;
                case -1:
                case TINYGLTF_MODE_TRIANGLES: p.mode = PrimitiveMode::Triangles; break;
                case TINYGLTF_MODE_TRIANGLE_STRIP:
                case TINYGLTF_MODE_TRIANGLE_FAN:
                    triangulate(p, prim.mode);
                    p.mode = PrimitiveMode::Triangles;
                    break;
                default: return Error{"unknown primitive mode " + std::to_string(prim.mode), "", path + ".mode"};
            }
            if (p.mode == PrimitiveMode::Triangles && p.indices.size() % 3 != 0) {
                return Error{std::to_string(p.indices.size()) + " indices do not make whole triangles", "", path + ".indices"};
            }
            if (p.mode != PrimitiveMode::Triangles) {
                static const char* names[] = {"points", "lines", "line loop", "line strip"};
                dst_.warnings.push_back(path + ": " + names[int(p.mode)] + " primitive kept as is; only triangles are shaded");
            }
            if (p.mode == PrimitiveMode::Triangles && p.normals.empty()) generateFlatNormals(p);
            if (options_.generateTangents && p.tangents.empty() && p.mode == PrimitiveMode::Triangles) {
                int uvSet = 0;
                if (p.material >= 0) uvSet = dst_.materials[std::size_t(p.material)].normalTexture.texCoord;
                generateTangents(p, uvSet);
            }
            mesh.primitives.push_back(std::move(p));
        }
        computeBounds(mesh);
        dst_.meshes.push_back(std::move(mesh));
        return Ok{};
    }

    Status importNodes() {
        for (std::size_t i = 0; i < src_.nodes.size(); ++i) {
            const tinygltf::Node& n = src_.nodes[i];
            std::string path = at("nodes", i);
            ModelNode out;
            out.name = n.name;
            out.children = n.children;
            if (n.mesh >= 0 && !inRange(n.mesh, src_.meshes)) return rangeError(path + ".mesh", n.mesh, "meshes", src_.meshes.size());
            if (n.skin >= 0 && !inRange(n.skin, src_.skins)) return rangeError(path + ".skin", n.skin, "skins", src_.skins.size());
            out.mesh = n.mesh;
            out.skin = n.skin;
            if (n.matrix.size() == 16) {
                mat4 m;
                for (int k = 0; k < 16; ++k) {
                    if (!std::isfinite(n.matrix[std::size_t(k)])) return Error{"matrix has a non-finite element", "", path + ".matrix"};
                    glm::value_ptr(m)[k] = float(n.matrix[std::size_t(k)]);
                }
                vec3 skew;
                vec4 perspective;
                glm::decompose(m, out.local.scale, out.local.rotation, out.local.position, skew, perspective);
            } else {
                if (n.translation.size() == 3)
                    out.local.position = vec3(float(n.translation[0]), float(n.translation[1]), float(n.translation[2]));
                if (n.rotation.size() == 4)
                    out.local.rotation = quat(float(n.rotation[3]), float(n.rotation[0]), float(n.rotation[1]), float(n.rotation[2]));
                if (n.scale.size() == 3) out.local.scale = vec3(float(n.scale[0]), float(n.scale[1]), float(n.scale[2]));
                for (int k = 0; k < 3; ++k) {
                    if (!std::isfinite(out.local.position[k]) || !std::isfinite(out.local.scale[k]))
                        return Error{"translation or scale has a non-finite element", "", path};
                }
            }
            dst_.nodes.push_back(std::move(out));
        }
        for (std::size_t i = 0; i < dst_.nodes.size(); ++i) {
            for (int c : dst_.nodes[i].children) dst_.nodes[std::size_t(c)].parent = int(i);
        }
        int scene = src_.defaultScene >= 0 ? src_.defaultScene : 0;
        if (inRange(scene, src_.scenes)) {
            dst_.rootNodes = src_.scenes[std::size_t(scene)].nodes;
        } else {
            for (std::size_t i = 0; i < dst_.nodes.size(); ++i) {
                if (dst_.nodes[i].parent < 0) dst_.rootNodes.push_back(int(i));
            }
        }
        return Ok{};
    }

    Status importSkins() {
        for (std::size_t i = 0; i < src_.skins.size(); ++i) {
            const tinygltf::Skin& s = src_.skins[i];
            std::string path = at("skins", i);
            Skin out;
            out.name = s.name;
            for (std::size_t j = 0; j < s.joints.size(); ++j) {
                if (!inRange(s.joints[j], src_.nodes))
                    return rangeError(path + ".joints[" + std::to_string(j) + "]", s.joints[j], "nodes", src_.nodes.size());
            }
            out.joints = s.joints;
            out.skeleton = s.skeleton;
            if (s.inverseBindMatrices >= 0) {
                auto data = readAccessor(src_, s.inverseBindMatrices, path + ".inverseBindMatrices", &budget_);
                if (!data) return data.error();
                if (data->components != 16 || data->count < s.joints.size()) {
                    return Error{"needs one MAT4 per joint (" + std::to_string(s.joints.size()) + ")", "", path + ".inverseBindMatrices"};
                }
                out.inverseBindMatrices.resize(s.joints.size());
                for (std::size_t j = 0; j < s.joints.size(); ++j)
                    std::memcpy(glm::value_ptr(out.inverseBindMatrices[j]), &data->values[j * 16], 64);
            } else {
                out.inverseBindMatrices.assign(s.joints.size(), mat4(1.0f));
            }
            dst_.skins.push_back(std::move(out));
        }
        return Ok{};
    }

    Status importAnimations() {
        for (std::size_t a = 0; a < src_.animations.size(); ++a) {
            const tinygltf::Animation& anim = src_.animations[a];
            std::string path = at("animations", a);
            Animation out;
            out.name = anim.name;
            for (std::size_t si = 0; si < anim.samplers.size(); ++si) {
                const auto& s = anim.samplers[si];
                std::string spath = path + ".samplers[" + std::to_string(si) + "]";
                auto input = readAccessor(src_, s.input, spath + ".input", &budget_);
                if (!input) return input.error();
                auto output = readAccessor(src_, s.output, spath + ".output", &budget_);
                if (!output) return output.error();
                AnimationSampler sampler;
                sampler.interpolation = s.interpolation == "STEP"          ? Interpolation::Step
                                        : s.interpolation == "CUBICSPLINE" ? Interpolation::CubicSpline
                                                                           : Interpolation::Linear;
                sampler.times = input->values;
                for (std::size_t k = 1; k < sampler.times.size(); ++k) {
                    if (!(sampler.times[k] >= sampler.times[k - 1])) return Error{"keyframe times must increase", "", spath + ".input"};
                }
                std::size_t perKey = sampler.interpolation == Interpolation::CubicSpline ? 3 : 1;
                if (output->components > 4) return Error{"output has more than 4 components", "", spath + ".output"};
                std::size_t values = output->count;
                sampler.values.resize(values);
                for (std::size_t k = 0; k < values; ++k) {
                    vec4 v(0.0f);
                    for (int c = 0; c < output->components; ++c) v[c] = output->values[k * std::size_t(output->components) + std::size_t(c)];
                    sampler.values[k] = v;
                }
                // Morph-target weights have several outputs per key; other paths exactly one.
                if (values < sampler.times.size() * perKey) return Error{"fewer output values than keyframes", "", spath + ".output"};
                if (!sampler.times.empty()) out.duration = std::max(out.duration, sampler.times.back());
                out.samplers.push_back(std::move(sampler));
            }
            for (std::size_t ci = 0; ci < anim.channels.size(); ++ci) {
                const auto& c = anim.channels[ci];
                std::string cpath = path + ".channels[" + std::to_string(ci) + "]";
                if (!inRange(c.sampler, anim.samplers)) return rangeError(cpath + ".sampler", c.sampler, "samplers", anim.samplers.size());
                if (!inRange(c.target_node, src_.nodes)) return rangeError(cpath + ".target.node", c.target_node, "nodes", src_.nodes.size());
                AnimationChannel ch;
                ch.node = c.target_node;
                ch.sampler = c.sampler;
                if (c.target_path == "translation") ch.path = AnimationPath::Translation;
                else if (c.target_path == "rotation") ch.path = AnimationPath::Rotation;
                else if (c.target_path == "scale") ch.path = AnimationPath::Scale;
                else if (c.target_path == "weights") ch.path = AnimationPath::Weights;
                else return Error{"unknown target path \"" + c.target_path + "\"", "", cpath + ".target.path"};
                out.channels.push_back(ch);
            }
            dst_.animations.push_back(std::move(out));
        }
        return Ok{};
    }

    void computeModelBounds() {
        dst_.bounds = Aabb{};
        std::vector<std::pair<int, mat4>> stack;
        for (int r : dst_.rootNodes) stack.emplace_back(r, mat4(1.0f));
        while (!stack.empty()) {
            auto [node, parentMatrix] = stack.back();
            stack.pop_back();
            const ModelNode& n = dst_.nodes[std::size_t(node)];
            mat4 m = parentMatrix * n.local.matrix();
            if (n.mesh >= 0) dst_.bounds.expand(dst_.meshes[std::size_t(n.mesh)].bounds.transformed(m));
            for (int c : n.children) stack.emplace_back(c, m);
        }
    }

    const tinygltf::Model& src_;
    Model& dst_;
    const GltfImportOptions& options_;
    DecodeBudget budget_;  // shared by every accessor of this file
};

std::string tidy(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (char& c : text) {
        if (c == '\n') c = ';';
    }
    return text;
}

}  // namespace

Result<Model> importGltf(const std::string& path, const GltfImportOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return Error{"no such file", path};
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (Status s = checkGltfSchema(bytes, folder.empty() ? std::filesystem::path(".") : folder, options.loadImages); !s.ok()) {
        Error e = s.error();
        e.file = path;
        return e;
    }
    tinygltf::TinyGLTF loader;
    if (options.loadImages) loader.SetImageLoader(loadImage, nullptr);
    else loader.SetImageLoader(skipImage, nullptr);
    tinygltf::Model src;
    std::string err, warn;
    bool binary = bytes.compare(0, 4, "glTF") == 0;
    bool ok = false;
    try {
        std::string baseDir = std::filesystem::path(path).parent_path().string();
        const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
        ok = binary ? loader.LoadBinaryFromMemory(&src, &err, &warn, data, unsigned(bytes.size()), baseDir)
                    : loader.LoadASCIIFromString(&src, &err, &warn, bytes.data(), unsigned(bytes.size()), baseDir);
    } catch (const std::exception& e) {
        // tinygltf's JSON layer throws on some malformed input; that is bad input, not a crash.
        return Error{std::string("invalid glTF: ") + e.what(), path};
    }
    if (!ok) return Error{"invalid glTF: " + tidy(err.empty() ? warn : err), path};

    Model model;
    for (std::size_t i = 0; i < src.extensionsRequired.size(); ++i) {
        const std::string& ext = src.extensionsRequired[i];
        // Only what this importer reads correctly; anything else would import as a wrong model.
        if (ext != "KHR_mesh_quantization" && ext != "KHR_materials_emissive_strength")
            return Error{"required extension '" + ext + "' is not supported", path, "extensionsRequired[" + std::to_string(i) + "]"};
    }
    model.path = path;
    if (!warn.empty()) model.warnings.push_back(tidy(warn));
    Importer importer(src, model, options);
    if (Status s = importer.run(); !s.ok()) {
        Error e = s.error();
        e.file = path;
        return e;
    }
    return model;
}

Entity instantiateModel(World& world, const Model& model, const std::string& modelRef, Entity parent) {
    std::string rootName = std::filesystem::path(modelRef).stem().string();
    Entity root = world.create(rootName.empty() ? "Model" : rootName);
    if (parent) world.setParent(root, parent);
    std::vector<std::pair<int, Entity>> stack;
    for (auto it = model.rootNodes.rbegin(); it != model.rootNodes.rend(); ++it) stack.emplace_back(*it, root);
    while (!stack.empty()) {
        auto [index, under] = stack.back();
        stack.pop_back();
        const ModelNode& node = model.nodes[std::size_t(index)];
        Entity e = world.create(node.name.empty() ? "Node " + std::to_string(index) : node.name);
        world.setParent(e, under);
        *world.get<Transform>(e) = node.local;
        if (node.mesh >= 0) world.add<MeshRenderer>(e, MeshRenderer{.mesh = modelRef + "#" + std::to_string(node.mesh)});
        for (auto c = node.children.rbegin(); c != node.children.rend(); ++c) stack.emplace_back(*c, e);
    }
    return root;
}

}  // namespace atrium
