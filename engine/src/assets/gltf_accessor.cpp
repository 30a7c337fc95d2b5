#include "gltf_accessor.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace atrium::detail {

namespace {

// Accessors with no buffer view are all zeros (plus sparse values); a file may not make us
// allocate more than this many of them from a few bytes of JSON.
constexpr std::size_t kMaxImplicitElements = std::size_t(1) << 24;

std::size_t componentSize(int type) {
    switch (type) {
        case TINYGLTF_COMPONENT_TYPE_BYTE:
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return 1;
        case TINYGLTF_COMPONENT_TYPE_SHORT:
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return 2;
        case TINYGLTF_COMPONENT_TYPE_INT:
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
        case TINYGLTF_COMPONENT_TYPE_FLOAT: return 4;
        default: return 0;
    }
}

int componentCount(int type) {
    switch (type) {
        case TINYGLTF_TYPE_SCALAR: return 1;
        case TINYGLTF_TYPE_VEC2: return 2;
        case TINYGLTF_TYPE_VEC3: return 3;
        case TINYGLTF_TYPE_VEC4: return 4;
        case TINYGLTF_TYPE_MAT2: return 4;
        case TINYGLTF_TYPE_MAT3: return 9;
        case TINYGLTF_TYPE_MAT4: return 16;
        default: return 0;
    }
}

template <typename S>
S load(const unsigned char* p) {
    S v;
    std::memcpy(&v, p, sizeof(S));
    return v;
}

float toFloat(const unsigned char* p, int type, bool normalized) {
    switch (type) {
        case TINYGLTF_COMPONENT_TYPE_FLOAT: return load<float>(p);
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return normalized ? float(*p) / 255.0f : float(*p);
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
            float v = float(load<std::uint16_t>(p));
            return normalized ? v / 65535.0f : v;
        }
        case TINYGLTF_COMPONENT_TYPE_BYTE: {
            float v = float(load<std::int8_t>(p));
            return normalized ? std::max(v / 127.0f, -1.0f) : v;
        }
        case TINYGLTF_COMPONENT_TYPE_SHORT: {
            float v = float(load<std::int16_t>(p));
            return normalized ? std::max(v / 32767.0f, -1.0f) : v;
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: return float(load<std::uint32_t>(p));
        case TINYGLTF_COMPONENT_TYPE_INT: return float(load<std::int32_t>(p));
        default: return 0.0f;
    }
}

std::uint32_t toUint(const unsigned char* p, int type) {
    switch (type) {
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return *p;
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return load<std::uint16_t>(p);
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: return load<std::uint32_t>(p);
        default: return 0;
    }
}

template <typename T>
T convert(const unsigned char* p, int type, bool normalized) {
    if constexpr (std::is_same_v<T, float>) return toFloat(p, type, normalized);
    else return toUint(p, type);
}

}  // namespace

int AccessorReader::componentsOf(int accessor) const {
    if (accessor < 0 || std::size_t(accessor) >= model_.accessors.size()) return 0;
    return componentCount(model_.accessors[std::size_t(accessor)].type);
}

std::optional<Error> AccessorReader::span(int bufferView, std::size_t offset, std::size_t elementSize,
                                          std::size_t stride, std::size_t count, const std::string& path,
                                          const unsigned char*& data, std::size_t& outStride) const {
    std::string bvPath = "bufferViews[" + std::to_string(bufferView) + "]";
    if (bufferView < 0 || std::size_t(bufferView) >= model_.bufferViews.size())
        return error(path + ".bufferView", "buffer view " + std::to_string(bufferView) + " out of range (" +
                                               std::to_string(model_.bufferViews.size()) + " buffer views)");
    const tinygltf::BufferView& bv = model_.bufferViews[std::size_t(bufferView)];
    if (bv.buffer < 0 || std::size_t(bv.buffer) >= model_.buffers.size())
        return error(bvPath + ".buffer", "buffer " + std::to_string(bv.buffer) + " out of range (" +
                                             std::to_string(model_.buffers.size()) + " buffers)");
    const std::vector<unsigned char>& buffer = model_.buffers[std::size_t(bv.buffer)].data;
    if (bv.byteOffset > buffer.size() || bv.byteLength > buffer.size() - bv.byteOffset)
        return error(bvPath, "byte range [" + std::to_string(bv.byteOffset) + ", +" + std::to_string(bv.byteLength) +
                                 ") exceeds buffers[" + std::to_string(bv.buffer) + "] of " + std::to_string(buffer.size()) +
                                 " bytes");
    std::size_t s = stride ? stride : (bv.byteStride ? bv.byteStride : elementSize);
    if (s < elementSize)
        return error(bvPath + ".byteStride", "stride " + std::to_string(s) + " is smaller than the element size " +
                                                 std::to_string(elementSize));
    if (count > 0) {
        // Last byte read: offset + (count - 1) * stride + elementSize, computed without overflow.
        if (offset > bv.byteLength || count - 1 > (bv.byteLength - offset) / s ||
            (count - 1) * s + elementSize > bv.byteLength - offset)
            return error(path, std::to_string(count) + " elements of " + std::to_string(elementSize) + " bytes (stride " +
                                   std::to_string(s) + ") at offset " + std::to_string(offset) + " exceed " + bvPath +
                                   " of " + std::to_string(bv.byteLength) + " bytes");
    }
    data = buffer.data() + bv.byteOffset + offset;
    outStride = s;
    return std::nullopt;
}

template <typename T>
std::optional<Error> AccessorReader::read(int accessor, int components, const std::string& usage,
                                          std::vector<T>& out) const {
    out.clear();
    std::string path = "accessors[" + std::to_string(accessor) + "]";
    if (accessor < 0 || std::size_t(accessor) >= model_.accessors.size())
        return error(usage, "accessor " + std::to_string(accessor) + " out of range (" +
                                std::to_string(model_.accessors.size()) + " accessors)");
    const tinygltf::Accessor& a = model_.accessors[std::size_t(accessor)];
    const std::size_t csize = componentSize(a.componentType);
    if (csize == 0) return error(path + ".componentType", "unknown component type " + std::to_string(a.componentType));
    if (componentCount(a.type) != components)
        return error(path + ".type", "has " + std::to_string(componentCount(a.type)) + " components per element, " + usage +
                                         " needs " + std::to_string(components));
    if constexpr (!std::is_same_v<T, float>) {
        if (a.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE &&
            a.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
            a.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT)
            return error(path + ".componentType", usage + " needs unsigned integers, got component type " +
                                                      std::to_string(a.componentType));
    }
    const std::size_t elementSize = csize * std::size_t(components);
    const std::size_t count = a.count;
    const std::size_t comps = std::size_t(components);
    if (a.bufferView >= 0) {
        const unsigned char* data = nullptr;
        std::size_t stride = 0;
        if (auto e = span(a.bufferView, a.byteOffset, elementSize, 0, count, path, data, stride)) return e;
        out.resize(count * comps);
        for (std::size_t i = 0; i < count; ++i)
            for (std::size_t c = 0; c < comps; ++c)
                out[i * comps + c] = convert<T>(data + i * stride + c * csize, a.componentType, a.normalized);
    } else {
        if (count > kMaxImplicitElements)
            return error(path + ".count", std::to_string(count) + " elements without a buffer view is too many");
        out.assign(count * comps, T(0));
    }

    if (!a.sparse.isSparse) return std::nullopt;
    const auto& sp = a.sparse;
    std::string spPath = path + ".sparse";
    if (sp.count < 0 || std::size_t(sp.count) > count)
        return error(spPath + ".count", std::to_string(sp.count) + " sparse values for " + std::to_string(count) + " elements");
    const std::size_t n = std::size_t(sp.count);
    const std::size_t isize = componentSize(sp.indices.componentType);
    if (isize == 0 || sp.indices.componentType == TINYGLTF_COMPONENT_TYPE_FLOAT ||
        sp.indices.componentType == TINYGLTF_COMPONENT_TYPE_BYTE || sp.indices.componentType == TINYGLTF_COMPONENT_TYPE_SHORT ||
        sp.indices.componentType == TINYGLTF_COMPONENT_TYPE_INT)
        return error(spPath + ".indices.componentType", "expected an unsigned integer type");
    if (sp.indices.byteOffset < 0 || sp.values.byteOffset < 0) return error(spPath, "negative byte offset");
    const unsigned char* idx = nullptr;
    const unsigned char* val = nullptr;
    std::size_t istride = 0, vstride = 0;
    if (auto e = span(sp.indices.bufferView, std::size_t(sp.indices.byteOffset), isize, isize, n, spPath + ".indices", idx, istride))
        return e;
    if (auto e = span(sp.values.bufferView, std::size_t(sp.values.byteOffset), elementSize, elementSize, n, spPath + ".values",
                      val, vstride))
        return e;
    for (std::size_t k = 0; k < n; ++k) {
        std::uint32_t target = toUint(idx + k * istride, sp.indices.componentType);
        if (target >= count)
            return error(spPath + ".indices", "index " + std::to_string(target) + " out of range for " + std::to_string(count) +
                                                  " elements");
        for (std::size_t c = 0; c < comps; ++c)
            out[target * comps + c] = convert<T>(val + k * vstride + c * csize, a.componentType, a.normalized);
    }
    return std::nullopt;
}

std::optional<Error> AccessorReader::readFloats(int accessor, int components, const std::string& usage,
                                                std::vector<float>& out) const {
    return read<float>(accessor, components, usage, out);
}

std::optional<Error> AccessorReader::readIntegers(int accessor, int components, const std::string& usage,
                                                  std::vector<std::uint32_t>& out) const {
    return read<std::uint32_t>(accessor, components, usage, out);
}

}  // namespace atrium::detail
