#pragma once
// Signed distances from an anti-aliased coverage bitmap: a Euclidean distance transform
// (Felzenszwalb and Huttenlocher) seeded with sub-pixel edge positions from the coverage, as
// Mapbox's TinySDF does. About a hundred times faster than FreeType's SDF renderers here.
#include <cstdint>
#include <vector>

namespace atrium::text {

// `coverage` is width x height (rows top down, pitch bytes a row, 255 inside). The result is
// (width + 2 spread) x (height + 2 spread): 128 on the edge, rising 128 / spread a pixel inside.
std::vector<std::uint8_t> distanceField(const std::uint8_t* coverage, int pitch, std::uint32_t width, std::uint32_t height,
                                        std::uint32_t spread);

}  // namespace atrium::text
