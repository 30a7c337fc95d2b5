#pragma once
// CPU images as the renderer reads them back: RGBA8, rows top to bottom.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "atrium/core/error.hpp"

namespace atrium {

struct Image {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> pixels;  // width * height * 4 bytes

    const std::uint8_t* pixel(std::uint32_t x, std::uint32_t y) const { return &pixels[(std::size_t(y) * width + x) * 4]; }
    std::uint8_t* pixel(std::uint32_t x, std::uint32_t y) { return &pixels[(std::size_t(y) * width + x) * 4]; }
};

Status saveImagePng(const Image& image, const std::filesystem::path& path);
Result<Image> loadImagePng(const std::filesystem::path& path);

struct ImageDifference {
    int maxChannelDelta = 0;  // largest |a - b| over all channels
    std::size_t pixelsOverTolerance = 0;
    double fractionOverTolerance = 0.0;
    Image diff;  // red where a pixel exceeds the tolerance, dimmed grey elsewhere
};

// Compares two images of equal size; a pixel differs when any channel differs by more than
// `tolerance` (0..255). Sizes that differ are an error.
Result<ImageDifference> compareImages(const Image& a, const Image& b, int tolerance);

}  // namespace atrium
