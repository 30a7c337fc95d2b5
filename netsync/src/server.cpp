// The server: sessions (transport, clients and their messages), the venue simulation and
// replication, run in turn at the server's ticks.
#include "atrium/net/server.hpp"

#include <ctime>

#include "replicas.hpp"
#include "replication.hpp"
#include "sessions.hpp"
#include "venue_simulation.hpp"

namespace atrium::net {
namespace {
// CPU time of the calling thread: on a shared machine wall time would count other processes.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}
}  // namespace

struct Server::Impl {
    World& world;
    ServerConfig config;
    ServerMetrics stats;
    ReplicaRegistry replicas{world};
    // The simulation tells clients of seats and portals through the sessions, built after it.
    VenueSimulation simulation{world, config, sessions};
    Replication replication{world, config, replicas};
    Sessions sessions{world, config, stats, simulation, replicas, replication};
    double now = 0.0, nextTick = -1.0;
    double tickMsTotal = 0.0;

    Impl(World& w, ServerConfig c) : world(w), config(std::move(c)) {}

    void runTick() {
        const float dt = float(1.0 / config.tickRate);
        simulation.beginTick();
        for (const auto& c : sessions.clients()) {
            if (c->joined) simulation.advance(c->walk, dt);
        }
        simulation.endTick(dt);
        sessions.advanceMedia();
        sessions.routeVoice();
        sessions.sendSnapshots();
        sessions.sendAssets();
    }
};

Server::Server(World& world, ServerConfig config) : impl_(std::make_unique<Impl>(world, std::move(config))) {}

Server::~Server() { stop(); }

Status Server::start() {
    if (Status s = impl_->sessions.loadVenueAssets(); !s.ok()) return s;
    if (Status s = impl_->sessions.listen(); !s.ok()) return s;
    impl_->sessions.startMedia();
    impl_->simulation.computeBounds();
    impl_->replicas.registerBodies(impl_->now);
    impl_->simulation.startPhysics();
    impl_->replication.start(impl_->simulation.quantizer());
    return Ok{};
}

std::uint16_t Server::port() const { return impl_->sessions.port(); }

void Server::update(double now) {
    Impl& s = *impl_;
    if (!s.sessions.listening()) return;
    s.now = now;
    s.simulation.clearRuleEvents();
    s.sessions.receive(now);
    if (s.nextTick < 0.0) s.nextTick = now;
    int ticks = 0;
    while (now >= s.nextTick && ticks < 8) {
        double t0 = threadCpuMs();
        s.runTick();
        s.tickMsTotal += threadCpuMs() - t0;
        ++s.stats.ticks;
        s.nextTick += 1.0 / s.config.tickRate;
        ++ticks;
    }
    if (now > s.nextTick + 1.0) s.nextTick = now;  // after a stall, resume instead of catching up
    s.sessions.flush();
}

double Server::nextTickDue() const { return impl_->nextTick < 0.0 ? impl_->now : impl_->nextTick; }

void Server::stop() { impl_->sessions.close(); }

ServerMetrics Server::metrics() const {
    ServerMetrics m = impl_->stats;
    m.avgTickMs = m.ticks ? impl_->tickMsTotal / double(m.ticks) : 0.0;
    impl_->sessions.report(m);
    return m;
}

std::size_t Server::clientCount() const {
    std::size_t n = 0;
    for (const auto& c : impl_->sessions.clients()) n += c->joined;
    return n;
}

World& Server::world() { return impl_->world; }

std::optional<vec3> Server::avatarPosition(std::uint32_t clientId) const {
    const ClientSession* c = impl_->sessions.client(clientId);
    if (!c || !c->joined) return std::nullopt;
    return impl_->simulation.position(c->walk);
}

std::vector<std::uint32_t> Server::clientIds() const {
    std::vector<std::uint32_t> ids;
    for (const auto& c : impl_->sessions.clients()) {
        if (c->joined) ids.push_back(c->id);
    }
    return ids;
}

std::uint32_t Server::seatOccupant(StableId seat) const {
    for (const auto& c : impl_->sessions.clients()) {
        if (c->joined && impl_->simulation.seatOf(c->walk) == seat) return c->id;
    }
    return 0;
}

const std::vector<RuleEvent>& Server::ruleEvents() const { return impl_->simulation.ruleEvents(); }

std::uint32_t Server::chatCount() const { return impl_->sessions.chatCount(); }
std::uint32_t Server::tick() const { return impl_->simulation.tick(); }
ShowRunner& Server::show() { return impl_->simulation.show(); }
void Server::revokeToken(std::uint64_t tokenId) { impl_->sessions.revoke(tokenId); }
EventOutbox Server::takeEventOutbox() { return impl_->sessions.takeEventOutbox(); }
void Server::relayChat(const std::string& name, const std::string& text) { impl_->sessions.relayChat(name, text); }
void Server::systemNotice(const std::string& text) { impl_->sessions.relayChat("Atrium", text); }
void Server::applyModeration(const ModerationAction& action) { impl_->sessions.applyModeration(action); }
std::vector<PresenceChange> Server::people() const { return impl_->sessions.people(); }
void Server::drain(const std::string& why) { impl_->sessions.drain(why); }
void Server::setMirroredAvatars(const std::vector<MirroredAvatar>& avatars) { impl_->sessions.setMirroredAvatars(avatars); }
void Server::relayStageVoice(const VoicePacket& packet) { impl_->sessions.relayStageVoice(packet); }
void Server::mirrorMedia(const MediaStateMsg& state, double stageSeconds) { impl_->sessions.mirrorMedia(state, stageSeconds); }
void Server::mirrorShowChange(const ShowChangeMsg& change, double stageSeconds) { impl_->sessions.mirrorShowChange(change, stageSeconds); }

Status Server::setMedia(StableId screen, const std::string& source) { return impl_->sessions.setMedia(screen, source); }
void Server::setMediaDuration(const std::string& source, double seconds) { impl_->sessions.setMediaDuration(source, seconds); }
std::optional<MediaStateMsg> Server::media(StableId screen) const {
    const MediaStateMsg* m = impl_->sessions.media(screen);
    return m ? std::optional<MediaStateMsg>(*m) : std::nullopt;
}

}  // namespace atrium::net
