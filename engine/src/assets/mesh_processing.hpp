#pragma once
// Geometry derived from what a mesh has: flat normals, tangents, bounds. Shared by the glTF
// importer (for files that lack them) and the procedural meshes.
#include "atrium/assets/mesh.hpp"

namespace atrium {

// glTF requires flat normals when a file gives none: every triangle gets its own vertices.
void generateFlatNormals(MeshPrimitive& p);
// Per-triangle tangents from positions and the given UV set, accumulated per vertex and
// orthogonalised against the normal (Gram-Schmidt); w carries the bitangent's handedness.
void generateTangents(MeshPrimitive& p, int uvSet = 0);
void computeBounds(MeshPrimitive& p);
void computeBounds(Mesh& m);

}  // namespace atrium
