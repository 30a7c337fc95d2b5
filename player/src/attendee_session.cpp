#include "attendee_session.hpp"

#include <cmath>
#include <set>

namespace atrium::player {

AttendeeSession::AttendeeSession(World& world, const net::JoinLink& link, std::filesystem::path assetRoot)
    : world_(world), link_(link), client_({.token = link.token, .venue = &world, .assetRoot = std::move(assetRoot)}) {}

Status AttendeeSession::connect() { return client_.connect(link_.host, link_.port); }

void AttendeeSession::update(double now, float dt, vec2 keys, bool run, bool jump) {
    now_ = now;
    const vec2 move = camera_.moveFor(keys);
    // The avatar faces where it walks; standing, it keeps facing the way it last went.
    if (glm::length(move) > 0.0f) client_.setInput(move, run, jump, std::atan2(move.x, -move.y));
    else client_.setInput(vec2(0.0f), false, jump, camera_.yaw());
    client_.update(now);
    if (client_.joined() && !announcedJoin_) {
        announcedJoin_ = true;
        log_.push_back("joined " + link_.venueId + " at " + link_.host + ":" + std::to_string(link_.port) + " as client " +
                       std::to_string(client_.clientId()) + " (" + net::toString(client_.role()) + ")");
    }
    for (; chatSeen_ < client_.chat().size(); ++chatSeen_) {
        const net::ChatLine& line = client_.chat()[chatSeen_];
        log_.push_back(line.name + ": " + line.text);
    }
    for (; noticesSeen_ < client_.notices().size(); ++noticesSeen_) log_.push_back("notice: " + client_.notices()[noticesSeen_]);
    mirrorAvatars(now);
    mirrorSeats();
    world_.updateTransforms();
    crowd_.update(world_, now, dt);
}

Entity AttendeeSession::avatarEntity(net::NetId id, const std::string& name) {
    auto [it, added] = shown_.try_emplace(id);
    if (!added) return it->second;
    it->second = world_.create(name);
    world_.add<Avatar>(it->second, Avatar{.displayName = name});
    if (id != client_.avatarId()) log_.push_back(name + " is here");
    return it->second;
}

// One entity per avatar in view, where it should be drawn now; the own one where prediction
// has it. Avatars that left the view are removed.
void AttendeeSession::mirrorAvatars(double now) {
    std::set<net::NetId> seen;
    for (const net::RemoteEntity& e : client_.view(now)) {
        if (e.kind != net::EntityKind::Avatar || !e.hasState) continue;
        seen.insert(e.id);
        owners_[e.id] = e.owner;
        Entity a = avatarEntity(e.id, e.name);
        Transform& t = *world_.get<Transform>(a);
        t.position = e.id == client_.avatarId() ? client_.predictedPosition() : e.position;
        t.rotation = e.rotation;
    }
    for (auto it = shown_.begin(); it != shown_.end();) {
        if (seen.count(it->first)) {
            ++it;
            continue;
        }
        if (const Avatar* a = world_.get<Avatar>(it->second); a && it->first != client_.avatarId()) log_.push_back(a->displayName + " left");
        world_.destroy(it->second);
        owners_.erase(it->first);
        it = shown_.erase(it);
    }
}

// The server's seat states into the mirror: seats know their occupants and avatars their seats,
// so the crowd sits and "nearest free seat" skips taken ones.
void AttendeeSession::mirrorSeats() {
    std::map<std::uint32_t, Entity> byClient;
    for (const auto& [id, e] : shown_) byClient[owners_[id]] = e;
    world_.each<Seat>([&](Entity, Seat& s) { s.occupant = {}; });
    world_.each<Avatar>([&](Entity, Avatar& a) { a.seat = {}; });
    for (const auto& [seatId, clientId] : client_.seats()) {
        Seat* seat = world_.get<Seat>(world_.find(seatId));
        auto holder = byClient.find(clientId);
        if (!seat) continue;
        // Someone out of view still holds it: a placeholder id keeps the seat taken.
        seat->occupant = holder != byClient.end() ? world_.stableId(holder->second) : StableId{clientId};
        if (holder != byClient.end()) world_.get<Avatar>(holder->second)->seat = seatId;
    }
}

bool AttendeeSession::sitNearest(std::string* message, const std::string& seatName) {
    auto say = [&](const std::string& m) {
        if (message) *message = m;
        return false;
    };
    if (!client_.joined()) return say("not in the venue yet");
    Entity seat = kNullEntity;
    if (!seatName.empty()) {
        seat = world_.findByName(seatName);
        if (!world_.has<Seat>(seat)) return say("no seat named \"" + seatName + "\"");
    } else {
        world_.updateTransforms();
        VenueRules rules(world_);  // the venue's own rule for "the nearest free seat"
        seat = rules.nearestFreeSeat(position(), kSeatReach);
        if (!seat) return say("no free seat within " + std::to_string(int(kSeatReach)) + " m");
    }
    client_.claimSeat(world_.stableId(seat));
    return true;
}

void AttendeeSession::standUp() { client_.releaseSeat(); }

void AttendeeSession::chat(const std::string& text) { client_.sendChat(text); }

void AttendeeSession::emote(Emote e) {
    auto it = shown_.find(client_.avatarId());
    if (it != shown_.end()) crowd_.playEmote(world_.stableId(it->second), e, now_);
    log_.push_back("you " + std::string(toString(e)));
}

bool AttendeeSession::seated() const {
    for (const auto& [seat, id] : client_.seats()) {
        if (id == client_.clientId()) return true;
    }
    return false;
}

vec3 AttendeeSession::position() const { return client_.predictedPosition(); }

std::vector<Participant> AttendeeSession::participants() const {
    std::vector<Participant> out;
    for (const auto& [id, e] : shown_) {
        const Avatar* a = world_.get<Avatar>(e);
        out.push_back({owners_.at(id), a ? a->displayName : "?", world_.get<Transform>(e)->position, a && a->seat.valid(),
                       id == client_.avatarId()});
    }
    return out;
}

}  // namespace atrium::player
