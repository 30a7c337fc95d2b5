#include "mesh_processing.hpp"

#include <cmath>

namespace atrium {
namespace {

template <typename T>
void expand(std::vector<T>& stream, const std::vector<std::uint32_t>& indices) {
    if (stream.empty()) return;
    std::vector<T> out;
    out.reserve(indices.size());
    for (std::uint32_t i : indices) out.push_back(stream[i]);
    stream = std::move(out);
}

}  // namespace

void generateFlatNormals(MeshPrimitive& p) {
    if (p.mode != PrimitiveMode::Triangles) return;
    const std::vector<std::uint32_t> indices = p.indices;
    expand(p.positions, indices);
    expand(p.uv0, indices);
    expand(p.uv1, indices);
    expand(p.colors, indices);
    expand(p.joints, indices);
    expand(p.weights, indices);
    expand(p.tangents, indices);
    p.indices.resize(p.positions.size());
    for (std::uint32_t i = 0; i < p.indices.size(); ++i) p.indices[i] = i;
    p.normals.assign(p.positions.size(), vec3(0, 1, 0));
    for (std::size_t t = 0; t + 2 < p.positions.size(); t += 3) {
        vec3 n = glm::cross(p.positions[t + 1] - p.positions[t], p.positions[t + 2] - p.positions[t]);
        float len = glm::length(n);
        n = len > 1e-20f ? n / len : vec3(0, 1, 0);
        p.normals[t] = p.normals[t + 1] = p.normals[t + 2] = n;
    }
}

void generateTangents(MeshPrimitive& p, int uvSet) {
    const std::vector<vec2>& uv = uvSet == 1 ? p.uv1 : p.uv0;
    if (p.mode != PrimitiveMode::Triangles || uv.size() != p.positions.size() || p.normals.size() != p.positions.size()) return;
    std::size_t n = p.positions.size();
    std::vector<vec3> tan(n, vec3(0.0f)), bit(n, vec3(0.0f));
    for (std::size_t t = 0; t + 2 < p.indices.size(); t += 3) {
        std::uint32_t a = p.indices[t], b = p.indices[t + 1], c = p.indices[t + 2];
        vec3 e1 = p.positions[b] - p.positions[a], e2 = p.positions[c] - p.positions[a];
        vec2 d1 = uv[b] - uv[a], d2 = uv[c] - uv[a];
        float det = d1.x * d2.y - d2.x * d1.y;
        if (std::abs(det) < 1e-20f) continue;
        float r = 1.0f / det;
        vec3 sdir = (e1 * d2.y - e2 * d1.y) * r;
        vec3 tdir = (e2 * d1.x - e1 * d2.x) * r;
        for (std::uint32_t v : {a, b, c}) {
            tan[v] += sdir;
            bit[v] += tdir;
        }
    }
    p.tangents.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        vec3 nrm = p.normals[v];
        vec3 t = tan[v] - nrm * glm::dot(nrm, tan[v]);
        float len = glm::length(t);
        if (len < 1e-12f) {
            // No usable UV gradient: any vector perpendicular to the normal will do.
            t = std::abs(nrm.x) < 0.9f ? glm::normalize(glm::cross(nrm, vec3(1, 0, 0))) : glm::normalize(glm::cross(nrm, vec3(0, 1, 0)));
        } else {
            t /= len;
        }
        float w = glm::dot(glm::cross(nrm, t), bit[v]) < 0.0f ? -1.0f : 1.0f;
        p.tangents[v] = vec4(t, w);
    }
}

void computeBounds(MeshPrimitive& p) {
    p.bounds = Aabb{};
    for (const vec3& v : p.positions) p.bounds.expand(v);
}

void computeBounds(Mesh& m) {
    m.bounds = Aabb{};
    for (MeshPrimitive& p : m.primitives) {
        computeBounds(p);
        m.bounds.expand(p.bounds);
    }
}

}  // namespace atrium
