#pragma once
// glTF 2.0 import (.gltf with external or embedded buffers, and .glb) through tinygltf.
#include <cstdint>
#include <string>

#include "atrium/assets/model.hpp"
#include "atrium/core/error.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

struct GltfImportOptions {
    bool loadImages = true;  // false: materials keep texture indices, textures have no pixels
    bool generateTangents = true;
    // Bytes of accessor data one import may decode (vertices, indices, skins, animation keys);
    // past it the import fails naming the accessor, before allocating it.
    std::uint64_t memoryCap = 512ull << 20;
};

// Parses and validates the file. Any structural problem (bad index, out-of-range accessor,
// non-finite positions, cyclic nodes, missing buffer) is an Error naming the file and field.
Result<Model> importGltf(const std::string& path, const GltfImportOptions& options = {});

// Creates one entity per node of the model's default scene under `parent`, with Transform,
// Name and MeshRenderer{mesh = modelRef + "#" + meshIndex}. Returns the root entity that
// groups the model's nodes.
Entity instantiateModel(World& world, const Model& model, const std::string& modelRef, Entity parent = kNullEntity);

}  // namespace atrium
