#include "text/distance_field.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace atrium::text {

namespace {

constexpr double kInf = 1e20;

// One-dimensional squared distance transform of f (n samples, `stride` apart) in place.
void edt1d(double* f, std::size_t stride, std::size_t n, std::vector<double>& d, std::vector<std::size_t>& v, std::vector<double>& z) {
    v[0] = 0;
    z[0] = -kInf;
    z[1] = kInf;
    for (std::size_t q = 0; q < n; ++q) d[q] = f[q * stride];
    std::size_t k = 0;
    for (std::size_t q = 1; q < n; ++q) {
        double s;
        for (;;) {
            std::size_t r = v[k];
            s = (d[q] - d[r] + double(q * q) - double(r * r)) / (2.0 * double(q) - 2.0 * double(r));
            if (s > z[k] || k == 0) break;
            --k;
        }
        if (s <= z[k]) {
            // k == 0 and the new parabola is lower everywhere to the left.
            v[0] = q;
            z[0] = -kInf;
            z[1] = kInf;
            continue;
        }
        ++k;
        v[k] = q;
        z[k] = s;
        z[k + 1] = kInf;
    }
    k = 0;
    for (std::size_t q = 0; q < n; ++q) {
        while (z[k + 1] < double(q)) ++k;
        double dq = double(q) - double(v[k]);
        f[q * stride] = dq * dq + d[v[k]];
    }
}

void edt2d(std::vector<double>& grid, std::size_t w, std::size_t h) {
    std::size_t n = std::max(w, h);
    std::vector<double> d(n), z(n + 1);
    std::vector<std::size_t> v(n);
    for (std::size_t x = 0; x < w; ++x) edt1d(grid.data() + x, w, h, d, v, z);
    for (std::size_t y = 0; y < h; ++y) edt1d(grid.data() + y * w, 1, w, d, v, z);
}

}  // namespace

std::vector<std::uint8_t> distanceField(const std::uint8_t* coverage, int pitch, std::uint32_t width, std::uint32_t height,
                                        std::uint32_t spread) {
    std::size_t w = width + 2 * std::size_t(spread), h = height + 2 * std::size_t(spread);
    // Squared distances to the nearest ink (outer) and to the nearest background (inner); an
    // edge pixel starts at its sub-pixel distance from the edge, 0.5 - coverage.
    std::vector<double> outer(w * h, kInf), inner(w * h, 0.0);
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            double a = coverage[std::ptrdiff_t(y) * pitch + x] / 255.0;
            std::size_t i = (y + spread) * w + x + spread;
            if (a >= 1.0) {
                outer[i] = 0.0;
                inner[i] = kInf;
            } else if (a > 0.0) {
                double d = 0.5 - a;
                outer[i] = d > 0.0 ? d * d : 0.0;
                inner[i] = d < 0.0 ? d * d : 0.0;
            }
        }
    }
    edt2d(outer, w, h);
    edt2d(inner, w, h);
    std::vector<std::uint8_t> out(w * h);
    double perPixel = 128.0 / double(spread);
    for (std::size_t i = 0; i < out.size(); ++i) {
        double dist = std::sqrt(outer[i]) - std::sqrt(inner[i]);  // > 0 outside
        out[i] = std::uint8_t(std::clamp(std::lround(128.0 - dist * perPixel), 0l, 255l));
    }
    return out;
}

}  // namespace atrium::text
