#pragma once
// Built-in meshes for kits and blocking out venues. All are centred on the origin in x and z
// and sit on y = 0 unless noted, with normals, UVs (in metres, so textures tile) and tangents.
#include <string_view>

#include "atrium/assets/mesh.hpp"
#include "atrium/assets/model.hpp"
#include "atrium/core/error.hpp"

namespace atrium {

Mesh makeBox(vec3 size);                                                     // centred on the origin
Mesh makePlane(vec2 size, int subdivisions = 1);                             // in xz, facing +y
Mesh makeCylinder(float radius, float height, int segments = 24);            // y axis, base on y = 0
Mesh makeStairs(int steps, float width, float stepHeight, float stepDepth);  // rising towards -z
Mesh makeArch(float width, float height, float thickness, float depth, int segments = 16);
Mesh makeSeat(float width = 0.5f, float depth = 0.5f);             // a simple theatre chair
Mesh makeSphere(float radius, int segments = 24, int rings = 16);  // centred on the origin

// "builtin:box", "builtin:plane", "builtin:cylinder?segments=32", "builtin:stairs?steps=8",
// "builtin:arch", "builtin:seat", "builtin:sphere": a unit-sized model with one mesh and one
// default material. Unknown names or parameters are an error naming them.
Result<Model> makeBuiltinModel(std::string_view ref);

// Materials for kit pieces: "builtin:wood", "builtin:concrete", "builtin:fabric_red",
// "builtin:metal", "builtin:screen", "builtin:stage", "builtin:carpet", "builtin:glass",
// "builtin:white". Unknown names return nullptr.
const Material* builtinMaterial(std::string_view name);

}  // namespace atrium
