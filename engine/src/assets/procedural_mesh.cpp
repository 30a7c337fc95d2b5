#include "atrium/assets/procedural_mesh.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "mesh_processing.hpp"

namespace atrium {
namespace {

constexpr float kPi = glm::pi<float>();

// Accumulates one primitive. Faces are given counter-clockwise as seen from outside.
class MeshBuilder {
public:
    // A planar quad a-b-c-d with UVs in metres so materials tile at a constant density.
    void quad(vec3 a, vec3 b, vec3 c, vec3 d) {
        vec3 n = glm::normalize(glm::cross(b - a, c - a));
        float w = glm::length(b - a), h = glm::length(d - a);
        std::uint32_t base = std::uint32_t(p_.positions.size());
        p_.positions.insert(p_.positions.end(), {a, b, c, d});
        p_.normals.insert(p_.normals.end(), {n, n, n, n});
        p_.uv0.insert(p_.uv0.end(), {vec2(0, h), vec2(w, h), vec2(w, 0), vec2(0, 0)});
        p_.indices.insert(p_.indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
    }

    // An axis-aligned box (before `transform`) of `size` centred at `center`.
    void box(vec3 center, vec3 size, const mat4& transform = mat4(1.0f)) {
        vec3 h = size * 0.5f;
        auto P = [&](float x, float y, float z) { return vec3(transform * vec4(center + vec3(x, y, z) * h, 1.0f)); };
        quad(P(1, -1, 1), P(1, -1, -1), P(1, 1, -1), P(1, 1, 1));      // +x
        quad(P(-1, -1, -1), P(-1, -1, 1), P(-1, 1, 1), P(-1, 1, -1));  // -x
        quad(P(-1, 1, 1), P(1, 1, 1), P(1, 1, -1), P(-1, 1, -1));      // +y
        quad(P(-1, -1, -1), P(1, -1, -1), P(1, -1, 1), P(-1, -1, 1));  // -y
        quad(P(-1, -1, 1), P(1, -1, 1), P(1, 1, 1), P(-1, 1, 1));      // +z
        quad(P(1, -1, -1), P(-1, -1, -1), P(-1, 1, -1), P(1, 1, -1));  // -z
    }

    std::uint32_t vertex(vec3 p, vec3 n, vec2 uv) {
        p_.positions.push_back(p);
        p_.normals.push_back(n);
        p_.uv0.push_back(uv);
        return std::uint32_t(p_.positions.size() - 1);
    }
    void triangle(std::uint32_t a, std::uint32_t b, std::uint32_t c) { p_.indices.insert(p_.indices.end(), {a, b, c}); }

    Mesh finish(std::string name) {
        generateTangents(p_);
        Mesh m;
        m.name = std::move(name);
        m.primitives.push_back(std::move(p_));
        computeBounds(m);
        return m;
    }

private:
    MeshPrimitive p_;
};

}  // namespace

Mesh makeBox(vec3 size) {
    MeshBuilder b;
    b.box(vec3(0.0f), size);
    return b.finish("box");
}

Mesh makePlane(vec2 size, int subdivisions) {
    subdivisions = std::max(1, subdivisions);
    MeshBuilder b;
    for (int z = 0; z < subdivisions; ++z) {
        for (int x = 0; x < subdivisions; ++x) {
            float x0 = -0.5f + float(x) / float(subdivisions), x1 = -0.5f + float(x + 1) / float(subdivisions);
            float z0 = -0.5f + float(z) / float(subdivisions), z1 = -0.5f + float(z + 1) / float(subdivisions);
            b.quad(vec3(x0 * size.x, 0, z1 * size.y), vec3(x1 * size.x, 0, z1 * size.y), vec3(x1 * size.x, 0, z0 * size.y),
                   vec3(x0 * size.x, 0, z0 * size.y));
        }
    }
    return b.finish("plane");
}

Mesh makeCylinder(float radius, float height, int segments) {
    segments = std::max(3, segments);
    MeshBuilder b;
    float circumference = 2.0f * kPi * radius;
    for (int i = 0; i <= segments; ++i) {
        float a = 2.0f * kPi * float(i) / float(segments);
        vec3 n(std::sin(a), 0.0f, std::cos(a));
        float u = circumference * float(i) / float(segments);
        b.vertex(n * radius, n, vec2(u, height));
        b.vertex(n * radius + vec3(0, height, 0), n, vec2(u, 0));
    }
    for (int i = 0; i < segments; ++i) {
        std::uint32_t a = std::uint32_t(i * 2);
        b.triangle(a, a + 2, a + 3);
        b.triangle(a, a + 3, a + 1);
    }
    for (int cap = 0; cap < 2; ++cap) {
        float y = cap ? height : 0.0f;
        vec3 n(0, cap ? 1.0f : -1.0f, 0);
        std::uint32_t center = b.vertex(vec3(0, y, 0), n, vec2(0));
        std::uint32_t first = 0;
        for (int i = 0; i <= segments; ++i) {
            float a = 2.0f * kPi * float(i) / float(segments);
            vec3 p(std::sin(a) * radius, y, std::cos(a) * radius);
            std::uint32_t v = b.vertex(p, n, vec2(p.x, p.z));
            if (i == 0) first = v;
        }
        for (int i = 0; i < segments; ++i) {
            std::uint32_t v = first + std::uint32_t(i);
            if (cap) b.triangle(center, v, v + 1);
            else b.triangle(center, v + 1, v);
        }
    }
    return b.finish("cylinder");
}

Mesh makeStairs(int steps, float width, float stepHeight, float stepDepth) {
    steps = std::max(1, steps);
    MeshBuilder b;
    // Each step is solid down to the floor; step i's tread is at (i + 1) * stepHeight.
    for (int i = 0; i < steps; ++i) {
        float top = float(i + 1) * stepHeight;
        b.box(vec3(0, top * 0.5f, -(float(i) + 0.5f) * stepDepth), vec3(width, top, stepDepth));
    }
    return b.finish("stairs");
}

Mesh makeArch(float width, float height, float thickness, float depth, int segments) {
    segments = std::max(2, segments);
    MeshBuilder b;
    float radius = (width - thickness) * 0.5f;  // centre line of the arch's ring
    float spring = std::max(0.0f, height - width * 0.5f);
    for (float side : {-1.0f, 1.0f}) b.box(vec3(side * radius, spring * 0.5f, 0), vec3(thickness, spring, depth));
    float chord = 2.0f * radius * std::sin(kPi / float(2 * segments)) + thickness * 0.5f;
    for (int i = 0; i < segments; ++i) {
        float a = kPi * (float(i) + 0.5f) / float(segments);
        mat4 m = glm::translate(mat4(1.0f), vec3(std::cos(a) * radius, spring + std::sin(a) * radius, 0)) *
                 glm::rotate(mat4(1.0f), a, vec3(0, 0, 1));
        b.box(vec3(0), vec3(thickness, chord, depth), m);
    }
    return b.finish("arch");
}

Mesh makeSeat(float width, float depth) {
    MeshBuilder b;
    float w = width * 0.9f;
    b.box(vec3(0, 0.42f, 0), vec3(w, 0.08f, depth * 0.75f));                                                             // cushion
    b.box(vec3(0, 0.72f, depth * 0.38f), vec3(w, 0.62f, 0.08f));                                                         // backrest
    for (float side : {-1.0f, 1.0f}) b.box(vec3(side * width * 0.47f, 0.32f, 0.02f), vec3(0.05f, 0.64f, depth * 0.8f));  // sides
    return b.finish("seat");
}

Mesh makeSphere(float radius, int segments, int rings) {
    segments = std::max(3, segments);
    rings = std::max(2, rings);
    MeshBuilder b;
    for (int r = 0; r <= rings; ++r) {
        float phi = kPi * float(r) / float(rings);
        for (int s = 0; s <= segments; ++s) {
            float theta = 2.0f * kPi * float(s) / float(segments);
            vec3 n(std::sin(phi) * std::sin(theta), std::cos(phi), std::sin(phi) * std::cos(theta));
            b.vertex(n * radius, n, vec2(float(s) / float(segments), float(r) / float(rings)));
        }
    }
    std::uint32_t row = std::uint32_t(segments + 1);
    for (int r = 0; r < rings; ++r) {
        for (int s = 0; s < segments; ++s) {
            std::uint32_t a = std::uint32_t(r) * row + std::uint32_t(s), c = a + row;
            if (r > 0) b.triangle(a, c, a + 1);
            if (r < rings - 1) b.triangle(a + 1, c, c + 1);
        }
    }
    return b.finish("sphere");
}

namespace {

struct BuiltinParams {
    std::map<std::string, float> values;
    std::string error;

    float get(const std::string& key, float fallback) {
        auto it = values.find(key);
        if (it == values.end()) return fallback;
        float v = it->second;
        values.erase(it);
        return v;
    }
};

Result<BuiltinParams> parseQuery(std::string_view query, std::string_view ref) {
    BuiltinParams p;
    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) return Error{"\"" + std::string(ref) + "\": parameter \"" + std::string(pair) + "\" has no value"};
        std::string_view key = pair.substr(0, eq), text = pair.substr(eq + 1);
        float v = 0;
        auto res = std::from_chars(text.data(), text.data() + text.size(), v);
        if (res.ec != std::errc() || res.ptr != text.data() + text.size() || !std::isfinite(v) || v <= 0.0f || v > 1e5f) {
            return Error{"\"" + std::string(ref) + "\": parameter " + std::string(key) + " must be a positive number, got \"" +
                         std::string(text) + "\""};
        }
        p.values[std::string(key)] = v;
    }
    return p;
}

}  // namespace

Result<Model> makeBuiltinModel(std::string_view ref) {
    constexpr std::string_view prefix = "builtin:";
    if (ref.substr(0, prefix.size()) != prefix) return Error{"\"" + std::string(ref) + "\" is not a builtin: reference"};
    std::string_view rest = ref.substr(prefix.size());
    std::size_t q = rest.find('?');
    std::string name(rest.substr(0, q));
    auto params = parseQuery(q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1), ref);
    if (!params) return params.error();
    BuiltinParams& p = *params;
    auto count = [&](const char* key, float fallback, float max) { return int(std::clamp(std::round(p.get(key, fallback)), 1.0f, max)); };

    Mesh mesh;
    if (name == "box") mesh = makeBox(vec3(p.get("x", 1), p.get("y", 1), p.get("z", 1)));
    else if (name == "plane") mesh = makePlane(vec2(p.get("x", 1), p.get("z", 1)), count("subdivisions", 1, 256));
    else if (name == "cylinder") mesh = makeCylinder(p.get("radius", 0.5f), p.get("height", 1), count("segments", 24, 256));
    else if (name == "stairs")
        mesh = makeStairs(count("steps", 5, 200), p.get("width", 1.2f), p.get("stepHeight", 0.18f), p.get("stepDepth", 0.3f));
    else if (name == "arch")
        mesh = makeArch(p.get("width", 2.0f), p.get("height", 3.0f), p.get("thickness", 0.3f), p.get("depth", 0.4f), count("segments", 12, 128));
    else if (name == "seat") mesh = makeSeat(p.get("width", 0.5f), p.get("depth", 0.5f));
    else if (name == "sphere") mesh = makeSphere(p.get("radius", 0.5f), count("segments", 24, 256), count("rings", 16, 256));
    else return Error{"unknown built-in mesh \"" + name + "\" (known: box, plane, cylinder, stairs, arch, seat, sphere)"};
    if (!p.values.empty()) return Error{"\"" + std::string(ref) + "\": unknown parameter \"" + p.values.begin()->first + "\" for " + name};

    Model model;
    model.path = std::string(ref);
    model.materials.push_back(*builtinMaterial("builtin:white"));
    mesh.primitives[0].material = 0;
    model.bounds = mesh.bounds;
    model.meshes.push_back(std::move(mesh));
    ModelNode node;
    node.name = name;
    node.mesh = 0;
    model.nodes.push_back(node);
    model.rootNodes = {0};
    return model;
}

const Material* builtinMaterial(std::string_view name) {
    static const std::map<std::string, Material, std::less<>> library = [] {
        auto make = [](const char* n, vec3 color, float metallic, float roughness) {
            Material m;
            m.name = n;
            m.baseColorFactor = vec4(color, 1.0f);
            m.metallicFactor = metallic;
            m.roughnessFactor = roughness;
            return m;
        };
        std::map<std::string, Material, std::less<>> lib;
        lib["builtin:white"] = make("white", vec3(0.8f, 0.8f, 0.78f), 0.0f, 0.8f);
        lib["builtin:wood"] = make("wood", vec3(0.47f, 0.29f, 0.16f), 0.0f, 0.55f);
        lib["builtin:concrete"] = make("concrete", vec3(0.55f, 0.54f, 0.52f), 0.0f, 0.92f);
        lib["builtin:fabric_red"] = make("fabric_red", vec3(0.5f, 0.05f, 0.07f), 0.0f, 0.95f);
        lib["builtin:metal"] = make("metal", vec3(0.7f, 0.7f, 0.72f), 1.0f, 0.35f);
        lib["builtin:stage"] = make("stage", vec3(0.09f, 0.08f, 0.075f), 0.0f, 0.45f);
        lib["builtin:carpet"] = make("carpet", vec3(0.22f, 0.07f, 0.09f), 0.0f, 1.0f);
        Material screen = make("screen", vec3(0.02f), 0.0f, 0.3f);
        screen.emissiveFactor = vec3(0.9f, 0.92f, 1.0f);  // a lit, blank picture until media arrives
        lib["builtin:screen"] = screen;
        Material glass = make("glass", vec3(0.85f, 0.92f, 1.0f), 0.0f, 0.05f);
        glass.baseColorFactor.a = 0.25f;
        glass.alphaMode = AlphaMode::Blend;
        glass.doubleSided = true;
        lib["builtin:glass"] = glass;
        return lib;
    }();
    auto it = library.find(name);
    return it == library.end() ? nullptr : &it->second;
}

}  // namespace atrium
