// What clients send, message by message: joining, inputs, seats, chat, screens, moderation
// and live edits, each checked against the sender's role and rate limits.
#include <ctime>

#include "atrium/core/log.hpp"
#include "atrium/core/utf8.hpp"
#include "atrium/net/show_protocol.hpp"
#include "atrium/scene/command_json.hpp"
#include "sessions.hpp"

namespace atrium::net {
namespace {
// Avatars belong to their clients (the server holds their entities): no command may target one.
bool touchesAvatar(const World& world, const Command& command) {
    auto isAvatar = [&](StableId id) { return world.has<Avatar>(world.find(id)); };
    if (const auto* group = std::get_if<CommandGroup>(&command)) {
        for (const Command& inner : group->commands) {
            if (touchesAvatar(world, inner)) return true;
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
}  // namespace

void Sessions::handlePacket(ClientSession& c, std::span<const std::uint8_t> packet) {
    c.bytesUp += packet.size();
    c.windowUp += packet.size();
    if (packet.size() > kMaxPacketBytes) return malformed(c);
    BitReader r(packet);
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
        case MessageType::Emote: return handleEmote(c, r);
        case MessageType::Look: return handleLook(c, r);
        case MessageType::Rename: return handleRename(c, r);
        case MessageType::Use: return handleUse(c, r);
        case MessageType::Cue: return handleCue(c, r);
        case MessageType::Leave: return handleLeave(c);
        case MessageType::AssetRequest: return handleAssetRequest(c, r);
        case MessageType::VoiceSend: return handleVoice(c, r);
        case MessageType::VoiceMute: return handleVoiceMute(c, r);
        case MessageType::SetRole: return handleSetRole(c, r);
        default: return malformed(c);  // server-to-client types, or a second Join
    }
}

void Sessions::handleJoin(ClientSession& c, BitReader& r) {
    // The token text, which older clients send, is not needed: the transport opened the token
    // at the handshake and its claims came with the session. The version after it is.
    auto join = readJoin(r);
    if (!join) return malformed(c);
    auto refuse = [&](const std::string& why) {
        ++stats_.rejectedJoins;
        rawSend(c, encodeText(MessageType::JoinReject, why), true);
        c.connected = false;
        transport_->disconnectLater(c.id, now_);
        dropClient(c.id, "join refused");
    };
    if (join->version != kProtocolVersion) {
        return refuse("this app speaks protocol version " + std::to_string(join->version) + " and the server version " +
                      std::to_string(kProtocolVersion) + ": use an app and a server of the same release");
    }
    Status ok = c.claimsError.empty() ? checkJoinClaims(c.claims, config_.venueId, std::int64_t(std::time(nullptr))) : Error{c.claimsError};
    if (!ok) return refuse(ok.error().message);
    if (!drainingWhy_.empty()) return refuse(drainingWhy_);
    if (bannedFromEvent(c)) return refuse("you were removed from this event by a host");
    c.joined = true;
    if (mutedUsers_.count(c.claims.userId)) c.muted = true;
    simulation_.arrive(c.walk, c.id, c.claims);
    c.avatar = replicas_.add(c.walk.entity, EntityKind::Avatar, c.id, 2.0f, now_);
    replication_.beginClient(c.replication, c.id, now_);
    resumeIdentity(c);
    rawSend(
        c,
        encodeJoinAccept({c.id, c.avatar, simulation_.bounds(), float(config_.snapshotRate), c.claims.role, simulation_.charactersUsePhysics()}),
        true);
    welcome(c);
    introduce(c);
    noteEvent(c, true);
    logInfo("server", "client " + std::to_string(c.id) + " joined as \"" + c.claims.displayName + "\" (" + toString(c.claims.role) + ")");
}

// Entities are described to a client when they first enter its view (sendSnapshots); seats,
// screens and the hosts' edits so far it learns on joining.
void Sessions::welcome(ClientSession& c) {
    for (const auto& other : clients_) {
        if (!other->joined) continue;
        if (StableId seat = simulation_.seatOf(other->walk); seat.valid()) send(c, encodeSeatState({seat, other->id}), true);
    }
    for (const auto& [screen, state] : media_) send(c, encodeMedia(state), true);
    // What the show changed so far, with its ticks: the client's follower catches up to now.
    // (Nothing is pending here: every tick's and every use's changes went out at once.)
    for (const ShowChangeMsg& m : showLog_.replay()) send(c, encodeShowChange(m), true);
    for (const std::string& json : commandLog_.entries()) {
        for (auto& chunk : encodeCommandChunks(json)) send(c, std::move(chunk), true);
    }
}

void Sessions::handleInputs(ClientSession& c, BitReader& r) {
    auto p = readInputs(r);
    if (!p) return malformed(c);
    if (p->hasAck) c.replication.acknowledge(p->ackedSnapshot, now_);
    c.replayed += simulation_.queueInputs(c.walk, p->newestFirst);
}

void Sessions::handleSeat(ClientSession& c, BitReader& r, bool claim) {
    auto id = readSeat(r);
    if (!id) return malformed(c);
    if (!c.eventBucket.take(now_)) return void(++c.rateLimited);
    if (!claim) return simulation_.standUp(c.walk);
    SeatClaim outcome = simulation_.claimSeat(c.walk, *id);
    if (outcome.outcome == SeatClaim::Outcome::NoSuchSeat) return notify(c, "no such seat");
    if (outcome.outcome == SeatClaim::Outcome::Taken) {
        send(c, encodeSeatState({*id, outcome.holder}), true);
        notify(c, "seat is taken");
    }
}

void Sessions::handleChat(ClientSession& c, BitReader& r) {
    auto text = readText(r, kMaxChatBytes);
    if (!text) return malformed(c);
    if (std::optional<std::size_t> bad = findInvalidUtf8(*text)) {
        return send(c, encodeText(MessageType::Notice, "chat line refused: invalid UTF-8 at byte " + std::to_string(*bad)), true);
    }
    if (!c.chatBucket.take(now_)) {
        ++c.rateLimited;
        return notify(c, "slow down: chat is limited to a few lines a second");
    }
    if (c.muted) return notify(c, "you are muted");
    broadcast(encodeChatLine({++chatSequence_, c.id, c.claims.displayName, *text}));
    if (config_.eventRelay) eventOut_.chat.push_back({c.claims.userId, c.claims.displayName, *text});
}

void Sessions::handleMedia(ClientSession& c, BitReader& r) {
    auto m = readMediaControl(r);
    if (!m) return malformed(c);
    if (c.claims.role == Role::Attendee) return notify(c, "only presenters and hosts control screens");
    if (!c.eventBucket.take(now_)) return void(++c.rateLimited);
    if (!world_.has<MediaScreen>(world_.find(m->screen))) return notify(c, "no such screen");
    applyMedia(*m);
}

void Sessions::handleModeration(ClientSession& c, BitReader& r, MessageType type) {
    auto target = readClientAction(r);
    if (!target) return malformed(c);
    if (c.claims.role != Role::Host) return notify(c, "only hosts can kick or mute");
    ClientSession* other = findClient(*target);
    if (!other || !other->joined) return;
    if (type == MessageType::Mute) {
        other->muted = !other->muted;
        send(*other, encodeText(MessageType::Notice, other->muted ? "a host muted you" : "a host unmuted you"), true);
        if (config_.eventRelay) {
            const ModerationAction action{other->muted ? ModerationKind::Mute : ModerationKind::Unmute, other->claims.userId};
            if (other->muted) mutedUsers_.insert(action.userId);
            else mutedUsers_.erase(action.userId);
            eventOut_.moderation.push_back(action);
        }
    } else if (config_.eventRelay) {
        const ModerationAction ban{ModerationKind::Ban, other->claims.userId};
        eventOut_.moderation.push_back(ban);
        applyModeration(ban);
    } else {
        cutOff(*other, "removed by a host");
    }
}

void Sessions::handleEdit(ClientSession& c, BitReader& r) {
    auto m = readEdit(r);
    if (!m) return malformed(c);
    if (c.claims.role != Role::Host) return notify(c, "only hosts edit the venue live");
    if (!c.eventBucket.take(now_)) return void(++c.rateLimited);
    Entity e = world_.find(m->entity);
    Transform* t = world_.get<Transform>(e);
    if (!t || world_.has<Avatar>(e)) return notify(c, "cannot edit that entity");
    const Aabb& bounds = simulation_.bounds();
    if (!bounds.empty() && (glm::any(glm::lessThan(m->position, bounds.min)) || glm::any(glm::greaterThan(m->position, bounds.max)))) {
        return notify(c, "edit outside the venue bounds");
    }
    t->position = m->position;
    t->rotation = m->rotation;
    broadcast(encodeEdit(*m), c.id);
}

void Sessions::handleCommandChunk(ClientSession& c, BitReader& r) {
    CommandAssembler::Outcome outcome = c.commandChunks.feed(r);
    if (outcome == CommandAssembler::Outcome::Malformed) return malformed(c);
    if (outcome == CommandAssembler::Outcome::Partial) return;
    std::string json = c.commandChunks.take();
    if (c.claims.role != Role::Host) {
        ++stats_.commandsRefused;
        return notify(c, "only hosts edit the venue live");
    }
    Result<Command> command = commandFromJson(json);
    if (!command) {
        ++stats_.commandsRefused;
        send(c, encodeText(MessageType::Notice, "edit refused: " + command.error().toString()), true);
        return malformed(c);
    }
    if (touchesAvatar(world_, *command)) {
        ++stats_.commandsRefused;
        return notify(c, "avatars are not the editor's to change");
    }
    if (Status s = applyCommand(world_, *command); !s.ok()) {
        // The host's World and ours disagree (an edit refused earlier): say so, relay nothing.
        ++stats_.commandsRefused;
        return notify(c, "edit not applied: " + s.error().message);
    }
    ++stats_.commandsApplied;
    afterWorldEdit();
    simulation_.worldEdited();
    for (auto& other : clients_) {
        if (!other->joined || other->id == c.id) continue;
        for (auto& chunk : encodeCommandChunks(json)) send(*other, std::move(chunk), true);
    }
    commandLog_.append(std::move(json), std::move(*command));
}

// A command may destroy replicated bodies or create new ones: the replicas follow the World.
void Sessions::afterWorldEdit() {
    for (NetId id : replicas_.removeDestroyedBodies(now_)) despawn(id);
    replicas_.registerBodies(now_);
}

// ---------------------------------------------------------------- shows

void Sessions::handleUse(ClientSession& c, BitReader& r) {
    auto button = readUse(r);
    if (!button) return malformed(c);
    if (!c.eventBucket.take(now_)) return void(++c.rateLimited);
    switch (simulation_.use(c.walk, *button)) {
        case UseOutcome::Used: break;
        case UseOutcome::NoSuchButton: return notify(c, "no such button");
        case UseOutcome::OutOfReach: return notify(c, "too far away to use that");
        case UseOutcome::Refused: return notify(c, "that cannot be used now");
    }
    flushShowChanges();
}

void Sessions::handleCue(ClientSession& c, BitReader& r) {
    auto name = readCue(r);
    if (!name) return malformed(c);
    if (c.claims.role != Role::Host) return notify(c, "only hosts call cues");
    if (!c.eventBucket.take(now_)) return void(++c.rateLimited);
    simulation_.cue(*name);
    flushShowChanges();
}

void Sessions::showChanged(const ShowChangeMsg& change) { showPending_.push_back(change); }

void Sessions::flushShowChanges() {
    if (showPending_.empty()) return;
    for (const ShowChangeMsg& m : foldChanges(showPending_)) {
        showLog_.add(m);
        broadcast(encodeShowChange(m));
    }
    showPending_.clear();
}

void Sessions::showEffect(const ShowEffectMsg& effect, std::uint32_t onlyTo) {
    using K = ShowEffect::Kind;
    // A screen's play state is the screens' own message, kept for late joiners like a
    // presenter's; a seek goes to everyone as an effect besides.
    if (effect.kind == K::MediaPlay || effect.kind == K::MediaPause || effect.kind == K::MediaSeek) {
        if (!world_.has<MediaScreen>(world_.find(effect.target))) return;
        const MediaAction action = effect.kind == K::MediaPlay    ? MediaAction::Play
                                   : effect.kind == K::MediaPause ? MediaAction::Pause
                                                                  : MediaAction::Seek;
        applyMedia({.screen = effect.target, .action = action, .seconds = std::max(0.0, double(effect.seconds))});
        if (effect.kind != K::MediaSeek) return;
    }
    if (onlyTo == 0) return broadcast(encodeShowEffect(effect));
    if (ClientSession* c = findClient(onlyTo); c && c->joined) send(*c, encodeShowEffect(effect), true);
}

// The screens' media (MediaStateMsg): the server holds each screen's source, play state,
// position at a tick, page and volume, and tells everyone every change. It never opens the media.
void Sessions::startMedia() {
    world_.each<MediaScreen>([&](Entity e, MediaScreen& s) {
        if (s.source.empty() && s.playlist.empty()) return;
        const StableId id = world_.stableId(e);
        media_[id] = MediaStateMsg{.screen = id, .playing = s.autoplay, .tick = simulation_.tick(), .volume = s.volume};
        if (!s.playlist.empty()) {
            media_[id].source = s.playlist.front();
            playlistItems_[id] = 0;
        }
    });
}

void Sessions::setMediaDuration(const std::string& source, double seconds) {
    if (seconds > 0.0) mediaDurations_[source] = seconds;
}

void Sessions::advanceMedia() {
    if (playlistItems_.empty()) return;
    const std::uint32_t tick = simulation_.tick();
    const double now = double(tick) / kMediaTickRate;
    for (auto& [id, item] : playlistItems_) {
        auto st = media_.find(id);
        const MediaScreen* screen = world_.get<MediaScreen>(world_.find(id));
        if (st == media_.end() || !st->second.playing || !screen || screen->playlist.empty()) continue;
        MediaStateMsg& m = st->second;
        // A presenter's or --media's source took the screen over: the list waits.
        if (item >= screen->playlist.size() || m.source != screen->playlist[item]) continue;
        const auto duration = mediaDurations_.find(m.source);
        if (duration == mediaDurations_.end()) continue;  // not known: the item plays on
        const double position = m.positionAt(now);
        if (position < duration->second) continue;
        const bool last = item + 1 >= screen->playlist.size();
        m.tick = tick;
        if (last && !screen->loop) {
            m.position = duration->second;  // the list is over: everyone holds its last picture
            m.playing = false;
        } else {
            item = last ? 0 : item + 1;
            m.source = screen->playlist[item];
            m.position = std::min(position - duration->second, 1.0);  // what a tick overshot
            m.page = 0;
        }
        broadcast(encodeMedia(m));
    }
}

Status Sessions::setMedia(StableId screen, const std::string& source) {
    if (!world_.has<MediaScreen>(world_.find(screen))) return Error{"no media screen " + toHex(screen) + " in the venue"};
    applyMedia({.screen = screen, .action = MediaAction::SetSource, .source = source});
    return Ok{};
}

const MediaStateMsg* Sessions::media(StableId screen) const {
    auto it = media_.find(screen);
    return it == media_.end() ? nullptr : &it->second;
}

void Sessions::applyMedia(const MediaControlMsg& m) {
    const Entity e = world_.find(m.screen);
    const MediaScreen* screen = world_.get<MediaScreen>(e);
    auto [it, added] = media_.try_emplace(m.screen);
    MediaStateMsg& st = it->second;
    if (added) {
        st.screen = m.screen;
        st.volume = screen ? screen->volume : 1.0f;
    }
    // Every change restamps the position at this tick, so that positionAt stays exact.
    const std::uint32_t tick = simulation_.tick();
    st.position = st.positionAt(double(tick) / kMediaTickRate);
    st.tick = tick;
    switch (m.action) {
        case MediaAction::Play: st.playing = true; break;
        case MediaAction::Pause: st.playing = false; break;
        case MediaAction::Seek: st.position = m.seconds; break;
        case MediaAction::NextPage: ++st.page; break;
        case MediaAction::PreviousPage: st.page = st.page > 0 ? st.page - 1 : 0; break;
        case MediaAction::SetPage: st.page = m.page; break;
        case MediaAction::SetVolume: st.volume = std::clamp(m.volume, 0.0f, 1.0f); break;
        case MediaAction::SetSource:
            st.source = m.source;
            st.position = 0.0;
            st.page = 0;
            st.playing = true;
            break;
    }
    broadcast(encodeMedia(st));
}

}  // namespace atrium::net
