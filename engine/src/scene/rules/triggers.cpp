#include "atrium/scene/rules/triggers.hpp"

#include <algorithm>
#include <cmath>

#include "atrium/scene/world.hpp"

namespace atrium {

namespace {

// What a trigger tests of an entity: a segment (a person's body, feet to head), or a point
// (a body's origin: from == to), and its collider layer.
struct Probe {
    Entity entity;
    vec3 from, to;
    std::uint32_t layer;
};

// Whatever a trigger could notice, once: avatars and bodies, from their pools, which are small
// beside the venue's.
std::vector<Probe> gatherProbes(const World& world) {
    std::vector<Probe> probes;
    auto layerOf = [&](Entity e) {
        const Collider* c = world.get<Collider>(e);
        return c ? c->layer : 1u;
    };
    if (const auto* avatars = world.findPool<Avatar>()) {
        for (Entity e : avatars->entities()) {
            const CharacterController* cc = world.get<CharacterController>(e);
            vec3 feet(world.worldMatrix(e)[3]);
            // From just above the floor, so a trigger ending at floor level does not hold everyone.
            probes.push_back({e, feet + vec3(0.0f, 0.05f, 0.0f), feet + vec3(0.0f, cc ? cc->height : 1.8f, 0.0f), layerOf(e)});
        }
    }
    auto addBodies = [&](const auto* pool) {
        if (!pool) return;
        for (Entity e : pool->entities()) {
            vec3 origin(world.worldMatrix(e)[3]);
            probes.push_back({e, origin, origin, layerOf(e)});
        }
    };
    addBodies(world.findPool<RigidBody>());
    addBodies(world.findPool<Replicated>());
    // An avatar is also Replicated on a server, a body may be both: keep each entity's first.
    std::stable_sort(probes.begin(), probes.end(), [](const Probe& a, const Probe& b) { return a.entity.index < b.entity.index; });
    probes.erase(std::unique(probes.begin(), probes.end(), [](const Probe& a, const Probe& b) { return a.entity == b.entity; }), probes.end());
    return probes;
}

// Whether the segment a-b (in the box's space) meets the box of `half` extents: the slab test.
bool segmentMeetsBox(vec3 a, vec3 b, vec3 half) {
    const vec3 d = b - a;
    float t0 = 0.0f, t1 = 1.0f;
    for (int k = 0; k < 3; ++k) {
        if (std::abs(d[k]) < 1e-7f) {
            if (std::abs(a[k]) > half[k]) return false;
            continue;
        }
        float tn = (-half[k] - a[k]) / d[k], tf = (half[k] - a[k]) / d[k];
        if (tn > tf) std::swap(tn, tf);
        t0 = std::max(t0, tn);
        t1 = std::min(t1, tf);
        if (t0 > t1) return false;
    }
    return true;
}

}  // namespace

void TriggerWatch::update(const World& world, std::vector<RuleEvent>& events) {
    const auto* triggers = world.findPool<Trigger>();
    now_.clear();
    if (triggers && triggers->size() > 0) {
        const std::vector<Probe> probes = gatherProbes(world);
        for (std::size_t i = 0; i < triggers->size(); ++i) {
            const Entity t = triggers->entities()[i];
            const Trigger& trigger = triggers->components()[i];
            const mat4 toLocal = glm::inverse(world.worldMatrix(t));
            for (const Probe& p : probes) {
                if (!(p.layer & trigger.mask) || p.entity == t) continue;
                const vec3 a(toLocal * vec4(p.from, 1.0f)), b(toLocal * vec4(p.to, 1.0f));
                if (segmentMeetsBox(a, b, trigger.halfExtents)) {
                    now_.push_back({world.stableId(t), world.stableId(p.entity)});
                }
            }
        }
        std::sort(now_.begin(), now_.end());
    }
    // Events in the order of the sorted pairs: by trigger, then entity (deterministic, so the
    // server and play mode report the same sequence).
    auto eventName = [&](StableId trigger) {
        const Trigger* t = world.get<Trigger>(world.find(trigger));
        return t ? t->event : std::string();
    };
    std::size_t i = 0, j = 0;
    while (i < inside_.size() || j < now_.size()) {
        if (j == now_.size() || (i < inside_.size() && inside_[i] < now_[j])) {
            const Presence& gone = inside_[i++];
            // A trigger removed (or destroyed) reports nothing more.
            if (world.has<Trigger>(world.find(gone.trigger))) {
                events.push_back({RuleEvent::Kind::TriggerLeave, gone.entity, gone.trigger, {}, eventName(gone.trigger)});
            }
        } else if (i == inside_.size() || now_[j] < inside_[i]) {
            const Presence& came = now_[j++];
            events.push_back({RuleEvent::Kind::TriggerEnter, came.entity, came.trigger, {}, eventName(came.trigger)});
        } else {
            ++i, ++j;
        }
    }
    std::swap(inside_, now_);
}

}  // namespace atrium
