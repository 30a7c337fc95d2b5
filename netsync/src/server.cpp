#include "atrium/net/server.hpp"

#include <enet/enet.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <time.h>
#include <deque>
#include <iterator>
#include <map>
#include <unordered_set>

#include "atrium/core/log.hpp"
#include "atrium/net/command_chunks.hpp"
#include "atrium/scene/command_json.hpp"
#include "atrium/net/interest_grid.hpp"
#include "atrium/scene/rules/venue_rules.hpp"
#include "avatar_character.hpp"
#include "enet_init.hpp"
#include "input_queue.hpp"

namespace atrium::net {
namespace {

// Events per client: `capacity` at once, refilled at `rate` per second.
struct TokenBucket {
    double capacity, rate, tokens, last = 0.0;
    TokenBucket(double cap, double r) : capacity(cap), rate(r), tokens(cap) {}
    bool take(double now) {
        tokens = std::min(capacity, tokens + (now - last) * rate);
        last = now;
        if (tokens < 1.0) return false;
        tokens -= 1.0;
        return true;
    }
};

// CPU time of the calling thread: on a shared machine wall time would count other processes.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

constexpr std::uint64_t kMalformedLimit = 50;  // a client past this is cut off
// A freed net id is reused only after this long: by then every snapshot that still held the
// old entity has left the clients' delta history (64 snapshots, about 2 s) and its despawn
// has arrived, so nobody mistakes the newcomer for it.
constexpr double kIdQuarantineSeconds = 5.0;
// An entity already in a client's view stays until it is this much (metres) beyond the
// interest radius or the nearest-N cut, so walkers on the border do not flicker in and out.
constexpr float kInterestHysteresis = 3.0f;
// What a packet costs on the wire beyond its payload: IPv4 + UDP (28), ENet's protocol header
// (4) and its send command (up to 8).
constexpr double kPacketOverheadBytes = 40.0;
// ENet's own traffic to each peer that we do not see (pings every 500 ms, acks of the
// client's pings, command headers bundled into shared datagrams): benchmark B measures the
// wire at up to 4% above what transmit() charges (5% is reserved) for the busiest clients.
constexpr double kEnetHousekeepingBytesPerSecond = 400.0;
// A snapshot needs room for its header and the client's own avatar; with less credit than
// that (after a burst of spawns) the snapshot waits for the next interval, as over a real
// capped link.
constexpr std::size_t kMinSnapshotBudget = 48;
// A client's view (who is near) is chosen afresh every this many snapshots (about 5 times a
// second at 30 Hz, staggered across clients); in between, the same entities are sent with
// their new states and priorities. Walking 1.6 m/s, nobody gets 0.3 m nearer unnoticed.
constexpr int kViewRefreshSnapshots = 6;
// An entity that has just come to rest gets this much more priority for a second: its final
// pose must reach everyone soon, or late and lossy clients keep a stale one (Fiedler).
constexpr float kJustStoppedBoost = 4.0f;
constexpr std::uint32_t kJustStoppedTicks = 60;
// Ticks a client may be owed (see simulateTick): a stall longer than this (200 ms) costs it
// the rest, and its avatar stops short of where its own screen showed it.
constexpr int kMaxOwedInputs = 12;
// Per client, by net id.
constexpr std::uint8_t kDescribed = 1;  // its Spawn (name, kind, owner) was sent
constexpr std::uint8_t kInView = 2;     // in the last snapshot's view
constexpr std::uint8_t kChosen = 4;     // in the view being chosen (only while choosing it)

struct Replica {
    NetId id = 0;
    Entity entity;
    EntityKind kind = EntityKind::Body;
    std::uint32_t owner = 0;
    float priority = 1.0f;
};

struct ClientState {
    std::uint32_t id = 0;
    ENetPeer* peer = nullptr;
    bool joined = false;
    JoinClaims claims;
    NetId avatar = 0;
    Entity avatarEntity;
    AvatarMotion motion;
    InputQueue inputs;
    int owedInputs = 0;  // ticks run without an input of this client's, not yet repaid
    AvatarInput lastApplied;
    std::uint16_t lastInput = 0;
    bool anyInput = false;
    std::unique_ptr<SnapshotEncoder> encoder;
    std::vector<std::uint8_t> known;  // kDescribed | kInView, by net id
    std::vector<NetId> view;          // the current view, ascending ids
    int viewAge = 0;                  // snapshots since the view was chosen
    float viewReach = 0.0f;           // distance of the farthest entity in a full view, else 0
    std::uint16_t snapshotSequence = 0;
    double nextSnapshot = 0.0;
    double sendCredit = 0.0;  // bytes this client's bandwidth cap still allows
    // Round trip as the client sees it: a snapshot's send time to the first ack naming it
    // (links, simulated links and the client's input interval included, unlike ENet's).
    std::array<double, SnapshotEncoder::kHistory> snapshotSentAt{};
    std::uint16_t lastRttAck = 0;
    double rttMs = -1.0;
    LinkSimulator reliableLink, unreliableLink;
    std::vector<std::vector<std::uint8_t>> outbox;  // reliable messages, batched at the end of update()
    TokenBucket chatBucket{8, 3}, eventBucket{20, 10};
    bool muted = false;
    CommandAssembler commandChunks;
    // metrics
    std::uint64_t bytesDown = 0, bytesUp = 0, windowDown = 0, windowUp = 0;
    double windowStart = 0.0, kbpsDown = 0.0, kbpsUp = 0.0;
    double snapshotBytesTotal = 0.0;
    std::uint64_t snapshots = 0, malformed = 0, replayed = 0, rateLimited = 0;
};

}  // namespace

struct Server::Impl {
    World& world;
    ServerConfig config;
    ENetHost* host = nullptr;
    // Every client by ascending id (ids only grow, so a new one goes at the back): the loops
    // that visit all of them every tick walk an array, and lookups by id bisect it.
    std::vector<std::unique_ptr<ClientState>> clients;
    // The ids of the clients with reliable messages waiting, so flushing visits only them.
    std::vector<std::uint32_t> outboxPending;
    double metricsDue = 0.0;  // the earliest time a client's bandwidth window closes
    std::map<NetId, Replica> replicas;
    std::deque<std::pair<double, NetId>> freeIds;  // (freed at, id), oldest first
    // Per snapshot tick: every replica as the snapshots see it, by net id, and the grid over
    // them. One record per id (not an array per field): building a view's candidates reads
    // all of it for a hundred-odd scattered ids, a cache line each instead of five.
    struct Frame {
        EntityState state;
        vec3 position{0.0f};
        float priority = 0.0f;
        std::uint32_t movedAt = 0;  // the tick its quantised state last changed
        bool alive = false;         // a replica has this net id
    };
    std::vector<Frame> frames;
    std::vector<InterestGrid::Item> items;
    InterestGrid grid;
    std::vector<InterestGrid::Hit> hits;
    std::vector<std::pair<float, NetId>> nearest;
    std::vector<NetId> added, kept;  // chooseView's scratch
    std::vector<std::pair<float, NetId>> cutBucket;
    std::vector<SnapshotCandidate> candidates;
    BitWriter packet;  // each snapshot in turn, header first; ENet copies it out
    NetId nextId = 1;
    std::uint32_t nextClientId = 1;
    Aabb bounds;
    std::unique_ptr<PositionQuantizer> quantizer;
    float groundY = 0.0f;
    // The venue's rules (arrival, seats, portals, triggers), asking physics through `space`
    // once avatars walk with it; the same system as the editor's play mode.
    std::unique_ptr<VenueSpace> space;
    std::unique_ptr<VenueRules> rules;
    std::vector<RuleEvent> ruleEvents;  // the triggers' and portals' of the last update()
    double now = 0.0, nextTick = -1.0;
    std::uint32_t tick = 0;
    std::uint32_t chatSequence = 0;
    std::map<StableId, MediaStateMsg> media;
    ServerMetrics stats;
    // The hosts' applied commands, oldest first, replayed to late joiners (who load the venue
    // file as it was); capped, past which late joiners miss the oldest edits.
    std::deque<std::string> commandLog;
    std::size_t commandLogBytes = 0;
    std::optional<Command> lastLogged;  // commandLog.back(), parsed
    static constexpr std::size_t kCommandLogBytes = 8 * 1024 * 1024;
    double tickMsTotal = 0.0;
    double lastReport = 0.0;
#ifdef ATRIUM_NET_HAS_PHYSICS
    std::unique_ptr<AssetCache> assets;  // mesh colliders' meshes; outlives physics
    std::unique_ptr<PhysicsWorld> physics;
    // Avatars walk with the character controller (stepAvatarCharacter), not stepAvatar.
    bool characterPhysics = false;
#endif

    Impl(World& w, ServerConfig c) : world(w), config(std::move(c)) {}

    auto clientSlot(std::uint32_t id) {
        return std::lower_bound(clients.begin(), clients.end(), id, [](const auto& c, std::uint32_t key) { return c->id < key; });
    }

    ClientState* findClient(std::uint32_t id) {
        auto it = clientSlot(id);
        return it != clients.end() && (*it)->id == id ? it->get() : nullptr;
    }

    NetId allocateId() {
        if (!freeIds.empty() && now - freeIds.front().first >= kIdQuarantineSeconds) {
            NetId id = freeIds.front().second;
            freeIds.pop_front();
            return id;
        }
        return nextId++;
    }

    void computeBounds() {
        world.updateTransforms();
        Aabb b;
        world.forEachEntity([&](Entity e) { b.expand(vec3(world.worldMatrix(e)[3])); });
        if (b.empty()) b = Aabb{vec3(0), vec3(0)};
        // Room to walk around everything, and up to 50 m for jumps, stacks and balconies.
        b.min -= vec3(20.0f, 5.0f, 20.0f);
        b.max += vec3(20.0f, 50.0f, 20.0f);
        bounds = b;
        quantizer = std::make_unique<PositionQuantizer>(bounds);
        // Open space until physics says otherwise (startPhysics).
        rules = std::make_unique<VenueRules>(world);
        groundY = rules->arrival().centre.y;
    }

    // Replicas for the bodies that have none yet (at start, and after an editor command).
    void registerBodies() {
        std::vector<Entity> bodies;
        std::unordered_set<std::uint64_t> known;
        for (const auto& [id, r] : replicas) known.insert(world.stableId(r.entity).value);
        world.forEachEntity([&](Entity e) {
            const RigidBody* rb = world.get<RigidBody>(e);
            if (world.has<Avatar>(e) || known.count(world.stableId(e).value)) return;
            if (world.has<Replicated>(e) || (rb && rb->type == RigidBody::Type::Dynamic)) bodies.push_back(e);
        });
        for (Entity e : bodies) {
            Replica r{allocateId(), e, EntityKind::Body, 0, 1.0f};
            if (const Replicated* rep = world.get<Replicated>(e)) r.priority = rep->priority;
            replicas[r.id] = r;
        }
    }

    // ---------------------------------------------------------------- sending
    void rawSend(ClientState& c, std::span<const std::uint8_t> bytes, bool reliable) {
        if (!c.peer) return;
        sendPacket(c.peer, bytes, reliable);
        c.bytesDown += bytes.size();
        c.windowDown += bytes.size();
    }

    void send(ClientState& c, std::vector<std::uint8_t> bytes, bool reliable) {
        if (reliable) {
            if (c.outbox.empty()) outboxPending.push_back(c.id);
            return c.outbox.push_back(std::move(bytes));
        }
        transmit(c, bytes, false);
    }

    // ENet copies the bytes into its own packet; only the link simulator keeps them.
    void transmit(ClientState& c, std::span<const std::uint8_t> bytes, bool reliable) {
        c.sendCredit -= double(bytes.size()) + kPacketOverheadBytes;
        if (!config.link.active()) return rawSend(c, bytes, reliable);
        (reliable ? c.reliableLink : c.unreliableLink).send(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), now, reliable);
    }

    // Reliable messages of one update travel together: a late joiner's hundreds of spawns
    // become a handful of packets instead of hundreds of ENet reliable commands.
    void flushOutboxes() {
        for (std::uint32_t id : outboxPending) {
            ClientState* c = findClient(id);
            if (!c || c->outbox.empty()) continue;  // gone, or cut off and flushed
            for (const auto& packet : packBatches(c->outbox)) transmit(*c, packet, true);
            c->outbox.clear();
        }
        outboxPending.clear();
    }

    void broadcast(const std::vector<std::uint8_t>& bytes, std::uint32_t except = 0) {
        for (auto& c : clients) {
            if (c->joined && c->id != except) send(*c, bytes, true);
        }
    }

    void flushLinks() {
        if (!config.link.active()) return;
        for (auto& c : clients) {
            for (auto& b : c->reliableLink.receive(now)) rawSend(*c, b, true);
            for (auto& b : c->unreliableLink.receive(now)) rawSend(*c, b, false);
        }
    }

    SpawnInfo spawnInfo(const Replica& r) const {
        SpawnInfo s{r.id, r.kind, r.owner, world.stableId(r.entity), {}};
        if (const Name* n = world.get<Name>(r.entity)) s.name = n->value;
        return s;
    }

    // ---------------------------------------------------------------- clients
    void dropClient(std::uint32_t id, const char* why) {
        auto it = clientSlot(id);
        if (it == clients.end() || (*it)->id != id) return;
        ClientState& c = **it;
        if (c.joined) {
            logInfo("server", "client " + std::to_string(id) + " (" + c.claims.displayName + ") left: " + why);
            rules->leave(c.avatarEntity);
            drainRuleEvents();
            if (world.alive(c.avatarEntity)) world.destroy(c.avatarEntity);
            replicas.erase(c.avatar);
            freeIds.emplace_back(now, c.avatar);
            // Only those who were told about it hear that it is gone; its state leaves their
            // views through the snapshots' removals.
            for (auto& other : clients) {
                if (other->id == id || c.avatar >= other->known.size() || !(other->known[c.avatar] & kDescribed)) continue;
                other->known[c.avatar] = 0;
                send(*other, encodeDespawn(c.avatar), true);
            }
        }
        if (c.peer) c.peer->data = nullptr;
        clients.erase(it);  // nothing above adds or removes a client: `it` still holds c
    }

    void cutOff(ClientState& c, const std::string& why) {
        if (c.peer) {
            for (auto& packet : packBatches(c.outbox)) rawSend(c, packet, true);
            c.outbox.clear();
            rawSend(c, encodeText(MessageType::Kicked, why), true);
            enet_peer_disconnect_later(c.peer, 0);
            c.peer->data = nullptr;
            c.peer = nullptr;
        }
        dropClient(c.id, why.c_str());
    }

    void malformed(ClientState& c) {
        ++c.malformed;
        ++stats.droppedPackets;
        if (c.malformed > kMalformedLimit) cutOff(c, "too many malformed packets");
    }

#ifdef ATRIUM_NET_HAS_PHYSICS
    // Physics runs when the venue has anything solid: bodies to simulate, or colliders for
    // avatars to walk into.
    void startPhysics() {
        auto any = [](const auto* pool) { return pool && pool->size() > 0; };
        const bool bodies = any(world.findPool<RigidBody>());
        if (!config.physics || !(bodies || any(world.findPool<Collider>()))) return;
        assets = std::make_unique<AssetCache>(config.assetRoot);
        physics = std::make_unique<PhysicsWorld>(world, assets.get());
        physics->sync();
        for (const Error& e : physics->errors()) logWarn("server", "physics: " + e.toString());
        // With no floor collider under the spawn point (walls and furniture on an implied
        // floor) characters would fall out of the venue: avatars there keep stepAvatar's ground.
        const vec3 spawn = rules->arrival().centre;
        characterPhysics = physics->raycast(spawn + vec3(0.0f, 0.5f, 0.0f), vec3(0.0f, -1.0f, 0.0f), 2.5f).has_value();
        if (!characterPhysics && !bodies) physics.reset();
        if (!characterPhysics) return;
        logInfo("server", "avatars walk with the physics character controller");
        // From now on arrivals, standing up and the rest ask physics for room.
        space = std::make_unique<PhysicsVenueSpace>(*physics);
        rules = std::make_unique<VenueRules>(world, space.get());
        if (!rules->arrival().warning.empty()) logWarn("server", rules->arrival().warning);
    }

#endif

    bool charactersUsePhysics() const {
#ifdef ATRIUM_NET_HAS_PHYSICS
        return characterPhysics;
#else
        return false;
#endif
    }

    // Moves the client's pose (its motion record) to where the rules put its avatar.
    void pullPose(ClientState& c) {
        if (const Transform* t = world.get<Transform>(c.avatarEntity)) c.motion.position = t->position;
    }

    std::uint32_t ownerOf(StableId avatar) const {
        const Replicated* rep = world.get<Replicated>(world.find(avatar));
        return rep ? rep->owner : 0;
    }

    // What the venue rules did, as messages: seat states to everyone, a portal to another venue
    // to its walker. Every event stays readable through Server::ruleEvents().
    void drainRuleEvents() {
        for (RuleEvent& e : rules->takeEvents()) {
            using K = RuleEvent::Kind;
            switch (e.kind) {
                case K::Sat: broadcast(encodeSeatState({e.subject, ownerOf(e.avatar)})); break;
                case K::LeftSeat: broadcast(encodeSeatState({e.subject, 0})); break;
                case K::SeatRefused:
                    // The first claim the server saw wins; tell the loser who has it.
                    if (ClientState* c = findClient(ownerOf(e.avatar))) {
                        send(*c, encodeSeatState({e.subject, ownerOf(e.other)}), true);
                        send(*c, encodeText(MessageType::Notice, "seat is taken"), true);
                    }
                    break;
                case K::PortalToVenue:
                    // Connecting to that venue's server is the app's choice: the client is told.
                    if (ClientState* c = findClient(ownerOf(e.avatar))) send(*c, encodeText(MessageType::VenuePortal, e.name), true);
                    break;
                default: break;
            }
            ruleEvents.push_back(std::move(e));
        }
    }

    void handleJoin(ClientState& c, BitReader& r) {
        auto token = readText(r, 4096);
        if (!token) return malformed(c);
        Result<JoinClaims> claims = verifyJoinToken(*token, config.secret, config.venueId, std::int64_t(std::time(nullptr)));
        if (!claims) {
            ++stats.rejectedJoins;
            rawSend(c, encodeText(MessageType::JoinReject, claims.error().message), true);
            enet_peer_disconnect_later(c.peer, 0);
            return;
        }
        c.claims = *claims;
        c.joined = true;
        c.avatarEntity = world.create(c.claims.displayName);
        world.add<Avatar>(c.avatarEntity, Avatar{.displayName = c.claims.displayName, .userId = c.claims.userId});
        world.add<Replicated>(c.avatarEntity, Replicated{.owner = c.id, .priority = 2.0f});
        // It arrives standing still, as a client replaying from a snapshot (a position and no
        // more) assumes.
        if (charactersUsePhysics()) addAvatarCharacter(world, c.avatarEntity, CharacterController{.grounded = true});
        // Client ids spread arrivals over the spawn circle; snapshots carry the 1 mm grid.
        rules->arrive(c.avatarEntity, c.id);
        Transform& t = *world.get<Transform>(c.avatarEntity);
        t.position = quantizer->snap(t.position);
        pullPose(c);
        c.avatar = allocateId();
        replicas[c.avatar] = Replica{c.avatar, c.avatarEntity, EntityKind::Avatar, c.id, 2.0f};
        c.encoder = std::make_unique<SnapshotEncoder>(*quantizer);
        c.viewAge = int(c.id % kViewRefreshSnapshots);  // spread the clients' view refreshes over ticks
        c.nextSnapshot = now;
        rawSend(c, encodeJoinAccept({c.id, c.avatar, bounds, float(config.snapshotRate), c.claims.role, charactersUsePhysics()}), true);
        // Entities are described to a client when they first enter its view (sendSnapshots);
        // seats and screens it learns now.
        if (const auto* seats = world.findPool<Seat>()) {
            for (const Seat& seat : seats->components()) {
                if (std::uint32_t holder = ownerOf(seat.occupant)) send(c, encodeSeatState({world.stableId(world.find(seat.occupant)), holder}), true);
            }
        }
        for (const auto& [screen, state] : media) send(c, encodeMedia(MessageType::MediaState, state), true);
        for (const std::string& json : commandLog) {
            for (auto& chunk : encodeCommandChunks(json)) send(c, std::move(chunk), true);
        }
        logInfo("server", "client " + std::to_string(c.id) + " joined as \"" + c.claims.displayName + "\" (" + toString(c.claims.role) + ")");
    }

    void handleInputs(ClientState& c, BitReader& r) {
        auto p = readInputs(r);
        if (!p) return malformed(c);
        if (p->hasAck) {
            c.encoder->acknowledge(p->ackedSnapshot);
            noteAck(c, p->ackedSnapshot);
        }
        // Redundant copies arrive newest first; queue only what is newer than what we have.
        for (auto it = p->newestFirst.rbegin(); it != p->newestFirst.rend(); ++it) {
            std::uint16_t newest = c.inputs.empty() ? c.lastInput : c.inputs.back().sequence;
            if (c.anyInput || !c.inputs.empty()) {
                if (!sequenceGreater(it->sequence, newest)) {
                    ++c.replayed;
                    continue;
                }
            }
            c.inputs.push_back(*it);
        }
        while (c.inputs.size() > 12) c.inputs.pop_front();  // a client far ahead catches up, not the server
    }

    void noteAck(ClientState& c, std::uint16_t sequence) {
        if (c.lastRttAck != 0 && !sequenceGreater(sequence, c.lastRttAck)) return;  // repeated in every input packet
        if (sequenceGreater(sequence, c.snapshotSequence)) return;                  // never sent: a lie
        double sentAt = c.snapshotSentAt[sequence % c.snapshotSentAt.size()];
        if (std::uint16_t(c.snapshotSequence - sequence) >= c.snapshotSentAt.size() || sentAt <= 0.0) return;
        c.lastRttAck = sequence;
        double sample = (now - sentAt) * 1000.0;
        c.rttMs = c.rttMs < 0.0 ? sample : c.rttMs + (sample - c.rttMs) * 0.125;  // smoothed like TCP's SRTT
    }

    // Leaves the seat by the client's choice: the rules stand the avatar up beside it.
    void standUp(ClientState& c) {
        if (!rules->standUp(c.avatarEntity).ok()) return;  // not seated
        pullPose(c);
    }

    void handleSeat(ClientState& c, BitReader& r, bool claim) {
        auto id = readSeat(r);
        if (!id) return malformed(c);
        if (!c.eventBucket.take(now)) return void(++c.rateLimited);
        if (!claim) {
            standUp(c);
            return drainRuleEvents();
        }
        if (!world.has<Seat>(world.find(*id))) return send(c, encodeText(MessageType::Notice, "no such seat"), true);
        if (rules->sit(c.avatarEntity, *id).ok()) {
            pullPose(c);
            c.motion.verticalSpeed = 0.0f;
        }
        drainRuleEvents();
    }

    void handleChat(ClientState& c, BitReader& r) {
        auto text = readText(r, kMaxChatBytes);
        if (!text) return malformed(c);
        if (!c.chatBucket.take(now)) {
            ++c.rateLimited;
            return send(c, encodeText(MessageType::Notice, "slow down: chat is limited to a few lines a second"), true);
        }
        if (c.muted) return send(c, encodeText(MessageType::Notice, "you are muted"), true);
        broadcast(encodeChatLine({++chatSequence, c.id, c.claims.displayName, *text}));
    }

    void handleMedia(ClientState& c, BitReader& r) {
        auto m = readMedia(r);
        if (!m) return malformed(c);
        if (c.claims.role == Role::Attendee) return send(c, encodeText(MessageType::Notice, "only presenters and hosts control screens"), true);
        if (!c.eventBucket.take(now)) return void(++c.rateLimited);
        if (!world.has<MediaScreen>(world.find(m->screen))) return send(c, encodeText(MessageType::Notice, "no such screen"), true);
        media[m->screen] = *m;
        broadcast(encodeMedia(MessageType::MediaState, *m));
    }

    void handleModeration(ClientState& c, BitReader& r, MessageType type) {
        auto target = readClientAction(r);
        if (!target) return malformed(c);
        if (c.claims.role != Role::Host) return send(c, encodeText(MessageType::Notice, "only hosts can kick or mute"), true);
        ClientState* other = findClient(*target);
        if (!other || !other->joined) return;
        if (type == MessageType::Mute) {
            other->muted = !other->muted;
            send(*other, encodeText(MessageType::Notice, other->muted ? "a host muted you" : "a host unmuted you"), true);
        } else {
            cutOff(*other, "removed by a host");
        }
    }

    void handleEdit(ClientState& c, BitReader& r) {
        auto m = readEdit(r);
        if (!m) return malformed(c);
        if (c.claims.role != Role::Host) return send(c, encodeText(MessageType::Notice, "only hosts edit the venue live"), true);
        if (!c.eventBucket.take(now)) return void(++c.rateLimited);
        Entity e = world.find(m->entity);
        Transform* t = world.get<Transform>(e);
        if (!t || world.has<Avatar>(e)) return send(c, encodeText(MessageType::Notice, "cannot edit that entity"), true);
        if (!bounds.empty() && (glm::any(glm::lessThan(m->position, bounds.min)) || glm::any(glm::greaterThan(m->position, bounds.max)))) {
            return send(c, encodeText(MessageType::Notice, "edit outside the venue bounds"), true);
        }
        t->position = m->position;
        t->rotation = m->rotation;
        broadcast(encodeEdit(*m), c.id);
    }

    void handleCommandChunk(ClientState& c, BitReader& r) {
        CommandAssembler::Outcome outcome = c.commandChunks.feed(r);
        if (outcome == CommandAssembler::Outcome::Malformed) return malformed(c);
        if (outcome == CommandAssembler::Outcome::Partial) return;
        std::string json = c.commandChunks.take();
        if (c.claims.role != Role::Host) {
            ++stats.commandsRefused;
            return send(c, encodeText(MessageType::Notice, "only hosts edit the venue live"), true);
        }
        Result<Command> command = commandFromJson(json);
        if (!command) {
            ++stats.commandsRefused;
            return malformed(c);
        }
        if (touchesAvatar(*command)) {
            ++stats.commandsRefused;
            return send(c, encodeText(MessageType::Notice, "avatars are not the editor's to change"), true);
        }
        if (Status s = applyCommand(world, *command); !s.ok()) {
            // The host's World and ours disagree (an edit refused earlier): say so, relay nothing.
            ++stats.commandsRefused;
            return send(c, encodeText(MessageType::Notice, "edit not applied: " + s.error().message), true);
        }
        ++stats.commandsApplied;
        afterWorldEdit();
        for (auto& other : clients) {
            if (!other->joined || other->id == c.id) continue;
            for (auto& chunk : encodeCommandChunks(json)) send(*other, std::move(chunk), true);
        }
        // A drag is a command per frame: a late joiner needs only the last value, so a command
        // continuing the logged one replaces it.
        if (!commandLog.empty() && lastLogged && canMerge(*lastLogged, *command)) {
            mergeInto(*lastLogged, *command);
            commandLogBytes -= commandLog.back().size();
            commandLog.back() = commandToJson(*lastLogged);
            commandLogBytes += commandLog.back().size();
        } else {
            commandLogBytes += json.size();
            commandLog.push_back(std::move(json));
            lastLogged = std::move(*command);
        }
        while (commandLogBytes > kCommandLogBytes) {
            commandLogBytes -= commandLog.front().size();
            commandLog.pop_front();
        }
        if (commandLog.empty()) lastLogged.reset();
    }

    // Avatars belong to their clients (the server holds their entities): no command may target one.
    bool touchesAvatar(const Command& command) const {
        auto isAvatar = [&](StableId id) { return world.has<Avatar>(world.find(id)); };
        if (const auto* group = std::get_if<CommandGroup>(&command)) {
            for (const Command& inner : group->commands) {
                if (touchesAvatar(inner)) return true;
            }
            return false;
        }
        if (const auto* d = std::get_if<DestroyEntity>(&command)) return isAvatar(d->entity);
        if (const auto* s = std::get_if<SetComponent>(&command)) return isAvatar(s->entity);
        if (const auto* a = std::get_if<AddComponent>(&command)) return isAvatar(a->entity);
        if (const auto* r = std::get_if<RemoveComponent>(&command)) return isAvatar(r->entity);
        if (const auto* r = std::get_if<Reparent>(&command)) return isAvatar(r->entity) || isAvatar(r->newParent);
        if (const auto* r = std::get_if<Rename>(&command)) return isAvatar(r->entity);
        return false;  // creates, kit parameters and venue settings name no avatar
    }

    // A command may destroy replicated bodies or create new ones: the replicas follow the World.
    void afterWorldEdit() {
        std::vector<NetId> gone;
        for (const auto& [id, r] : replicas) {
            if (r.kind == EntityKind::Body && !world.alive(r.entity)) gone.push_back(id);
        }
        for (NetId id : gone) {
            replicas.erase(id);
            freeIds.emplace_back(now, id);
            for (auto& other : clients) {
                if (id >= other->known.size() || !(other->known[id] & kDescribed)) continue;
                other->known[id] = 0;
                send(*other, encodeDespawn(id), true);
            }
        }
        registerBodies();
    }

    // One of ENet's events: a client connecting, a packet from one, or one leaving.
    void handleEvent(const ENetEvent& event) {
        switch (event.type) {
            case ENET_EVENT_TYPE_CONNECT: {
                auto c = std::make_unique<ClientState>();
                c->id = nextClientId++;
                c->peer = event.peer;
                configurePeer(event.peer);
                c->windowStart = now;
                c->reliableLink = LinkSimulator(config.link, config.seed * 7919 + c->id);
                c->unreliableLink = LinkSimulator(config.link, config.seed * 104729 + c->id);
                // Each packet finds its client through the peer (a thousand a tick: no lookups).
                event.peer->data = c.get();
                metricsDue = std::min(metricsDue, now + 1.0);
                clients.push_back(std::move(c));
                break;
            }
            case ENET_EVENT_TYPE_RECEIVE: {
                if (auto* c = static_cast<ClientState*>(event.peer->data)) handlePacket(*c, event.packet);
                else ++stats.droppedPackets;
                enet_packet_destroy(event.packet);
                break;
            }
            case ENET_EVENT_TYPE_DISCONNECT: {
                if (auto* c = static_cast<ClientState*>(event.peer->data)) {
                    event.peer->data = nullptr;
                    c->peer = nullptr;
                    dropClient(c->id, "disconnected");
                }
                break;
            }
            default: break;
        }
    }

    void handlePacket(ClientState& c, const ENetPacket* packet) {
        c.bytesUp += packet->dataLength;
        c.windowUp += packet->dataLength;
        if (packet->dataLength > kMaxPacketBytes) return malformed(c);
        BitReader r({packet->data, packet->dataLength});
        auto type = readHeader(r);
        if (!type) return malformed(c);
        if (!c.joined) {
            if (*type == MessageType::Join) return handleJoin(c, r);
            return malformed(c);
        }
        switch (*type) {
            case MessageType::Input: return handleInputs(c, r);
            case MessageType::Chat: return handleChat(c, r);
            case MessageType::SeatClaim: return handleSeat(c, r, true);
            case MessageType::SeatRelease: return handleSeat(c, r, false);
            case MessageType::MediaControl: return handleMedia(c, r);
            case MessageType::Kick:
            case MessageType::Mute: return handleModeration(c, r, *type);
            case MessageType::Edit: return handleEdit(c, r);
            case MessageType::CommandChunk: return handleCommandChunk(c, r);
            default: return malformed(c);  // server-to-client types, or a second Join
        }
    }

    // ---------------------------------------------------------------- simulation
    void simulateTick() {
        float dt = float(1.0 / config.tickRate);
#ifdef ATRIUM_NET_HAS_PHYSICS
        // One sync for every avatar's steps this tick (stepAvatarCharacter); stepBodies below
        // leaves the characters where their inputs took them instead of moving them again.
        if (characterPhysics) physics->sync();
#endif
        for (auto& c : clients) {
            if (!c->joined) continue;
            // Each tick owes the client one input. With none queued (a late packet) the avatar
            // holds still and the tick stays owed; a later tick repays it with a second input
            // once more than one waits (a late packet's inputs arriving together) or a start,
            // stop or turn waits behind others (what everyone sees late). The queue so stays
            // about a tick deep instead of deepening by a tick with every late packet, the
            // avatar ends exactly where the client predicted it, and no client gets more
            // inputs applied than ticks have run: sending faster or in bursts gains no speed.
            c->owedInputs = std::min(c->owedInputs + 1, kMaxOwedInputs);
            if (!c->inputs.empty()) applyInput(*c, dt);
            if (!c->inputs.empty() && c->owedInputs > 0 && (c->inputs.size() > 1 || changeQueued(*c))) applyInput(*c, dt);
            if (Transform* t = world.get<Transform>(c->avatarEntity)) {
                t->position = c->motion.position;
                t->rotation = glm::angleAxis(c->motion.yaw, vec3(0, 1, 0));
            }
        }
        // Seats and triggers, after everyone moved. A seat that moved carries its occupant.
        rules->step();
        for (auto& c : clients) {
            const Avatar* a = c->joined ? world.get<Avatar>(c->avatarEntity) : nullptr;
            if (a && a->seat.valid()) pullPose(*c);
        }
        drainRuleEvents();
#ifdef ATRIUM_NET_HAS_PHYSICS
        if (physics && characterPhysics) physics->stepBodies(dt);
        else if (physics) physics->step(dt);
#endif
        ++tick;
    }

    // Whether the next input waiting changes the walk (against the last applied), or one
    // further back does.
    static bool changeQueued(const ClientState& c) {
        const AvatarInput* before = &c.lastApplied;
        for (std::size_t i = 0; i < c.inputs.size(); ++i) {
            const AvatarInput& in = c.inputs[i];
            if (walkChanged(*before, in)) return true;
            before = &in;
        }
        return false;
    }

    // The client's next input, applied to its avatar.
    void applyInput(ClientState& c, float dt) {
        AvatarInput in = c.inputs.front();
        c.inputs.pop_front();
        c.lastInput = in.sequence;
        c.anyInput = true;
        --c.owedInputs;
        c.lastApplied = in;
        const Avatar* a = world.get<Avatar>(c.avatarEntity);
        if (a && a->seat.valid()) {
            if (!rules->mayMove(c.avatarEntity, standsUp(in))) return;
            pullPose(c);  // stood up beside the seat
        }
        moveAvatar(c, in, dt);
    }

    // One input's step of the avatar, by the model this server runs (JoinAccept tells clients).
    void moveAvatar(ClientState& c, const AvatarInput& in, float dt) {
        const vec3 from = c.motion.position;
#ifdef ATRIUM_NET_HAS_PHYSICS
        if (characterPhysics) {
            c.motion.yaw = in.yaw;
            c.motion.position = stepAvatarCharacter(*physics, world, c.avatarEntity, c.motion.position, in, dt, *quantizer);
            if (c.motion.position.y < bounds.min.y) respawn(c);  // walked off the edge of the floor
            return enterPortals(c, from);
        }
#endif
        stepAvatar(c.motion, in, dt, groundY, bounds);
        enterPortals(c, from);
    }

    // After each input's step, as a predicting client does (passPortals): a portal in this venue
    // moves the avatar, onto the snapshots' 1 mm grid. A step that left the avatar where it was
    // (most of a standing crowd) costs nothing.
    void enterPortals(ClientState& c, vec3 from) {
        if (c.motion.position == from || !world.findPool<Portal>()) return;
        Transform& t = *world.get<Transform>(c.avatarEntity);
        t.position = c.motion.position;
        std::optional<PortalVisit> visit = rules->afterMove(c.avatarEntity);
        if (visit && visit->moved) c.motion.position = t.position = quantizer->snap(t.position);
    }

#ifdef ATRIUM_NET_HAS_PHYSICS
    void respawn(ClientState& c) {
        rules->respawn(c.avatarEntity, c.id);
        Transform& t = *world.get<Transform>(c.avatarEntity);
        t.position = quantizer->snap(t.position);
        pullPose(c);
    }
#endif

    // Every replica's quantised state and position, by net id, and the interest grid.
    void gatherStates() {
        world.updateTransforms();
        std::size_t n = replicas.empty() ? 0 : std::size_t(replicas.rbegin()->first) + 1;
        frames.resize(n);
        for (Frame& f : frames) f.alive = false;
        items.clear();
        for (const auto& [id, r] : replicas) {
            const mat4& m = world.worldMatrix(r.entity);
            vec3 p(m[3]);
            quat q = glm::quat_cast(glm::mat3(glm::normalize(vec3(m[0])), glm::normalize(vec3(m[1])), glm::normalize(vec3(m[2]))));
            EntityState now{quantizer->quantize(p), quantizeRotation(q)};
            Frame& f = frames[id];
            if (!(f.state == now)) f.movedAt = tick;
            f.state = now;
            f.position = p;
            f.priority = r.priority;
            f.alive = true;
            items.push_back({id, p});
        }
        grid.rebuild(items);
    }

    // The client's view: its own avatar, then the nearest entities within the interest radius
    // (with hysteresis for those already in view). Entities new to the client are described.
    void chooseView(ClientState& c) {
        vec3 me = c.motion.position;
        std::size_t keep = config.maxInterest > 0 ? config.maxInterest - 1 : 0;
        // In a crowd the nearest few dozen are much closer than the interest radius: look
        // first just beyond where the last full view ended, and wider only if that is not full.
        float radius = config.interestRadius + kInterestHysteresis;
        hits.clear();
        if (c.viewReach > 0.0f && c.viewReach + 2.0f * kInterestHysteresis < radius) {
            float reach = c.viewReach + 2.0f * kInterestHysteresis;
            grid.query(me, reach, hits);
            // Enough of them nearer than anything outside could seem (with its hysteresis)?
            float sure = (reach - kInterestHysteresis) * (reach - kInterestHysteresis);
            std::size_t inside = 0;
            for (const InterestGrid::Hit& h : hits) inside += h.distanceSquared <= sure && h.id != c.avatar;
            if (inside <= keep) hits.clear();
        }
        if (hits.empty()) grid.query(me, radius, hits);
        nearest.clear();
        for (const InterestGrid::Hit& h : hits) {
            if (h.id == c.avatar) continue;
            float d = std::sqrt(h.distanceSquared);
            bool inView = h.id < c.known.size() && (c.known[h.id] & kInView);
            if (inView) d -= kInterestHysteresis;
            else if (d > config.interestRadius) continue;
            nearest.emplace_back(d, h.id);
        }
        c.viewReach = 0.0f;
        if (nearest.size() > keep) keepNearest(keep);
        if (keep > 0 && nearest.size() == keep) {
            for (const auto& [d, id] : nearest) c.viewReach = std::max(c.viewReach, d + kInterestHysteresis);
        }
        // A view changes by a few entities between refreshes: those staying keep their place
        // (ascending ids), and only those new to it are sorted and merged in. Sorting the whole
        // view every time was the most of choosing it.
        added.clear();
        if (c.avatar < frames.size() && frames[c.avatar].alive) added.push_back(c.avatar);
        for (const auto& [d, id] : nearest) added.push_back(id);
        for (NetId id : added) {
            if (id >= c.known.size()) c.known.resize(std::size_t(id) + 1, 0);
            c.known[id] |= kChosen;
        }
        kept.clear();
        for (NetId id : c.view) {
            if (id >= c.known.size()) continue;
            if (c.known[id] & kChosen) kept.push_back(id);
            c.known[id] &= std::uint8_t(~(kChosen | kInView));
        }
        // What is still marked was not in the view before.
        added.erase(std::remove_if(added.begin(), added.end(), [&](NetId id) { return !(c.known[id] & kChosen); }), added.end());
        for (NetId id : added) c.known[id] &= std::uint8_t(~kChosen);
        std::sort(added.begin(), added.end());
        c.view.clear();
        std::merge(kept.begin(), kept.end(), added.begin(), added.end(), std::back_inserter(c.view));
        for (NetId id : c.view) {  // `known` was grown above to hold every one
            if (!(c.known[id] & kDescribed)) {
                // Sent before the snapshot that first holds it, on the reliable channel; a
                // client shows an entity once it has both.
                send(c, encodeSpawn(spawnInfo(replicas[id])), true);
            }
            c.known[id] |= kDescribed | kInView;
        }
        c.viewAge = 0;
    }

    // Leaves the `keep` nearest in `nearest` (the same as nth_element would, ties to the lower
    // id), in no order. The distances go into buckets first: nth_element's comparisons of a few
    // hundred distances, of unpredictable outcome, were a third of choosing a view; only the
    // bucket where the cut falls is left to it.
    void keepNearest(std::size_t keep) {
        constexpr std::size_t kBuckets = 64;
        float lo = nearest.front().first, hi = lo;
        for (const auto& [d, id] : nearest) lo = std::min(lo, d), hi = std::max(hi, d);
        const float scale = hi > lo ? float(kBuckets - 1) / (hi - lo) : 0.0f;
        auto bucketOf = [&](float d) { return std::min(std::size_t((d - lo) * scale), kBuckets - 1); };
        std::array<std::uint32_t, kBuckets> count{};
        for (const auto& [d, id] : nearest) ++count[bucketOf(d)];
        std::size_t cut = 0, below = 0;  // the bucket the keep-th nearest is in, and how many are nearer
        while (below + count[cut] < keep) below += count[cut++];
        cutBucket.clear();
        std::size_t kept = 0;
        for (const auto& entry : nearest) {
            std::size_t b = bucketOf(entry.first);
            if (b < cut) nearest[kept++] = entry;
            else if (b == cut) cutBucket.push_back(entry);
        }
        std::size_t need = keep - below;
        std::nth_element(cutBucket.begin(), cutBucket.begin() + std::ptrdiff_t(need), cutBucket.end());
        nearest.resize(keep);
        std::copy(cutBucket.begin(), cutBucket.begin() + std::ptrdiff_t(need), nearest.begin() + std::ptrdiff_t(kept));
    }

    // This snapshot's candidates: the view's entities as they are now, nearer ones with more
    // priority, the client's own avatar above everything (reconciliation needs it).
    void gatherCandidates(ClientState& c) {
        if (c.view.empty() || ++c.viewAge >= kViewRefreshSnapshots) chooseView(c);
        vec3 me = c.motion.position;
        // Room for the whole view, filled through a plain pointer: an emplace_back per entity
        // was a third of this loop's instructions.
        candidates.resize(c.view.size());
        SnapshotCandidate* candidate = candidates.data();
        for (NetId id : c.view) {
            if (id >= frames.size() || !frames[id].alive) continue;  // destroyed since the view was chosen
            const Frame& f = frames[id];
            float priority = id == c.avatar ? 1000.0f : f.priority / (1.0f + glm::length(f.position - me) / 8.0f);
            std::uint32_t still = tick - f.movedAt;
            if (still > 0 && still <= kJustStoppedTicks) priority *= kJustStoppedBoost;
            // Field by field: built as a temporary, the candidate's 2-byte id store and the
            // 16-byte copy reading it back stalled store forwarding (the hottest spot of this loop).
            candidate->id = id;
            candidate->state = f.state;
            candidate->priority = priority;
            ++candidate;
        }
        candidates.resize(std::size_t(candidate - candidates.data()));
    }

    // Bytes this snapshot may take (0: skip it): what the client's bandwidth cap has accrued
    // since the last one, less what events and spawns used meanwhile (transmit() charges every
    // packet with its headers).
    std::size_t snapshotBudget(ClientState& c) const {
        std::size_t most = std::min(config.snapshotBudgetBytes, kMaxPacketBytes - 4);
        if (config.downstreamKbps <= 0.0) return most;
        double perSnapshot = (config.downstreamKbps * 1000.0 / 8.0 - kEnetHousekeepingBytesPerSecond) / config.snapshotRate;
        c.sendCredit = std::min(c.sendCredit + perSnapshot, 1.5 * perSnapshot);  // no bursts after a quiet spell
        double room = c.sendCredit - kPacketOverheadBytes - 3.0;                  // 3: the message header
        if (room < double(kMinSnapshotBudget)) return 0;
        return std::min(std::size_t(room), most);
    }

    void sendSnapshots() {
        bool gathered = false;
        for (auto& c : clients) {
            if (!c->joined || now < c->nextSnapshot) continue;
            if (!gathered) gatherStates();
            gathered = true;
            c->nextSnapshot = std::max(c->nextSnapshot + 1.0 / config.snapshotRate, now - 0.5);
            std::size_t budget = snapshotBudget(*c);
            if (budget == 0) continue;
            gatherCandidates(*c);
            SnapshotHeader h{++c->snapshotSequence, std::nullopt, tick, c->lastInput};
            packet.clear();
            writeMessageHeader(packet, MessageType::Snapshot);
            c->encoder->encode(h, candidates, budget, packet);
            c->snapshotBytesTotal += double(packet.byteCount());
            c->snapshotSentAt[h.sequence % c->snapshotSentAt.size()] = now;
            ++c->snapshots;
            transmit(*c, packet.bytes(), false);
        }
    }

    void updateMetrics() {
        if (now < metricsDue) return;
        metricsDue = now + 1.0;
        for (auto& c : clients) {
            double span = now - c->windowStart;
            if (span < 1.0) {
                metricsDue = std::min(metricsDue, c->windowStart + 1.0);
                continue;
            }
            c->kbpsDown = double(c->windowDown) * 8.0 / 1000.0 / span;
            c->kbpsUp = double(c->windowUp) * 8.0 / 1000.0 / span;
            c->windowDown = c->windowUp = 0;
            c->windowStart = now;
        }
    }
};

Server::Server(World& world, ServerConfig config) : impl_(std::make_unique<Impl>(world, std::move(config))) {}

Server::~Server() { stop(); }

Status Server::start() {
    if (!ensureEnetInitialized()) return Error{"could not initialise ENet"};
    ENetAddress address{};
    if (enet_address_set_host_ip(&address, impl_->config.host.c_str()) != 0) return Error{"bad host address \"" + impl_->config.host + "\""};
    address.port = impl_->config.port;
    impl_->host = enet_host_create(&address, impl_->config.maxClients, 2, 0, 0);
    if (!impl_->host) return Error{"cannot listen on " + impl_->config.host + ":" + std::to_string(impl_->config.port) + " (port in use?)"};
    // ENet's 256 KiB socket buffers hold only a few hundred small datagrams (the kernel counts
    // each at its allocation size, about 1 KiB); a thousand clients' inputs between two polls
    // overflow them, and the kernel then drops connection requests with the rest. The kernel
    // caps this at net.core.rmem_max / wmem_max.
    enet_socket_set_option(impl_->host->socket, ENET_SOCKOPT_RCVBUF, 8 << 20);
    enet_socket_set_option(impl_->host->socket, ENET_SOCKOPT_SNDBUF, 8 << 20);
    int granted = 0;
    socklen_t size = sizeof granted;
    if (getsockopt(impl_->host->socket, SOL_SOCKET, SO_RCVBUF, &granted, &size) == 0) impl_->stats.receiveBufferBytes = std::size_t(granted);
    if (std::size_t(granted) < ServerMetrics::kCrowdReceiveBufferBytes) {
        logInfo("server", "the socket receive buffer is " + std::to_string(granted / 1024) +
                              " KiB (net.core.rmem_max caps it); with hundreds of clients packets will be dropped: "
                              "raise it, e.g. sysctl -w net.core.rmem_max=8388608");
    }
    impl_->computeBounds();
    impl_->registerBodies();
#ifdef ATRIUM_NET_HAS_PHYSICS
    impl_->startPhysics();
#endif
    return Ok{};
}

std::uint16_t Server::port() const { return impl_->host ? impl_->host->address.port : 0; }

void Server::update(double now) {
    Impl& s = *impl_;
    if (!s.host) return;
    s.now = now;
    s.ruleEvents.clear();
    receiveAll(s.host, [&](const ENetEvent& event) { s.handleEvent(event); });
    if (s.nextTick < 0.0) s.nextTick = now;
    int ticks = 0;
    while (now >= s.nextTick && ticks < 8) {
        double t0 = threadCpuMs();
        s.simulateTick();
        s.sendSnapshots();
        s.tickMsTotal += threadCpuMs() - t0;
        ++s.stats.ticks;
        s.nextTick += 1.0 / s.config.tickRate;
        ++ticks;
    }
    if (now > s.nextTick + 1.0) s.nextTick = now;  // after a stall, resume instead of catching up
    s.flushOutboxes();
    s.flushLinks();
    s.updateMetrics();
    enet_host_flush(s.host);
    // ENet's counters are 32-bit and meant to be reset by the user: fold them into ours.
    s.stats.datagramsReceived += s.host->totalReceivedPackets;
    s.stats.datagramsSent += s.host->totalSentPackets;
    s.host->totalReceivedPackets = s.host->totalSentPackets = 0;
}

double Server::nextTickDue() const { return impl_->nextTick < 0.0 ? impl_->now : impl_->nextTick; }

void Server::stop() {
    if (!impl_->host) return;
    for (auto& c : impl_->clients) {
        if (!c->peer) continue;
        c->peer->data = nullptr;
        enet_peer_disconnect_now(c->peer, 0);
    }
    impl_->clients.clear();
    impl_->outboxPending.clear();
    enet_host_destroy(impl_->host);
    impl_->host = nullptr;
}

ServerMetrics Server::metrics() const {
    ServerMetrics m = impl_->stats;
    m.avgTickMs = m.ticks ? impl_->tickMsTotal / double(m.ticks) : 0.0;
    for (const auto& c : impl_->clients) {
        if (!c->joined) continue;
        ClientMetrics cm;
        cm.clientId = c->id;
        cm.name = c->claims.displayName;
        cm.role = c->claims.role;
        cm.kbpsDown = c->kbpsDown;
        cm.kbpsUp = c->kbpsUp;
        if (c->peer) {
            cm.rttMs = c->rttMs >= 0.0 ? c->rttMs : double(c->peer->roundTripTime);
            cm.lossPercent = 100.0 * double(c->peer->packetLoss) / double(ENET_PEER_PACKET_LOSS_SCALE);
        }
        cm.avgSnapshotBytes = c->snapshots ? c->snapshotBytesTotal / double(c->snapshots) : 0.0;
        cm.inputDelayMs = double(c->inputs.size()) * 1000.0 / impl_->config.tickRate;
        cm.malformedPackets = c->malformed;
        cm.replayedInputs = c->replayed;
        cm.rateLimited = c->rateLimited;
        m.clients.push_back(cm);
    }
    return m;
}

std::size_t Server::clientCount() const {
    std::size_t n = 0;
    for (const auto& c : impl_->clients) n += c->joined;
    return n;
}

World& Server::world() { return impl_->world; }

std::optional<vec3> Server::avatarPosition(std::uint32_t clientId) const {
    const ClientState* c = impl_->findClient(clientId);
    if (!c || !c->joined) return std::nullopt;
    return c->motion.position;
}

std::vector<std::uint32_t> Server::clientIds() const {
    std::vector<std::uint32_t> ids;
    for (const auto& c : impl_->clients) {
        if (c->joined) ids.push_back(c->id);
    }
    return ids;
}

std::uint32_t Server::seatOccupant(StableId seat) const {
    const Seat* s = impl_->world.get<Seat>(impl_->world.find(seat));
    return s ? impl_->ownerOf(s->occupant) : 0;
}

const std::vector<RuleEvent>& Server::ruleEvents() const { return impl_->ruleEvents; }

std::uint32_t Server::chatCount() const { return impl_->chatSequence; }

}  // namespace atrium::net
