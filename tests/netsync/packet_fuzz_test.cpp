// Thousands of random and mutated packets through every decoder: nothing may crash or read out
// of bounds (this runs under AddressSanitizer in the sanitizer build).
#include <gtest/gtest.h>

#include <random>

#include "decode_all.hpp"

using namespace atrium;
using namespace atrium::net;

TEST(PacketFuzz, RandomAndMutatedPacketsAreRejectedSafely) {
    PositionQuantizer q(Aabb{vec3(-100), vec3(100)});
    SnapshotDecoder decoder(q);
    std::vector<std::vector<std::uint8_t>> seeds = {
        encodeJoin("token"),
        encodeJoinAccept({3, 7, Aabb{vec3(-1), vec3(1)}, 30.0f, Role::Host}),
        encodeInputs(4, true, {AvatarInput{5, vec2(1, 0), 0.3f, true, false}}),
        encodeSpawn({1, EntityKind::Avatar, 2, StableId{9}, "name"}),
        encodeChatLine({1, 2, "a", "hello"}),
        encodeSeatState({StableId{5}, 1}),
        encodeEdit({StableId{4}, vec3(1), quat(1, 0, 0, 0)}),
        encodeMedia({StableId{3}, 2, true, "http://127.0.0.1:8080/live.ts", 12.5, 600, 0.8f}),
        encodeMediaControl({StableId{3}, MediaAction::Seek, 30.0}),
        packBatches({encodeDespawn(1), encodeDespawn(2), encodeDespawn(3)})[0],
        encodeEmote(3),
        encodeEmoteEvent({2, 7, 4, 900}),
        encodeLook({2, {1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}}),
        encodeLookState(5, {}),
        encodeParticipant({3, "ada", Role::Presenter, 9}),
        encodeParticipantLeft(3),
        encodeAssetEntry({2, 1, {"models/chair.glb", 5, sha256(std::vector<std::uint8_t>{1, 2, 3})}}),
        encodeAssetRequest({"models/chair.glb", 1024}),
        encodeAssetChunk(1, 0, std::vector<std::uint8_t>(40, 7))};
    std::mt19937 rng(99);
    for (int i = 0; i < 6000; ++i) {
        std::vector<std::uint8_t> p = seeds[rng() % seeds.size()];
        int edits = 1 + int(rng() % 6);
        for (int k = 0; k < edits && !p.empty(); ++k) {
            std::size_t at = rng() % p.size();
            switch (rng() % 3) {
                case 0: p[at] ^= std::uint8_t(1u << (rng() % 8)); break;
                case 1: p.resize(at); break;
                case 2: p.insert(p.begin() + std::ptrdiff_t(at), std::uint8_t(rng())); break;
            }
        }
        if (i % 5 == 0) {
            p.assign(rng() % 1300, 0);
            for (auto& b : p) b = std::uint8_t(rng());
        }
        decodeAny(p, decoder);
    }
    SUCCEED();
}
