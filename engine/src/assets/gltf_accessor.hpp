#pragma once
// Bounds-checked reads of glTF accessors. Every offset, stride and count is checked against the
// buffer view and buffer it points into before a byte is read.
#include <optional>
#include <string>
#include <vector>

#include <tiny_gltf.h>

#include "atrium/core/error.hpp"

namespace atrium::detail {

class AccessorReader {
public:
    AccessorReader(const tinygltf::Model& model, std::string file) : model_(model), file_(std::move(file)) {}

    // Reads `components` values per element as floats (normalized integers mapped to [0,1] or
    // [-1,1]). `usage` names the referring field for error messages.
    std::optional<Error> readFloats(int accessor, int components, const std::string& usage, std::vector<float>& out) const;
    // Reads unsigned integer components (indices, joints); floats are rejected.
    std::optional<Error> readIntegers(int accessor, int components, const std::string& usage,
                                      std::vector<std::uint32_t>& out) const;
    // Components per element of the accessor's type, or 0 if the index or type is invalid.
    int componentsOf(int accessor) const;

private:
    struct View {
        const unsigned char* data = nullptr;  // null: all zeros (accessor without a buffer view)
        std::size_t stride = 0;
        std::size_t count = 0;
        int componentType = 0;
        int components = 0;
        bool normalized = false;
    };
    std::optional<Error> view(int accessor, int components, const std::string& usage, View& out) const;
    std::optional<Error> span(int bufferView, std::size_t offset, std::size_t elementSize, std::size_t stride,
                              std::size_t count, const std::string& path, const unsigned char*& data,
                              std::size_t& outStride) const;
    template <typename T>
    std::optional<Error> read(int accessor, int components, const std::string& usage, std::vector<T>& out) const;
    Error error(const std::string& path, const std::string& msg) const { return Error{msg, file_, path, 0}; }

    const tinygltf::Model& model_;
    std::string file_;
};

}  // namespace atrium::detail
