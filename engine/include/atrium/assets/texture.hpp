#pragma once
// Decoded images, always RGBA8, plus how they are sampled.
#include <cstdint>
#include <string>
#include <vector>

namespace atrium {

enum class Filter : std::uint8_t { Nearest, Linear };
enum class Wrap : std::uint8_t { Repeat, ClampToEdge, MirroredRepeat };

struct Sampler {
    Filter magFilter = Filter::Linear;
    Filter minFilter = Filter::Linear;
    bool mipmaps = true;
    Wrap wrapU = Wrap::Repeat;
    Wrap wrapV = Wrap::Repeat;
};

struct Texture {
    std::string name;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> pixels;  // width * height * 4 bytes, rows top to bottom
    // Colour data (base colour, emissive) is sRGB-encoded; data textures (normals,
    // metallic-roughness, occlusion) are linear. Set on import from how materials use it.
    bool srgb = true;
    Sampler sampler;
};

}  // namespace atrium
