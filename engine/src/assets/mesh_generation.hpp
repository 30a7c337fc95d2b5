#pragma once
// Vertex-stream derivations shared by the glTF importer and the procedural meshes.
#include "atrium/assets/mesh.hpp"

namespace atrium::detail {

// Area-weighted smooth normals from the triangle list (falls back to +y for isolated vertices).
void generateNormals(MeshPrimitive& prim);
// Per-triangle tangent accumulation (MikkTSpace-like), orthogonalised against the normals;
// w carries the handedness of the UV frame. Needs normals and uv0.
void generateTangents(MeshPrimitive& prim);
void computeBounds(MeshPrimitive& prim);
void computeBounds(Mesh& mesh);

}  // namespace atrium::detail
