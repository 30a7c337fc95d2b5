// Avatar benchmark: the concert hall sample with 200 and then 1,000 animated avatars in view,
// most seated, the rest walking about the stalls. Prints CPU milliseconds per frame for the
// crowd's animation update, extraction (World -> render list, mannequin palettes included) and
// recording, GPU time excluded, and the animation's cost per avatar: what atrium-join spends on
// the crowd each frame (its own session and UI are a small, constant part besides).
// Usage: avatar_bench [frames]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "atrium/animation/crowd_animation.hpp"
#include "atrium/render/renderer.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;

namespace {

struct Crowd {
    std::vector<Entity> walkers;
    std::vector<vec3> origins;
};

// Seats `count * 4 / 5` avatars on the seats nearest the stage and stands the rest in the aisle
// in front of it, each with a look of its own.
Crowd populate(World& w, CrowdAnimation& crowd, int count) {
    std::vector<std::pair<float, Entity>> seats;
    w.each<Seat>([&](Entity e, Seat&) {
        vec3 p(w.worldMatrix(e)[3]);
        seats.push_back({glm::length(vec2(p.x, p.z)), e});
    });
    std::sort(seats.begin(), seats.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    Crowd out;
    int seated = std::min<int>(count * 4 / 5, int(seats.size()));
    for (int i = 0; i < count; ++i) {
        Entity a = w.create("attendee " + std::to_string(i));
        Avatar avatar{.displayName = "Attendee " + std::to_string(i)};
        Transform& t = *w.get<Transform>(a);
        if (i < seated) {
            Entity seat = seats[std::size_t(i)].second;
            avatar.seat = w.stableId(seat);
            t.position = vec3(w.worldMatrix(seat) * vec4(w.get<Seat>(seat)->sitOffset, 1.0f));
        } else {
            int k = i - seated;
            t.position = vec3(float(k % 20) - 10.0f, 0.0f, -2.0f - float(k / 20) * 0.8f);
            out.walkers.push_back(a);
            out.origins.push_back(t.position);
        }
        w.add<Avatar>(a, avatar);
        AvatarLook look;
        look.body = kBodyPresets[std::size_t(i) % kBodyPresets.size()];
        look.top = vec3(float(i * 37 % 100), float(i * 61 % 100), float(i * 83 % 100)) / 100.0f;
        crowd.setLook(w.stableId(a), look);
    }
    w.updateTransforms();
    return out;
}

void run(Renderer& r, const std::filesystem::path& venue, int count, int frames) {
    Result<World> loaded = loadVenue(venue);
    if (!loaded) {
        std::fprintf(stderr, "avatar_bench: %s\n", loaded.error().toString().c_str());
        std::exit(1);
    }
    World w = std::move(loaded).value();
    CrowdAnimation crowd;
    Crowd people = populate(w, crowd, count);
    r.setCrowd(&crowd);
    CameraView cam = primaryCameraView(w).value_or(CameraView{.eye = {0, 12, 40}, .target = {0, 2, 0}});
    double animMs = 0.0, extractMs = 0.0, recordMs = 0.0, t = 0.0;
    const float dt = 1.0f / 60.0f;
    std::uint32_t draws = 0, visible = 0;
    for (int f = -3; f < frames; ++f) {  // three warm-up frames: uploads, buffers grown to fit
        t += dt;
        for (std::size_t i = 0; i < people.walkers.size(); ++i) {
            float phase = float(t) * 0.4f + float(i);
            w.get<Transform>(people.walkers[i])->position = people.origins[i] + vec3(std::sin(phase), 0.0f, std::cos(phase)) * 1.5f;
        }
        w.updateTransforms();
        auto t0 = std::chrono::steady_clock::now();
        crowd.update(w, t, dt);
        double anim = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        auto img = r.renderToImage(w, cam, 640, 360);
        if (!img) {
            std::fprintf(stderr, "render failed: %s\n", img.error().toString().c_str());
            std::exit(1);
        }
        if (f < 0) continue;
        animMs += anim;
        extractMs += r.stats().extractMs;
        recordMs += r.stats().recordMs;
        draws = r.stats().drawCalls;
        visible = r.stats().visibleInstances;
    }
    r.setCrowd(nullptr);
    double n = double(frames);
    if (count > 0) std::printf("%5d avatars: animation %.2f us per avatar\n", count, animMs / n * 1000.0 / double(count));
    std::printf(
        "%5d avatars (%zu walking): animation %.2f ms + extract %.2f ms = %.2f ms; record %.2f ms; total CPU %.2f ms/frame"
        " (%u draws, %u visible instances)\n",
        count, people.walkers.size(), animMs / n, extractMs / n, (animMs + extractMs) / n, recordMs / n, (animMs + extractMs + recordMs) / n,
        draws, visible);
}

}  // namespace

int main(int argc, char** argv) {
    int frames = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    auto r = Renderer::create();
    if (!r) {
        std::fprintf(stderr, "avatar_bench: %s\n", r.error().toString().c_str());
        return 1;
    }
    std::filesystem::path venue = std::filesystem::path(ATRIUM_SAMPLES_DIR) / "concert_hall" / "concert_hall.venue.json";
    (*r)->assets().setRoot(venue.parent_path());
    std::printf("avatar_bench: concert hall sample on %s, 640x360, %d frames each\n", (*r)->deviceName().c_str(), frames);
    for (int count : {0, 200, 1000}) run(**r, venue, count, frames);
    return 0;
}
