#include "atrium/assets/mesh.hpp"

namespace atrium {

std::size_t Mesh::vertexCount() const {
    std::size_t n = 0;
    for (const MeshPrimitive& p : primitives) n += p.positions.size();
    return n;
}

std::size_t Mesh::indexCount() const {
    std::size_t n = 0;
    for (const MeshPrimitive& p : primitives) n += p.indices.size();
    return n;
}

}  // namespace atrium
