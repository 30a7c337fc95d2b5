#pragma once
// The concert hall sample with furniture, for the asset transfer's tests and benchmark:
// samples/concert_hall's venue file plus props that are real glTF files from tests/data (a
// .glb engine and figure, a .gltf with an external .bin, a textured box), laid out in a venue
// folder. The shipped hall draws only builtin: meshes, which would leave nothing but the venue
// file to transfer.
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace atrium::test {

struct HallProp {
    const char* from;  // under tests/data/gltf/models
    const char* to;    // venue-relative
};
inline constexpr HallProp kHallProps[] = {
    {"2CylinderEngine.glb", "models/engine.glb"},
    {"CesiumMan.glb", "models/people/figure.glb"},
    {"AnimatedMorphCube/AnimatedMorphCube.gltf", "models/cube/AnimatedMorphCube.gltf"},
    {"AnimatedMorphCube/AnimatedMorphCube.bin", "models/cube/AnimatedMorphCube.bin"},
    {"BoxTextured.glb", "models/box.glb"},
};

// Writes the hall into `dir` (emptied first) and returns its venue file.
inline std::filesystem::path furnishedConcertHall(const std::filesystem::path& dir) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::filesystem::path data = std::filesystem::path(ATRIUM_TEST_DATA) / "gltf/models";
    for (const HallProp& p : kHallProps) {
        std::filesystem::create_directories((dir / p.to).parent_path());
        std::filesystem::copy_file(data / p.from, dir / p.to);
    }
    std::ifstream in(std::filesystem::path(ATRIUM_SOURCE_DIR) / "samples/concert_hall/concert_hall.venue.json");
    nlohmann::json venue = nlohmann::json::parse(in);
    const char* meshes[] = {"models/engine.glb", "models/people/figure.glb", "models/cube/AnimatedMorphCube.gltf", "models/box.glb"};
    int n = 0;
    for (const char* mesh : meshes) {
        char id[17];
        std::snprintf(id, sizeof id, "c2000000000000%02d", ++n);
        venue["entities"].push_back(
            {{"id", id},
             {"name", std::string("Prop ") + mesh},
             {"components", {{"transform", {{"position", {-8.0 + 4.0 * n, 1.2, -16.0}}}}, {"meshRenderer", {{"mesh", mesh}}}}}});
    }
    std::filesystem::path file = dir / "concert_hall.venue.json";
    std::ofstream(file, std::ios::binary) << venue.dump(2);
    return file;
}

}  // namespace atrium::test
