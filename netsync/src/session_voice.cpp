// Voice through the server (voice.hpp): frames checked against the sender's limits and mutes
// and relayed unchanged to the listeners chosen for it at the last tick (voice_router.hpp).
// Nothing here decodes audio; a frame is bytes with a size limit.
#include <algorithm>
#include <cmath>
#include <ctime>

#include "sessions.hpp"

namespace atrium::net {
namespace {
// Frames a new talker sends before its first routing: a tick's worth at most (two 20 ms
// frames in 16.7 ms), and a bound on what a silent-then-flooding client can make us keep.
constexpr std::size_t kMaxWaitingFrames = 3;

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

bool mayHoldStage(Role role) { return role == Role::Presenter || role == Role::Host; }
}  // namespace

void Sessions::handleVoice(ClientSession& c, BitReader& r) {
    VoiceSendRead read = readVoiceSend(r);
    if (!read.message) {
        ++c.voice.dropped;
        if (read.error == VoiceReadError::Oversized) ++stats_.voice.oversized;
        else ++stats_.voice.malformed;
        return malformed(c);
    }
    if (!c.voice.bucket.take(now_)) {
        ++c.voice.dropped;
        ++c.rateLimited;
        return void(++stats_.voice.rateLimited);
    }
    ++stats_.voice.framesReceived;
    // Checked per frame, not per tick: a host's mute stops the very next frame.
    if (c.muted || c.voice.selfMuted) return void(++stats_.voice.muted);
    const bool wasTalking = now_ - c.voice.lastFrameAt <= kVoiceSpeakingSeconds;
    c.voice.lastFrameAt = now_;
    c.voice.announcing = read.message->announcement && c.claims.role == Role::Host;
    if (!wasTalking) c.voice.routed = false;
    if (!c.voice.routed) {
        if (c.voice.waiting.size() < kMaxWaitingFrames) return c.voice.waiting.push_back(std::move(*read.message));
        ++c.voice.dropped;  // more in one tick than a talker sends: a burst, not speech
        return void(++stats_.voice.rateLimited);
    }
    forwardVoice(c, *read.message);
}

// A frame for everyone it goes to, encoded once: its index in the tick's pool.
std::uint32_t Sessions::poolVoice(const VoicePacket& header, std::span<const std::uint8_t> frame) {
    voiceFrames_.push_back(encodeVoicePacket(header, frame));
    return std::uint32_t(voiceFrames_.size() - 1);
}

void Sessions::queueVoice(ClientSession& to, std::uint32_t frame) {
    if (to.voiceOut.empty()) voicePending_.push_back(&to);
    to.voiceOut.push_back(frame);
    ++stats_.voice.framesForwarded;
    stats_.voice.bytesForwarded += voiceFrames_[frame].size();
}

void Sessions::forwardVoice(ClientSession& c, const VoiceSendMsg& m) {
    VoicePacket header{.speaker = c.id, .avatar = c.avatar, .sequence = m.sequence, .stage = c.voice.stage, .announcement = c.voice.announcing};
    // A host's announcement is heard everywhere even off the stage.
    const bool everyone = c.voice.everyone || c.voice.announcing;
    const std::uint32_t index = poolVoice(header, m.frame);
    if (everyone) {
        for (auto& other : clients_) {
            if (other->joined && other->id != c.id) queueVoice(*other, index);
        }
        return;
    }
    for (ClientSession* to : c.voice.listeners) {
        if (to->joined) queueVoice(*to, index);
    }
}

// Once a tick, not on arrival: a listener of eight talkers gets their frames batched into one
// datagram instead of eight. Datagrams are most of what forwarding costs; the delay (at most a
// tick, 16.7 ms) is within what the jitter buffer's 40-60 ms absorbs.
void Sessions::deliverVoice() {
    std::vector<std::span<const std::uint8_t>> frames;
    for (ClientSession* to : voicePending_) {
        frames.clear();
        for (std::uint32_t index : to->voiceOut) frames.emplace_back(voiceFrames_[index]);
        // Voice is not charged to the snapshots' downstream budget: it is its own traffic.
        for (const auto& packet : packBatches(frames)) rawSend(*to, packet, false);
        to->voiceOut.clear();
    }
    voicePending_.clear();
    voiceFrames_.clear();
}

bool Sessions::inStageZone(vec3 position) const {
    bool inside = false;
    world_.each<StageZone>([&](Entity e, const StageZone& zone) {
        if (inside) return;
        vec3 local = vec3(glm::inverse(world_.computeWorldMatrix(e)) * vec4(position, 1.0f));
        inside = glm::all(glm::lessThanEqual(glm::abs(local), zone.halfExtents));
    });
    return inside;
}

// Everyone is routed anew voiceRoutesPerSecond times a second (the grid of talkers and a
// query per listener: most of what choosing costs); in between only those who just started
// talking are, against the counts the last routing left, so the first words are not held back.
void Sessions::routeVoice() {
    const double t0 = threadCpuMs();
    voiceMembers_.clear();
    voiceSessions_.clear();
    std::size_t talking = 0;
    for (auto& c : clients_) {
        if (!c->joined) continue;
        VoiceTalker& v = c->voice;
        VoiceMember m{.client = c->id, .position = simulation_.position(c->walk)};
        m.talking = now_ - v.lastFrameAt <= kVoiceSpeakingSeconds && !c->muted && !v.selfMuted;
        if (!m.talking) {
            if (!v.listeners.empty()) forgetListeners(*c);
            v.routed = v.everyone = v.stage = v.announcing = false;
            v.waiting.clear();
        } else {
            ++talking;
            v.stage = mayHoldStage(c->claims.role) && inStageZone(m.position);
            v.everyone = v.stage || v.announcing;
            m.heardEverywhere = v.everyone;
        }
        voiceMembers_.push_back(m);
        voiceSessions_.push_back(c.get());
    }
    stats_.voice.talking = talking;
    const bool everyone = --voiceTicksToRoute_ <= 0;
    if (everyone) {
        voiceTicksToRoute_ = std::max(1, int(std::lround(config_.tickRate / std::max(config_.voiceRoutesPerSecond, 1e-3))));
        if (talking > 0) voiceRouter_.route(voiceMembers_);
        for (ClientSession* c : voiceSessions_) c->voice.hearing = 0;
    }
    for (std::size_t i = 0; i < voiceMembers_.size(); ++i) {
        if (!voiceMembers_[i].talking) continue;
        ClientSession& c = *voiceSessions_[i];
        if (everyone) {
            c.voice.listeners.clear();
            for (std::uint32_t id : voiceRouter_.listeners(i)) {
                if (ClientSession* to = findClient(id)) {
                    ++to->voice.hearing;
                    c.voice.listeners.push_back(to);
                }
            }
        } else if (!c.voice.routed) {
            routeNewTalker(i);
        } else {
            continue;
        }
        c.voice.routed = true;
        for (const VoiceSendMsg& m : c.voice.waiting) forwardVoice(c, m);
        c.voice.waiting.clear();
    }
    stats_.voice.routeMs += threadCpuMs() - t0;
    deliverVoice();
}

// Someone who started talking since the last routing: heard by those within range, nearest
// first, who hear fewer than voiceMaxSpeakers already (the next routing weighs everyone again).
void Sessions::routeNewTalker(std::size_t member) {
    const VoiceMember& talker = voiceMembers_[member];
    ClientSession& c = *voiceSessions_[member];
    forgetListeners(c);
    if (talker.heardEverywhere) return;
    const float radiusSquared = config_.voiceHearingRadius * config_.voiceHearingRadius;
    voiceNear_.clear();
    for (std::size_t j = 0; j < voiceMembers_.size(); ++j) {
        if (j == member) continue;
        const vec3 d = voiceMembers_[j].position - talker.position;
        const float distanceSquared = d.x * d.x + d.z * d.z;  // on the ground plane, as the grid measures
        if (distanceSquared <= radiusSquared && voiceSessions_[j]->voice.hearing < config_.voiceMaxSpeakers)
            voiceNear_.emplace_back(distanceSquared, j);
    }
    std::sort(voiceNear_.begin(), voiceNear_.end());
    for (const auto& [distanceSquared, j] : voiceNear_) {
        ++voiceSessions_[j]->voice.hearing;
        c.voice.listeners.push_back(voiceSessions_[j]);
    }
}

void Sessions::forgetListeners(ClientSession& talker) {
    for (ClientSession* to : talker.voice.listeners) {
        if (to->voice.hearing > 0) --to->voice.hearing;
    }
    talker.voice.listeners.clear();
}

void Sessions::handleVoiceMute(ClientSession& c, BitReader& r) {
    auto muted = readVoiceMute(r);
    if (!muted) return malformed(c);
    c.voice.selfMuted = *muted;
}

void Sessions::handleSetRole(ClientSession& c, BitReader& r) {
    auto m = readSetRole(r);
    if (!m) return malformed(c);
    if (c.claims.role != Role::Host) return notify(c, "only hosts give roles");
    ClientSession* other = findClient(m->clientId);
    if (!other || !other->joined) return notify(c, "no such participant");
    other->claims.role = m->role;
    broadcast(encodeParticipant({other->id, other->claims.displayName, other->claims.role, other->avatar}));
    send(*other, encodeText(MessageType::Notice, std::string("a host made you ") + toString(m->role)), true);
}

}  // namespace atrium::net
