// Fuzz-style robustness: deterministic mutations of small valid files go through the importer
// from memory. Each must either import or fail with an Error; crashes, hangs and out-of-bounds
// reads show up here (and under the sanitizer build, which runs this test too).
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <iterator>

#include "atrium/assets/gltf_importer.hpp"

using namespace atrium;

namespace {

std::vector<unsigned char> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A small fixed-seed generator so every run tries the same inputs.
struct Lcg {
    std::uint64_t state;
    std::uint32_t next() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return std::uint32_t(state >> 33);
    }
    std::size_t below(std::size_t n) { return n ? next() % n : 0; }
};

std::vector<unsigned char> mutate(const std::vector<unsigned char>& in, Lcg& rng) {
    std::vector<unsigned char> out = in;
    const int edits = 1 + int(rng.below(4));
    for (int e = 0; e < edits && !out.empty(); ++e) {
        std::size_t at = rng.below(out.size());
        switch (rng.below(5)) {
            case 0: out[at] ^= std::uint8_t(1u << rng.below(8)); break;  // bit flip
            case 1: {
                // Rewrite a digit: changes counts, offsets and indices while keeping the JSON valid.
                for (std::size_t k = 0; k < out.size(); ++k) {
                    std::size_t i = (at + k) % out.size();
                    if (std::isdigit(out[i])) {
                        out[i] = std::uint8_t('0' + rng.below(10));
                        break;
                    }
                }
                break;
            }
            case 2: out.resize(at); break;  // truncation
            case 3: out[at] = std::uint8_t(rng.next()); break;
            default: {
                // Insert a digit after an existing one: numbers grow by an order of magnitude.
                for (std::size_t k = 0; k < out.size(); ++k) {
                    std::size_t i = (at + k) % out.size();
                    if (std::isdigit(out[i])) {
                        out.insert(out.begin() + std::ptrdiff_t(i), std::uint8_t('1' + rng.below(9)));
                        break;
                    }
                }
            }
        }
    }
    return out;
}

void fuzzFile(const std::string& rel, int iterations, std::uint64_t seed) {
    const std::string path = std::string(ATRIUM_TEST_DATA) + "/gltf/" + rel;
    std::vector<unsigned char> original = readFile(path);
    ASSERT_FALSE(original.empty()) << path;
    ASSERT_TRUE(importGltfFromMemory(original, path).ok());
    Lcg rng{seed};
    int rejected = 0;
    for (int i = 0; i < iterations; ++i) {
        std::vector<unsigned char> bytes = mutate(original, rng);
        Result<Model> r = importGltfFromMemory(bytes, path);
        if (!r.ok()) {
            ++rejected;
            EXPECT_FALSE(r.error().message.empty());
            EXPECT_EQ(r.error().file, path);
        } else {
            for (const Mesh& m : r->meshes)
                for (const MeshPrimitive& p : m.primitives)
                    for (std::uint32_t idx : p.indices) ASSERT_LT(idx, p.positions.size());
        }
    }
    EXPECT_GT(rejected, 0) << "mutations should break at least some inputs";
}

}  // namespace

TEST(GltfMutation, MutatedGlbNeverCrashes) { fuzzFile("models/BoxTextured.glb", 300, 1); }

TEST(GltfMutation, MutatedEmbeddedGltfNeverCrashes) { fuzzFile("models/cube.gltf", 300, 2); }

TEST(GltfMutation, MutatedExternalBufferGltfNeverCrashes) {
    fuzzFile("conformance/Mesh_PrimitiveMode/Mesh_PrimitiveMode_13.gltf", 200, 3);
}
