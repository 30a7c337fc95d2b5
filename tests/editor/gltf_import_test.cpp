// Importing a glTF model from the asset browser: validated and copied on a worker thread with
// progress, placed as one command.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "editor_names.hpp"
#include "editor_ui.hpp"
#include "gltf_import_job.hpp"

using namespace atrium;
using namespace atrium::editor;

namespace {

const std::filesystem::path kModels = std::filesystem::path(ATRIUM_TEST_DATA) / "gltf" / "models";

std::filesystem::path freshDir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// Polls like the UI does; returns the fractions seen.
std::vector<float> waitFor(const GltfImportJob& job) {
    std::vector<float> seen;
    for (int i = 0; i < 20000 && !job.finished(); ++i) {
        seen.push_back(job.progress().fraction);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    seen.push_back(job.progress().fraction);
    return seen;
}

}  // namespace

TEST(GltfImport, ValidatesCopiesTheModelAndItsBuffersAndReportsProgress) {
    auto venue = freshDir("atrium_gltf_import_test");
    GltfImportJob job(kModels / "AnimatedMorphCube" / "AnimatedMorphCube.gltf", venue);
    std::vector<float> seen = waitFor(job);
    ASSERT_TRUE(job.finished());
    for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_LE(seen[i - 1], seen[i]) << "progress never goes back";
    GltfImportJob::Progress p = job.progress();
    ASSERT_EQ(p.stage, GltfImportJob::Stage::Done) << p.text;
    EXPECT_EQ(p.fraction, 1.0f);
    EXPECT_EQ(job.modelRef(), "models/AnimatedMorphCube/AnimatedMorphCube.gltf");
    EXPECT_TRUE(std::filesystem::exists(venue / "models/AnimatedMorphCube/AnimatedMorphCube.bin"));
    EXPECT_EQ(std::filesystem::file_size(venue / "models/AnimatedMorphCube/AnimatedMorphCube.bin"),
              std::filesystem::file_size(kModels / "AnimatedMorphCube" / "AnimatedMorphCube.bin"));
    Result<EntityTree> tree = job.result();
    ASSERT_TRUE(tree.ok()) << tree.error().toString();
    bool referencesCopy = false;
    for (const EntityRecord& r : tree->entities) {
        for (const ComponentValue& c : r.components) {
            if (const auto* m = std::get_if<MeshRenderer>(&c)) referencesCopy |= m->mesh.rfind(job.modelRef(), 0) == 0;
        }
    }
    EXPECT_TRUE(referencesCopy);

    // A second import of the same model never overwrites the first.
    GltfImportJob again(kModels / "AnimatedMorphCube" / "AnimatedMorphCube.gltf", venue);
    waitFor(again);
    EXPECT_EQ(again.modelRef(), "models/AnimatedMorphCube-2/AnimatedMorphCube.gltf");
    std::filesystem::remove_all(venue);
}

TEST(GltfImport, ABrokenModelFailsWithTheImportersErrorAndCopiesNothing) {
    auto venue = freshDir("atrium_gltf_import_bad_test");
    GltfImportJob job(std::filesystem::path(ATRIUM_TEST_DATA) / "gltf" / "invalid" / "MissingBin" / "BoxTextured.gltf", venue);
    waitFor(job);
    EXPECT_EQ(job.progress().stage, GltfImportJob::Stage::Failed);
    Result<EntityTree> tree = job.result();
    ASSERT_FALSE(tree.ok());
    EXPECT_NE(tree.error().toString().find("BoxTextured.gltf"), std::string::npos) << tree.error().toString();
    EXPECT_FALSE(std::filesystem::exists(venue / "models"));

    GltfImportJob notGltf(std::filesystem::path(ATRIUM_TEST_DATA) / "gltf" / "models" / "CesiumMan.README.md", venue);
    waitFor(notGltf);
    EXPECT_EQ(notGltf.progress().stage, GltfImportJob::Stage::Failed);
    std::filesystem::remove_all(venue);
}

TEST(GltfImport, TheAssetBrowserPlacesTheImportedModelAsOneUndoableCommand) {
    auto venue = freshDir("atrium_gltf_import_ui_test");
    HeadlessImGui imgui(1280, 720);
    Document doc;
    EditorUi ui(doc, venue / "config");
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());
    std::size_t before = doc.world().entityCount();
    ui.startImport(kModels / "BoxTextured.glb", venue);
    ASSERT_NE(ui.importJob(), nullptr);
    for (int i = 0; i < 5000 && ui.importJob(); ++i) {
        imgui.beginFrame();
        ui.frame(0.0, 1.0f);
        imgui.endFrame();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(ui.importJob(), nullptr);
    EXPECT_GT(doc.world().entityCount(), before) << doc.lastMessage;
    Entity placed = doc.world().find(doc.selection().primary());
    ASSERT_TRUE(placed);
    EXPECT_NE(doc.lastMessage.find("models/BoxTextured/BoxTextured.glb"), std::string::npos) << doc.lastMessage;
    ASSERT_TRUE(doc.undo().ok());
    EXPECT_EQ(doc.world().entityCount(), before);
    std::filesystem::remove_all(venue);
}
