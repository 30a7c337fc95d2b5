#include "replicas.hpp"

#include <unordered_set>

namespace atrium::net {
namespace {
// A freed net id is reused only after this long: by then every snapshot that still held the
// old entity has left the clients' delta history (64 snapshots, about 2 s) and its despawn
// has arrived, so nobody mistakes the newcomer for it.
constexpr double kIdQuarantineSeconds = 5.0;
}  // namespace

NetId ReplicaRegistry::allocateId(double now) {
    if (!freeIds_.empty() && now - freeIds_.front().first >= kIdQuarantineSeconds) {
        NetId id = freeIds_.front().second;
        freeIds_.pop_front();
        return id;
    }
    return nextId_++;
}

NetId ReplicaRegistry::add(Entity entity, EntityKind kind, std::uint32_t owner, float priority, double now) {
    NetId id = allocateId(now);
    replicas_[id] = Replica{id, entity, kind, owner, priority};
    return id;
}

void ReplicaRegistry::remove(NetId id, double now) {
    replicas_.erase(id);
    freeIds_.emplace_back(now, id);
}

void ReplicaRegistry::registerBodies(double now) {
    std::vector<Entity> bodies;
    std::unordered_set<std::uint64_t> known;
    for (const auto& [id, r] : replicas_) known.insert(world_.stableId(r.entity).value);
    world_.forEachEntity([&](Entity e) {
        const RigidBody* rb = world_.get<RigidBody>(e);
        if (world_.has<Avatar>(e) || known.count(world_.stableId(e).value)) return;
        if (world_.has<Replicated>(e) || (rb && rb->type == RigidBody::Type::Dynamic)) bodies.push_back(e);
    });
    for (Entity e : bodies) {
        const Replicated* rep = world_.get<Replicated>(e);
        add(e, EntityKind::Body, 0, rep ? rep->priority : 1.0f, now);
    }
}

std::vector<NetId> ReplicaRegistry::removeDestroyedBodies(double now) {
    std::vector<NetId> gone;
    for (const auto& [id, r] : replicas_) {
        if (r.kind == EntityKind::Body && !world_.alive(r.entity)) gone.push_back(id);
    }
    for (NetId id : gone) remove(id, now);
    return gone;
}

SpawnInfo ReplicaRegistry::spawnInfo(NetId id) const {
    auto it = replicas_.find(id);
    if (it == replicas_.end()) return SpawnInfo{id, EntityKind::Body, 0, {}, {}};
    const Replica& r = it->second;
    SpawnInfo s{r.id, r.kind, r.owner, world_.stableId(r.entity), {}};
    if (const Name* n = world_.get<Name>(r.entity)) s.name = n->value;
    return s;
}

}  // namespace atrium::net
