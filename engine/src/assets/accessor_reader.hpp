#pragma once
// Bounds-checked reading of glTF accessors. Every index, offset, stride and count is checked
// against the buffers before a byte is read, so broken files fail with a message instead of
// reading out of bounds.
#include <string>
#include <vector>

#include <tiny_gltf.h>

#include "atrium/core/error.hpp"

namespace atrium {

struct AccessorData {
    int components = 0;  // per element: 1 (SCALAR) .. 16 (MAT4)
    std::size_t count = 0;
    std::vector<float> values;  // count * components, normalised integers mapped to [0,1] / [-1,1]
};

// Reads accessor `index` as floats. `path` names the referencing field for messages.
Result<AccessorData> readAccessor(const tinygltf::Model& model, int index, const std::string& path);

// Reads an index accessor (unsigned integer types only) exactly, without going through float.
Result<std::vector<std::uint32_t>> readIndices(const tinygltf::Model& model, int index, const std::string& path);

}  // namespace atrium
