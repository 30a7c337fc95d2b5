#include "atrium/core/math.hpp"

namespace atrium {

Aabb Aabb::transformed(const mat4& m) const {
    if (empty()) return *this;
    // Arvo's method: exact box of the transformed corners without visiting all eight.
    Aabb out;
    vec3 t(m[3]);
    out.min = t;
    out.max = t;
    for (int col = 0; col < 3; ++col) {
        for (int row = 0; row < 3; ++row) {
            float a = m[col][row] * min[col];
            float b = m[col][row] * max[col];
            out.min[row] += a < b ? a : b;
            out.max[row] += a < b ? b : a;
        }
    }
    return out;
}

}  // namespace atrium
