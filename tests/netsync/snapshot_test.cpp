#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <random>

#include "atrium/net/snapshot.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {
const PositionQuantizer kQuant(Aabb{vec3(-100, -10, -100), vec3(100, 40, 100)});

std::vector<SnapshotCandidate> cubes(int n, float offset = 0.0f) {
    std::vector<SnapshotCandidate> out;
    for (int i = 0; i < n; ++i) {
        SnapshotCandidate c;
        c.id = NetId(i);
        c.state.position = kQuant.quantize(vec3(float(i % 30), 0.5f + offset, float(i / 30)));
        c.state.rotation = quantizeRotation(quat(1, 0, 0, 0));
        out.push_back(c);
    }
    return out;
}
}  // namespace

TEST(Snapshot, FirstSnapshotIsAFullBaselineThatDecodesExactly) {
    SnapshotEncoder enc(kQuant);
    SnapshotDecoder dec(kQuant);
    auto c = cubes(50);
    auto bytes = enc.encode({.sequence = 1}, c, 1200);
    auto d = dec.decode(bytes);
    ASSERT_TRUE(d);
    EXPECT_FALSE(d->header.baseline);
    ASSERT_EQ(d->state->size(), 50u);
    for (const auto& cand : c) EXPECT_EQ(d->state->at(cand.id), cand.state);
}

TEST(Snapshot, ObjectsAtRestCostNothingOnceAcknowledged) {
    SnapshotEncoder enc(kQuant);
    SnapshotDecoder dec(kQuant);
    auto c = cubes(900);
    std::uint16_t seq = 1;
    // Full snapshots until everything has been sent and acknowledged (900 cubes need several).
    for (int i = 0; i < 40; ++i, ++seq) {
        auto d = dec.decode(enc.encode({.sequence = seq}, c, 1200));
        ASSERT_TRUE(d);
        enc.acknowledge(seq);
        if (d->changed.empty()) break;
    }
    ASSERT_LT(seq, 40);
    auto resting = enc.encode({.sequence = seq}, c, 1200);
    EXPECT_LE(resting.size(), 16u) << "a resting pile should be a header only";
    EXPECT_EQ(enc.lastEntityCount(), 0u);
}

TEST(Snapshot, SmallMovesUseShortDeltas) {
    SnapshotEncoder enc(kQuant);
    SnapshotDecoder dec(kQuant);
    auto c = cubes(80);
    auto full = enc.encode({.sequence = 1}, c, 1200);
    ASSERT_EQ(enc.lastEntityCount(), 80u);
    ASSERT_TRUE(dec.decode(full));
    enc.acknowledge(1);
    auto moved = cubes(80, 0.01f);  // every cube up by 1 cm
    auto delta = enc.encode({.sequence = 2}, moved, 1200);
    EXPECT_LT(delta.size(), full.size() * 6 / 10);
    auto d = dec.decode(delta);
    ASSERT_TRUE(d);
    for (const auto& cand : moved) EXPECT_EQ(d->state->at(cand.id), cand.state);
}

TEST(Snapshot, BudgetIsRespectedAndPriorityRotatesThroughEveryone) {
    SnapshotEncoder enc(kQuant);
    SnapshotDecoder dec(kQuant);
    auto c = cubes(900);
    std::set<NetId> seen;
    // About 21 full states fit in 300 bytes, so 60 packets can cover all 900 entities.
    for (std::uint16_t seq = 1; seq <= 60; ++seq) {
        auto bytes = enc.encode({.sequence = seq}, c, 300);
        EXPECT_LE(bytes.size(), 300u);
        auto d = dec.decode(bytes);
        ASSERT_TRUE(d);
        for (NetId id : d->changed) seen.insert(id);
        enc.acknowledge(seq);
    }
    EXPECT_EQ(seen.size(), 900u) << "every entity must get its turn under a small budget";
}

// Each packet carries the changes with the highest accumulated priority (ties to the lower
// id), as many as the budget holds, whatever the budget: small ones, big ones and sudden swings
// between them; with many equal priorities, and with priorities all different but close, that
// change every packet. Without acknowledgements every entity is a full state, so all cost the
// same: a packet of k entities must hold exactly the best k, and the same budget must always
// hold the same k.
TEST(Snapshot, EachPacketCarriesTheHighestAccumulatedPriorities) {
    const float levels[] = {0.25f, 0.5f, 1.0f, 2.0f, 3.0f};
    std::uniform_real_distribution<float> near(0.9f, 1.1f);
    for (bool fewLevels : {true, false}) {
        SCOPED_TRACE(fewLevels ? "five priority levels" : "priorities all different");
        SnapshotEncoder enc(kQuant);
        SnapshotDecoder dec(kQuant);
        std::mt19937 rng(11);
        auto c = cubes(200);
        auto draw = [&] {
            for (auto& cand : c) cand.priority = fewLevels ? levels[rng() % 5] : near(rng);
        };
        draw();
        std::vector<float> accumulated(c.size(), 0.0f);
        const std::size_t budgets[] = {120, 200, 333, 480, 1200};
        std::map<std::size_t, std::size_t> held;  // entities a packet of each budget held
        for (std::uint16_t seq = 1; seq <= 300; ++seq) {
            std::size_t budget = budgets[rng() % 5];
            if (!fewLevels) draw();
            for (std::size_t i = 0; i < c.size(); ++i) accumulated[i] = c[i].priority + accumulated[i];
            auto d = dec.decode(enc.encode({.sequence = seq}, c, budget));
            ASSERT_TRUE(d);
            ASSERT_FALSE(d->changed.empty());
            std::vector<std::size_t> best(c.size());
            std::iota(best.begin(), best.end(), 0);
            std::stable_sort(best.begin(), best.end(), [&](std::size_t a, std::size_t b) { return accumulated[a] > accumulated[b]; });
            best.resize(d->changed.size());
            std::sort(best.begin(), best.end());
            std::vector<std::size_t> carried(d->changed.begin(), d->changed.end());
            ASSERT_EQ(carried, best) << "packet " << seq << " with a budget of " << budget << " bytes";
            auto [first, added] = held.emplace(budget, carried.size());
            ASSERT_EQ(first->second, carried.size()) << "packet " << seq << " with a budget of " << budget << " bytes";
            for (std::size_t i : carried) accumulated[i] = 0.0f;
        }
        ASSERT_EQ(held.size(), 5u);
        for (auto it = held.begin(); std::next(it) != held.end(); ++it) EXPECT_LT(it->second, std::next(it)->second);
    }
}

TEST(Snapshot, LostPacketsDoNotBreakTheDeltaChain) {
    SnapshotEncoder enc(kQuant);
    SnapshotDecoder dec(kQuant);
    std::mt19937 rng(8);
    std::optional<std::uint16_t> lastDelivered;
    for (std::uint16_t seq = 1; seq <= 200; ++seq) {
        auto c = cubes(40, float(seq) * 0.003f);
        auto bytes = enc.encode({.sequence = seq}, c, 1200);
        if (rng() % 4 == 0) continue;  // 25% loss; acks only for what arrived
        auto d = dec.decode(bytes);
        ASSERT_TRUE(d) << "seq " << seq;
        for (const auto& cand : c) ASSERT_EQ(d->state->at(cand.id), cand.state);
        if (rng() % 3) enc.acknowledge(seq);  // and some acks are lost too
    }
}

TEST(Snapshot, LateAndReorderedAcksKeepTheChainWhole) {
    // Acks arrive one to six snapshots late, out of order, some lost: an ack older than the
    // baseline (whose view the encoder has already retired and reuses) must change nothing.
    SnapshotEncoder enc(kQuant);
    SnapshotDecoder dec(kQuant);
    std::mt19937 rng(9);
    std::vector<std::pair<int, std::uint16_t>> inFlight;  // (snapshot it arrives at, sequence)
    int delivered = 0, deltas = 0;
    for (std::uint16_t seq = 1; seq <= 300; ++seq) {
        for (std::size_t i = 0; i < inFlight.size();) {
            if (inFlight[i].first <= seq) {
                enc.acknowledge(inFlight[i].second);
                inFlight[i] = inFlight.back();
                inFlight.pop_back();
            } else {
                ++i;
            }
        }
        std::shuffle(inFlight.begin(), inFlight.end(), rng);
        auto c = cubes(60, float(seq) * 0.004f);
        for (auto& cand : c) cand.priority = 1.0f + float(cand.id % 5);
        if (seq % 50 > 40) c.resize(45);  // some leave the view for a while
        auto bytes = enc.encode({.sequence = seq}, c, 400);
        if (rng() % 5 == 0) continue;  // 20% loss
        auto d = dec.decode(bytes);
        ASSERT_TRUE(d) << "seq " << seq << ": the client lacks the baseline the server used";
        ++delivered;
        deltas += d->header.baseline.has_value();
        for (NetId id : d->changed) ASSERT_EQ(d->state->at(id), c[id].state) << "seq " << seq << " id " << id;
        if (rng() % 4) inFlight.push_back({seq + 1 + int(rng() % 6), seq});
    }
    EXPECT_GT(delivered, 200);
    EXPECT_GT(deltas, delivered * 9 / 10) << "packets should be deltas against an acknowledged baseline";
}

TEST(Snapshot, StaleDuplicateAndGarbagePacketsAreRejected) {
    SnapshotEncoder enc(kQuant);
    SnapshotDecoder dec(kQuant);
    auto b1 = enc.encode({.sequence = 5}, cubes(10), 1200);
    auto b2 = enc.encode({.sequence = 6}, cubes(10), 1200);
    ASSERT_TRUE(dec.decode(b2));
    EXPECT_FALSE(dec.decode(b1)) << "older than the newest";
    EXPECT_FALSE(dec.decode(b2)) << "duplicate";
    std::mt19937 rng(1);
    SnapshotDecoder fresh(kQuant);
    for (int i = 0; i < 3000; ++i) {
        std::vector<std::uint8_t> junk(rng() % 64);
        for (auto& b : junk) b = std::uint8_t(rng());
        (void)fresh.decode(junk);  // must not crash or read out of bounds
        auto mutated = b2;
        mutated[rng() % mutated.size()] ^= std::uint8_t(1u << (rng() % 8));
        mutated.resize(rng() % (mutated.size() + 1));
        (void)fresh.decode(mutated);
    }
}

TEST(Snapshot, EntitiesLeavingTheViewAreRemovedOnTheClientEvenWhenPacketsAreLost) {
    SnapshotEncoder enc(kQuant);
    SnapshotDecoder dec(kQuant);
    auto all = cubes(20);
    ASSERT_TRUE(dec.decode(enc.encode({.sequence = 1}, all, 1200)));
    enc.acknowledge(1);
    // Entities 5..9 leave the view. The packet saying so is lost, and the next one (still
    // against baseline 1) must say it again.
    std::vector<SnapshotCandidate> fewer;
    for (const auto& c : all) {
        if (c.id < 5 || c.id > 9) fewer.push_back(c);
    }
    (void)enc.encode({.sequence = 2}, fewer, 1200);
    EXPECT_EQ(enc.lastRemovedCount(), 5u);
    auto d = dec.decode(enc.encode({.sequence = 3}, fewer, 1200));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->state->size(), 15u);
    for (NetId id = 5; id <= 9; ++id) EXPECT_EQ(d->state->find(id), nullptr) << id;
    for (const auto& c : fewer) EXPECT_EQ(d->state->at(c.id), c.state);
    // Once the client has acknowledged a view without them, removals cost nothing more.
    enc.acknowledge(3);
    auto quiet = enc.encode({.sequence = 4}, fewer, 1200);
    EXPECT_EQ(enc.lastRemovedCount(), 0u);
    EXPECT_LE(quiet.size(), 16u);
    // One comes back: it is sent whole, since the client no longer holds it.
    fewer.push_back(all[7]);
    auto back = dec.decode(enc.encode({.sequence = 5}, fewer, 1200));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->state->at(7), all[7].state);
    EXPECT_EQ(back->changed, std::vector<NetId>{7});
}

TEST(Snapshot, CandidatesInAnyOrderAndRepeatedEncodeAsSortedOnes) {
    // A server's views come sorted by id; an app's candidates may not, and may repeat an id.
    // Both must give the packet the sorted, distinct candidates give, baseline after baseline.
    SnapshotEncoder sorted(kQuant), shuffled(kQuant);
    std::mt19937 rng(7);
    for (std::uint16_t seq = 1; seq <= 6; ++seq) {
        auto c = cubes(40, 0.01f * seq);
        for (auto& cand : c) cand.priority = 1.0f + float(cand.id % 7);
        auto mixed = c;
        mixed.push_back(c[3]);
        mixed.push_back(c[31]);
        std::shuffle(mixed.begin(), mixed.end(), rng);
        EXPECT_EQ(sorted.encode({.sequence = seq}, c, 300), shuffled.encode({.sequence = seq}, mixed, 300)) << "snapshot " << seq;
        sorted.acknowledge(seq);
        shuffled.acknowledge(seq);
    }
}
