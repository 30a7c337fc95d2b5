#include "show_json.hpp"

#include "../component_codec.hpp"

namespace atrium {

namespace {

using EK = ShowEvent::Kind;
using AK = ShowAction::Kind;
using Op = ShowCondition::Op;
using Prop = TimelineTrack::Property;

constexpr EnumName<EK> kEventKinds[] = {
    {"triggerEntered", EK::TriggerEntered}, {"triggerLeft", EK::TriggerLeft}, {"used", EK::Used}, {"timer", EK::Timer},
    {"venueStart", EK::VenueStart},         {"mediaEnded", EK::MediaEnded},   {"cue", EK::Cue},   {"counterReached", EK::CounterReached}};
constexpr EnumName<AK> kActionKinds[] = {{"show", AK::Show},
                                         {"hide", AK::Hide},
                                         {"enable", AK::Enable},
                                         {"disable", AK::Disable},
                                         {"moveTo", AK::MoveTo},
                                         {"rotateTo", AK::RotateTo},
                                         {"scaleTo", AK::ScaleTo},
                                         {"setLight", AK::SetLight},
                                         {"mediaPlay", AK::MediaPlay},
                                         {"mediaPause", AK::MediaPause},
                                         {"mediaSeek", AK::MediaSeek},
                                         {"playSound", AK::PlaySound},
                                         {"teleport", AK::Teleport},
                                         {"announce", AK::Announce},
                                         {"startTimeline", AK::StartTimeline},
                                         {"stopTimeline", AK::StopTimeline},
                                         {"setCounter", AK::SetCounter},
                                         {"addCounter", AK::AddCounter},
                                         {"cue", AK::Cue},
                                         {"openUrl", AK::OpenUrl}};
constexpr EnumName<Easing> kEasings[] = {{"linear", Easing::Linear},
                                         {"easeIn", Easing::EaseIn},
                                         {"easeOut", Easing::EaseOut},
                                         {"easeInOut", Easing::EaseInOut},
                                         {"step", Easing::Step}};
constexpr EnumName<RoleFilter> kRoles[] = {{"anyone", RoleFilter::Anyone},
                                           {"attendee", RoleFilter::Attendee},
                                           {"presenter", RoleFilter::Presenter},
                                           {"host", RoleFilter::Host},
                                           {"staff", RoleFilter::Staff}};
constexpr EnumName<Op> kOps[] = {{"<", Op::Less},      {"<=", Op::LessEqual},    {"==", Op::Equal},
                                 {"!=", Op::NotEqual}, {">=", Op::GreaterEqual}, {">", Op::Greater}};
constexpr EnumName<Prop> kProps[] = {{"position", Prop::Position},
                                     {"rotation", Prop::Rotation},
                                     {"scale", Prop::Scale},
                                     {"lightColor", Prop::LightColor},
                                     {"lightIntensity", Prop::LightIntensity},
                                     {"lightCone", Prop::LightCone},
                                     {"visible", Prop::Visible}};

template <typename E, std::size_t N>
const char* nameOf(const EnumName<E> (&names)[N], E value) {
    for (const auto& n : names) {
        if (n.value == value) return n.name;
    }
    return names[0].name;
}

template <typename E, std::size_t N>
void readEnum(ObjectReader& r, const char* key, E& out, const EnumName<E> (&names)[N]) {
    const Json* v = r.field(key);
    if (!v) return;
    if (!v->is_string()) return r.errors().add(r.fieldPath(key), "expected a string, got " + describeJson(*v));
    const std::string s = v->get<std::string>();
    std::string options;
    for (const auto& n : names) {
        if (s == n.name) {
            out = n.value;
            return;
        }
        options += (options.empty() ? "\"" : ", \"") + std::string(n.name) + "\"";
    }
    r.errors().add(r.fieldPath(key), "unknown value \"" + s + "\" (expected one of " + options + ")");
}

// Each element of array `key` through `read(reader, element)`, with its index in the path.
template <typename T, typename Read>
void readArray(ObjectReader& r, const char* key, std::vector<T>& out, std::size_t maxCount, Read read) {
    const Json* v = r.field(key);
    if (!v) return;
    if (!v->is_array()) return r.errors().add(r.fieldPath(key), "expected an array, got " + describeJson(*v));
    if (v->size() > maxCount)
        return r.errors().add(r.fieldPath(key), "at most " + std::to_string(maxCount) + " entries (has " + std::to_string(v->size()) + ")");
    for (std::size_t i = 0; i < v->size(); ++i) {
        ObjectReader item(r.errors(), (*v)[i], r.fieldPath(key) + "[" + std::to_string(i) + "]");
        if (!item.valid()) continue;
        T value{};
        read(item, value);
        item.finish();
        out.push_back(std::move(value));
    }
}

Json writeAction(const ShowAction& a) {
    Json j = {{"kind", nameOf(kActionKinds, a.kind)}};
    if (a.target.valid()) j["target"] = toHex(a.target);
    if (a.value != vec3(0.0f)) j["value"] = toJson(a.value);
    if (a.amount != 0.0f) j["amount"] = a.amount;
    if (a.seconds != 0.0f) j["seconds"] = a.seconds;
    if (a.easing != Easing::EaseInOut) j["easing"] = nameOf(kEasings, a.easing);
    if (!a.text.empty()) j["text"] = a.text;
    return j;
}

void readAction(ObjectReader& r, ShowAction& a) {
    if (!r.has("kind")) r.errors().add(r.fieldPath("kind"), "an action needs a kind");
    readEnum(r, "kind", a.kind, kActionKinds);
    r.id("target", a.target);
    r.vec3("value", a.value);
    r.number("amount", a.amount);
    r.number("seconds", a.seconds, 0.0f, 3600.0f);
    readEnum(r, "easing", a.easing, kEasings);
    r.string("text", a.text);
    const bool needsTarget = a.kind != AK::Announce && a.kind != AK::SetCounter && a.kind != AK::AddCounter && a.kind != AK::Cue &&
                             a.kind != AK::OpenUrl;
    if (needsTarget && !a.target.valid())
        r.errors().add(r.fieldPath("target"), std::string("a \"") + nameOf(kActionKinds, a.kind) + "\" action needs a target entity");
    const bool needsText = a.kind == AK::Announce || a.kind == AK::SetCounter || a.kind == AK::AddCounter || a.kind == AK::Cue ||
                           a.kind == AK::OpenUrl || a.kind == AK::PlaySound;
    if (needsText && a.text.empty())
        r.errors().add(r.fieldPath("text"), std::string("a \"") + nameOf(kActionKinds, a.kind) + "\" action needs text");
    if (a.kind == AK::OpenUrl && a.text.rfind("https://", 0) != 0 && a.text.rfind("http://", 0) != 0) {
        r.errors().add(r.fieldPath("text"), "an openUrl action opens http:// or https:// addresses only");
    }
}

}  // namespace

Json writeInteractions(const Interactions& in) {
    Json bindings = Json::array();
    for (const ShowBinding& b : in.bindings) {
        Json when = {{"kind", nameOf(kEventKinds, b.when.kind)}};
        if (b.when.source.valid()) when["source"] = toHex(b.when.source);
        if (!b.when.name.empty()) when["name"] = b.when.name;
        if (b.when.kind == EK::CounterReached) when["value"] = b.when.value;
        if (b.when.kind == EK::Timer) when["seconds"] = b.when.seconds, when["repeat"] = b.when.repeat;
        if (b.when.role != RoleFilter::Anyone) when["role"] = nameOf(kRoles, b.when.role);
        if (b.when.layers != 0xffffffffu) when["layers"] = b.when.layers;
        Json conditions = Json::array();
        for (const ShowCondition& c : b.conditions)
            conditions.push_back({{"counter", c.counter}, {"op", nameOf(kOps, c.op)}, {"value", c.value}});
        Json actions = Json::array();
        for (const ShowAction& a : b.actions) actions.push_back(writeAction(a));
        Json j = {{"when", when}, {"actions", actions}};
        if (!b.conditions.empty()) j["conditions"] = conditions;
        if (b.cooldown != 0.1f) j["cooldown"] = b.cooldown;
        bindings.push_back(j);
    }
    return {{"bindings", bindings}};
}

void readInteractions(ObjectReader& r, Interactions& in) {
    readArray(r, "bindings", in.bindings, 256, [](ObjectReader& b, ShowBinding& binding) {
        if (const Json* when = b.field("when")) {
            ObjectReader w(b.errors(), *when, b.fieldPath("when"));
            if (w.valid()) {
                if (!w.has("kind")) w.errors().add(w.fieldPath("kind"), "an event needs a kind");
                readEnum(w, "kind", binding.when.kind, kEventKinds);
                w.id("source", binding.when.source);
                w.string("name", binding.when.name);
                w.number("value", binding.when.value);
                w.number("seconds", binding.when.seconds, 0.05f, 86400.0f);
                w.boolean("repeat", binding.when.repeat);
                readEnum(w, "role", binding.when.role, kRoles);
                w.integer("layers", binding.when.layers);
                const EK k = binding.when.kind;
                if ((k == EK::Cue || k == EK::CounterReached) && binding.when.name.empty()) {
                    w.errors().add(w.fieldPath("name"), "a cue or counter event needs the name it listens for");
                }
                w.finish();
            }
        } else {
            b.errors().add(b.fieldPath("when"), "a binding needs \"when\" (its event)");
        }
        readArray(b, "conditions", binding.conditions, 16, [](ObjectReader& c, ShowCondition& cond) {
            c.string("counter", cond.counter);
            readEnum(c, "op", cond.op, kOps);
            c.number("value", cond.value);
            if (cond.counter.empty()) c.errors().add(c.fieldPath("counter"), "a condition names the counter it compares");
        });
        readArray(b, "actions", binding.actions, 64, readAction);
        b.number("cooldown", binding.cooldown, 0.0f, 3600.0f);
    });
}

Json writeInteractable(const Interactable& b) { return {{"prompt", b.prompt}, {"reach", b.reach}, {"role", nameOf(kRoles, b.role)}}; }

void readInteractable(ObjectReader& r, Interactable& b) {
    r.string("prompt", b.prompt);
    r.number("reach", b.reach, 0.1f, 50.0f);
    readEnum(r, "role", b.role, kRoles);
}

Json writeTimeline(const Timeline& t) {
    Json tracks = Json::array();
    for (const TimelineTrack& track : t.tracks) {
        Json keys = Json::array();
        for (const TimelineKey& k : track.keys) {
            Json key = {{"time", k.time}, {"value", toJson(k.value)}};
            if (k.easing != Easing::Linear) key["easing"] = nameOf(kEasings, k.easing);
            keys.push_back(key);
        }
        tracks.push_back({{"target", toHex(track.target)}, {"property", nameOf(kProps, track.property)}, {"keys", keys}});
    }
    Json cues = Json::array();
    for (const TimelineCue& c : t.cues) {
        Json actions = Json::array();
        for (const ShowAction& a : c.actions) actions.push_back(writeAction(a));
        cues.push_back({{"time", c.time}, {"actions", actions}});
    }
    return {{"length", t.length}, {"loop", t.loop}, {"autoplay", t.autoplay}, {"maxFlashesPerSecond", t.maxFlashesPerSecond},
            {"tracks", tracks},   {"cues", cues}};
}

void readTimeline(ObjectReader& r, Timeline& t) {
    r.number("length", t.length, 0.01f, 86400.0f);
    r.boolean("loop", t.loop);
    r.boolean("autoplay", t.autoplay);
    r.number("maxFlashesPerSecond", t.maxFlashesPerSecond, 0.1f, 3.0f);  // 3 Hz: the WCAG flash threshold
    readArray(r, "tracks", t.tracks, 256, [&](ObjectReader& tr, TimelineTrack& track) {
        tr.id("target", track.target);
        if (!track.target.valid()) tr.errors().add(tr.fieldPath("target"), "a track needs a target entity");
        readEnum(tr, "property", track.property, kProps);
        readArray(tr, "keys", track.keys, 4096, [](ObjectReader& k, TimelineKey& key) {
            k.number("time", key.time, 0.0f, 86400.0f);
            if (const Json* v = k.field("value")) {
                if (v->is_number()) key.value = vec4(v->get<float>(), 0, 0, 0);
                else if (v->is_array() && v->size() >= 1 && v->size() <= 4) {
                    for (std::size_t i = 0; i < v->size(); ++i) {
                        if (!(*v)[i].is_number()) return k.errors().add(k.fieldPath("value"), "expected numbers");
                        key.value[int(i)] = (*v)[i].get<float>();
                    }
                } else {
                    k.errors().add(k.fieldPath("value"), "expected a number or an array of 1 to 4 numbers, got " + describeJson(*v));
                }
            }
            readEnum(k, "easing", key.easing, kEasings);
        });
        for (std::size_t i = 1; i < track.keys.size(); ++i) {
            if (track.keys[i].time < track.keys[i - 1].time) {
                tr.errors().add(tr.fieldPath("keys") + "[" + std::to_string(i) + "].time", "keys must be in time order");
                break;
            }
        }
    });
    readArray(r, "cues", t.cues, 1024, [&](ObjectReader& c, TimelineCue& cue) {
        c.number("time", cue.time, 0.0f, t.length);
        readArray(c, "actions", cue.actions, 64, readAction);
    });
}

}  // namespace atrium
