#pragma once
// Type checks of a glTF document's JSON against the glTF 2.0 core schema (types, not semantics),
// run before tinygltf, which silently skips fields of the wrong type. Reports the first
// mismatch with its JSON path, e.g. "meshes[0].primitives: expected an array, got an object".
#include <filesystem>
#include <string>

#include "atrium/core/error.hpp"

namespace atrium {

// `bytes` is the whole file: a .gltf (JSON) or a .glb (its JSON chunk is checked). Indices
// between arrays are checked too, and, when `baseDir` is given, that external buffers (and
// images, if `checkImages`) exist.
Status checkGltfSchema(const std::string& bytes, const std::filesystem::path& baseDir = {}, bool checkImages = true);

}  // namespace atrium
