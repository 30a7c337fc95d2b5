// Animating a crowd: CrowdAnimation::update over N avatars (a third walking, a third seated,
// the rest standing; one in ten emoting), i.e. the state machine, clip sampling, blending and
// each avatar's 22 skin matrices. Goal (issue #20, with the renderer's extract): 1,000 animated
// avatars in view in <= 4 ms of CPU per frame on this machine; this is the animation part.
// BM_CustomAvatarCrowd: the same crowd all wearing one custom glTF avatar (25 joints, 22 of
// them humanoid), i.e. the same plus retargeting onto its skeleton.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "../animation/humanoid_gltf.hpp"
#include "atrium/animation/crowd_animation.hpp"
#include "atrium/scene/world.hpp"

using namespace atrium;

namespace {

void runCrowd(benchmark::State& state, AvatarLibrary* library) {
    const int n = int(state.range(0));
    World w;
    std::vector<Entity> walkers;
    for (int i = 0; i < n; ++i) {
        Entity e = w.create();
        w.get<Transform>(e)->position = vec3(float(i % 40), 0.0f, float(i / 40));
        StableId seat;
        if (i % 3 == 1) {
            Entity s = w.create();
            w.add<Seat>(s);
            seat = w.stableId(s);
        }
        w.add<Avatar>(e, Avatar{.seat = seat});
        if (i % 3 == 0) walkers.push_back(e);
    }
    CrowdAnimation crowd;
    crowd.setAvatars(library);
    if (library) {
        AvatarLook look;
        look.model = "avatars/bench.gltf";
        w.each<Avatar>([&](Entity e, Avatar&) { crowd.setLook(w.stableId(e), look); });
        if (!crowd.avatarModel(w.stableId(walkers[0]))) state.SkipWithError(library->problem(look.model).c_str());
    }
    double t = 0.0;
    const float dt = 1.0f / 60.0f;
    auto frame = [&] {
        t += dt;
        for (Entity e : walkers) w.get<Transform>(e)->position.z -= 1.4f * dt;
        w.updateTransforms();
        crowd.update(w, t, dt);
    };
    for (int i = 0; i < 60; ++i) frame();  // everyone settled into their states
    const auto* avatars = w.findPool<Avatar>();
    for (std::size_t i = 0; i < avatars->size(); i += 10) crowd.playEmote(w.stableId(avatars->entities()[i]), Emote::Cheer, t);
    for (auto _ : state) {
        state.PauseTiming();  // moving the walkers is the network's and physics' work, not animation's
        t += dt;
        for (Entity e : walkers) w.get<Transform>(e)->position.z -= 1.4f * dt;
        w.updateTransforms();
        state.ResumeTiming();
        crowd.update(w, t, dt);
        benchmark::DoNotOptimize(crowd.skinMatrices(w.stableId(walkers[0])).data());
    }
    // Seconds per avatar, shown in microseconds.
    state.counters["per_avatar"] = benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.counters["avatars"] = double(n);
}

void BM_CrowdAnimation(benchmark::State& state) { runCrowd(state, nullptr); }

void BM_CustomAvatarCrowd(benchmark::State& state) {
    const std::filesystem::path file = std::filesystem::temp_directory_path() / "atrium-animation-bench-avatar.gltf";
    test::writeHumanoidGltf(file, {.names = test::BoneNames::Mixamo, .extraJoints = 3});
    AvatarLibrary library([&](std::string_view) -> std::optional<std::filesystem::path> { return file; });
    runCrowd(state, &library);
    std::filesystem::remove(file);
}

}  // namespace

BENCHMARK(BM_CrowdAnimation)->Arg(200)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CustomAvatarCrowd)->Arg(200)->Arg(1000)->Unit(benchmark::kMillisecond);
