#pragma once
// Bounds-checked reading of glTF accessors. Every index, offset, stride and count is checked
// against the buffers before a byte is read, so broken files fail with a message instead of
// reading out of bounds.
#include <cstdint>
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

// What one import may decode, charged before each allocation: a 500-byte file that claims a
// 2 GB accessor without a bufferView (all zeros, which glTF allows) is then refused instead of
// allocated. The importer keeps one for the whole file; a null budget means a fresh one of
// kDefaultImportMemoryCap for that one read.
inline constexpr std::uint64_t kDefaultImportMemoryCap = 1ull << 30;
struct DecodeBudget {
    std::uint64_t cap = kDefaultImportMemoryCap;
    std::uint64_t used = 0;
    // Counts `bytes` against the cap, or says at `path` what was asked, what is used and the cap.
    Status charge(std::uint64_t bytes, const std::string& what, const std::string& path);
};

// Reads accessor `index` as floats. `path` names the referencing field for messages. The
// accessor's extent is checked against its bufferView and buffer before anything is allocated.
Result<AccessorData> readAccessor(const tinygltf::Model& model, int index, const std::string& path, DecodeBudget* budget = nullptr);

// Reads an index accessor (unsigned integer types only) exactly, without going through float.
Result<std::vector<std::uint32_t>> readIndices(const tinygltf::Model& model, int index, const std::string& path, DecodeBudget* budget = nullptr);

}  // namespace atrium
