// Scene benchmarks: World create and iterate cost per entity, transform update, venue load
// time of a generated 10,000-entity venue, kit regeneration. Goals (Release): a 10,000-entity
// venue loads in under 100 ms; iterating 100,000 transforms takes under 1 ms.
#include <benchmark/benchmark.h>

#include <chrono>

#include "atrium/scene/kit.hpp"
#include "atrium/scene/venue_file.hpp"
#include "atrium/scene/world.hpp"

using namespace atrium;

namespace {

World makeWorld(int count) {
    World w;
    for (int i = 0; i < count; ++i) {
        Entity e = w.create();
        w.get<Transform>(e)->position = vec3(float(i % 100), 0.0f, float(i / 100));
        w.add<MeshRenderer>(e, MeshRenderer{.mesh = "builtin:seat"});
    }
    return w;
}

// A venue document with `count` plain entities (a mix of components, some parented), so the
// loader's full validation path is measured rather than kit regeneration.
std::string makeVenueText(int count) {
    World w;
    Entity group;
    for (int i = 0; i < count; ++i) {
        Entity e = w.create("Prop " + std::to_string(i));
        if (i % 50 == 0) group = e;
        else w.setParent(e, group);
        w.get<Transform>(e)->position = vec3(float(i % 100), 0.0f, float(i / 100));
        w.add<MeshRenderer>(e, MeshRenderer{.mesh = "builtin:box", .material = "builtin:wood"});
        if (i % 10 == 0) w.add<Light>(e, Light{.intensity = 100.0f});
        if (i % 4 == 0) w.add<Collider>(e);
    }
    return saveVenueToString(w);
}

}  // namespace

static void BM_WorldCreate(benchmark::State& state) {
    for (auto _ : state) {
        World w = makeWorld(int(state.range(0)));
        benchmark::DoNotOptimize(w.entityCount());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WorldCreate)->Arg(10000)->Unit(benchmark::kMillisecond);

static void BM_IterateTransforms(benchmark::State& state) {
    World w = makeWorld(int(state.range(0)));
    for (auto _ : state) {
        vec3 sum(0.0f);
        w.each<Transform>([&](Entity, Transform& t) { sum += t.position; });
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_IterateTransforms)->Arg(100000)->Unit(benchmark::kMicrosecond);

static void BM_IterateTransformAndMesh(benchmark::State& state) {
    World w = makeWorld(int(state.range(0)));
    for (auto _ : state) {
        std::size_t n = 0;
        w.each<MeshRenderer, Transform>([&](Entity, MeshRenderer& m, Transform& t) { n += m.visible && t.scale.x > 0; });
        benchmark::DoNotOptimize(n);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_IterateTransformAndMesh)->Arg(100000)->Unit(benchmark::kMicrosecond);

static void BM_UpdateTransforms(benchmark::State& state) {
    World w = makeWorld(int(state.range(0)));
    w.updateTransforms();
    for (auto _ : state) {
        w.updateTransforms();
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_UpdateTransforms)->Arg(100000)->Unit(benchmark::kMicrosecond);

static void BM_LoadVenue(benchmark::State& state) {
    std::string text = makeVenueText(int(state.range(0)));
    for (auto _ : state) {
        Result<World> w = loadVenueFromString(text, "bench.venue.json");
        if (!w.ok()) state.SkipWithError(w.error().toString().c_str());
        benchmark::DoNotOptimize(w.ok());
    }
    state.counters["MB"] = double(text.size()) / 1e6;
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_LoadVenue)->Arg(10000)->Unit(benchmark::kMillisecond);

static void BM_SaveVenue(benchmark::State& state) {
    Result<World> w = loadVenueFromString(makeVenueText(int(state.range(0))), "bench.venue.json");
    for (auto _ : state) benchmark::DoNotOptimize(saveVenueToString(*w).size());
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SaveVenue)->Arg(10000)->Unit(benchmark::kMillisecond);

static void BM_RegenerateSeatingBlock(benchmark::State& state) {
    World w;
    Entity kit = *spawnKit(w, "seating_block", {{"rows", 40}, {"seatsPerRow", 50}, {"arcRadius", 20}});
    double rows = 40;
    for (auto _ : state) {
        rows = rows == 40 ? 39 : 40;  // alternate so every pass really changes the children
        w.get<KitInstance>(kit)->params["rows"] = rows;
        regenerateKit(w, kit);
    }
}
BENCHMARK(BM_RegenerateSeatingBlock)->Unit(benchmark::kMillisecond);

// A seating block of `seats` generated from nothing, straight rows of 200 and no tiers (each
// part a seat), under a budget raised to allow it: generation must stay linear in the parts.
double generateSeats(int seats) {
    World w;
    KitBudget unlimited{.partsPerKit = 1'000'000, .partsPerVenue = 1'000'000};
    Entity kit = w.create("Block");
    w.add<KitInstance>(kit, KitInstance{"seating_block", {{"rows", seats / 200}, {"seatsPerRow", 200}, {"risePerRow", 0}}, {}});
    auto start = std::chrono::steady_clock::now();
    if (!regenerateKit(w, kit, unlimited).ok()) return -1.0;
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

static void BM_GenerateSeatingBlock(benchmark::State& state) {
    for (auto _ : state) state.SetIterationTime(generateSeats(int(state.range(0))) / 1000.0);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GenerateSeatingBlock)->Arg(10000)->Arg(40000)->UseManualTime()->Unit(benchmark::kMillisecond);

// The largest block the default KitBudget allows with tiers: 100 x 100 seats and 9,900 tiers
// (19,900 parts), what a host's one change can cost a server's tick.
static void BM_GenerateSeatingBlockAtBudget(benchmark::State& state) {
    for (auto _ : state) {
        World w;
        Entity kit = w.create("Block");
        w.add<KitInstance>(kit, KitInstance{"seating_block", {{"rows", 100}, {"seatsPerRow", 100}}, {}});
        auto start = std::chrono::steady_clock::now();
        if (!regenerateKit(w, kit).ok()) state.SkipWithError("refused");
        state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
}
BENCHMARK(BM_GenerateSeatingBlockAtBudget)->UseManualTime()->Unit(benchmark::kMillisecond);

// The two sizes in one run, so the ratio compares like with like on a noisy machine: 4.0 is
// linear (it was 14 when appending a child walked the sibling list).
static void BM_SeatingBlockScaling(benchmark::State& state) {
    double t10 = 0, t40 = 0;
    for (auto _ : state) {
        t10 += generateSeats(10000);
        t40 += generateSeats(40000);
    }
    double n = double(state.iterations());
    state.counters["ms_10k"] = t10 / n;
    state.counters["ms_40k"] = t40 / n;
    state.counters["ratio_40k_10k"] = t40 / t10;
}
BENCHMARK(BM_SeatingBlockScaling)->Unit(benchmark::kMillisecond)->Iterations(3);
