#include "accessor_reader.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

namespace atrium {
namespace {

int componentSize(int type) {
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

float decode(const unsigned char* p, int type, bool normalized) {
    switch (type) {
        case TINYGLTF_COMPONENT_TYPE_FLOAT: {
            float f;
            std::memcpy(&f, p, 4);
            return f;
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return normalized ? float(*p) / 255.0f : float(*p);
        case TINYGLTF_COMPONENT_TYPE_BYTE: {
            float v = float(static_cast<signed char>(*p));
            return normalized ? std::max(v / 127.0f, -1.0f) : v;
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
            std::uint16_t v;
            std::memcpy(&v, p, 2);
            return normalized ? float(v) / 65535.0f : float(v);
        }
        case TINYGLTF_COMPONENT_TYPE_SHORT: {
            std::int16_t v;
            std::memcpy(&v, p, 2);
            return normalized ? std::max(float(v) / 32767.0f, -1.0f) : float(v);
        }
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: {
            std::uint32_t v;
            std::memcpy(&v, p, 4);
            return float(v);
        }
        case TINYGLTF_COMPONENT_TYPE_INT: {
            std::int32_t v;
            std::memcpy(&v, p, 4);
            return float(v);
        }
    }
    return 0.0f;
}

std::uint32_t decodeIndex(const unsigned char* p, int type) {
    switch (type) {
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return *p;
        case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
            std::uint16_t v;
            std::memcpy(&v, p, 2);
            return v;
        }
        default: {
            std::uint32_t v;
            std::memcpy(&v, p, 4);
            return v;
        }
    }
}

const char* typeName(int type) {
    switch (type) {
        case TINYGLTF_TYPE_SCALAR: return "SCALAR";
        case TINYGLTF_TYPE_VEC2: return "VEC2";
        case TINYGLTF_TYPE_VEC3: return "VEC3";
        case TINYGLTF_TYPE_VEC4: return "VEC4";
        case TINYGLTF_TYPE_MAT2: return "MAT2";
        case TINYGLTF_TYPE_MAT3: return "MAT3";
        case TINYGLTF_TYPE_MAT4: return "MAT4";
        default: return "?";
    }
}

// A checked view of `count` elements of `elementSize` bytes starting at bufferView + offset.
struct ElementSpan {
    const unsigned char* base = nullptr;
    std::size_t stride = 0;
};

Result<ElementSpan> viewElements(const tinygltf::Model& model, int viewIndex, std::size_t offset, std::size_t count, std::size_t elementSize,
                                 const std::string& where) {
    if (viewIndex < 0 || std::size_t(viewIndex) >= model.bufferViews.size()) {
        return Error{"bufferView index " + std::to_string(viewIndex) + " out of range (file has " + std::to_string(model.bufferViews.size()) +
                         ")",
                     "", where};
    }
    const tinygltf::BufferView& view = model.bufferViews[std::size_t(viewIndex)];
    std::string viewPath = "bufferViews[" + std::to_string(viewIndex) + "]";
    if (view.buffer < 0 || std::size_t(view.buffer) >= model.buffers.size()) {
        return Error{"buffer index " + std::to_string(view.buffer) + " out of range (file has " + std::to_string(model.buffers.size()) + ")", "",
                     viewPath + ".buffer"};
    }
    const tinygltf::Buffer& buffer = model.buffers[std::size_t(view.buffer)];
    if (view.byteOffset > buffer.data.size() || view.byteLength > buffer.data.size() - view.byteOffset) {
        return Error{"byte range " + std::to_string(view.byteOffset) + "+" + std::to_string(view.byteLength) + " exceeds buffer " +
                         std::to_string(view.buffer) + " of " + std::to_string(buffer.data.size()) + " bytes",
                     "", viewPath};
    }
    std::size_t stride = view.byteStride ? view.byteStride : elementSize;
    if (stride < elementSize) {
        return Error{"byteStride " + std::to_string(stride) + " is smaller than the element size " + std::to_string(elementSize), "", viewPath};
    }
    if (count > 0) {
        // Compare without overflow: offset + stride * (count - 1) + elementSize <= byteLength.
        std::size_t limit = view.byteLength;
        if (offset > limit || elementSize > limit - offset || (count - 1) > (limit - offset - elementSize) / stride) {
            return Error{std::to_string(count) + " elements of " + std::to_string(elementSize) + " bytes at offset " + std::to_string(offset) +
                             " do not fit in " + viewPath + " (" + std::to_string(view.byteLength) + " bytes)",
                         "", where};
        }
    }
    return ElementSpan{buffer.data.data() + view.byteOffset + offset, stride};
}

Result<const tinygltf::Accessor*> findAccessor(const tinygltf::Model& model, int index, const std::string& path) {
    if (index < 0 || std::size_t(index) >= model.accessors.size()) {
        return Error{"accessor index " + std::to_string(index) + " out of range (file has " + std::to_string(model.accessors.size()) + ")", "",
                     path};
    }
    return &model.accessors[std::size_t(index)];
}

}  // namespace

Status DecodeBudget::charge(std::uint64_t bytes, const std::string& what, const std::string& path) {
    if (bytes > cap || used > cap - bytes) {
        return Error{what + " would decode to " + std::to_string(bytes) + " bytes; this import has used " + std::to_string(used) + " of its " +
                         std::to_string(cap) + "-byte memory cap",
                     "", path};
    }
    used += bytes;
    return Ok{};
}

Result<AccessorData> readAccessor(const tinygltf::Model& model, int index, const std::string& path, DecodeBudget* budget) {
    DecodeBudget single;
    DecodeBudget& charged = budget ? *budget : single;
    auto found = findAccessor(model, index, path);
    if (!found) return found.error();
    const tinygltf::Accessor& acc = **found;
    std::string accPath = "accessors[" + std::to_string(index) + "]";
    int csize = componentSize(acc.componentType), ncomp = componentCount(acc.type);
    if (csize == 0) return Error{"unknown componentType " + std::to_string(acc.componentType), "", accPath + ".componentType"};
    if (ncomp == 0) return Error{"unknown type", "", accPath + ".type"};
    std::size_t elementSize = std::size_t(csize) * std::size_t(ncomp);

    // Every range is checked before anything is allocated: the file's claims cost nothing
    // until the bytes behind them are known to exist.
    std::optional<ElementSpan> dense, sparseIndices, sparseValues;
    if (acc.bufferView >= 0) {
        auto span = viewElements(model, acc.bufferView, acc.byteOffset, acc.count, elementSize, accPath);
        if (!span) return span.error();
        dense = *span;
    }
    const auto& sp = acc.sparse;
    std::size_t sparseCount = acc.sparse.isSparse ? std::size_t(std::max(0, sp.count)) : 0;
    int it = sp.indices.componentType;
    if (acc.sparse.isSparse) {
        if (it != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE && it != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
            it != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT) {
            return Error{"sparse indices need an unsigned integer componentType", "", accPath + ".sparse.indices.componentType"};
        }
        auto idx = viewElements(model, sp.indices.bufferView, std::size_t(sp.indices.byteOffset), sparseCount, std::size_t(componentSize(it)),
                                accPath + ".sparse.indices");
        if (!idx) return idx.error();
        auto val = viewElements(model, sp.values.bufferView, std::size_t(sp.values.byteOffset), sparseCount, elementSize,
                                accPath + ".sparse.values");
        if (!val) return val.error();
        sparseIndices = *idx;
        sparseValues = *val;
    }
    constexpr std::uint64_t kMaxCount = std::numeric_limits<std::uint64_t>::max() / 64;  // 16 floats per element at most
    std::uint64_t bytes = acc.count > kMaxCount ? std::numeric_limits<std::uint64_t>::max()
                                                : std::uint64_t(acc.count) * std::uint64_t(ncomp) * 4;
    std::string what = std::to_string(acc.count) + " " + typeName(acc.type) + " elements";
    if (Status s = charged.charge(bytes, what, accPath); !s.ok()) return s.error();

    AccessorData out;
    out.components = ncomp;
    out.count = acc.count;
    out.values.assign(acc.count * std::size_t(ncomp), 0.0f);  // no bufferView: zeros (sparse may fill)
    if (dense) {
        for (std::size_t i = 0; i < acc.count; ++i) {
            const unsigned char* e = dense->base + i * dense->stride;
            for (int c = 0; c < ncomp; ++c)
                out.values[i * std::size_t(ncomp) + std::size_t(c)] = decode(e + c * csize, acc.componentType, acc.normalized);
        }
    }
    std::size_t icsize = std::size_t(componentSize(it));
    for (std::size_t i = 0; i < sparseCount; ++i) {
        std::uint32_t target = decodeIndex(sparseIndices->base + i * icsize, it);
        if (target >= acc.count) {
            return Error{"sparse index " + std::to_string(target) + " out of range for " + std::to_string(acc.count) + " elements", "",
                         accPath + ".sparse.indices"};
        }
        const unsigned char* e = sparseValues->base + i * elementSize;
        for (int c = 0; c < ncomp; ++c)
            out.values[target * std::size_t(ncomp) + std::size_t(c)] = decode(e + c * csize, acc.componentType, acc.normalized);
    }
    return out;
}

Result<std::vector<std::uint32_t>> readIndices(const tinygltf::Model& model, int index, const std::string& path, DecodeBudget* budget) {
    DecodeBudget single;
    DecodeBudget& charged = budget ? *budget : single;
    auto found = findAccessor(model, index, path);
    if (!found) return found.error();
    const tinygltf::Accessor& acc = **found;
    std::string accPath = "accessors[" + std::to_string(index) + "]";
    if (acc.type != TINYGLTF_TYPE_SCALAR) return Error{"index accessor must be SCALAR", "", accPath + ".type"};
    int t = acc.componentType;
    if (t != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE && t != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT && t != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT) {
        return Error{"index accessor must be an unsigned integer type, got componentType " + std::to_string(t), "", accPath + ".componentType"};
    }
    if (acc.bufferView < 0) return Error{"index accessor has no bufferView", "", accPath};
    auto span = viewElements(model, acc.bufferView, acc.byteOffset, acc.count, std::size_t(componentSize(t)), accPath);
    if (!span) return span.error();
    // The view holds count elements (checked above), so count * 4 cannot overflow.
    if (Status s = charged.charge(std::uint64_t(acc.count) * 4, std::to_string(acc.count) + " indices", accPath); !s.ok()) return s.error();
    std::vector<std::uint32_t> out(acc.count);
    for (std::size_t i = 0; i < acc.count; ++i) out[i] = decodeIndex(span->base + i * span->stride, t);
    return out;
}

}  // namespace atrium
