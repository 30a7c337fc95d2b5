#pragma once
// CPU-side meshes: one glTF mesh is a list of primitives, each with its own material.
#include <cstdint>
#include <string>
#include <vector>

#include <glm/gtc/type_precision.hpp>

#include "atrium/core/math.hpp"

namespace atrium {

enum class PrimitiveMode : std::uint8_t { Points, Lines, LineLoop, LineStrip, Triangles };

// Vertex streams as parallel arrays (structure of arrays). `positions` is always filled;
// optional streams are either empty or exactly as long as `positions`.
struct MeshPrimitive {
    PrimitiveMode mode = PrimitiveMode::Triangles;  // strips and fans are converted to lists on import
    std::vector<vec3> positions;
    std::vector<vec3> normals;   // generated (flat or smooth) for triangles when missing
    std::vector<vec4> tangents;  // xyz tangent, w handedness; generated when missing and UVs exist
    std::vector<vec2> uv0;
    std::vector<vec2> uv1;
    std::vector<vec4> colors;          // linear RGBA
    std::vector<glm::u16vec4> joints;  // skinning
    std::vector<vec4> weights;
    std::vector<std::uint32_t> indices;  // always present: generated 0..n-1 for non-indexed input
    int material = -1;                   // index into Model::materials, -1 for the default material
    Aabb bounds;
};

struct Mesh {
    std::string name;
    std::vector<MeshPrimitive> primitives;
    Aabb bounds;

    std::size_t vertexCount() const;
    std::size_t indexCount() const;
};

}  // namespace atrium
