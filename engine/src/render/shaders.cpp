#include "render/shaders.hpp"

namespace atrium::render::shaders {
namespace {
constexpr std::uint32_t kMeshVert[] = {
#include "shaders/mesh.vert.inc"
};
constexpr std::uint32_t kMeshFrag[] = {
#include "shaders/mesh.frag.inc"
};
constexpr std::uint32_t kShadowVert[] = {
#include "shaders/shadow.vert.inc"
};
constexpr std::uint32_t kMeshSkinnedVert[] = {
#include "shaders/mesh_skinned.vert.inc"
};
constexpr std::uint32_t kShadowSkinnedVert[] = {
#include "shaders/shadow_skinned.vert.inc"
};
constexpr std::uint32_t kShadowMaskedVert[] = {
#include "shaders/shadow_masked.vert.inc"
};
constexpr std::uint32_t kShadowMaskedFrag[] = {
#include "shaders/shadow_masked.frag.inc"
};
constexpr std::uint32_t kFullscreenVert[] = {
#include "shaders/fullscreen.vert.inc"
};
constexpr std::uint32_t kSkyFrag[] = {
#include "shaders/sky.frag.inc"
};
constexpr std::uint32_t kLabelVert[] = {
#include "shaders/label.vert.inc"
};
constexpr std::uint32_t kLabelFrag[] = {
#include "shaders/label.frag.inc"
};
constexpr std::uint32_t kTonemapFrag[] = {
#include "shaders/tonemap.frag.inc"
};
}  // namespace

std::span<const std::uint32_t> meshVert() { return kMeshVert; }
std::span<const std::uint32_t> meshFrag() { return kMeshFrag; }
std::span<const std::uint32_t> shadowVert() { return kShadowVert; }
std::span<const std::uint32_t> meshSkinnedVert() { return kMeshSkinnedVert; }
std::span<const std::uint32_t> shadowSkinnedVert() { return kShadowSkinnedVert; }
std::span<const std::uint32_t> shadowMaskedVert() { return kShadowMaskedVert; }
std::span<const std::uint32_t> shadowMaskedFrag() { return kShadowMaskedFrag; }
std::span<const std::uint32_t> fullscreenVert() { return kFullscreenVert; }
std::span<const std::uint32_t> skyFrag() { return kSkyFrag; }
std::span<const std::uint32_t> labelVert() { return kLabelVert; }
std::span<const std::uint32_t> labelFrag() { return kLabelFrag; }
std::span<const std::uint32_t> tonemapFrag() { return kTonemapFrag; }

}  // namespace atrium::render::shaders
