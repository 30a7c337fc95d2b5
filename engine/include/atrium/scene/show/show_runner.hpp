#pragma once
// Runs a venue's interactions and timelines over its World: the one implementation the server
// runs on its clock (so every attendee sees the same beat) and the editor's play mode runs the
// same way. Events come in (the venue rules' trigger events, buttons used, cues, media ends,
// the clock); actions change the World (visibility, transforms and lights, eased over time,
// timelines sampled) or come out as effects for whoever runs it to deliver (announcements,
// media commands, sounds, a teleport or a URL for one person).
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "atrium/scene/rules/rule_event.hpp"
#include "atrium/scene/show/show_data.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

// What an action asks of the app or server instead of the World.
struct ShowEffect {
    enum class Kind : std::uint8_t { Announce, MediaPlay, MediaPause, MediaSeek, PlaySound, Teleport, OpenUrl };
    Kind kind = Kind::Announce;
    StableId target;       // the screen, the sound's place, the teleport's destination
    StableId person;       // Teleport and OpenUrl: the avatar who set the event off (else invalid)
    float seconds = 0.0f;  // MediaSeek
    std::string text;      // Announce, PlaySound (asset), OpenUrl
};

// A change the show made to the World (visibility, enabled, a tween, a light, a timeline
// started or stopped, a counter's new value), at `at` on the runner's clock: what a server
// sends its clients so that their followers (ShowRunner::follow) make the same change at the
// same server time. AddCounter comes out as SetCounter to the sum, so a replay is idempotent.
struct ShowChange {
    ShowAction action;
    double at = 0.0;
};

class ShowRunner {
public:
    // The role of the person an avatar belongs to (the server knows it from the join token);
    // unset: everyone is an attendee.
    using RoleOf = std::function<PersonRole(StableId avatar)>;

    explicit ShowRunner(World& world, RoleOf roleOf = {});

    // Finds the bindings and timelines afresh (after the venue was edited).
    void rebuild();
    // The venue opens: VenueStart bindings fire, autoplay timelines start, timers count from now.
    void start(double now);
    // Someone used a button. False (and nothing happens) when it is disabled, the role may not
    // use it, or it has no Interactable.
    bool use(StableId button, StableId avatar, double now);
    void cue(const std::string& name, double now);
    void mediaEnded(StableId screen, double now);
    // One tick: trigger events from the venue rules, timers, tweens and timelines at `now`.
    void update(double now, std::span<const RuleEvent> events = {});

    std::vector<ShowEffect> takeEffects();
    // The World changes since the last call, once recordChanges() was called (a server does;
    // an app running the show alone need not keep them).
    void recordChanges() { recording_ = true; }
    // No binding fires more often than once per this many seconds, whatever its cooldown (a
    // server's flood limit).
    void setMinCooldown(double seconds) { minCooldown_ = seconds; }
    std::vector<ShowChange> takeChanges();

    // A follower (a client of a server running the show) makes the World changes the server's
    // runner made and samples timelines and tweens on the server's clock, but evaluates no
    // event itself: no binding fires, timeline cues are left to the server (which sends what
    // they changed), no effect is made and no change recorded.
    void becomeFollower() { follower_ = true; }
    bool follower() const { return follower_; }
    // Applies a change the server made (ShowChange::action at ShowChange::at); actions that
    // are not World changes are ignored.
    void follow(const ShowAction& change, double at);
    // The timelines running and when each started (seconds on the runner's clock).
    std::vector<std::pair<StableId, double>> runningTimelines() const;
    double counter(const std::string& name) const;
    bool running(StableId timeline) const { return timelines_.count(timeline) > 0; }
    bool disabled(StableId entity) const { return disabled_.count(entity) > 0; }
    std::uint64_t firings() const { return firings_; }
    std::size_t activeTweens() const { return tweens_.size(); }
    // Bindings and tracks whose entity is gone (deleted after wiring): "entities[3]..."-style
    // messages, for atrium-venue and the editor; they are skipped, never a crash.
    const std::vector<std::string>& problems() const { return problems_; }

private:
    struct Bound {
        StableId owner;  // the entity holding the Interactions
        std::size_t index;
        double lastFired = -1e9;
        bool above = false;  // CounterReached: the counter is at or over the value
    };
    struct Tween {
        Entity entity;  // looked up once, when the tween starts
        vec4 from, to;
        double start;
        float seconds;
        Easing easing;
    };
    struct Running {
        double start;
        float lastTime;                 // seconds into the timeline at the previous tick
        std::vector<double> lastFlash;  // per track: when it last went on
        std::vector<bool> wasOn;
    };
    struct Context {
        StableId person;
        double now;
        int depth;
    };

    const ShowBinding* binding(const Bound& b) const;
    void fire(ShowEvent::Kind kind, StableId source, const std::string& name, StableId person, double now, int depth = 0);
    void fireBound(Bound& b, const Context& c);
    void run(const ShowAction& a, const Context& c);
    void setCounter(const std::string& name, double value, const Context& c);
    void startTween(const ShowAction& a, double now);
    void stepTweens(double now);
    bool applyTween(const Tween& tween, ShowAction::Kind kind, double now);  // false once it is done
    void stepTimeline(StableId id, Running& r, double now);
    void applyTrack(const TimelineTrack& track, vec4 v);
    bool admitted(RoleFilter filter, StableId person) const;
    void startTimeline(StableId id, double now);
    void record(const ShowAction& a, double now);
    void setVisible(Entity e, bool visible);

    World& world_;
    RoleOf roleOf_;
    std::vector<Bound> bound_;
    // (event kind, source) -> indices into bound_: an event touches only its own bindings.
    std::map<std::pair<ShowEvent::Kind, StableId>, std::vector<std::size_t>> bySource_;
    std::map<std::string, std::vector<std::size_t>> byCue_, byCounter_;
    std::vector<std::size_t> timers_, starts_;
    std::vector<double> timerNext_;  // by timers_ index
    std::map<std::string, double> counters_;
    std::set<StableId> disabled_;
    // One tween per (target, property): a new one takes over from where the old one got to.
    std::map<std::pair<StableId, ShowAction::Kind>, Tween> tweens_;
    std::map<StableId, Running> timelines_;
    std::vector<ShowEffect> effects_;
    std::vector<ShowChange> changes_;
    bool follower_ = false;
    bool recording_ = false;
    double minCooldown_ = 0.0;
    std::vector<std::string> problems_;
    double startedAt_ = -1.0;
    std::uint64_t firings_ = 0;
};

}  // namespace atrium
