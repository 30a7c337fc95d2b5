#include "atrium/assets/procedural_mesh.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include <glm/gtc/constants.hpp>

#include "mesh_generation.hpp"

namespace atrium {

namespace {

// Collects vertices with explicit normals; every triangle is wound counter-clockwise as seen
// from the side its vertex normals point to, so front faces are the outside.
struct MeshBuilder {
    MeshPrimitive prim;

    std::uint32_t vertex(vec3 p, vec3 n, vec2 uv) {
        prim.positions.push_back(p);
        prim.normals.push_back(n);
        prim.uv0.push_back(uv);
        return std::uint32_t(prim.positions.size() - 1);
    }

    void triangle(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
        const auto& P = prim.positions;
        vec3 g = glm::cross(P[b] - P[a], P[c] - P[a]);
        if (glm::dot(g, g) < 1e-14f) return;  // collapsed triangles at sphere poles
        vec3 n = prim.normals[a] + prim.normals[b] + prim.normals[c];
        if (glm::dot(g, n) < 0.0f) std::swap(b, c);
        prim.indices.insert(prim.indices.end(), {a, b, c});
    }

    // A planar quad p0..p3 (in order around its edge) facing `normal`; UVs are metres along
    // the first edge and across it, so textures keep their scale on every face.
    void quad(vec3 p0, vec3 p1, vec3 p2, vec3 p3, vec3 normal) {
        vec3 a = glm::normalize(p1 - p0);
        vec3 b = glm::cross(normal, a);
        auto uv = [&](vec3 p) { return vec2(glm::dot(p - p0, a), glm::dot(p - p0, b)); };
        std::uint32_t i0 = vertex(p0, normal, uv(p0));
        std::uint32_t i1 = vertex(p1, normal, uv(p1));
        std::uint32_t i2 = vertex(p2, normal, uv(p2));
        std::uint32_t i3 = vertex(p3, normal, uv(p3));
        triangle(i0, i1, i2);
        triangle(i0, i2, i3);
    }

    void box(vec3 lo, vec3 hi) {
        vec3 c[8];
        for (int i = 0; i < 8; ++i) c[i] = vec3(i & 1 ? hi.x : lo.x, i & 2 ? hi.y : lo.y, i & 4 ? hi.z : lo.z);
        quad(c[1], c[3], c[7], c[5], {1, 0, 0});
        quad(c[0], c[4], c[6], c[2], {-1, 0, 0});
        quad(c[2], c[6], c[7], c[3], {0, 1, 0});
        quad(c[0], c[1], c[5], c[4], {0, -1, 0});
        quad(c[4], c[5], c[7], c[6], {0, 0, 1});
        quad(c[0], c[2], c[3], c[1], {0, 0, -1});
    }

    Mesh finish(std::string name) {
        detail::generateTangents(prim);
        Mesh mesh;
        mesh.name = std::move(name);
        mesh.primitives.push_back(std::move(prim));
        detail::computeBounds(mesh);
        return mesh;
    }
};

}  // namespace

Mesh makeBox(vec3 size) {
    MeshBuilder b;
    b.box(-size * 0.5f, size * 0.5f);
    return b.finish("box");
}

Mesh makePlane(vec2 size, int subdivisions) {
    int n = std::max(1, subdivisions);
    MeshBuilder b;
    for (int j = 0; j <= n; ++j) {
        for (int i = 0; i <= n; ++i) {
            float x = (float(i) / float(n) - 0.5f) * size.x;
            float z = (float(j) / float(n) - 0.5f) * size.y;
            b.vertex({x, 0.0f, z}, {0, 1, 0}, {x + size.x * 0.5f, z + size.y * 0.5f});
        }
    }
    auto at = [&](int i, int j) { return std::uint32_t(j * (n + 1) + i); };
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < n; ++i) {
            b.triangle(at(i, j), at(i, j + 1), at(i + 1, j + 1));
            b.triangle(at(i, j), at(i + 1, j + 1), at(i + 1, j));
        }
    }
    return b.finish("plane");
}

Mesh makeCylinder(float radius, float height, int segments) {
    int n = std::max(3, segments);
    MeshBuilder b;
    const float step = glm::two_pi<float>() / float(n);
    // Side: a seam column is duplicated so UVs run 0..circumference without wrapping.
    for (int i = 0; i <= n; ++i) {
        float a = step * float(i);
        vec3 dir(std::cos(a), 0.0f, std::sin(a));
        float u = a * radius;
        b.vertex(dir * radius, dir, {u, height});
        b.vertex(dir * radius + vec3(0, height, 0), dir, {u, 0.0f});
    }
    for (int i = 0; i < n; ++i) {
        std::uint32_t b0 = std::uint32_t(2 * i), t0 = b0 + 1, b1 = b0 + 2, t1 = b0 + 3;
        b.triangle(b0, t0, t1);
        b.triangle(b0, t1, b1);
    }
    for (int cap = 0; cap < 2; ++cap) {
        float y = cap ? height : 0.0f;
        vec3 nrm(0.0f, cap ? 1.0f : -1.0f, 0.0f);
        std::uint32_t centre = b.vertex({0, y, 0}, nrm, {0, 0});
        std::uint32_t first = 0;
        for (int i = 0; i <= n; ++i) {
            float a = step * float(i);
            vec3 p(std::cos(a) * radius, y, std::sin(a) * radius);
            std::uint32_t v = b.vertex(p, nrm, {p.x, p.z});
            if (i == 0) first = v;
        }
        for (int i = 0; i < n; ++i) b.triangle(centre, first + std::uint32_t(i), first + std::uint32_t(i + 1));
    }
    return b.finish("cylinder");
}

Mesh makeStairs(int steps, float width, float stepHeight, float stepDepth) {
    int n = std::max(1, steps);
    MeshBuilder b;
    float total = float(n) * stepDepth;
    // Each step is a solid block down to the floor, so the flight reads as one mass from the side.
    for (int k = 0; k < n; ++k) {
        float zFront = total * 0.5f - float(k) * stepDepth;
        b.box({-width * 0.5f, 0.0f, zFront - stepDepth}, {width * 0.5f, float(k + 1) * stepHeight, zFront});
    }
    return b.finish("stairs");
}

Mesh makeArch(float width, float height, float thickness, float depth, int segments) {
    int n = std::max(2, segments);
    MeshBuilder b;
    float ro = width * 0.5f;
    float ri = std::max(0.0f, ro - thickness);
    float spring = std::max(0.0f, height - ro);  // where the round top starts
    float hz = depth * 0.5f;
    if (spring > 0.0f) {
        b.box({-ro, 0.0f, -hz}, {-ri, spring, hz});
        b.box({ri, 0.0f, -hz}, {ro, spring, hz});
    }
    vec3 c(0.0f, spring, 0.0f);
    for (int i = 0; i < n; ++i) {
        float a0 = glm::pi<float>() * float(i) / float(n);
        float a1 = glm::pi<float>() * float(i + 1) / float(n);
        vec3 d0(std::cos(a0), std::sin(a0), 0.0f), d1(std::cos(a1), std::sin(a1), 0.0f);
        vec3 o0 = c + d0 * ro, o1 = c + d1 * ro, i0 = c + d0 * ri, i1 = c + d1 * ri;
        vec3 f(0, 0, hz);
        b.quad(i0 + f, o0 + f, o1 + f, i1 + f, {0, 0, 1});
        b.quad(i0 - f, i1 - f, o1 - f, o0 - f, {0, 0, -1});
        // Curved faces: smooth normals per edge, so quad() cannot be used (one normal per quad).
        float u0 = a0 * ro, u1 = a1 * ro;
        std::uint32_t a = b.vertex(o0 - f, d0, {u0, 0}), bb = b.vertex(o0 + f, d0, {u0, depth});
        std::uint32_t cc = b.vertex(o1 + f, d1, {u1, depth}), d = b.vertex(o1 - f, d1, {u1, 0});
        b.triangle(a, bb, cc);
        b.triangle(a, cc, d);
        if (ri > 0.0f) {
            float v0 = a0 * ri, v1 = a1 * ri;
            a = b.vertex(i0 - f, -d0, {v0, 0});
            bb = b.vertex(i0 + f, -d0, {v0, depth});
            cc = b.vertex(i1 + f, -d1, {v1, depth});
            d = b.vertex(i1 - f, -d1, {v1, 0});
            b.triangle(a, bb, cc);
            b.triangle(a, cc, d);
        }
    }
    return b.finish("arch");
}

Mesh makeSeat(float width, float depth) {
    // The occupant faces -z; the backrest is at +z. Proportions of a fixed theatre seat.
    MeshBuilder b;
    float hw = width * 0.5f, hd = depth * 0.5f, side = std::min(0.05f, width * 0.1f);
    b.box({-hw, 0.0f, -hd}, {-hw + side, 0.65f, hd});                  // left side panel
    b.box({hw - side, 0.0f, -hd}, {hw, 0.65f, hd});                    // right side panel
    b.box({-hw + side, 0.38f, -hd}, {hw - side, 0.46f, hd - 0.08f});   // seat cushion
    b.box({-hw + side, 0.30f, hd - 0.08f}, {hw - side, 0.95f, hd});    // backrest
    return b.finish("seat");
}

Mesh makeSphere(float radius, int segments, int rings) {
    int ns = std::max(3, segments), nr = std::max(2, rings);
    MeshBuilder b;
    for (int r = 0; r <= nr; ++r) {
        float phi = glm::pi<float>() * float(r) / float(nr);
        for (int s = 0; s <= ns; ++s) {
            float theta = glm::two_pi<float>() * float(s) / float(ns);
            vec3 d(std::sin(phi) * std::cos(theta), std::cos(phi), std::sin(phi) * std::sin(theta));
            b.vertex(d * radius, d, {theta * radius, phi * radius});
        }
    }
    auto at = [&](int r, int s) { return std::uint32_t(r * (ns + 1) + s); };
    for (int r = 0; r < nr; ++r) {
        for (int s = 0; s < ns; ++s) {
            b.triangle(at(r, s), at(r + 1, s), at(r + 1, s + 1));
            b.triangle(at(r, s), at(r + 1, s + 1), at(r, s + 1));
        }
    }
    return b.finish("sphere");
}

namespace {

struct Params {
    std::string ref;
    std::map<std::string, std::string, std::less<>> values;
    std::map<std::string, bool, std::less<>> used;

    Error error(const std::string& msg) const { return Error{msg, ref, {}, 0}; }

    // Sets `err` on a malformed or out-of-range value and leaves `out` alone.
    void number(std::string_view key, float& out, float lo, float hi, std::optional<Error>& err) {
        if (err) return;  // report the first problem only
        auto it = values.find(key);
        if (it == values.end()) return;
        used[it->first] = true;
        const std::string& s = it->second;
        float v = 0.0f;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
            err = error("parameter '" + std::string(key) + "': expected a number, got '" + s + "'");
            return;
        }
        if (v < lo || v > hi) {
            err = error("parameter '" + std::string(key) + "': " + s + " is outside [" + std::to_string(lo) + ", " +
                        std::to_string(hi) + "]");
            return;
        }
        out = v;
    }
    void integer(std::string_view key, int& out, int lo, int hi, std::optional<Error>& err) {
        if (err) return;
        auto it = values.find(key);
        if (it == values.end()) return;
        used[it->first] = true;
        const std::string& s = it->second;
        int v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size()) {
            err = error("parameter '" + std::string(key) + "': expected an integer, got '" + s + "'");
            return;
        }
        if (v < lo || v > hi) {
            err = error("parameter '" + std::string(key) + "': " + s + " is outside [" + std::to_string(lo) + ", " +
                        std::to_string(hi) + "]");
            return;
        }
        out = v;
    }
};

constexpr float kMinSize = 1e-4f;
constexpr float kMaxSize = 1e4f;

}  // namespace

Result<Model> makeBuiltinModel(std::string_view ref) {
    constexpr std::string_view prefix = "builtin:";
    if (ref.substr(0, prefix.size()) != prefix) return Error{"not a builtin reference", std::string(ref), {}, 0};
    std::string_view rest = ref.substr(prefix.size());
    std::string_view name = rest.substr(0, rest.find('?'));
    Params params;
    params.ref = std::string(ref);
    if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
        std::string_view query = rest.substr(q + 1);
        while (!query.empty()) {
            std::string_view item = query.substr(0, query.find('&'));
            query = item.size() < query.size() ? query.substr(item.size() + 1) : std::string_view{};
            std::size_t eq = item.find('=');
            if (eq == std::string_view::npos || eq == 0)
                return params.error("malformed parameter '" + std::string(item) + "' (expected key=value)");
            params.values[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
        }
    }

    std::optional<Error> err;
    Mesh mesh;
    if (name == "box") {
        vec3 s(1.0f);
        params.number("width", s.x, kMinSize, kMaxSize, err); params.number("height", s.y, kMinSize, kMaxSize, err); params.number("depth", s.z, kMinSize, kMaxSize, err);
        mesh = makeBox(s);
    } else if (name == "plane") {
        vec2 s(1.0f);
        int sub = 1;
        params.number("width", s.x, kMinSize, kMaxSize, err); params.number("depth", s.y, kMinSize, kMaxSize, err); params.integer("subdivisions", sub, 1, 512, err);
        mesh = makePlane(s, sub);
    } else if (name == "cylinder") {
        float r = 0.5f, h = 1.0f;
        int seg = 24;
        params.number("radius", r, kMinSize, kMaxSize, err); params.number("height", h, kMinSize, kMaxSize, err); params.integer("segments", seg, 3, 1024, err);
        mesh = makeCylinder(r, h, seg);
    } else if (name == "stairs") {
        int steps = 4;
        float w = 1.0f, sh = 0.25f, sd = 0.25f;
        params.integer("steps", steps, 1, 1000, err); params.number("width", w, kMinSize, kMaxSize, err); params.number("step_height", sh, kMinSize, kMaxSize, err); params.number("step_depth", sd, kMinSize, kMaxSize, err);
        mesh = makeStairs(steps, w, sh, sd);
    } else if (name == "arch") {
        float w = 1.0f, h = 1.0f, t = 0.2f, d = 0.2f;
        int seg = 16;
        params.number("width", w, kMinSize, kMaxSize, err); params.number("height", h, kMinSize, kMaxSize, err); params.number("thickness", t, kMinSize, kMaxSize, err); params.number("depth", d, kMinSize, kMaxSize, err); params.integer("segments", seg, 2, 1024, err);
        mesh = makeArch(w, h, t, d, seg);
    } else if (name == "seat") {
        float w = 0.5f, d = 0.5f;
        params.number("width", w, 0.1f, 10.0f, err); params.number("depth", d, 0.2f, 10.0f, err);
        mesh = makeSeat(w, d);
    } else if (name == "sphere") {
        float r = 0.5f;
        int seg = 24, rings = 16;
        params.number("radius", r, kMinSize, kMaxSize, err); params.integer("segments", seg, 3, 1024, err); params.integer("rings", rings, 2, 1024, err);
        mesh = makeSphere(r, seg, rings);
    } else {
        return params.error("unknown builtin mesh '" + std::string(name) +
                            "' (expected box, plane, cylinder, stairs, arch, seat or sphere)");
    }
    if (err) return *err;
    for (const auto& [key, value] : params.values) {
        if (!params.used.count(key)) return params.error("unknown parameter '" + key + "' for builtin:" + std::string(name));
    }

    Model model;
    model.path = std::string(ref);
    model.materials.push_back(*builtinMaterial("builtin:white"));
    mesh.primitives[0].material = 0;
    model.bounds = mesh.bounds;
    model.meshes.push_back(std::move(mesh));
    ModelNode node;
    node.name = std::string(name);
    node.mesh = 0;
    model.nodes.push_back(std::move(node));
    model.rootNodes.push_back(0);
    return model;
}

const Material* builtinMaterial(std::string_view name) {
    static const std::map<std::string, Material, std::less<>> library = [] {
        std::map<std::string, Material, std::less<>> m;
        auto add = [&](const char* n, vec4 colour, float metallic, float roughness, AlphaMode alpha = AlphaMode::Opaque,
                       vec3 emissive = vec3(0.0f)) {
            Material mat;
            mat.name = std::string("builtin:") + n;
            mat.baseColorFactor = colour;
            mat.metallicFactor = metallic;
            mat.roughnessFactor = roughness;
            mat.alphaMode = alpha;
            mat.emissiveFactor = emissive;
            m[mat.name] = mat;
        };
        // Base colours are linear albedo values in the range measured for real materials.
        add("wood", {0.40f, 0.24f, 0.12f, 1.0f}, 0.0f, 0.6f);
        add("concrete", {0.50f, 0.49f, 0.47f, 1.0f}, 0.0f, 0.9f);
        add("fabric_red", {0.55f, 0.05f, 0.06f, 1.0f}, 0.0f, 0.95f);
        add("metal", {0.77f, 0.78f, 0.78f, 1.0f}, 1.0f, 0.3f);
        // A projection screen glows a little so it reads as lit even in a dark hall.
        add("screen", {0.9f, 0.9f, 0.9f, 1.0f}, 0.0f, 0.8f, AlphaMode::Opaque, vec3(0.15f));
        add("stage", {0.08f, 0.07f, 0.07f, 1.0f}, 0.0f, 0.5f);
        add("carpet", {0.18f, 0.10f, 0.22f, 1.0f}, 0.0f, 1.0f);
        add("glass", {0.9f, 0.95f, 1.0f, 0.2f}, 0.0f, 0.05f, AlphaMode::Blend);
        add("white", {0.8f, 0.8f, 0.8f, 1.0f}, 0.0f, 0.5f);
        m["builtin:glass"].doubleSided = true;
        return m;
    }();
    std::string key(name);
    if (key.rfind("builtin:", 0) != 0) key = "builtin:" + key;
    auto it = library.find(key);
    return it == library.end() ? nullptr : &it->second;
}

}  // namespace atrium
