#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "run_command.hpp"

namespace fs = std::filesystem;

namespace {
const std::string kTool = std::string(ATRIUM_BIN_DIR) + "/atrium-venue";

fs::path writeTemp(const std::string& name, const std::string& text) {
    fs::path dir = fs::temp_directory_path() / ("atrium_venue_tool_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path p = dir / name;
    std::ofstream(p) << text;
    return p;
}
}  // namespace

TEST(AtriumVenueTool, PrintsStatisticsOfTheSampleVenue) {
    CommandResult r = runCommand(kTool + " " + ATRIUM_ASSETS_DIR + "/venues/small_hall.venue.json");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("is valid"), std::string::npos);
    EXPECT_NE(r.output.find("seat                   162"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("seating_block"), std::string::npos);
    EXPECT_NE(r.output.find("builtin:seat"), std::string::npos);
    EXPECT_NE(r.output.find("bounds: min (-12.10"), std::string::npos) << r.output;  // the side walls are 0.2 m thick at x = +-12
}

TEST(AtriumVenueTool, ListsEveryErrorAndFailsOnABadVenue) {
    fs::path bad = writeTemp("bad.venue.json", R"({"format": "atrium.venue", "version": 1, "entities": [
        {"id": "00000000000000aa", "components": {"light": {"intensity": "bright"}, "camera": {"fovYDegrees": 400}}}]})");
    CommandResult r = runCommand(kTool + " " + bad.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("2 error(s)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("entities[0].components.light.intensity: expected a number, got \"bright\""), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("entities[0].components.camera.fovYDegrees"), std::string::npos) << r.output;
}

TEST(AtriumVenueTool, MissingAssetsFailTheCheck) {
    fs::path venue = writeTemp("missing.venue.json", R"({"format": "atrium.venue", "version": 1, "entities": [
        {"id": "00000000000000aa", "name": "Chair", "components": {"meshRenderer": {"mesh": "models/chair.glb"}}}]})");
    CommandResult r = runCommand(kTool + " " + venue.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("(Chair): mesh \"models/chair.glb\""), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("no such file"), std::string::npos) << r.output;
}

// A screen's video must be beside the venue; a URL is not checked (it is live at show time).
TEST(AtriumVenueTool, AMissingScreenVideoFailsTheCheckAndAUrlDoesNot) {
    fs::path venue = writeTemp("screens.venue.json", R"({"format": "atrium.venue", "version": 1, "entities": [
        {"id": "00000000000000a1", "name": "Big screen", "components": {"mediaScreen": {"source": "video/keynote.mp4", "loop": true}}},
        {"id": "00000000000000a2", "name": "Stream", "components": {"mediaScreen": {"source": "http://127.0.0.1:9/live.ts"}}}]})");
    CommandResult r = runCommand(kTool + " " + venue.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("(Big screen): media screen source \"video/keynote.mp4\": no such file"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("(Stream)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("1 missing or broken asset(s)"), std::string::npos) << r.output;
}

// Each item of a playlist is checked like a source and named by its place in the list.
TEST(AtriumVenueTool, AMissingPlaylistItemIsNamedByItsPlace) {
    fs::path dir = writeTemp("playlist.venue.json", "{}").parent_path();
    fs::create_directories(dir / "video");
    writeTemp("video/booth_a.mp4", "a");
    fs::path venue = writeTemp("playlist.venue.json", R"({"format": "atrium.venue", "version": 1, "entities": [
        {"id": "00000000000000b1", "name": "Booth", "components": {"mediaScreen": {"playlist": ["video/booth_a.mp4", "http://127.0.0.1:9/x.ts", "video/booth_c.mp4"], "loop": true}}}]})");
    CommandResult r = runCommand(kTool + " " + venue.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("(Booth): media screen playlist[2] \"video/booth_c.mp4\": no such file"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("booth_a"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("1 missing or broken asset(s)"), std::string::npos) << r.output;
}

TEST(AtriumVenueTool, UsageErrorWithoutArguments) { EXPECT_EQ(runCommand(kTool).status, 2); }

// A spawn point inside a solid (here a box collider over it) is named with what it is inside;
// the file is still valid, so the check passes with the warning.
TEST(AtriumVenueTool, WarnsOfASpawnPointInsideTheVenuesGeometry) {
    fs::path venue = writeTemp("cramped.venue.json", R"({"format": "atrium.venue", "version": 1, "entities": [
        {"id": "00000000000000a1", "name": "Entrance", "components": {"spawnPoint": {"radius": 1}}},
        {"id": "00000000000000a2", "name": "Plinth", "components": {"transform": {"position": [0.5, 1, 0]},
            "collider": {"shape": "box", "halfExtents": [2, 1, 2]}}},
        {"id": "00000000000000a3", "name": "Lobby", "components": {"spawnPoint": {"radius": 1}, "transform": {"position": [8, 0, 0]}}}]})");
    CommandResult r = runCommand(kTool + " " + venue.string());
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("spawn point \"Entrance\": an avatar arriving there stands inside \"Plinth\""), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("\"Lobby\""), std::string::npos) << "the lobby's spawn point has room: " << r.output;
}

// A binding whose target was deleted after it was wired is a warning naming the binding; the
// venue still loads and the show skips it.
TEST(AtriumVenueTool, WarnsOfABindingToADeletedEntity) {
    fs::path venue = writeTemp("show.venue.json", R"({"format": "atrium.venue", "version": 1, "entities": [
        {"id": "00000000000000a1", "name": "Start button", "components": {"interactable": {"prompt": "Start"},
            "interactions": {"bindings": [{"when": {"kind": "used"}, "actions": [{"kind": "hide", "target": "00000000000000ff"}]}]}}}]})");
    CommandResult r = runCommand(kTool + " " + venue.string());
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("show: \"Start button\" binding 0: its action target 00000000000000ff is gone"), std::string::npos) << r.output;
}
