#include <gtest/gtest.h>

#include <filesystem>

#include "atrium/assets/gltf_importer.hpp"
#include "atrium/assets/procedural_mesh.hpp"
#include "atrium/assets/venue_budget.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {

std::uint64_t trianglesOf(const Mesh& mesh) {
    std::uint64_t n = 0;
    for (const MeshPrimitive& p : mesh.primitives) n += (p.indices.empty() ? p.positions.size() : p.indices.size()) / 3;
    return n;
}

Entity addMesh(World& w, const std::string& mesh, const std::string& material = {}) {
    Entity e = w.create();
    w.add<MeshRenderer>(e, MeshRenderer{.mesh = mesh, .material = material});
    return e;
}

}  // namespace

// Expected figures come from importing the same files directly, not from the budget code.
TEST(VenueBudget, CountsTrianglesMaterialsTexturesLightsAndDownloadOfWhatIsDrawn) {
    fs::path models = fs::path(ATRIUM_TEST_DATA) / "gltf" / "models";
    fs::path textured = models / "BoxTextured.glb";
    fs::path morph = models / "AnimatedMorphCube" / "AnimatedMorphCube.gltf";
    Result<Model> texturedModel = importGltf(textured);
    Result<Model> morphModel = importGltf(morph);
    Result<Model> box = makeBuiltinModel("builtin:box");
    ASSERT_TRUE(texturedModel.ok() && morphModel.ok() && box.ok());
    ASSERT_EQ(texturedModel->textures.size(), 1u);

    World w;
    for (int i = 0; i < 3; ++i) addMesh(w, "builtin:box", "builtin:wood");
    addMesh(w, "builtin:box", "builtin:metal");
    addMesh(w, textured.string());
    addMesh(w, textured.string());  // instances count twice for triangles, once for materials and textures
    addMesh(w, morph.string());
    w.get<MeshRenderer>(addMesh(w, "builtin:box", "builtin:glass"))->visible = false;
    addMesh(w, "missing/nope.glb");
    Entity screen = w.create();
    w.add<MediaScreen>(screen, MediaScreen{.resolutionX = 1280, .resolutionY = 720});
    for (Light::Type t : {Light::Type::Point, Light::Type::Point, Light::Type::Spot}) w.add<Light>(w.create(), Light{.type = t});
    w.add<Light>(w.create(), Light{.type = Light::Type::Directional, .castShadows = true});  // the sun
    w.add<Light>(w.create(), Light{.type = Light::Type::Spot, .castShadows = true});

    AssetCache assets;
    VenueBudget b = measureVenueBudget(w, assets);
    std::uint64_t boxTris = trianglesOf(box->meshes[0]);
    EXPECT_EQ(b.triangles, 4 * boxTris + 2 * trianglesOf(texturedModel->meshes[0]) + trianglesOf(morphModel->meshes[0]));
    EXPECT_EQ(b.drawnMeshes, 7u);
    EXPECT_EQ(b.materials, 4u) << "wood, metal, the textured box's and the morph cube's";
    const Texture& t = texturedModel->textures[0];
    EXPECT_EQ(b.textureBytes, std::uint64_t(t.width) * t.height * 4 * 4 / 3 + 1280ull * 720 * 4);
    EXPECT_EQ(b.textures, 2u);
    EXPECT_EQ(b.pointLights, 4u);
    EXPECT_EQ(b.extraShadowLights, 1u) << "the shadowed spot; the sun's shadows are the ones drawn";
    EXPECT_EQ(b.fileBytes, fs::file_size(textured) + fs::file_size(morph) + fs::file_size(morph.parent_path() / "AnimatedMorphCube.bin"))
        << "a .gltf downloads with its buffers";
    ASSERT_EQ(b.missingAssets.size(), 1u);
    EXPECT_NE(b.missingAssets[0].find("missing/nope.glb"), std::string::npos) << b.missingAssets[0];
}

TEST(VenueBudget, LinesSayWhichLimitsAVenueBreaks) {
    VenueBudget b;
    b.triangles = 2'500'000;
    b.materials = 210;  // over 80% of 256
    b.textureBytes = 100ull << 20;
    b.extraShadowLights = 1;
    std::vector<BudgetLine> lines = checkBudget(b);
    ASSERT_EQ(lines.size(), 7u);
    EXPECT_EQ(lines[0].what, "triangles");
    EXPECT_TRUE(lines[0].over());
    EXPECT_EQ(lines[0].usedText, "2.50 M");
    EXPECT_FALSE(lines[1].over());
    EXPECT_TRUE(lines[1].near());
    EXPECT_FALSE(lines[2].over());
    EXPECT_FALSE(lines[2].near());
    EXPECT_EQ(lines[2].usedText, "100.0 MiB");
    EXPECT_TRUE(lines[4].over()) << "only the sun's shadows are drawn";
    BudgetLimits tight;
    tight.textureBytes = 50ull << 20;
    EXPECT_TRUE(checkBudget(b, tight)[2].over());
}

// Screens playing video or a stream count against a limit; slides and pictures do not, and the
// screens past the limit are named.
TEST(VenueBudget, CountsVideoScreensAndNamesThosePastTheLimit) {
    World w;
    const auto screen = [&](const std::string& name, MediaScreen m) { w.add<MediaScreen>(w.create(name), std::move(m)); };
    screen("Keynote", MediaScreen{.source = "https://example.org/live.m3u8"});
    screen("Booth A", MediaScreen{.playlist = {"slides.pdf", "https://example.org/a.mp4"}});
    screen("Booth B", MediaScreen{.source = "video/b.MP4"});
    screen("Slides", MediaScreen{.source = "talk.pdf"});
    screen("Poster", MediaScreen{.source = "poster.png"});
    screen("App canvas", MediaScreen{});  // the app draws it
    AssetCache cache;
    VenueBudget b = measureVenueBudget(w, cache);
    EXPECT_EQ(b.videoScreens, 3u);
    EXPECT_EQ(b.videoScreenNames, (std::vector<std::string>{"Keynote", "Booth A", "Booth B"}));
    BudgetLine fits = checkBudget(b)[6];
    EXPECT_EQ(fits.what, "video screens playing");
    EXPECT_FALSE(fits.over());
    EXPECT_TRUE(fits.detail.empty());
    BudgetLimits two;
    two.videoScreens = 2;
    BudgetLine over = checkBudget(b, two)[6];
    EXPECT_TRUE(over.over());
    EXPECT_EQ(over.usedText, "3");
    EXPECT_EQ(over.detail, "past the limit: \"Booth B\"");
}

// The samples are what people copy: each must fit what it tells them to fit.
TEST(VenueBudget, EverySampleVenueFitsTheDefaultBudget) {
    fs::path samples = fs::path(ATRIUM_ASSETS_DIR).parent_path() / "samples";
    for (const char* name : {"concert_hall", "expo", "physics_playground", "plaza"}) {
        fs::path venue = samples / name / (std::string(name) + ".venue.json");
        Result<World> world = loadVenue(venue);
        ASSERT_TRUE(world.ok()) << world.error().toString();
        AssetCache assets(venue.parent_path());
        VenueBudget b = measureVenueBudget(*world, assets, venue);
        EXPECT_TRUE(b.missingAssets.empty()) << name << ": " << b.missingAssets[0];
        EXPECT_GT(b.triangles, 1000u) << name;
        EXPECT_GE(b.fileBytes, fs::file_size(venue)) << name;
        for (const BudgetLine& line : checkBudget(b))
            EXPECT_FALSE(line.over()) << name << ": " << line.what << " " << line.usedText << " of " << line.limitText;
    }
}
