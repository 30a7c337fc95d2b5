#pragma once
// Writes small humanoid avatars as .gltf files for tests: the built-in skeleton's joints under
// an "Armature" node, named as VRM 0.x / 1.0 files (VRoid-style node names, the bones in the
// extension's table), Mixamo or Ready Player Me name them, with deliberately non-identity rest
// rotations (each joint turned differently, as exporters leave them), one box per bone skinned
// rigidly to it. Options make it taller, face +Z (as glTF and VRM 1.0 do), drop or rename
// bones, add triangles, joints or a texture to push it over a budget.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>
#include <nlohmann/json.hpp>

#include "atrium/animation/humanoid.hpp"

namespace atrium::test {

enum class BoneNames { Vrm0, Vrm1, Mixamo, ReadyPlayerMe };

struct HumanoidGltfOptions {
    BoneNames names = BoneNames::Vrm1;
    float height = 1.75f;
    bool facesPlusZ = true;
    bool turnedRest = true;       // rest local rotations not identity
    bool skin = true;             // false: the same mesh, unskinned
    bool dropUpperChest = false;  // an optional bone missing
    bool dropHips = false;        // a required bone missing (renamed to something unknown)
    int extraJoints = 0;          // a chain of unmapped joints under the head ("hair")
    int extraTriangles = 0;       // a strip of extra triangles on the hips
    int textureSize = 0;          // > 0: a base colour texture whose PNG header says this square size
    bool externalBuffer = false;  // the binary data in "<stem>.bin" beside the file, not a data URI
    glm::vec4 color{0.1f, 0.8f, 0.2f, 1.0f};
};

inline std::string mixamoName(HumanBone b) {
    static const char* names[kHumanBoneCount] = {"Hips",         "Spine",     "Spine1",      "Spine2",      "Neck",          "Head",
                                                 "LeftShoulder", "LeftArm",   "LeftForeArm", "LeftHand",    "RightShoulder", "RightArm",
                                                 "RightForeArm", "RightHand", "LeftUpLeg",   "LeftLeg",     "LeftFoot",      "LeftToeBase",
                                                 "RightUpLeg",   "RightLeg",  "RightFoot",   "RightToeBase"};
    return names[std::size_t(b)];
}

namespace detail {

inline std::string base64(const std::vector<std::uint8_t>& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 3) {
        std::uint32_t v = std::uint32_t(in[i]) << 16;
        if (i + 1 < in.size()) v |= std::uint32_t(in[i + 1]) << 8;
        if (i + 2 < in.size()) v |= in[i + 2];
        out += t[(v >> 18) & 63];
        out += t[(v >> 12) & 63];
        out += i + 1 < in.size() ? t[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? t[v & 63] : '=';
    }
    return out;
}

inline std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
    std::uint32_t c = 0xffffffffu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

// A PNG signature and IHDR chunk only: enough for a header read, not for decoding.
inline std::vector<std::uint8_t> pngHeader(std::uint32_t w, std::uint32_t h) {
    std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    std::vector<std::uint8_t> chunk = {'I', 'H', 'D', 'R'};
    for (std::uint32_t v : {w, h}) {
        for (int s = 24; s >= 0; s -= 8) chunk.push_back(std::uint8_t(v >> s));
    }
    for (std::uint8_t b : {8, 6, 0, 0, 0}) chunk.push_back(b);  // 8-bit RGBA
    out.insert(out.end(), chunk.begin(), chunk.end());
    std::uint32_t crc = crc32(chunk.data(), chunk.size());
    for (int s = 24; s >= 0; s -= 8) out.push_back(std::uint8_t(crc >> s));
    return out;
}

template <typename T>
void append(std::vector<std::uint8_t>& buf, const std::vector<T>& v) {
    const std::size_t at = buf.size();
    buf.resize(at + v.size() * sizeof(T));
    std::memcpy(buf.data() + at, v.data(), v.size() * sizeof(T));
    while (buf.size() % 4) buf.push_back(0);
}

}  // namespace detail

// Joint names in the file, for each of the built-in skeleton's bones.
inline std::string jointName(HumanBone b, const HumanoidGltfOptions& o) {
    if (o.dropHips && b == HumanBone::Hips) return "Pelvis_Root";
    switch (o.names) {
        case BoneNames::Mixamo: return "mixamorig:" + mixamoName(b);
        case BoneNames::ReadyPlayerMe: return mixamoName(b);
        default: return "J_Bip_" + std::string(vrmName(b));  // VRoid-like: only the extension maps them
    }
}

inline void writeHumanoidGltf(const std::filesystem::path& file, const HumanoidGltfOptions& o = {}) {
    using nlohmann::json;
    const Skeleton sk = makeHumanoidSkeleton(BodyShape{o.height, 1.0f});
    // Joints: the humanoid bones (less dropped ones), then the extra chain. Rest globals first.
    struct J {
        std::string name;
        int parent;
        glm::vec3 pos;
        glm::quat rot;
        int human;
    };
    std::vector<J> joints;
    std::vector<int> jointOf(kHumanBoneCount, -1);
    const float turn = o.facesPlusZ ? -1.0f : 1.0f;  // a model facing +Z has its left at +X
    std::vector<glm::vec3> at(sk.bones.size());
    for (std::size_t i = 0; i < sk.bones.size(); ++i) {
        const Skeleton::Bone& b = sk.bones[i];
        at[i] = (b.parent < 0 ? glm::vec3(0.0f) : at[std::size_t(b.parent)]) + b.restOffset;
        if (o.dropUpperChest && b.bone == HumanBone::UpperChest) continue;
        int parent = b.parent;
        if (parent == int(HumanBone::UpperChest) && o.dropUpperChest) parent = int(HumanBone::Chest);
        const float angle = o.turnedRest ? 0.3f + 0.17f * float(i) : 0.0f;
        const glm::vec3 axis = glm::normalize(glm::vec3(std::sin(float(i)), 1.0f, std::cos(float(i) * 0.7f)));
        jointOf[i] = int(joints.size());
        joints.push_back({jointName(b.bone, o), parent < 0 ? -1 : jointOf[std::size_t(parent)], at[i] * glm::vec3(turn, 1.0f, turn),
                          glm::angleAxis(angle, axis), int(i)});
    }
    int under = jointOf[std::size_t(HumanBone::Head)];
    for (int k = 0; k < o.extraJoints; ++k) {
        joints.push_back(
            {"Hair_" + std::to_string(k), under, joints[std::size_t(under)].pos + glm::vec3(0.0f, 0.01f, 0.0f), glm::quat(1, 0, 0, 0), -1});
        under = int(joints.size()) - 1;
    }
    // Mesh: a box on every humanoid joint, bound to it alone, in bind (= rest) space.
    std::vector<glm::vec3> positions;
    std::vector<std::uint16_t> jointIds;
    std::vector<float> weights;
    std::vector<std::uint32_t> indices;
    auto box = [&](glm::vec3 c, glm::vec3 half, int joint) {
        const auto base = std::uint32_t(positions.size());
        for (int v = 0; v < 8; ++v) {
            positions.push_back(c + half * glm::vec3(v & 1 ? 1 : -1, v & 2 ? 1 : -1, v & 4 ? 1 : -1));
            for (int k = 0; k < 4; ++k) jointIds.push_back(std::uint16_t(k == 0 ? joint : 0));
            for (int k = 0; k < 4; ++k) weights.push_back(k == 0 ? 1.0f : 0.0f);
        }
        static const int faces[12][3] = {{0, 2, 1}, {1, 2, 3}, {4, 5, 6}, {5, 7, 6}, {0, 1, 4}, {1, 5, 4},
                                         {2, 6, 3}, {3, 6, 7}, {0, 4, 2}, {2, 4, 6}, {1, 3, 5}, {3, 7, 5}};
        for (const auto& f : faces) {
            for (int k : f) indices.push_back(base + std::uint32_t(k));
        }
    };
    for (std::size_t j = 0; j < joints.size(); ++j) {
        if (joints[j].human < 0) continue;
        const bool limb = joints[j].human >= int(HumanBone::LeftShoulder);
        box(joints[j].pos, limb ? glm::vec3(0.05f) : glm::vec3(0.14f, 0.07f, 0.10f), int(j));
    }
    for (int t = 0; t < o.extraTriangles; ++t) {
        const auto base = std::uint32_t(positions.size());
        const glm::vec3 p = joints[0].pos + glm::vec3(0.0f, 0.0f, 0.1f);
        for (int v = 0; v < 3; ++v) {
            positions.push_back(p + glm::vec3(0.001f * float(t + (v == 1)), 0.001f * float(v == 2), 0.0f));
            for (int k = 0; k < 4; ++k) jointIds.push_back(0);
            for (int k = 0; k < 4; ++k) weights.push_back(k == 0 ? 1.0f : 0.0f);
        }
        for (std::uint32_t k = 0; k < 3; ++k) indices.push_back(base + k);
    }
    // Nodes: 0 the armature root (a non-joint parent, as exporters write), 1 the mesh, then joints.
    json nodes = json::array();
    nodes.push_back({{"name", "Armature"}, {"children", json::array()}});
    nodes.push_back({{"name", "Body"}, {"mesh", 0}});
    if (o.skin) nodes[1]["skin"] = 0;
    nodes[0]["children"].push_back(1);
    std::vector<glm::mat4> globals(joints.size());
    for (std::size_t j = 0; j < joints.size(); ++j) {
        globals[j] = glm::translate(glm::mat4(1.0f), joints[j].pos) * glm::mat4_cast(joints[j].rot);
        const int p = joints[j].parent;
        const glm::quat parentRot = p < 0 ? glm::quat(1, 0, 0, 0) : joints[std::size_t(p)].rot;
        const glm::vec3 parentPos = p < 0 ? glm::vec3(0.0f) : joints[std::size_t(p)].pos;
        const glm::vec3 t = glm::inverse(parentRot) * (joints[j].pos - parentPos);
        const glm::quat r = glm::inverse(parentRot) * joints[j].rot;
        nodes.push_back({{"name", joints[j].name}, {"translation", {t.x, t.y, t.z}}, {"rotation", {r.x, r.y, r.z, r.w}}});
        if (p < 0) nodes[0]["children"].push_back(int(j) + 2);
        else nodes[std::size_t(p) + 2]["children"].push_back(int(j) + 2);
    }
    for (json& n : nodes) {
        if (n.contains("children") && n["children"].empty()) n.erase("children");
    }
    std::vector<glm::mat4> ibms;
    for (const glm::mat4& g : globals) ibms.push_back(glm::inverse(g));

    std::vector<std::uint8_t> buf;
    json views = json::array(), accessors = json::array();
    auto view = [&](auto const& v, int count, const char* type, int componentType, bool withMinMax) {
        const std::size_t offset = buf.size();
        detail::append(buf, v);
        views.push_back({{"buffer", 0}, {"byteOffset", offset}, {"byteLength", buf.size() - offset}});
        json a = {{"bufferView", views.size() - 1}, {"componentType", componentType}, {"count", count}, {"type", type}};
        if (withMinMax) {
            glm::vec3 lo(1e9f), hi(-1e9f);
            for (const glm::vec3& p : positions) {
                lo = glm::min(lo, p);
                hi = glm::max(hi, p);
            }
            a["min"] = {lo.x, lo.y, lo.z};
            a["max"] = {hi.x, hi.y, hi.z};
        }
        accessors.push_back(a);
        return int(accessors.size()) - 1;
    };
    const int pos = view(positions, int(positions.size()), "VEC3", 5126, true);
    const int jid = view(jointIds, int(positions.size()), "VEC4", 5123, false);
    const int wgt = view(weights, int(positions.size()), "VEC4", 5126, false);
    const int idx = view(indices, int(indices.size()), "SCALAR", 5125, false);
    const int ibm = view(ibms, int(ibms.size()), "MAT4", 5126, false);

    json primitive = {{"attributes", {{"POSITION", pos}}}, {"indices", idx}, {"material", 0}};
    if (o.skin) {
        primitive["attributes"]["JOINTS_0"] = jid;
        primitive["attributes"]["WEIGHTS_0"] = wgt;
    }
    json material = {{"name", "Body"},
                     {"pbrMetallicRoughness", {{"baseColorFactor", {o.color.r, o.color.g, o.color.b, o.color.a}}, {"metallicFactor", 0.0}}}};
    json doc = {{"asset", {{"version", "2.0"}, {"generator", "atrium tests"}}},
                {"scene", 0},
                {"scenes", {{{"nodes", {0}}}}},
                {"nodes", nodes},
                {"meshes", {{{"name", "Body"}, {"primitives", {primitive}}}}},
                {"materials", {material}},
                {"accessors", accessors},
                {"bufferViews", views},
                {"buffers", {{{"byteLength", buf.size()}, {"uri", "data:application/octet-stream;base64," + detail::base64(buf)}}}}};
    if (o.externalBuffer) {
        const std::filesystem::path bin = std::filesystem::path(file).replace_extension(".bin");
        std::ofstream(bin, std::ios::binary).write(reinterpret_cast<const char*>(buf.data()), std::streamsize(buf.size()));
        doc["buffers"][0]["uri"] = bin.filename().string();
    }
    if (o.skin) {
        json jointList = json::array();
        for (std::size_t j = 0; j < joints.size(); ++j) jointList.push_back(int(j) + 2);
        doc["skins"] = {{{"joints", jointList}, {"inverseBindMatrices", ibm}, {"skeleton", 2}}};
    }
    if (o.textureSize > 0) {
        const auto png = detail::pngHeader(std::uint32_t(o.textureSize), std::uint32_t(o.textureSize));
        doc["images"] = {{{"uri", "data:image/png;base64," + detail::base64(png)}}};
        doc["textures"] = {{{"source", 0}}};
        doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"] = {{"index", 0}};
    }
    if (o.names == BoneNames::Vrm0 || o.names == BoneNames::Vrm1) {
        json table = o.names == BoneNames::Vrm1 ? json::object() : json::array();
        for (std::size_t j = 0; j < joints.size(); ++j) {
            if (joints[j].human < 0 || (o.dropHips && joints[j].human == 0)) continue;
            const std::string bone(vrmName(HumanBone(joints[j].human)));
            if (o.names == BoneNames::Vrm1) table[bone] = {{"node", int(j) + 2}};
            else table.push_back({{"bone", bone}, {"node", int(j) + 2}});
        }
        const char* ext = o.names == BoneNames::Vrm1 ? "VRMC_vrm" : "VRM";
        doc["extensionsUsed"] = {ext};
        doc["extensions"] = {{ext, {{"humanoid", {{"humanBones", table}}}}}};
        if (o.names == BoneNames::Vrm1) doc["extensions"][ext]["specVersion"] = "1.0";
    }
    std::ofstream(file, std::ios::binary) << doc.dump();
}

}  // namespace atrium::test
