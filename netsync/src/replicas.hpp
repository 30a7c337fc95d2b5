#pragma once
// The server's replicated entities by net id: bodies the venue simulates and avatars, and the
// ids freed by those gone, held back before reuse.
#include <cstdint>
#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "atrium/net/protocol.hpp"
#include "atrium/net/snapshot.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::net {

struct Replica {
    NetId id = 0;
    Entity entity;
    EntityKind kind = EntityKind::Body;
    std::uint32_t owner = 0;
    float priority = 1.0f;
};

class ReplicaRegistry {
public:
    explicit ReplicaRegistry(World& world) : world_(world) {}

    NetId add(Entity entity, EntityKind kind, std::uint32_t owner, float priority, double now);
    void remove(NetId id, double now);
    // Replicas for the bodies that have none yet (at start, and after an editor command).
    void registerBodies(double now);
    // A command may destroy replicated bodies: their replicas go too. Returns their ids.
    std::vector<NetId> removeDestroyedBodies(double now);

    SpawnInfo spawnInfo(NetId id) const;
    const std::map<NetId, Replica>& all() const { return replicas_; }

private:
    NetId allocateId(double now);

    World& world_;
    std::map<NetId, Replica> replicas_;
    std::deque<std::pair<double, NetId>> freeIds_;  // (freed at, id), oldest first
    NetId nextId_ = 1;
};

}  // namespace atrium::net
