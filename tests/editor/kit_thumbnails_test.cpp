// Kit library thumbnails: rendered offscreen by the engine (lavapipe, validation on), uploaded
// as overlay textures, cached on disk so the next session only loads them.
#include <gtest/gtest.h>

#include <set>

#include "atrium/render/renderer.hpp"
#include "atrium/scene/kit.hpp"
#include "editor_names.hpp"
#include "kit_thumbnails.hpp"

using namespace atrium;
using namespace atrium::editor;

namespace {

std::size_t distinctColours(const Image& img) {
    std::set<std::uint32_t> colours;
    for (std::size_t i = 0; i < img.pixels.size(); i += 4) {
        colours.insert(std::uint32_t(img.pixels[i]) << 16 | std::uint32_t(img.pixels[i + 1]) << 8 | img.pixels[i + 2]);
    }
    return colours.size();
}

}  // namespace

TEST(KitThumbnails, EveryGeneratorGetsAPictureAndTheDiskCacheServesTheNextSession) {
    std::uint64_t before = vulkanValidationMessageCount();
    RendererOptions options;
    options.validation = true;
    options.shadowMapSize = 512;
    auto renderer = Renderer::create(options);
    ASSERT_TRUE(renderer.ok()) << renderer.error().toString();
    std::filesystem::path cache = std::filesystem::temp_directory_path() / "atrium_kit_thumbnails_test";
    std::filesystem::remove_all(cache);
    HeadlessImGui imgui(640, 480);

    KitThumbnails first(**renderer, cache, 64);
    std::set<UiTexture> textures;
    for (const KitGeneratorInfo& g : kitGenerators()) {
        Result<Image> img = first.picture(g.id);
        ASSERT_TRUE(img.ok()) << g.id << ": " << img.error().toString();
        EXPECT_EQ(img->width, 64u);
        EXPECT_GT(distinctColours(*img), 20u) << g.id << " shows its pieces, not a flat fill";
        EXPECT_TRUE(std::filesystem::exists(first.cachePath(g.id)));
    }
    EXPECT_EQ(first.rendered(), kitGenerators().size());

    // get(): one new texture per ImGui frame, each distinct, then served from memory.
    const std::string a = kitGenerators()[0].id, b = kitGenerators()[1].id;
    imgui.beginFrame();
    UiTexture ta = first.get(a);
    EXPECT_NE(ta, 0u);
    EXPECT_EQ(first.get(b), 0u) << "the second waits for the next frame";
    imgui.endFrame();
    imgui.beginFrame();
    UiTexture tb = first.get(b);
    imgui.endFrame();
    EXPECT_NE(tb, 0u);
    EXPECT_NE(ta, tb);
    EXPECT_EQ(first.get(a), ta);

    KitThumbnails second(**renderer, cache, 64);
    ASSERT_TRUE(second.picture(a).ok());
    EXPECT_EQ(second.rendered(), 0u);
    EXPECT_EQ(second.loaded(), 1u);
    EXPECT_FALSE(second.picture("no_such_generator").ok());
    EXPECT_EQ(vulkanValidationMessageCount(), before);
    std::filesystem::remove_all(cache);
}
