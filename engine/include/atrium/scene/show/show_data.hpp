#pragma once
// No-code interactivity as data: what a venue builder wires up in the editor and the venue
// file keeps. An entity's Interactions hold bindings (when EVENT, if CONDITIONS, do ACTIONS);
// an Interactable is a button people use (click, or E within reach); a Timeline is a show's
// keyframed tracks and cue points. Entities are referenced by stable id, never by name, so
// bindings survive renames; the ShowRunner (show_runner.hpp) runs them, on the server and in
// the editor's play mode alike.
#include <cstdint>
#include <string>
#include <vector>

#include "atrium/core/id.hpp"
#include "atrium/core/math.hpp"

namespace atrium {

enum class Easing : std::uint8_t { Linear, EaseIn, EaseOut, EaseInOut, Step };
// `t` in 0..1 eased; Step holds 0 until t reaches 1.
float ease(Easing easing, float t);

// Who may set an event off (walk into the trigger, press the button).
enum class RoleFilter : std::uint8_t { Anyone, Attendee, Presenter, Host, Staff /* presenter or host */ };
// The role a person has in the venue, as the server's join token says.
enum class PersonRole : std::uint8_t { Attendee, Presenter, Host };
bool admits(RoleFilter filter, PersonRole role);

struct ShowEvent {
    enum class Kind : std::uint8_t {
        TriggerEntered,  // someone (or something, by layer) entered trigger `source`
        TriggerLeft,
        Used,   // the Interactable `source` was used
        Timer,  // `seconds` after the venue started (repeat: every `seconds`)
        VenueStart,
        MediaEnded,      // media screen `source` reached the end
        Cue,             // a host's cue called `name` (the control panel, or an action)
        CounterReached,  // counter `name` reached `value` (fires once per crossing upwards)
    };
    Kind kind = Kind::Used;
    StableId source;  // the trigger, button or screen; invalid: the entity the binding is on
    std::string name;
    double value = 0.0;
    float seconds = 1.0f;
    bool repeat = false;
    RoleFilter role = RoleFilter::Anyone;
    std::uint32_t layers = 0xffffffffu;  // trigger events: the collider layers that count

    friend bool operator==(const ShowEvent&, const ShowEvent&) = default;
};

// A comparison on a counter; all of a binding's conditions must hold for it to act.
struct ShowCondition {
    enum class Op : std::uint8_t { Less, LessEqual, Equal, NotEqual, GreaterEqual, Greater };
    std::string counter;
    Op op = Op::GreaterEqual;
    double value = 0.0;

    friend bool operator==(const ShowCondition&, const ShowCondition&) = default;
};

struct ShowAction {
    enum class Kind : std::uint8_t {
        Show,  // target's meshes (and its children's) drawn
        Hide,
        Enable,    // target's bindings, button and trigger events work again
        Disable,   // ... or do nothing until enabled
        MoveTo,    // target's position to `value` over `seconds` (eased)
        RotateTo,  // to Euler angles `value` (degrees)
        ScaleTo,
        SetLight,   // colour `value`, intensity `amount` (negative keeps it), over `seconds`
        MediaPlay,  // screen `target`
        MediaPause,
        MediaSeek,      // to `amount` seconds
        PlaySound,      // asset `text` at the target's position
        Teleport,       // the person who set the event off, to entity `target`
        Announce,       // chat announcement `text` to everyone
        StartTimeline,  // the Timeline on `target`, from its start
        StopTimeline,
        SetCounter,  // counter `text` to `amount`
        AddCounter,  // counter `text` plus `amount`
        Cue,         // fires cue `text` (chains bindings)
        OpenUrl,     // asks the person who set it off whether to open `text`
    };
    Kind kind = Kind::Show;
    StableId target;
    vec3 value{0.0f};
    float amount = 0.0f;
    float seconds = 0.0f;
    Easing easing = Easing::EaseInOut;
    std::string text;

    friend bool operator==(const ShowAction&, const ShowAction&) = default;
};

struct ShowBinding {
    ShowEvent when;
    std::vector<ShowCondition> conditions;
    std::vector<ShowAction> actions;
    // At most one firing per this many seconds: a trigger walked through by a crowd cannot
    // flood the network.
    float cooldown = 0.1f;

    friend bool operator==(const ShowBinding&, const ShowBinding&) = default;
};

struct Interactions {
    std::vector<ShowBinding> bindings;

    friend bool operator==(const Interactions&, const Interactions&) = default;
};

// A button: used by clicking it or pressing E within `reach` metres; the app shows `prompt`.
struct Interactable {
    std::string prompt = "Use";
    float reach = 2.5f;
    RoleFilter role = RoleFilter::Anyone;

    friend bool operator==(const Interactable&, const Interactable&) = default;
};

struct TimelineKey {
    float time = 0.0f;               // seconds from the timeline's start
    vec4 value{0.0f};                // as many components as the property has
    Easing easing = Easing::Linear;  // from the previous key to this one

    friend bool operator==(const TimelineKey&, const TimelineKey&) = default;
};

struct TimelineTrack {
    enum class Property : std::uint8_t { Position, Rotation, Scale, LightColor, LightIntensity, LightCone, Visible };
    StableId target;
    Property property = Property::Position;
    std::vector<TimelineKey> keys;  // by time

    friend bool operator==(const TimelineTrack&, const TimelineTrack&) = default;
};

struct TimelineCue {
    float time = 0.0f;
    std::vector<ShowAction> actions;

    friend bool operator==(const TimelineCue&, const TimelineCue&) = default;
};

// A show: tracks sampled on the server clock, cues that fire actions as they are passed.
struct Timeline {
    float length = 10.0f;
    bool loop = false;
    bool autoplay = false;  // starts with the venue
    std::vector<TimelineTrack> tracks;
    std::vector<TimelineCue> cues;
    // Photosensitivity safety: a Visible track or a light intensity track may not flash (go
    // from off to on) more often than this many times a second; faster keys are skipped.
    float maxFlashesPerSecond = 3.0f;

    friend bool operator==(const Timeline&, const Timeline&) = default;
};

// The value of a track at `time` seconds (clamped to its keys): 0 with no keys.
vec4 sampleTrack(const TimelineTrack& track, float time);

}  // namespace atrium
