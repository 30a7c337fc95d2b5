#include <gtest/gtest.h>

#include "atrium/assets/procedural_mesh.hpp"

using namespace atrium;

namespace {

struct Named {
    const char* name;
    Mesh mesh;
};

std::vector<Named> allMeshes() {
    return {{"box", makeBox({2.0f, 1.0f, 3.0f})},
            {"plane", makePlane({4.0f, 2.0f}, 3)},
            {"cylinder", makeCylinder(0.5f, 2.0f, 12)},
            {"stairs", makeStairs(5, 1.2f, 0.2f, 0.3f)},
            {"arch", makeArch(2.0f, 3.0f, 0.3f, 0.4f, 8)},
            {"seat", makeSeat()},
            {"sphere", makeSphere(1.0f, 16, 8)}};
}

}  // namespace

TEST(ProceduralMesh, StreamsAreCompleteAndIndicesInRange) {
    for (const Named& m : allMeshes()) {
        SCOPED_TRACE(m.name);
        ASSERT_EQ(m.mesh.primitives.size(), 1u);
        const MeshPrimitive& p = m.mesh.primitives[0];
        const std::size_t n = p.positions.size();
        ASSERT_GT(n, 0u);
        EXPECT_EQ(p.normals.size(), n);
        EXPECT_EQ(p.uv0.size(), n);
        EXPECT_EQ(p.tangents.size(), n);
        EXPECT_EQ(p.indices.size() % 3, 0u);
        for (std::uint32_t i : p.indices) ASSERT_LT(i, n);
        for (std::size_t v = 0; v < n; ++v) {
            ASSERT_NEAR(glm::length(p.normals[v]), 1.0f, 1e-4f);
            ASSERT_NEAR(glm::length(vec3(p.tangents[v])), 1.0f, 1e-3f);
            ASSERT_NEAR(glm::dot(vec3(p.tangents[v]), p.normals[v]), 0.0f, 1e-3f);
        }
        EXPECT_FALSE(m.mesh.bounds.empty());
    }
}

TEST(ProceduralMesh, TrianglesWindCounterClockwiseAroundTheirVertexNormals) {
    for (const Named& m : allMeshes()) {
        SCOPED_TRACE(m.name);
        const MeshPrimitive& p = m.mesh.primitives[0];
        for (std::size_t t = 0; t < p.indices.size(); t += 3) {
            std::uint32_t a = p.indices[t], b = p.indices[t + 1], c = p.indices[t + 2];
            vec3 g = glm::cross(p.positions[b] - p.positions[a], p.positions[c] - p.positions[a]);
            ASSERT_GT(glm::length(g), 0.0f) << "triangle " << t / 3 << " is degenerate";
            g = glm::normalize(g);
            for (std::uint32_t v : {a, b, c})
                ASSERT_GT(glm::dot(g, p.normals[v]), 0.2f) << "triangle " << t / 3 << " faces away from its normals";
        }
    }
}

TEST(ProceduralMesh, ConvexShapesHaveOutwardNormals) {
    Mesh meshes[] = {makeBox({1, 2, 3}), makeSphere(2.0f, 12, 6)};
    for (const Mesh& m : meshes) {
        const MeshPrimitive& p = m.primitives[0];
        for (std::size_t v = 0; v < p.positions.size(); ++v) EXPECT_GT(glm::dot(p.normals[v], p.positions[v]), 0.0f);
    }
    Mesh cyl = makeCylinder(1.0f, 2.0f, 16);
    const MeshPrimitive& p = cyl.primitives[0];
    for (std::size_t v = 0; v < p.positions.size(); ++v)
        EXPECT_GT(glm::dot(p.normals[v], p.positions[v] - vec3(0, 1, 0)), 0.0f);
}

TEST(ProceduralMesh, BoundsMatchTheRequestedSizes) {
    Mesh box = makeBox({2.0f, 1.0f, 3.0f});
    EXPECT_EQ(box.bounds.min, vec3(-1.0f, -0.5f, -1.5f));
    EXPECT_EQ(box.bounds.max, vec3(1.0f, 0.5f, 1.5f));
    Mesh cyl = makeCylinder(0.5f, 2.0f, 12);
    EXPECT_NEAR(cyl.bounds.min.y, 0.0f, 1e-6f);
    EXPECT_NEAR(cyl.bounds.max.y, 2.0f, 1e-6f);
    EXPECT_NEAR(cyl.bounds.max.x, 0.5f, 1e-6f);
    Mesh stairs = makeStairs(5, 1.2f, 0.2f, 0.3f);
    EXPECT_NEAR(stairs.bounds.max.y, 1.0f, 1e-5f);
    EXPECT_NEAR(stairs.bounds.size().z, 1.5f, 1e-5f);
    EXPECT_NEAR(stairs.bounds.size().x, 1.2f, 1e-5f);
    Mesh arch = makeArch(2.0f, 3.0f, 0.3f, 0.4f, 8);
    EXPECT_NEAR(arch.bounds.max.y, 3.0f, 1e-5f);
    EXPECT_NEAR(arch.bounds.size().x, 2.0f, 1e-5f);
    EXPECT_NEAR(arch.bounds.size().z, 0.4f, 1e-5f);
}

TEST(ProceduralMesh, StairsRiseTowardsMinusZ) {
    Mesh stairs = makeStairs(4, 1.0f, 0.25f, 0.25f);
    const MeshPrimitive& p = stairs.primitives[0];
    float highestFrontZ = -1e9f, highestBackZ = 1e9f;
    for (const vec3& v : p.positions) {
        if (v.y > 0.99f) highestBackZ = std::min(highestBackZ, v.z);
        if (v.y > 0.24f && v.y < 0.26f) highestFrontZ = std::max(highestFrontZ, v.z);
    }
    EXPECT_LT(highestBackZ, highestFrontZ);
}

TEST(ProceduralMesh, UvsAreInMetres) {
    Mesh plane = makePlane({4.0f, 2.0f}, 1);
    const MeshPrimitive& p = plane.primitives[0];
    vec2 lo(1e9f), hi(-1e9f);
    for (const vec2& uv : p.uv0) {
        lo = glm::min(lo, uv);
        hi = glm::max(hi, uv);
    }
    EXPECT_NEAR(hi.x - lo.x, 4.0f, 1e-5f);
    EXPECT_NEAR(hi.y - lo.y, 2.0f, 1e-5f);
    Mesh box = makeBox({3.0f, 1.0f, 1.0f});
    float maxU = 0.0f;
    for (const vec2& uv : box.primitives[0].uv0) maxU = std::max(maxU, std::max(uv.x, uv.y));
    EXPECT_NEAR(maxU, 3.0f, 1e-5f);
}

TEST(BuiltinModel, ParsesParameters) {
    Result<Model> r = makeBuiltinModel("builtin:cylinder?segments=32&radius=2&height=3");
    ASSERT_TRUE(r.ok()) << r.error().toString();
    ASSERT_EQ(r->meshes.size(), 1u);
    ASSERT_EQ(r->nodes.size(), 1u);
    EXPECT_EQ(r->nodes[0].mesh, 0);
    EXPECT_EQ(r->rootNodes, std::vector<int>{0});
    ASSERT_EQ(r->materials.size(), 1u);
    EXPECT_EQ(r->meshes[0].primitives[0].material, 0);
    EXPECT_NEAR(r->bounds.max.x, 2.0f, 1e-5f);
    EXPECT_NEAR(r->bounds.max.y, 3.0f, 1e-5f);
    // 33 side columns of 2 vertices, plus 2 caps of a centre and 33 rim vertices.
    EXPECT_EQ(r->meshes[0].vertexCount(), 33u * 2 + 2 * 34);
    EXPECT_EQ(r->path, "builtin:cylinder?segments=32&radius=2&height=3");
}

TEST(BuiltinModel, EveryNameBuildsWithDefaults) {
    for (const char* name : {"box", "plane", "cylinder", "stairs", "arch", "seat", "sphere"}) {
        Result<Model> r = makeBuiltinModel(std::string("builtin:") + name);
        ASSERT_TRUE(r.ok()) << name << ": " << r.error().toString();
        EXPECT_GT(r->meshes[0].indexCount(), 0u) << name;
    }
}

TEST(BuiltinModel, RejectsBadReferencesNamingTheProblem) {
    struct Case {
        const char* ref;
        const char* expect;
    };
    const Case cases[] = {
        {"builtin:teapot", "unknown builtin mesh 'teapot'"},
        {"builtin:box?colour=red", "unknown parameter 'colour'"},
        {"builtin:cylinder?segments=abc", "parameter 'segments': expected an integer"},
        {"builtin:cylinder?segments=2", "parameter 'segments'"},
        {"builtin:box?width=-1", "parameter 'width'"},
        {"builtin:box?width=nan", "parameter 'width'"},
        {"builtin:sphere?radius", "malformed parameter 'radius'"},
        {"box", "not a builtin reference"},
    };
    for (const Case& c : cases) {
        Result<Model> r = makeBuiltinModel(c.ref);
        ASSERT_FALSE(r.ok()) << c.ref;
        std::string msg = r.error().toString();
        EXPECT_NE(msg.find(c.expect), std::string::npos) << c.ref << " gave: " << msg;
        EXPECT_NE(msg.find(c.ref), std::string::npos) << "names the reference: " << msg;
    }
}

TEST(BuiltinMaterial, LibraryHasPlausiblePbrValues) {
    for (const char* name : {"wood", "concrete", "fabric_red", "metal", "screen", "stage", "carpet", "glass", "white"}) {
        const Material* m = builtinMaterial(std::string("builtin:") + name);
        ASSERT_NE(m, nullptr) << name;
        EXPECT_EQ(m->name, std::string("builtin:") + name);
        for (int c = 0; c < 4; ++c) {
            EXPECT_GE(m->baseColorFactor[c], 0.0f);
            EXPECT_LE(m->baseColorFactor[c], 1.0f);
        }
        EXPECT_GE(m->roughnessFactor, 0.0f);
        EXPECT_LE(m->roughnessFactor, 1.0f);
    }
    EXPECT_EQ(builtinMaterial("builtin:metal")->metallicFactor, 1.0f);
    EXPECT_EQ(builtinMaterial("builtin:wood")->metallicFactor, 0.0f);
    EXPECT_EQ(builtinMaterial("builtin:glass")->alphaMode, AlphaMode::Blend);
    EXPECT_LT(builtinMaterial("builtin:glass")->baseColorFactor.a, 1.0f);
    EXPECT_EQ(builtinMaterial("builtin:unobtainium"), nullptr);
}
