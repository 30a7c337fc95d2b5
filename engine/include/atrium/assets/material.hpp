#pragma once
// glTF 2.0 metallic-roughness materials.
#include <string>

#include "atrium/core/math.hpp"

namespace atrium {

enum class AlphaMode : std::uint8_t { Opaque, Mask, Blend };

struct TextureSlot {
    int texture = -1;    // index into Model::textures, -1 when the slot is empty
    int texCoord = 0;    // which UV set
    float scale = 1.0f;  // normal scale for normal maps, strength for occlusion
    bool present() const { return texture >= 0; }
};

struct Material {
    std::string name;
    vec4 baseColorFactor{1.0f};
    float metallicFactor = 1.0f;
    float roughnessFactor = 1.0f;
    vec3 emissiveFactor{0.0f};
    float emissiveStrength = 1.0f;  // KHR_materials_emissive_strength
    TextureSlot baseColorTexture;
    TextureSlot metallicRoughnessTexture;
    TextureSlot normalTexture;
    TextureSlot occlusionTexture;
    TextureSlot emissiveTexture;
    AlphaMode alphaMode = AlphaMode::Opaque;
    float alphaCutoff = 0.5f;
    bool doubleSided = false;
};

}  // namespace atrium
