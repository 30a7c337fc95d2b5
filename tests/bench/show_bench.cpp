// Interactions benchmark: the server's cost per 60 Hz tick of a venue with 1,000 active bindings
// (a trigger each, 50 of them set off every tick, each starting a move and a light fade) and 20
// running, looping timelines of 4 tracks x 16 keys with cues. Goal: under 0.5 ms per tick.
#include <benchmark/benchmark.h>

#include "atrium/scene/show/show_runner.hpp"

using namespace atrium;

namespace {

struct ShowVenue {
    World w;
    std::vector<StableId> triggers, people;
    ShowVenue(int bindings, int timelines) {
        for (int i = 0; i < 50; ++i) {
            Entity p = w.create("person " + std::to_string(i));
            w.add<Avatar>(p);
            people.push_back(w.stableId(p));
        }
        for (int i = 0; i < bindings; ++i) {
            Entity lamp = w.create("lamp " + std::to_string(i));
            w.add<Light>(lamp);
            Entity t = w.create("zone " + std::to_string(i));
            w.add<Trigger>(t);
            Interactions in;
            in.bindings.push_back(
                {{.kind = ShowEvent::Kind::TriggerEntered},
                 {{"open", ShowCondition::Op::GreaterEqual, 0}},
                 {{.kind = ShowAction::Kind::MoveTo, .target = w.stableId(lamp), .value = vec3(float(i), 2, 0), .seconds = 1},
                  {.kind = ShowAction::Kind::SetLight, .target = w.stableId(lamp), .value = vec3(1, 0.5f, 0), .amount = 5, .seconds = 1},
                  {.kind = ShowAction::Kind::AddCounter, .amount = 1, .text = "visits"}},
                 0.0f});
            w.add<Interactions>(t, in);
            triggers.push_back(w.stableId(t));
        }
        for (int i = 0; i < timelines; ++i) {
            Timeline tl{.length = 8.0f, .loop = true, .autoplay = true};
            for (int k = 0; k < 4; ++k) {
                Entity spot = w.create("spot " + std::to_string(i) + "." + std::to_string(k));
                w.add<Light>(spot, Light{.type = Light::Type::Spot});
                TimelineTrack track{w.stableId(spot), k % 2 ? TimelineTrack::Property::LightColor : TimelineTrack::Property::Rotation, {}};
                for (int key = 0; key < 16; ++key) track.keys.push_back({key * 0.5f, vec4(float(key), float(k), 0.5f, 1), Easing::EaseInOut});
                tl.tracks.push_back(track);
            }
            tl.cues.push_back({4.0f, {{.kind = ShowAction::Kind::AddCounter, .amount = 1, .text = "beats"}}});
            w.add<Timeline>(w.create("show " + std::to_string(i)), tl);
        }
    }
};

void BM_ShowTick(benchmark::State& state) {
    ShowVenue v(int(state.range(0)), int(state.range(1)));
    ShowRunner runner(v.w);
    runner.start(0.0);
    double t = 0.0;
    std::size_t next = 0;
    std::vector<RuleEvent> events(50);
    for (auto _ : state) {
        t += 1.0 / 60.0;
        for (std::size_t i = 0; i < events.size(); ++i) {
            events[i] = {RuleEvent::Kind::TriggerEnter, v.people[i], v.triggers[next++ % v.triggers.size()], {}, {}};
        }
        runner.update(t, events);
        benchmark::DoNotOptimize(runner.takeEffects());
    }
    state.counters["tweens"] = double(runner.activeTweens());
    state.counters["firings/tick"] = double(runner.firings()) / double(state.iterations());
}
BENCHMARK(BM_ShowTick)->Args({1000, 20})->Unit(benchmark::kMicrosecond);

}  // namespace
