#pragma once
// SPIR-V compiled from assets/shaders at build time and embedded in the library.
#include <cstdint>
#include <span>

namespace atrium::render::shaders {

std::span<const std::uint32_t> meshVert();
std::span<const std::uint32_t> meshFrag();
std::span<const std::uint32_t> shadowVert();
std::span<const std::uint32_t> meshSkinnedVert();
std::span<const std::uint32_t> shadowSkinnedVert();
std::span<const std::uint32_t> shadowMaskedVert();
std::span<const std::uint32_t> shadowMaskedFrag();
std::span<const std::uint32_t> fullscreenVert();
std::span<const std::uint32_t> skyFrag();
std::span<const std::uint32_t> tonemapFrag();
std::span<const std::uint32_t> labelVert();
std::span<const std::uint32_t> labelFrag();

}  // namespace atrium::render::shaders
