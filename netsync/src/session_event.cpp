// One instance of a many-instance event (event_relay.hpp): what happened here, collected for
// the other instances, and what they decided, applied here.
#include <cstring>

#include "atrium/core/utf8.hpp"
#include "sessions.hpp"

namespace atrium::net {

const char* toString(ModerationKind kind) {
    switch (kind) {
        case ModerationKind::Ban: return "ban";
        case ModerationKind::Mute: return "mute";
        case ModerationKind::Unmute: return "unmute";
    }
    return "ban";
}

bool parseModerationKind(const std::string& text, ModerationKind& out) {
    for (ModerationKind k : {ModerationKind::Ban, ModerationKind::Mute, ModerationKind::Unmute}) {
        if (text == toString(k)) {
            out = k;
            return true;
        }
    }
    return false;
}

void Sessions::noteEvent(const ClientSession& c, bool present) {
    if (!config_.eventRelay) return;
    eventOut_.presence.push_back({present, c.claims.userId, c.claims.displayName, c.claims.role});
}

bool Sessions::bannedFromEvent(const ClientSession& c) const { return bannedUsers_.count(c.claims.userId) != 0; }

EventOutbox Sessions::takeEventOutbox() { return std::exchange(eventOut_, {}); }

void Sessions::relayChat(const std::string& name, const std::string& text) {
    if (findInvalidUtf8(text) || text.size() > kMaxChatBytes) return;  // nothing malformed reaches the clients
    broadcast(encodeChatLine({++chatSequence_, 0, name, text}));
}

void Sessions::applyModeration(const ModerationAction& action) {
    if (action.kind == ModerationKind::Ban) bannedUsers_.insert(action.userId);
    else if (action.kind == ModerationKind::Mute) mutedUsers_.insert(action.userId);
    else mutedUsers_.erase(action.userId);
    // cutOff erases from clients_: collect first.
    std::vector<std::uint32_t> ids;
    for (const auto& c : clients_) {
        if (c->joined && c->claims.userId == action.userId) ids.push_back(c->id);
    }
    for (std::uint32_t id : ids) {
        ClientSession* c = findClient(id);
        if (!c) continue;
        if (action.kind == ModerationKind::Ban) {
            cutOff(*c, "removed from this event by a host");
        } else {
            const bool mute = action.kind == ModerationKind::Mute;
            if (c->muted == mute) continue;
            c->muted = mute;
            send(*c, encodeText(MessageType::Notice, mute ? "a host muted you" : "a host unmuted you"), true);
        }
    }
}

std::vector<PresenceChange> Sessions::people() const {
    std::vector<PresenceChange> out;
    for (const auto& c : clients_) {
        if (c->joined) out.push_back({true, c->claims.userId, c->claims.displayName, c->claims.role});
    }
    return out;
}

void Sessions::drain(const std::string& why) {
    drainingWhy_ = why.empty() ? "this instance is closing" : why;
    std::vector<std::uint32_t> ids;
    for (const auto& c : clients_) ids.push_back(c->id);
    for (std::uint32_t id : ids) {
        if (ClientSession* c = findClient(id)) cutOff(*c, drainingWhy_);
    }
}

void Sessions::setMirroredAvatars(const std::vector<MirroredAvatar>& avatars) {
    std::set<std::uint32_t> seen;
    for (const MirroredAvatar& a : avatars) {
        seen.insert(a.key);
        auto it = mirrored_.find(a.key);
        const std::uint32_t id = kMirroredClientBit | a.key;
        if (it == mirrored_.end()) {
            Entity e = world_.create(a.name.empty() ? "stage" : a.name);
            it = mirrored_.emplace(a.key, Mirrored{e, replicas_.add(e, EntityKind::Avatar, 0, 2.0f, now_), a.name, a.role, {}}).first;
            broadcast(encodeParticipant({id, a.name, a.role, it->second.id}));
        } else if (it->second.name != a.name || it->second.role != a.role) {
            it->second.name = a.name;
            it->second.role = a.role;
            broadcast(encodeParticipant({id, a.name, a.role, it->second.id}));
        }
        if (a.look && it->second.look != a.look) {
            it->second.look = a.look;
            broadcast(encodeLookState(id, *a.look));
        }
        if (Transform* t = world_.get<Transform>(it->second.entity)) {
            t->position = a.position;
            t->rotation = a.rotation;
        }
    }
    for (auto it = mirrored_.begin(); it != mirrored_.end();) {
        if (seen.count(it->first)) {
            ++it;
            continue;
        }
        broadcast(encodeParticipantLeft(kMirroredClientBit | it->first));
        replicas_.remove(it->second.id, now_);
        despawn(it->second.id);
        world_.destroy(it->second.entity);
        it = mirrored_.erase(it);
    }
}

// The frame is not decoded nor re-encoded: only its header is written anew, for this instance.
void Sessions::relayStageVoice(const VoicePacket& p) {
    if (p.positional() || p.frame.empty() || p.frame.size() > kMaxVoiceFrameBytes) return;
    auto it = mirrored_.find(p.speaker);
    VoicePacket header{.speaker = kMirroredClientBit | p.speaker,
                       .avatar = it != mirrored_.end() ? it->second.id : NetId(0),
                       .sequence = p.sequence,
                       .stage = true,
                       .announcement = p.announcement};
    const std::uint32_t index = poolVoice(header, p.frame);
    for (auto& to : clients_) {
        if (to->joined) queueVoice(*to, index);
    }
}

void Sessions::mirrorMedia(MediaStateMsg st, double stageSeconds) {
    if (!world_.get<MediaScreen>(world_.find(st.screen))) return;
    const std::uint32_t tick = simulation_.tick();
    st.position = st.positionAt(stageSeconds);
    st.tick = tick;
    media_[st.screen] = st;
    broadcast(encodeMedia(st));
}

// Made in this server's World by its own show (ShowRunner::follow, as a client's follower does),
// which records it: it leaves with this tick's changes and is kept for late joiners.
void Sessions::mirrorShowChange(const ShowChangeMsg& change, double stageSeconds) {
    const double at = change.serverTime() + double(simulation_.tick()) / kMediaTickRate - stageSeconds;
    simulation_.followShow(change.action, std::max(at, 0.0));
}

}  // namespace atrium::net
