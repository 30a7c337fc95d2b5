#include "mesh_generation.hpp"

#include <cmath>

namespace atrium::detail {

namespace {

bool finiteVec(const vec3& v) { return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z); }

// Any unit vector perpendicular to n, for degenerate UV frames.
vec3 anyPerpendicular(const vec3& n) {
    vec3 axis = std::abs(n.x) < 0.9f ? vec3(1, 0, 0) : vec3(0, 1, 0);
    return glm::normalize(glm::cross(axis, n));
}

}  // namespace

void generateNormals(MeshPrimitive& prim) {
    std::vector<vec3> acc(prim.positions.size(), vec3(0.0f));
    for (std::size_t t = 0; t + 2 < prim.indices.size(); t += 3) {
        std::uint32_t a = prim.indices[t], b = prim.indices[t + 1], c = prim.indices[t + 2];
        // The cross product's length is twice the area: larger triangles weigh more.
        vec3 n = glm::cross(prim.positions[b] - prim.positions[a], prim.positions[c] - prim.positions[a]);
        if (!finiteVec(n)) continue;
        acc[a] += n;
        acc[b] += n;
        acc[c] += n;
    }
    for (vec3& n : acc) {
        float len = glm::length(n);
        n = len > 1e-20f ? n / len : vec3(0.0f, 1.0f, 0.0f);
    }
    prim.normals = std::move(acc);
}

void generateTangents(MeshPrimitive& prim) {
    const std::size_t n = prim.positions.size();
    if (prim.uv0.size() != n || prim.normals.size() != n) return;
    std::vector<vec3> tan(n, vec3(0.0f));
    std::vector<vec3> bitan(n, vec3(0.0f));
    for (std::size_t t = 0; t + 2 < prim.indices.size(); t += 3) {
        std::uint32_t i[3] = {prim.indices[t], prim.indices[t + 1], prim.indices[t + 2]};
        vec3 e1 = prim.positions[i[1]] - prim.positions[i[0]];
        vec3 e2 = prim.positions[i[2]] - prim.positions[i[0]];
        vec2 d1 = prim.uv0[i[1]] - prim.uv0[i[0]];
        vec2 d2 = prim.uv0[i[2]] - prim.uv0[i[0]];
        float det = d1.x * d2.y - d2.x * d1.y;
        if (std::abs(det) < 1e-20f) continue;  // no UV frame on this triangle
        float r = 1.0f / det;
        vec3 sdir = (e1 * d2.y - e2 * d1.y) * r;
        vec3 tdir = (e2 * d1.x - e1 * d2.x) * r;
        if (!finiteVec(sdir) || !finiteVec(tdir)) continue;
        for (std::uint32_t v : i) {
            tan[v] += sdir;
            bitan[v] += tdir;
        }
    }
    prim.tangents.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        const vec3& nrm = prim.normals[v];
        vec3 t = tan[v] - nrm * glm::dot(nrm, tan[v]);  // Gram-Schmidt against the normal
        float len = glm::length(t);
        t = (len > 1e-20f && std::isfinite(len)) ? t / len : anyPerpendicular(nrm);
        float w = glm::dot(glm::cross(nrm, t), bitan[v]) < 0.0f ? -1.0f : 1.0f;
        prim.tangents[v] = vec4(t, w);
    }
}

void computeBounds(MeshPrimitive& prim) {
    prim.bounds = Aabb{};
    for (const vec3& p : prim.positions) prim.bounds.expand(p);
}

void computeBounds(Mesh& mesh) {
    mesh.bounds = Aabb{};
    for (MeshPrimitive& p : mesh.primitives) {
        computeBounds(p);
        mesh.bounds.expand(p.bounds);
    }
}

}  // namespace atrium::detail
