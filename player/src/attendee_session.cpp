#include "attendee_session.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace atrium::player {

AttendeeSession::AttendeeSession(World& world, const net::JoinLink& link, std::filesystem::path assetRoot)
    : world_(world), link_(link), client_({.token = link.token, .venue = &world, .assetRoot = std::move(assetRoot)}), show_(world) {
    show_.becomeFollower();
}

Status AttendeeSession::connect() { return client_.connect(link_.host, link_.port); }

void AttendeeSession::update(double now, float dt, vec2 keys, bool run, bool jump) {
    now_ = now;
    if (glm::length(keys) > 0.0f) goal_ = {};  // the attendee takes over
    const vec2 move = glm::length(keys) > 0.0f ? camera_.moveFor(keys) : walkToGoal(now);
    // The avatar faces where it walks; standing, it keeps facing the way it last went.
    if (glm::length(move) > 0.0f) client_.setInput(move, run, jump, std::atan2(move.x, -move.y));
    else client_.setInput(vec2(0.0f), false, jump, camera_.yaw());
    keepConnected(now);
    client_.update(now);
    if (client_.joined() && !announcedJoin_) {
        announcedJoin_ = true;
        reconnectDelay_ = 1.0;
        reconnectAttempts_ = 0;
        log_.push_back(std::string(everJoined_ ? "back in " : "joined ") + link_.venueId + " at " + link_.host + ":" +
                       std::to_string(link_.port) + " as client " + std::to_string(client_.clientId()) + " (" + net::toString(client_.role()) +
                       ")");
        everJoined_ = true;
    }
    if (status().state == ConnectionStatus::State::Refused && !refusalLogged_) {
        refusalLogged_ = true;
        log_.push_back(status().message);
    }
    for (; chatSeen_ < client_.chat().size(); ++chatSeen_) {
        const net::ChatLine& line = client_.chat()[chatSeen_];
        log_.push_back(line.name + ": " + line.text);
    }
    for (; noticesSeen_ < client_.notices().size(); ++noticesSeen_) log_.push_back("notice: " + client_.notices()[noticesSeen_]);
    mirrorAvatars(now);
    mirrorSeats();
    playEmotes();
    applyLooks();
    followShow(now);
    markSpeaking();
    world_.updateTransforms();
    crowd_.update(world_, now, dt);
}

void AttendeeSession::sendVoice(std::span<const std::uint8_t> frame, bool announcement) {
    if (!client_.joined() || client_.voiceMuted()) return;
    client_.sendVoice(frame, announcement);
    lastVoiceSent_ = now_;
}

std::optional<vec3> AttendeeSession::headOf(net::NetId avatar) const {
    auto it = shown_.find(avatar);
    if (it == shown_.end()) return std::nullopt;
    const mat4& m = world_.worldMatrix(it->second);
    if (std::optional<vec3> head = crowd_.headPosition(world_.stableId(it->second))) return vec3(m * vec4(*head, 1.0f));
    return vec3(m[3]) + vec3(0.0f, 1.6f, 0.0f);  // not posed yet: a standing person's mouth height
}

// Name tags ring while their avatar is heard: the server's forwarded frames for others, the
// frames leaving this app for the own avatar.
void AttendeeSession::markSpeaking() {
    std::set<net::NetId> heard;
    for (const net::VoiceSpeaker& s : client_.speaking()) heard.insert(s.avatar);
    const bool meTalking = lastVoiceSent_ >= 0.0 && now_ - lastVoiceSent_ < net::kVoiceSpeakingSeconds;
    for (const auto& [id, e] : shown_) {
        if (Avatar* a = world_.get<Avatar>(e)) a->speaking = id == client_.avatarId() ? meTalking : heard.count(id) > 0;
    }
}

void AttendeeSession::followShow(double now) {
    client_.applyShow(show_);
    if (client_.joined()) show_.update(client_.serverTime(now));
    for (; effectsSeen_ < client_.showEffects().size(); ++effectsSeen_) {
        const net::ShowEffectMsg& e = client_.showEffects()[effectsSeen_];
        // A link is offered, never opened: the attendee decides (the app shows it to copy).
        if (e.kind == ShowEffect::Kind::Announce) log_.push_back("announcement: " + e.text);
        else if (e.kind == ShowEffect::Kind::OpenUrl) log_.push_back("the venue offers a link (open it yourself if you want to): " + e.text);
    }
}

Entity AttendeeSession::interactableInReach() const {
    const auto* buttons = world_.findPool<Interactable>();
    if (!buttons || !client_.joined()) return {};
    const vec3 feet = position();
    Entity best;
    float bestDistance = 0.0f;
    for (std::size_t i = 0; i < buttons->size(); ++i) {
        const Entity e = buttons->entities()[i];
        if (show_.disabled(world_.stableId(e))) continue;
        // Measured at chest height from the feet: a button on a lectern is in reach of whoever stands at it.
        const float d = glm::distance(vec3(world_.worldMatrix(e)[3]), feet + vec3(0.0f, 1.0f, 0.0f));
        if (d <= buttons->components()[i].reach && (!best || d < bestDistance)) best = e, bestDistance = d;
    }
    return best;
}

std::string AttendeeSession::promptInReach() const {
    const Interactable* it = world_.get<Interactable>(interactableInReach());
    return it ? "E: " + it->prompt : std::string();
}

bool AttendeeSession::useInReach(std::string* message) {
    const Entity button = interactableInReach();
    if (!button) {
        if (message) *message = "nothing to use within reach";
        return false;
    }
    use(button);
    return true;
}

void AttendeeSession::use(Entity button) {
    const Interactable* it = world_.get<Interactable>(button);
    if (!it) return;
    client_.use(world_.stableId(button));
    log_.push_back("used " + it->prompt);
}

std::vector<std::string> AttendeeSession::cues() const {
    std::vector<std::string> out;
    world_.each<Interactions>([&](Entity, const Interactions& in) {
        for (const ShowBinding& b : in.bindings) {
            if (b.when.kind == ShowEvent::Kind::Cue && std::find(out.begin(), out.end(), b.when.name) == out.end()) out.push_back(b.when.name);
        }
    });
    return out;
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
        // The list has the newest name (a rename after this avatar came into view).
        if (auto p = client_.participants().find(e.owner); p != client_.participants().end()) {
            if (Avatar* av = world_.get<Avatar>(a)) av->displayName = p->second.displayName;
        }
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

StableId AttendeeSession::mySeat() const {
    for (const auto& [seat, id] : client_.seats()) {
        if (id == client_.clientId()) return seat;
    }
    return {};
}

void AttendeeSession::act(const ClickAction& action) {
    goal_ = {};
    switch (action.kind) {
        case ClickAction::Kind::None: return;
        case ClickAction::Kind::Stand: standUp(); break;
        case ClickAction::Kind::Use:
            // In reach: used at once; further: walked to, then used (walkToGoal).
            if (interactableInReach() == action.target) return use(action.target);
            goal_ = action;
            goalSince_ = now_;
            goalLastFeet_ = position();
            break;
        case ClickAction::Kind::Sit:
        case ClickAction::Kind::Portal:
        case ClickAction::Kind::Walk:
            if (seated() && action.kind != ClickAction::Kind::Sit) standUp();
            goal_ = action;
            goalSince_ = now_;
            goalLastFeet_ = position();
            break;
    }
    log_.push_back(action.label);
}

// The next step towards the clicked goal, in world x/z: straight there (the venue's walls stop
// the avatar as they stop keys; a path finder is a later step). Arriving does the action.
vec2 AttendeeSession::walkToGoal(double now) {
    if (goal_.kind == ClickAction::Kind::None || !client_.joined()) return vec2(0.0f);
    const vec3 feet = position();
    const vec2 to(goal_.point.x - feet.x, goal_.point.z - feet.z);
    const float left = glm::length(to);
    // A portal moved us: the rules took the avatar through, which was the point.
    const bool travelled = glm::length(feet - goalLastFeet_) > 3.0f;
    goalLastFeet_ = feet;
    if (travelled || now - goalSince_ > kGoalGiveUpSeconds) {
        if (!travelled) log_.push_back("gave up: " + goal_.label + " (" + std::to_string(int(left)) + " m to go)");
        goal_ = {};
        return vec2(0.0f);
    }
    if (goal_.kind == ClickAction::Kind::Sit && left < kSeatReach * 0.75f) {
        if (world_.alive(goal_.target)) client_.claimSeat(world_.stableId(goal_.target));
        goal_ = {};
        return vec2(0.0f);
    }
    if (goal_.kind == ClickAction::Kind::Use && world_.alive(goal_.target) && interactableInReach() == goal_.target) {
        use(goal_.target);
        goal_ = {};
        return vec2(0.0f);
    }
    if (goal_.kind == ClickAction::Kind::Walk && left < 0.3f) {
        goal_ = {};
        return vec2(0.0f);
    }
    if (left < 1e-3f) return vec2(0.0f);
    // Full speed until the last metre, so the avatar does not overshoot a small goal.
    return to / left * std::fmin(1.0f, 0.3f + left);
}

void AttendeeSession::chat(const std::string& text) { client_.sendChat(text); }

void AttendeeSession::emote(Emote e) { client_.sendEmote(std::uint8_t(e)); }

namespace {
// The wire carries sRGB bytes; the renderer's looks are linear.
vec3 linear(const net::Srgb& c) {
    auto f = [](std::uint8_t v) {
        float x = float(v) / 255.0f;
        return x <= 0.04045f ? x / 12.92f : std::pow((x + 0.055f) / 1.055f, 2.4f);
    };
    return {f(c[0]), f(c[1]), f(c[2])};
}
net::Srgb srgb(vec3 c) {
    auto f = [](float x) {
        x = std::fmin(std::fmax(x, 0.0f), 1.0f);
        float v = x <= 0.0031308f ? x * 12.92f : 1.055f * std::pow(x, 1.0f / 2.4f) - 0.055f;
        return std::uint8_t(std::lround(v * 255.0f));
    };
    return {f(c.x), f(c.y), f(c.z)};
}
}  // namespace

void AttendeeSession::setLook(const AvatarLook& look) {
    look_ = look;
    client_.setLook({std::uint8_t(look.body), srgb(look.skin), srgb(look.top), srgb(look.bottom), srgb(look.shoes), look.model});
}

// Everyone's emotes, the own included, as the server relayed them: played on the avatar now.
void AttendeeSession::playEmotes() {
    const auto& emotes = client_.emotes();
    for (; emotesSeen_ < emotes.size(); ++emotesSeen_) {
        const net::EmoteEvent& e = emotes[emotesSeen_];
        if (e.emote == 0 || e.emote > std::uint8_t(Emote::ThumbsUp)) continue;  // one this app does not know
        const Emote emote = Emote(e.emote);
        auto it = shown_.find(e.avatar);
        if (it != shown_.end()) crowd_.playEmote(world_.stableId(it->second), emote, now_);
        const bool mine = e.clientId == client_.clientId();
        auto who = client_.participants().find(e.clientId);
        log_.push_back((mine                                  ? std::string("you")
                        : who != client_.participants().end() ? who->second.displayName
                                                              : "someone") +
                       ": " + std::string(toString(emote)));
    }
}

namespace {
// Someone who chose no look still looks like someone: clothes picked from their client id.
AvatarLook lookFor(std::uint32_t clientId) {
    static const vec3 tops[] = {
        {0.16f, 0.32f, 0.62f}, {0.60f, 0.12f, 0.12f}, {0.12f, 0.45f, 0.20f}, {0.55f, 0.45f, 0.10f}, {0.35f, 0.18f, 0.50f}};
    static const vec3 skins[] = {{0.80f, 0.62f, 0.50f}, {0.55f, 0.38f, 0.26f}, {0.32f, 0.20f, 0.13f}, {0.90f, 0.72f, 0.60f}};
    AvatarLook look;
    look.body = kBodyPresets[clientId % kBodyPresets.size()];
    look.top = tops[(clientId * 7u) % 5u];
    look.skin = skins[(clientId * 3u) % 4u];
    return look;
}
}  // namespace

void AttendeeSession::applyLooks() {
    for (const auto& [id, entity] : shown_) {
        auto look = client_.looks().find(owners_[id]);
        if (look == client_.looks().end()) {
            crowd_.setLook(world_.stableId(entity), lookFor(owners_[id]));
            continue;
        }
        const net::AvatarLookMsg& m = look->second;
        crowd_.setLook(world_.stableId(entity), AvatarLook{BodyPreset(std::min<int>(m.bodyPreset, 4)), linear(m.skin), linear(m.top),
                                                           linear(m.bottom), linear(m.shoes), m.model});
    }
}

// A lost connection (not a kick or a refusal, which say why) is tried again with back-off; the
// server keeps the avatar's place and seat for its grace period, so it comes back where it was.
// A server that cannot be reached at all is retried the same way.
bool AttendeeSession::lost() const {
    if (client_.connected() && client_.joined()) return false;
    const std::string& why = client_.closeReason();
    // The transport's "no answer from ..." is a server down or unreachable (or one that ignored
    // a forged token, which it does not answer): worth trying again, like a lost connection.
    if (why == "connection lost" || why.rfind("no answer", 0) == 0 || timedOut_) return true;
    // Dropped without a word (the network, or Client::disconnect()) after having joined, and
    // not on the way back already.
    return why.empty() && everJoined_ && !client_.connected() && !attempting_;
}

void AttendeeSession::keepConnected(double now) {
    if (client_.joined() || !client_.closeReason().empty()) attempting_ = false;
    if (attemptSince_ < 0.0) attemptSince_ = now;
    if (client_.joined()) attemptSince_ = now;
    else if (client_.closeReason().empty() && reconnectAt_ == 0.0 && now - attemptSince_ > kJoinDeadline) timedOut_ = true;
    if (!lost()) return;
    const std::string where = link_.host + ":" + std::to_string(link_.port);
    if (reconnectAt_ == 0.0) {
        reconnectAt_ = now + reconnectDelay_;
        announcedJoin_ = false;  // "back in ..." once the server takes us back
        log_.push_back((everJoined_ ? "connection to " + where + " lost" : "cannot reach the server at " + where) +
                       (timedOut_ ? " (no answer in " + std::to_string(int(kJoinDeadline)) + " s)" : "") + "; reconnecting in " +
                       std::to_string(int(reconnectDelay_)) + " s");
        return;
    }
    if (now < reconnectAt_) return;
    reconnectAt_ = 0.0;
    ++reconnectAttempts_;
    reconnectDelay_ = std::min(reconnectDelay_ * 2.0, kMaxReconnectDelay);
    attempting_ = true;
    timedOut_ = false;
    attemptSince_ = now;
    if (Status s = client_.reconnect(); !s) log_.push_back("reconnect failed: " + s.error().message);
}

ConnectionStatus AttendeeSession::status() const {
    using State = ConnectionStatus::State;
    const std::string where = link_.host + ":" + std::to_string(link_.port);
    if (client_.joined()) return {State::Joined, "in " + link_.venueId + " at " + where};
    if (reconnectAt_ > 0.0) {
        const double in = std::max(0.0, reconnectAt_ - now_);
        char secs[16];
        std::snprintf(secs, sizeof secs, "%.0f", std::ceil(in));
        return {State::Reconnecting,
                (everJoined_ ? "Connection to " + where + " lost. " : "Cannot reach the server at " + where + ". ") + "Reconnecting in " + secs +
                    " s" + (reconnectAttempts_ ? " (attempt " + std::to_string(reconnectAttempts_ + 1) + ")" : "") + "...",
                in, reconnectAttempts_};
    }
    const std::string& why = client_.closeReason();
    if (!why.empty() && why != "connection lost" && why != "left" && why.rfind("no answer", 0) != 0) {
        return {State::Refused, (everJoined_ ? "Removed from " + link_.venueId + ": " : "The server at " + where + " refused the join: ") + why};
    }
    if (lost()) {
        return {State::Reconnecting,
                (everJoined_ ? "Connection to " + where + " lost." : "Cannot reach the server at " + where + ".") + " Reconnecting...", 0.0,
                reconnectAttempts_};
    }
    return {State::Connecting, "Joining " + link_.venueId + " at " + where + "..."};
}

std::string AttendeeSession::displayName() const {
    auto me = client_.participants().find(client_.clientId());
    return me != client_.participants().end() ? me->second.displayName : std::string();
}

void AttendeeSession::setDisplayName(const std::string& name) { client_.setDisplayName(name); }

bool AttendeeSession::seated() const {
    for (const auto& [seat, id] : client_.seats()) {
        if (id == client_.clientId()) return true;
    }
    return false;
}

vec3 AttendeeSession::position() const { return client_.predictedPosition(); }

// The server's list of who is here, with where those in view are.
std::vector<Participant> AttendeeSession::participants() const {
    std::vector<Participant> out;
    for (const auto& [clientId, p] : client_.participants()) {
        Participant q{clientId, p.displayName, p.role, false, vec3(0.0f), false, clientId == client_.clientId()};
        if (auto it = shown_.find(p.avatar); it != shown_.end()) {
            const Avatar* a = world_.get<Avatar>(it->second);
            q.inView = true;
            q.position = world_.get<Transform>(it->second)->position;
            q.seated = a && a->seat.valid();
        }
        out.push_back(q);
    }
    return out;
}

}  // namespace atrium::player
