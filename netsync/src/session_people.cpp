// The people in the venue: emotes and looks relayed to everyone, the participants list, and a
// dropped client's identity (place, seat, look) kept for a while so that a reconnect resumes it.
#include <fstream>
#include <limits>

#include "sessions.hpp"

namespace atrium::net {

// Emotes go to every participant, not only to those who have the sender in view: they are
// rare and tiny, and an app may show them in its people list as well as on avatars.
void Sessions::handleEmote(ClientSession& c, BitReader& r) {
    auto emote = readEmote(r);
    if (!emote) return malformed(c);
    if (!c.emoteBucket.take(now_)) {
        ++c.rateLimited;
        return notify(c, "slow down: emotes are limited to about one a second");
    }
    broadcast(encodeEmoteEvent({c.id, c.avatar, *emote, simulation_.tick()}));
}

void Sessions::handleLook(ClientSession& c, BitReader& r) {
    auto look = readLook(r);
    if (!look) return malformed(c);
    if (!c.lookBucket.take(now_)) {
        ++c.rateLimited;
        return notify(c, "slow down: your look can change every few seconds");
    }
    if (c.look == *look) return;
    c.look = *look;
    broadcast(encodeLookState(c.id, *look));
}

// A display name chosen in the app replaces the token's for everyone; the token's user id and
// role stay, so a host cannot be impersonated by taking their name's look-alike role.
void Sessions::handleRename(ClientSession& c, BitReader& r) {
    auto name = readDisplayName(r);
    if (!name) return malformed(c);
    if (!c.lookBucket.take(now_)) {
        ++c.rateLimited;
        return send(c, encodeText(MessageType::Notice, "slow down: your name can change every few seconds"), true);
    }
    if (std::string why = displayNameProblem(*name); !why.empty()) return send(c, encodeText(MessageType::Notice, why), true);
    if (*name == c.claims.displayName) return;
    c.claims.displayName = *name;
    nameAvatar(c);
    broadcast(encodeParticipant({c.id, c.claims.displayName, c.claims.role, c.avatar}));
}

// The avatar carries the name too: newcomers' views (Spawn) and a later save show the new one.
void Sessions::nameAvatar(ClientSession& c) {
    if (Name* n = world_.get<Name>(c.walk.entity)) n->value = c.claims.displayName;
    if (Avatar* a = world_.get<Avatar>(c.walk.entity)) a->displayName = c.claims.displayName;
}

// A goodbye: the client gives up its place, so a later join with its user id arrives anew.
void Sessions::handleLeave(ClientSession& c) {
    c.leaving = true;
    dropClient(c.id, "left");  // the transport closes the session once what it was sent has arrived
}

// Everyone is told of the newcomer, and the newcomer of everyone (itself included), with the
// looks set so far: the list is the venue's, not the client's view.
void Sessions::introduce(ClientSession& c) {
    Participant me{c.id, c.claims.displayName, c.claims.role, c.avatar};
    broadcast(encodeParticipant(me), c.id);
    if (c.look) broadcast(encodeLookState(c.id, *c.look), c.id);
    offerAssets(c);
    for (const auto& other : clients_) {
        if (!other->joined) continue;
        send(c, encodeParticipant({other->id, other->claims.displayName, other->claims.role, other->avatar}), true);
        if (other->look) send(c, encodeLookState(other->id, *other->look), true);
    }
    for (const auto& [key, m] : mirrored_) {
        send(c, encodeParticipant({kMirroredClientBit | key, m.name, m.role, m.id}), true);
        if (m.look) send(c, encodeLookState(kMirroredClientBit | key, *m.look), true);
    }
}

void Sessions::keepIdentity(const ClientSession& c) {
    if (config_.reconnectGraceSeconds <= 0.0) return;
    // Already back (the new connection joined before the old one timed out): the user is here,
    // and a later join of theirs is a second one, not a return.
    for (const auto& other : clients_) {
        if (other.get() != &c && other->joined && other->claims.userId == c.claims.userId) return;
    }
    DepartedClient d;
    d.position = simulation_.position(c.walk);
    d.yaw = c.walk.yaw;
    d.seat = simulation_.seatOf(c.walk);
    d.look = c.look;
    d.displayName = c.claims.displayName;
    d.until = now_ + config_.reconnectGraceSeconds;
    departed_[c.claims.userId] = d;
}

// Called with the avatar just arrived at the spawn point: a user back within the grace period
// takes up where it was instead.
void Sessions::resumeIdentity(ClientSession& c) {
    std::erase_if(departed_, [&](const auto& entry) { return entry.second.until < now_; });
    auto it = departed_.find(c.claims.userId);
    if (it == departed_.end()) return;
    const DepartedClient& d = it->second;
    simulation_.resume(c.walk, d.position, d.yaw, d.seat);
    c.look = d.look;
    if (!d.displayName.empty()) {
        c.claims.displayName = d.displayName;
        nameAvatar(c);
    }
    departed_.erase(it);
}

}  // namespace atrium::net
