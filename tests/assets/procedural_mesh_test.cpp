#include <gtest/gtest.h>

#include "atrium/assets/procedural_mesh.hpp"

using namespace atrium;

namespace {
// Every triangle's geometric normal (from its counter-clockwise winding) must agree with its
// vertex normals: wrong winding means back-face culling hides the face.
void expectConsistentWinding(const Mesh& mesh, float minDot) {
    for (const MeshPrimitive& p : mesh.primitives) {
        ASSERT_EQ(p.normals.size(), p.positions.size());
        ASSERT_EQ(p.uv0.size(), p.positions.size());
        ASSERT_EQ(p.tangents.size(), p.positions.size());
        ASSERT_EQ(p.indices.size() % 3, 0u);
        for (std::size_t t = 0; t < p.indices.size(); t += 3) {
            vec3 a = p.positions[p.indices[t]], b = p.positions[p.indices[t + 1]], c = p.positions[p.indices[t + 2]];
            vec3 n = glm::cross(b - a, c - a);
            if (glm::length(n) < 1e-9f) continue;
            n = glm::normalize(n);
            for (int k = 0; k < 3; ++k) {
                EXPECT_GT(glm::dot(n, p.normals[p.indices[t + std::size_t(k)]]), minDot) << mesh.name << " triangle " << t / 3;
            }
        }
    }
}
}  // namespace

TEST(ProceduralMesh, BoxIsClosedAndOutward) {
    Mesh box = makeBox(vec3(2, 1, 4));
    expectConsistentWinding(box, 0.999f);
    EXPECT_EQ(box.indexCount(), 36u);
    EXPECT_EQ(box.bounds.min, vec3(-1, -0.5f, -2));
    EXPECT_EQ(box.bounds.max, vec3(1, 0.5f, 2));
    // Outward: every face normal points away from the centre.
    const MeshPrimitive& p = box.primitives[0];
    for (std::size_t i = 0; i < p.positions.size(); ++i) EXPECT_GT(glm::dot(p.positions[i], p.normals[i]), 0.0f);
}

TEST(ProceduralMesh, PlaneFacesUp) {
    Mesh plane = makePlane(vec2(3, 2), 4);
    expectConsistentWinding(plane, 0.999f);
    for (const vec3& n : plane.primitives[0].normals) EXPECT_EQ(n, vec3(0, 1, 0));
    EXPECT_EQ(plane.indexCount(), 4u * 4u * 6u);
}

TEST(ProceduralMesh, CurvedMeshesWindOutward) {
    expectConsistentWinding(makeCylinder(0.5f, 2.0f, 16), 0.5f);
    expectConsistentWinding(makeSphere(1.0f, 16, 8), 0.5f);
}

TEST(ProceduralMesh, StairsRiseTowardsMinusZ) {
    Mesh stairs = makeStairs(5, 1.0f, 0.2f, 0.3f);
    expectConsistentWinding(stairs, 0.999f);
    EXPECT_NEAR(stairs.bounds.max.y, 1.0f, 1e-6);
    EXPECT_NEAR(stairs.bounds.min.z, -1.5f, 1e-6);
    EXPECT_NEAR(stairs.bounds.max.z, 0.0f, 1e-6);
}

TEST(ProceduralMesh, ArchAndSeatHaveSensibleBounds) {
    Mesh arch = makeArch(2.0f, 3.0f, 0.3f, 0.4f);
    expectConsistentWinding(arch, 0.999f);
    EXPECT_NEAR(arch.bounds.max.y, 3.0f, 0.1f);
    EXPECT_NEAR(arch.bounds.max.x - arch.bounds.min.x, 2.0f, 0.05f);
    Mesh seat = makeSeat();
    expectConsistentWinding(seat, 0.999f);
    EXPECT_NEAR(seat.bounds.min.y, 0.0f, 1e-5);
    EXPECT_GT(seat.bounds.max.y, 0.9f);
}

TEST(ProceduralMesh, BuiltinReferencesParseParameters) {
    Result<Model> stairs = makeBuiltinModel("builtin:stairs?steps=8&stepHeight=0.25");
    ASSERT_TRUE(stairs.ok()) << stairs.error().toString();
    EXPECT_NEAR(stairs->meshes[0].bounds.max.y, 2.0f, 1e-5);
    EXPECT_EQ(stairs->materials.size(), 1u);
    EXPECT_EQ(stairs->rootNodes, std::vector<int>{0});
}

TEST(ProceduralMesh, BadBuiltinReferencesAreErrorsNamingThePart) {
    Result<Model> unknown = makeBuiltinModel("builtin:pyramid");
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().message.find("pyramid"), std::string::npos);
    Result<Model> badParam = makeBuiltinModel("builtin:box?colour=3");
    ASSERT_FALSE(badParam.ok());
    EXPECT_NE(badParam.error().message.find("colour"), std::string::npos);
    Result<Model> badValue = makeBuiltinModel("builtin:stairs?steps=lots");
    ASSERT_FALSE(badValue.ok());
    EXPECT_NE(badValue.error().message.find("steps"), std::string::npos);
}

TEST(ProceduralMesh, BuiltinMaterialLibrary) {
    for (const char* name : {"builtin:wood", "builtin:concrete", "builtin:fabric_red", "builtin:metal", "builtin:screen", "builtin:stage",
                             "builtin:carpet", "builtin:glass", "builtin:white"}) {
        const Material* m = builtinMaterial(name);
        ASSERT_NE(m, nullptr) << name;
        EXPECT_GE(m->roughnessFactor, 0.0f);
        EXPECT_LE(m->roughnessFactor, 1.0f);
    }
    EXPECT_EQ(builtinMaterial("builtin:metal")->metallicFactor, 1.0f);
    EXPECT_EQ(builtinMaterial("builtin:glass")->alphaMode, AlphaMode::Blend);
    EXPECT_EQ(builtinMaterial("builtin:nothing"), nullptr);
}
