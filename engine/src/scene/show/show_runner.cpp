#include "atrium/scene/show/show_runner.hpp"

#include <algorithm>
#include <cmath>

namespace atrium {

namespace {
constexpr int kMaxChainDepth = 8;  // cue -> binding -> cue ... stops here, not in a stack overflow

}  // namespace

ShowRunner::ShowRunner(World& world, RoleOf roleOf) : world_(world), roleOf_(std::move(roleOf)) { rebuild(); }

const ShowBinding* ShowRunner::binding(const Bound& b) const {
    const Interactions* in = world_.get<Interactions>(world_.find(b.owner));
    return in && b.index < in->bindings.size() ? &in->bindings[b.index] : nullptr;
}

void ShowRunner::rebuild() {
    bound_.clear();
    bySource_.clear();
    byCue_.clear();
    byCounter_.clear();
    timers_.clear();
    starts_.clear();
    timerNext_.clear();
    problems_.clear();
    world_.each<Interactions>([&](Entity e, Interactions& in) {
        const StableId owner = world_.stableId(e);
        for (std::size_t i = 0; i < in.bindings.size(); ++i) {
            const ShowBinding& b = in.bindings[i];
            const std::size_t at = bound_.size();
            bound_.push_back({owner, i});
            const StableId source = b.when.source.valid() ? b.when.source : owner;
            const std::string where = "\"" + (world_.get<Name>(e) ? world_.get<Name>(e)->value : std::string()) + "\" binding " +
                                      std::to_string(i);
            auto needs = [&](StableId id, const char* what) {
                if (id.valid() && !world_.find(id)) problems_.push_back(where + ": its " + std::string(what) + " " + toHex(id) + " is gone");
            };
            needs(b.when.source, "event source");
            for (const ShowAction& a : b.actions) needs(a.target, "action target");
            switch (b.when.kind) {
                case ShowEvent::Kind::TriggerEntered:
                case ShowEvent::Kind::TriggerLeft:
                case ShowEvent::Kind::Used:
                case ShowEvent::Kind::MediaEnded: bySource_[{b.when.kind, source}].push_back(at); break;
                case ShowEvent::Kind::Timer: timers_.push_back(at); break;
                case ShowEvent::Kind::VenueStart: starts_.push_back(at); break;
                case ShowEvent::Kind::Cue: byCue_[b.when.name].push_back(at); break;
                case ShowEvent::Kind::CounterReached: byCounter_[b.when.name].push_back(at); break;
            }
        }
    });
    timerNext_.assign(timers_.size(), 0.0);
    for (std::size_t t = 0; t < timers_.size(); ++t) timerNext_[t] = startedAt_ + binding(bound_[timers_[t]])->when.seconds;
    world_.each<Timeline>([&](Entity e, Timeline& tl) {
        for (const TimelineTrack& track : tl.tracks) {
            if (!world_.find(track.target)) {
                const Name* n = world_.get<Name>(e);
                problems_.push_back("\"" + (n ? n->value : std::string()) + "\" timeline: a track's target " + toHex(track.target) + " is gone");
            }
        }
    });
}

void ShowRunner::start(double now) {
    startedAt_ = now;
    if (follower_) return;  // the server's VenueStart and autoplay arrive as changes
    for (std::size_t t = 0; t < timers_.size(); ++t) timerNext_[t] = now + binding(bound_[timers_[t]])->when.seconds;
    for (std::size_t i : starts_) fireBound(bound_[i], {{}, now, 0});
    std::vector<StableId> autoplay;
    world_.each<Timeline>([&](Entity e, Timeline& tl) {
        if (tl.autoplay) autoplay.push_back(world_.stableId(e));
    });
    for (StableId id : autoplay) {
        startTimeline(id, now);
        record({.kind = ShowAction::Kind::StartTimeline, .target = id}, now);
    }
}

void ShowRunner::startTimeline(StableId id, double now) {
    const Timeline* tl = world_.get<Timeline>(world_.find(id));
    if (!tl) return;
    timelines_[id] = Running{now, -1.0f, std::vector<double>(tl->tracks.size(), -1e9), std::vector<bool>(tl->tracks.size(), true)};
}

// Only the World's changes: effects travel on their own, and cues and counters' bindings are
// evaluated where the show is authoritative.
void ShowRunner::record(const ShowAction& a, double now) {
    if (recording_ && !follower_) changes_.push_back({a, now});
}

void ShowRunner::follow(const ShowAction& a, double at) {
    using K = ShowAction::Kind;
    switch (a.kind) {
        case K::Show:
        case K::Hide:
        case K::Enable:
        case K::Disable:
        case K::MoveTo:
        case K::RotateTo:
        case K::ScaleTo:
        case K::SetLight:
        case K::StartTimeline:
        case K::StopTimeline:
        case K::SetCounter: run(a, {{}, at, kMaxChainDepth}); break;
        default: break;  // effects and events: the server's to act on
    }
}

std::vector<std::pair<StableId, double>> ShowRunner::runningTimelines() const {
    std::vector<std::pair<StableId, double>> out;
    for (const auto& [id, r] : timelines_) out.emplace_back(id, r.start);
    return out;
}

bool ShowRunner::admitted(RoleFilter filter, StableId person) const {
    if (filter == RoleFilter::Anyone) return true;
    return admits(filter, roleOf_ && person.valid() ? roleOf_(person) : PersonRole::Attendee);
}

bool ShowRunner::use(StableId button, StableId avatar, double now) {
    const Interactable* it = world_.get<Interactable>(world_.find(button));
    if (!it || disabled(button) || !admitted(it->role, avatar)) return false;
    fire(ShowEvent::Kind::Used, button, {}, avatar, now);
    return true;
}

void ShowRunner::cue(const std::string& name, double now) { fire(ShowEvent::Kind::Cue, {}, name, {}, now); }

void ShowRunner::mediaEnded(StableId screen, double now) { fire(ShowEvent::Kind::MediaEnded, screen, {}, {}, now); }

void ShowRunner::fire(ShowEvent::Kind kind, StableId source, const std::string& name, StableId person, double now, int depth) {
    if (depth > kMaxChainDepth || follower_) return;
    const std::vector<std::size_t>* list = nullptr;
    if (kind == ShowEvent::Kind::Cue) {
        auto it = byCue_.find(name);
        list = it != byCue_.end() ? &it->second : nullptr;
    } else {
        auto it = bySource_.find({kind, source});
        list = it != bySource_.end() ? &it->second : nullptr;
    }
    if (!list) return;
    for (std::size_t i : *list) {
        const ShowBinding* b = binding(bound_[i]);
        if (!b || !admitted(b->when.role, person)) continue;
        if ((kind == ShowEvent::Kind::TriggerEntered || kind == ShowEvent::Kind::TriggerLeft) && person.valid()) {
            const Entity who = world_.find(person);
            const Collider* c = world_.get<Collider>(who);
            const std::uint32_t layer = world_.has<Avatar>(who) ? kAvatarLayer : c ? c->layer : 1u;
            if ((layer & b->when.layers) == 0) continue;
        }
        fireBound(bound_[i], {person, now, depth});
    }
}

void ShowRunner::fireBound(Bound& bound, const Context& c) {
    const ShowBinding* b = binding(bound);
    if (!b || disabled(bound.owner) || (b->when.source.valid() && disabled(b->when.source))) return;
    if (c.now - bound.lastFired < std::max(double(b->cooldown), minCooldown_)) return;
    for (const ShowCondition& cond : b->conditions) {
        const double v = counter(cond.counter);
        bool ok = false;
        switch (cond.op) {
            case ShowCondition::Op::Less: ok = v < cond.value; break;
            case ShowCondition::Op::LessEqual: ok = v <= cond.value; break;
            case ShowCondition::Op::Equal: ok = v == cond.value; break;
            case ShowCondition::Op::NotEqual: ok = v != cond.value; break;
            case ShowCondition::Op::GreaterEqual: ok = v >= cond.value; break;
            case ShowCondition::Op::Greater: ok = v > cond.value; break;
        }
        if (!ok) return;
    }
    bound.lastFired = c.now;
    ++firings_;
    // The binding may be edited away by its own actions: run a copy.
    const std::vector<ShowAction> actions = b->actions;
    for (const ShowAction& a : actions) run(a, c);
}

void ShowRunner::setVisible(Entity e, bool visible) {
    if (MeshRenderer* m = world_.get<MeshRenderer>(e)) m->visible = visible;
    for (Entity child : world_.children(e)) setVisible(child, visible);
}

void ShowRunner::run(const ShowAction& a, const Context& c) {
    using K = ShowAction::Kind;
    const Entity target = world_.find(a.target);
    auto effect = [&](ShowEffect::Kind k, StableId person = {}) { effects_.push_back({k, a.target, person, a.amount, a.text}); };
    switch (a.kind) {
        case K::Show:
        case K::Hide:
            if (target) setVisible(target, a.kind == K::Show);
            record(a, c.now);
            break;
        case K::Enable:
            disabled_.erase(a.target);
            record(a, c.now);
            break;
        case K::Disable:
            disabled_.insert(a.target);
            record(a, c.now);
            break;
        case K::MoveTo:
        case K::RotateTo:
        case K::ScaleTo:
        case K::SetLight:
            if (target) startTween(a, c.now);
            if (target) record(a, c.now);
            break;
        case K::MediaPlay: effect(ShowEffect::Kind::MediaPlay); break;
        case K::MediaPause: effect(ShowEffect::Kind::MediaPause); break;
        case K::MediaSeek: effect(ShowEffect::Kind::MediaSeek); break;
        case K::PlaySound: effect(ShowEffect::Kind::PlaySound); break;
        case K::Announce: effect(ShowEffect::Kind::Announce); break;
        case K::Teleport:
            if (c.person.valid() && target) effect(ShowEffect::Kind::Teleport, c.person);
            break;
        case K::OpenUrl:
            if (c.person.valid()) effect(ShowEffect::Kind::OpenUrl, c.person);
            break;
        case K::StartTimeline:
            if (world_.has<Timeline>(target)) {
                startTimeline(a.target, c.now);
                record(a, c.now);
            }
            break;
        case K::StopTimeline:
            timelines_.erase(a.target);
            record(a, c.now);
            break;
        case K::SetCounter: setCounter(a.text, a.amount, c); break;
        case K::AddCounter: setCounter(a.text, counter(a.text) + a.amount, c); break;
        case K::Cue: fire(ShowEvent::Kind::Cue, {}, a.text, c.person, c.now, c.depth + 1); break;
    }
}

double ShowRunner::counter(const std::string& name) const {
    auto it = counters_.find(name);
    return it != counters_.end() ? it->second : 0.0;
}

void ShowRunner::setCounter(const std::string& name, double value, const Context& c) {
    counters_[name] = value;
    record({.kind = ShowAction::Kind::SetCounter, .amount = float(value), .text = name}, c.now);
    if (follower_) return;
    auto it = byCounter_.find(name);
    if (it == byCounter_.end()) return;
    for (std::size_t i : it->second) {
        Bound& b = bound_[i];
        const ShowBinding* sb = binding(b);
        if (!sb) continue;
        const bool above = value >= sb->when.value;
        // Once per crossing: reaching it again needs dropping below first.
        if (above && !b.above && c.depth < kMaxChainDepth) fireBound(b, {c.person, c.now, c.depth + 1});
        b.above = above;
    }
}

void ShowRunner::startTween(const ShowAction& a, double now) {
    const Entity e = world_.find(a.target);
    Transform* t = world_.get<Transform>(e);
    vec4 from(0.0f), to(a.value, a.amount);
    switch (a.kind) {
        case ShowAction::Kind::MoveTo: from = vec4(t->position, 0); break;
        case ShowAction::Kind::RotateTo: from = vec4(glm::degrees(glm::eulerAngles(t->rotation)), 0); break;
        case ShowAction::Kind::ScaleTo: from = vec4(t->scale, 0); break;
        case ShowAction::Kind::SetLight: {
            const Light* l = world_.get<Light>(e);
            if (!l) return;
            from = vec4(l->color, l->intensity);
            if (a.amount < 0.0f) to.w = l->intensity;
            break;
        }
        default: return;
    }
    Tween& tween = tweens_[{a.target, a.kind}];
    tween = {e, from, to, now, a.seconds, a.easing};
    if (!applyTween(tween, a.kind, now)) tweens_.erase({a.target, a.kind});
}

bool ShowRunner::applyTween(const Tween& tw, ShowAction::Kind kind, double now) {
    if (!world_.alive(tw.entity)) return false;
    const float t = tw.seconds > 0.0f ? float((now - tw.start) / double(tw.seconds)) : 1.0f;
    const vec4 v = glm::mix(tw.from, tw.to, ease(tw.easing, t));
    if (kind == ShowAction::Kind::SetLight) {
        Light* l = world_.get<Light>(tw.entity);
        if (!l) return false;
        l->color = vec3(v);
        l->intensity = v.w;
    } else if (Transform* tr = world_.get<Transform>(tw.entity)) {
        if (kind == ShowAction::Kind::MoveTo) tr->position = vec3(v);
        else if (kind == ShowAction::Kind::RotateTo) tr->rotation = quat(glm::radians(vec3(v)));
        else tr->scale = vec3(v);
    }
    return t < 1.0f;
}

void ShowRunner::stepTweens(double now) {
    for (auto it = tweens_.begin(); it != tweens_.end();) it = applyTween(it->second, it->first.second, now) ? std::next(it) : tweens_.erase(it);
}

void ShowRunner::applyTrack(const TimelineTrack& track, vec4 v) {
    const Entity e = world_.find(track.target);
    using P = TimelineTrack::Property;
    Transform* t = world_.get<Transform>(e);
    Light* l = world_.get<Light>(e);
    switch (track.property) {
        case P::Position:
            if (t) t->position = vec3(v);
            break;
        case P::Rotation:
            if (t) t->rotation = quat(glm::radians(vec3(v)));
            break;
        case P::Scale:
            if (t) t->scale = vec3(v);
            break;
        case P::LightColor:
            if (l) l->color = vec3(v);
            break;
        case P::LightIntensity:
            if (l) l->intensity = std::max(0.0f, v.x);
            break;
        case P::LightCone:
            if (l) {
                l->innerConeDegrees = std::clamp(v.x, 0.0f, 89.0f);
                l->outerConeDegrees = std::clamp(v.y, l->innerConeDegrees, 90.0f);
            }
            break;
        case P::Visible:
            if (e) setVisible(e, v.x > 0.5f);
            break;
    }
}

void ShowRunner::stepTimeline(StableId id, Running& r, double now) {
    const Timeline* tl = world_.get<Timeline>(world_.find(id));
    if (!tl || tl->length <= 0.0f) return;
    float time = float(now - r.start);
    bool wrapped = false;
    if (tl->loop && time >= tl->length) {
        time = std::fmod(time, tl->length);
        wrapped = time < r.lastTime;
    }
    const float at = std::min(time, tl->length);
    const float minGap = tl->maxFlashesPerSecond > 0.0f ? 1.0f / tl->maxFlashesPerSecond : 0.0f;
    for (std::size_t i = 0; i < tl->tracks.size() && i < r.lastFlash.size(); ++i) {
        const TimelineTrack& track = tl->tracks[i];
        vec4 v = sampleTrack(track, at);
        const bool flashy = track.property == TimelineTrack::Property::Visible || track.property == TimelineTrack::Property::LightIntensity;
        if (flashy) {
            const bool on = track.property == TimelineTrack::Property::Visible ? v.x > 0.5f : v.x > 0.0f;
            // Too soon after the last flash: stay off (the safety limit wins over the keys).
            if (on && !r.wasOn[i] && now - r.lastFlash[i] < double(minGap)) v = vec4(0.0f);
            else if (on && !r.wasOn[i]) r.lastFlash[i] = now;
            r.wasOn[i] = track.property == TimelineTrack::Property::Visible ? v.x > 0.5f : v.x > 0.0f;
        }
        applyTrack(track, v);
    }
    // Cues passed since the last tick (both sides of a loop's wrap); a follower hears what
    // they did from the server.
    const std::vector<TimelineCue> cues = follower_ ? std::vector<TimelineCue>{} : tl->cues;  // actions may edit the timeline
    for (const TimelineCue& cue : cues) {
        const bool passed = wrapped ? (cue.time > r.lastTime || cue.time <= at) : (cue.time > r.lastTime && cue.time <= at);
        if (passed) {
            for (const ShowAction& a : cue.actions) run(a, {{}, now, 1});
        }
    }
    r.lastTime = at;
}

void ShowRunner::update(double now, std::span<const RuleEvent> events) {
    for (const RuleEvent& e : events) {
        if (e.kind == RuleEvent::Kind::TriggerEnter) fire(ShowEvent::Kind::TriggerEntered, e.subject, {}, e.avatar, now);
        else if (e.kind == RuleEvent::Kind::TriggerLeave) fire(ShowEvent::Kind::TriggerLeft, e.subject, {}, e.avatar, now);
    }
    if (startedAt_ >= 0.0) {
        for (std::size_t t = 0; t < timers_.size(); ++t) {
            const ShowBinding* b = binding(bound_[timers_[t]]);
            if (!b || now < timerNext_[t]) continue;
            fireBound(bound_[timers_[t]], {{}, now, 0});
            timerNext_[t] = b->when.repeat && b->when.seconds > 0.0f ? timerNext_[t] + b->when.seconds : 1e300;
        }
    }
    stepTweens(now);
    for (auto it = timelines_.begin(); it != timelines_.end();) {
        stepTimeline(it->first, it->second, now);
        const Timeline* tl = world_.get<Timeline>(world_.find(it->first));
        const bool over = !tl || (!tl->loop && now - it->second.start >= tl->length);
        it = over ? timelines_.erase(it) : std::next(it);
    }
}

std::vector<ShowEffect> ShowRunner::takeEffects() { return std::exchange(effects_, {}); }

std::vector<ShowChange> ShowRunner::takeChanges() { return std::exchange(changes_, {}); }

}  // namespace atrium
