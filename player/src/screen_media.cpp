#include "screen_media.hpp"

#include <cmath>

namespace atrium::player {

void followServerMedia(const net::Client& client, MediaScreens& screens, double now, double dt) {
    const double serverNow = client.serverTime(now);
    for (const auto& [id, state] : client.media()) {
        screens.setSource(id, state.source);
        screens.setVolume(id, state.volume);
        screens.follow(id, state.positionAt(serverNow), state.playing, dt);
        if (media::MediaPlayer* p = screens.player(id)) p->setPage(state.page);
    }
}

StableId screenLookedAt(const World& world, const CameraView& view) {
    const vec3 forward = glm::normalize(view.target - view.eye);
    const float minCos = std::cos(glm::radians(20.0f));
    StableId best;
    float bestDistance = 1e30f;
    const ComponentPool<MediaScreen>* pool = world.findPool<MediaScreen>();
    if (!pool) return best;
    for (Entity e : pool->entities()) {
        const vec3 to = vec3(world.worldMatrix(e)[3]) - view.eye;
        const float d = glm::length(to);
        if (d < 1e-3f || glm::dot(to / d, forward) < minCos || d >= bestDistance) continue;
        best = world.stableId(e);
        bestDistance = d;
    }
    return best;
}

std::vector<std::string> screenProblems(const World& world, const MediaScreens& screens) {
    std::vector<std::string> out;
    for (const MediaScreens::Screen& s : screens.screens()) {
        if (s.status != media::MediaStatus::Error) continue;
        const Entity e = world.find(s.id);
        const Name* n = e ? world.get<Name>(e) : nullptr;
        out.push_back("Screen \"" + (n ? n->value : toHex(s.id)) + "\": " + s.message);
    }
    return out;
}

}  // namespace atrium::player
