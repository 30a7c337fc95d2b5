// Deterministic mutations of real glTF files through the importer: each must import or fail
// with an error naming the file; under AddressSanitizer this also proves no out-of-bounds read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "atrium/assets/gltf_importer.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {
std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void mutateAndImport(const fs::path& source, const char* ext, int rounds, unsigned seed) {
    std::string original = readFile(source);
    ASSERT_FALSE(original.empty());
    fs::path tmp = fs::temp_directory_path() / ("atrium_gltf_fuzz_" + std::to_string(::getpid()) + ext);
    std::mt19937 rng(seed);
    for (int i = 0; i < rounds; ++i) {
        std::string bytes = original;
        int edits = 1 + int(rng() % 8);
        for (int k = 0; k < edits && !bytes.empty(); ++k) {
            std::size_t at = rng() % bytes.size();
            switch (rng() % 4) {
                case 0: bytes[at] = char(rng() % 256); break;
                case 1: bytes[at] = char('0' + rng() % 10); break;  // plausible digits in counts and offsets
                case 2: bytes.erase(at, 1 + rng() % 8); break;
                case 3: bytes.resize(std::max<std::size_t>(at, 1)); break;
            }
        }
        { std::ofstream(tmp, std::ios::binary) << bytes; }
        Result<Model> m = importGltf(tmp.string());
        if (!m.ok()) {
            ASSERT_EQ(m.error().file, tmp.string());
        }
    }
    fs::remove(tmp);
}
}  // namespace

TEST(GltfFuzz, MutatedGlbFilesNeverCrash) {
    mutateAndImport(fs::path(ATRIUM_TEST_DATA) / "gltf" / "models" / "BoxTextured.glb", ".glb", 300, 7);
}

TEST(GltfFuzz, MutatedGltfFilesNeverCrash) { mutateAndImport(fs::path(ATRIUM_TEST_DATA) / "gltf" / "models" / "cube.gltf", ".gltf", 300, 11); }
