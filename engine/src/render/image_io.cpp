#include <algorithm>
#include <cstdlib>

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include "atrium/render/image.hpp"

namespace atrium {

Status saveImagePng(const Image& image, const std::filesystem::path& path) {
    if (image.width == 0 || image.height == 0 || image.pixels.size() != std::size_t(image.width) * image.height * 4) {
        return Error{"cannot save an empty or malformed image", path.string()};
    }
    if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
    }
    if (!stbi_write_png(path.string().c_str(), int(image.width), int(image.height), 4, image.pixels.data(), int(image.width * 4))) {
        return Error{"could not write the PNG", path.string()};
    }
    return Ok{};
}

Result<Image> loadImagePng(const std::filesystem::path& path) {
    int w = 0, h = 0, n = 0;
    stbi_uc* data = stbi_load(path.string().c_str(), &w, &h, &n, 4);
    if (!data) return Error{std::string("could not read the image: ") + stbi_failure_reason(), path.string()};
    Image img;
    img.width = std::uint32_t(w);
    img.height = std::uint32_t(h);
    img.pixels.assign(data, data + std::size_t(w) * h * 4);
    stbi_image_free(data);
    return img;
}

Result<ImageDifference> compareImages(const Image& a, const Image& b, int tolerance) {
    if (a.width != b.width || a.height != b.height) {
        return Error{"image sizes differ: " + std::to_string(a.width) + "x" + std::to_string(a.height) + " vs " + std::to_string(b.width) + "x" +
                     std::to_string(b.height)};
    }
    ImageDifference d;
    d.diff.width = a.width;
    d.diff.height = a.height;
    d.diff.pixels.resize(a.pixels.size());
    for (std::size_t i = 0; i < a.pixels.size(); i += 4) {
        int worst = 0;
        for (int c = 0; c < 4; ++c) worst = std::max(worst, std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])));
        d.maxChannelDelta = std::max(d.maxChannelDelta, worst);
        bool over = worst > tolerance;
        if (over) ++d.pixelsOverTolerance;
        std::uint8_t grey = std::uint8_t((a.pixels[i] + a.pixels[i + 1] + a.pixels[i + 2]) / 12);
        d.diff.pixels[i] = over ? 255 : grey;
        d.diff.pixels[i + 1] = over ? 0 : grey;
        d.diff.pixels[i + 2] = over ? 0 : grey;
        d.diff.pixels[i + 3] = 255;
    }
    std::size_t count = std::size_t(a.width) * a.height;
    d.fractionOverTolerance = count ? double(d.pixelsOverTolerance) / double(count) : 0.0;
    return d;
}

}  // namespace atrium
