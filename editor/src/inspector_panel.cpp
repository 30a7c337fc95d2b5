#include "inspector_panel.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <imgui_stdlib.h>

#include <glm/gtc/quaternion.hpp>

#include "atrium/scene/kit.hpp"
#include "atrium/scene/show/show_data.hpp"

namespace atrium::editor {

namespace {

constexpr const char* kBuiltinMeshes[] = {"builtin:box",  "builtin:plane", "builtin:cylinder", "builtin:sphere",
                                          "builtin:seat", "builtin:arch",  "builtin:stairs"};
constexpr const char* kBuiltinMaterials[] = {"",
                                             "builtin:wood",
                                             "builtin:concrete",
                                             "builtin:fabric_red",
                                             "builtin:metal",
                                             "builtin:screen",
                                             "builtin:stage",
                                             "builtin:carpet",
                                             "builtin:glass",
                                             "builtin:white"};

// Tracks the widgets of one component: whether any changed this frame and whether an edit ended.
struct Fields {
    std::map<std::string, ItemRect>& rects;
    std::string prefix;
    bool changed = false;
    bool done = false;
    const World* world = nullptr;  // for entity pickers
    std::vector<std::string>* problems = nullptr;
    std::string at;  // the row's path inside the component ("bindings[0].actions[1]."), for the rects

    bool track(const char* field, bool c) {
        rects[prefix + "." + at + field] = ItemRect::lastItem();
        changed |= c;
        // Checkboxes and combos change and release in the same frame; drags release later.
        done |= ImGui::IsItemDeactivatedAfterEdit() || (c && !ImGui::IsItemActive());
        return c;
    }
    void drag(const char* field, float& v, float speed, float lo, float hi, const char* format) {
        track(field, ImGui::DragFloat(field, &v, speed, lo, hi, format, ImGuiSliderFlags_AlwaysClamp));
    }
    void drag3(const char* field, vec3& v, float speed, const char* format) {
        track(field, ImGui::DragFloat3(field, &v.x, speed, 0.0f, 0.0f, format));
    }
    void slider(const char* field, float& v, float lo, float hi, const char* format) {
        track(field, ImGui::SliderFloat(field, &v, lo, hi, format, ImGuiSliderFlags_AlwaysClamp));
    }
    void check(const char* field, bool& v) { track(field, ImGui::Checkbox(field, &v)); }
    void color(const char* field, vec3& v) { track(field, ImGui::ColorEdit3(field, &v.x, ImGuiColorEditFlags_Float)); }
    void text(const char* field, std::string& v) { track(field, ImGui::InputText(field, &v)); }
    void u32(const char* field, std::uint32_t& v, std::uint32_t lo, std::uint32_t hi) {
        track(field, ImGui::DragScalar(field, ImGuiDataType_U32, &v, 1.0f, &lo, &hi, "%u", ImGuiSliderFlags_AlwaysClamp));
    }
    void bits(const char* field, std::uint32_t& v) {
        track(field, ImGui::InputScalar(field, ImGuiDataType_U32, &v, nullptr, nullptr, "%08X", ImGuiInputTextFlags_CharsHexadecimal));
    }
    template <typename E, std::size_t N>
    void combo(const char* field, E& v, const char* const (&names)[N]) {
        int i = int(v);
        bool c = ImGui::Combo(field, &i, names, int(N));
        if (c) v = E(i);
        track(field, c);
    }
    // A text field with a drop-down of known values beside it (builtin meshes, materials).
    template <std::size_t N>
    void asset(const char* field, std::string& v, const char* const (&known)[N]) {
        ImGui::PushID(field);
        ImGui::SetNextItemWidth(ImGui::CalcItemWidth() - ImGui::GetFrameHeight() - 4.0f);
        track(field, ImGui::InputText("##path", &v));
        ImGui::SameLine(0.0f, 4.0f);
        if (ImGui::BeginCombo("##pick", nullptr, ImGuiComboFlags_NoPreview)) {
            for (const char* k : known) {
                bool picked = ImGui::Selectable(*k ? k : "(default)", v == k);
                if (picked) v = k;
                track(field, picked);
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        ImGui::TextUnformatted(field);
        ImGui::PopID();
    }
    void id(const char* field, StableId& v) {
        std::string hex = v.valid() ? toHex(v) : "";
        bool c = ImGui::InputTextWithHint(field, "entity id (16 hex digits)", &hex, ImGuiInputTextFlags_CharsHexadecimal);
        StableId parsed;
        if (c && (hex.empty() || parseStableId(hex, parsed))) v = hex.empty() ? StableId{} : parsed;
        track(field, c);
    }
    // An entity by stable id, picked from the venue's named entities; `none` names what an
    // invalid id means. A target that is gone (deleted after it was wired) says so in red and is
    // reported (problems), never followed.
    void entity(const char* field, StableId& v, const char* none) {
        const Entity e = v.valid() && world ? world->find(v) : Entity{};
        std::string preview = !v.valid() ? none : e && world->get<Name>(e) ? world->get<Name>(e)->value : "(deleted " + toHex(v) + ")";
        const bool gone = v.valid() && !e;
        if (gone) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.4f, 0.3f, 1.0f));
            if (problems) problems->push_back(prefix + "." + at + field + ": entity " + toHex(v) + " is gone");
        }
        bool c = false;
        if (ImGui::BeginCombo(field, preview.c_str())) {
            if (ImGui::Selectable(none, !v.valid())) v = {}, c = true;
            if (world) {
                world->forEachEntity([&](Entity x) {
                    const Name* n = world->get<Name>(x);
                    // Generated pieces only where a show targets them: a truss's spots, a kit's screen.
                    if (!n || n->value.empty() || (world->has<Generated>(x) && !world->has<Light>(x) && !world->has<MediaScreen>(x))) return;
                    ImGui::PushID(int(x.index));
                    if (ImGui::Selectable(n->value.c_str(), world->stableId(x) == v)) v = world->stableId(x), c = true;
                    ImGui::PopID();
                });
            }
            ImGui::EndCombo();
        }
        if (gone) ImGui::PopStyleColor();
        track(field, c);
    }
    // A button that changes the component's structure (adds or removes a row): one step.
    bool button(const char* label) {
        const bool pressed = ImGui::SmallButton(label);
        rects[prefix + "." + at + label] = ItemRect::lastItem();
        changed |= pressed;
        done |= pressed;
        return pressed;
    }
};

void editTransform(Fields& f, Transform& t) {
    f.drag3("position", t.position, 0.05f, "%.2f m");
    vec3 euler = glm::degrees(glm::eulerAngles(t.rotation));
    // Rounding noise from the quaternion would show as "-0.0 deg".
    for (int i = 0; i < 3; ++i) euler[i] = std::abs(euler[i]) < 0.005f ? 0.0f : euler[i];
    vec3 edited = euler;
    f.drag3("rotation", edited, 0.5f, "%.1f deg");
    if (edited != euler) t.rotation = glm::quat(glm::radians(edited));
    f.drag3("scale", t.scale, 0.01f, "%.2f");
}

void edit(Fields&, Name&) {}
void edit(Fields& f, Transform& t) { editTransform(f, t); }
void edit(Fields& f, MeshRenderer& m) {
    f.asset("mesh", m.mesh, kBuiltinMeshes);
    f.asset("material", m.material, kBuiltinMaterials);
    f.track("tint", ImGui::ColorEdit4("tint", &m.tint.x, ImGuiColorEditFlags_Float));
    f.check("castShadows", m.castShadows);
    f.check("visible", m.visible);
}
void edit(Fields& f, Light& l) {
    static const char* const types[] = {"Directional", "Point", "Spot"};
    f.combo("type", l.type, types);
    f.color("color", l.color);
    f.drag("intensity", l.intensity, 1.0f, 0.0f, 1e7f, l.type == Light::Type::Directional ? "%.1f lux" : "%.1f cd");
    if (l.type != Light::Type::Directional) f.drag("range", l.range, 0.1f, 0.0f, 1e4f, "%.1f m");
    if (l.type == Light::Type::Spot) {
        f.slider("innerConeDegrees", l.innerConeDegrees, 0.0f, 90.0f, "%.1f deg");
        f.slider("outerConeDegrees", l.outerConeDegrees, 0.0f, 90.0f, "%.1f deg");
    }
    f.check("castShadows", l.castShadows);
}
void edit(Fields& f, Camera& c) {
    f.slider("fovYDegrees", c.fovYDegrees, 1.0f, 179.0f, "%.0f deg");
    f.drag("nearPlane", c.nearPlane, 0.01f, 1e-4f, 1e4f, "%.3f m");
    f.drag("farPlane", c.farPlane, 1.0f, 1e-3f, 1e7f, "%.0f m");
    f.check("primary", c.primary);
}
void edit(Fields& f, RigidBody& b) {
    static const char* const types[] = {"Static", "Kinematic", "Dynamic"};
    f.combo("type", b.type, types);
    f.drag("mass", b.mass, 0.1f, 0.0f, 1e6f, "%.2f kg");
    f.slider("friction", b.friction, 0.0f, 2.0f, "%.2f");
    f.slider("restitution", b.restitution, 0.0f, 1.0f, "%.2f");
    f.slider("linearDamping", b.linearDamping, 0.0f, 1.0f, "%.2f");
    f.slider("angularDamping", b.angularDamping, 0.0f, 1.0f, "%.2f");
    f.check("allowSleep", b.allowSleep);
    f.drag3("linearVelocity", b.linearVelocity, 0.1f, "%.2f m/s");
}
void edit(Fields& f, Collider& c) {
    static const char* const shapes[] = {"Box", "Sphere", "Capsule", "Cylinder", "Convex hull", "Triangle mesh"};
    f.combo("shape", c.shape, shapes);
    if (c.shape == Collider::Shape::Box || c.shape == Collider::Shape::Cylinder) f.drag3("halfExtents", c.halfExtents, 0.01f, "%.2f m");
    if (c.shape == Collider::Shape::Sphere || c.shape == Collider::Shape::Capsule) f.drag("radius", c.radius, 0.01f, 0.0f, 1e4f, "%.2f m");
    if (c.shape == Collider::Shape::Capsule) f.drag("height", c.height, 0.01f, 0.0f, 1e4f, "%.2f m");
    if (c.shape == Collider::Shape::ConvexHull || c.shape == Collider::Shape::TriangleMesh) f.asset("mesh", c.mesh, kBuiltinMeshes);
    f.drag3("offset", c.offset, 0.01f, "%.2f m");
    f.bits("layer", c.layer);
    f.bits("mask", c.mask);
}
void edit(Fields& f, CharacterController& c) {
    f.drag("radius", c.radius, 0.01f, 0.05f, 5.0f, "%.2f m");
    f.drag("height", c.height, 0.01f, 0.1f, 10.0f, "%.2f m");
    f.drag("walkSpeed", c.walkSpeed, 0.05f, 0.0f, 50.0f, "%.2f m/s");
    f.drag("runSpeed", c.runSpeed, 0.05f, 0.0f, 50.0f, "%.2f m/s");
    f.drag("jumpSpeed", c.jumpSpeed, 0.05f, 0.0f, 50.0f, "%.2f m/s");
    f.slider("maxSlopeDegrees", c.maxSlopeDegrees, 0.0f, 89.0f, "%.0f deg");
    f.drag("stepHeight", c.stepHeight, 0.01f, 0.0f, 2.0f, "%.2f m");
    f.drag("pushForce", c.pushForce, 1.0f, 0.0f, 1e5f, "%.0f N");
}
void edit(Fields& f, Avatar& a) {
    f.text("displayName", a.displayName);
    f.text("model", a.model);
}
void edit(Fields& f, SpawnPoint& s) {
    f.drag("radius", s.radius, 0.05f, 0.0f, 100.0f, "%.2f m");
    f.text("group", s.group);
}
void edit(Fields& f, Seat& s) {
    f.drag3("sitOffset", s.sitOffset, 0.01f, "%.2f m");
    f.text("group", s.group);
}
void edit(Fields& f, MediaScreen& m) {
    // A file beside the venue (a video, an image, a PDF's slides) or a stream's URL.
    f.text("source", m.source);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("a file of the venue (video/keynote.mp4, slides/talk.pdf) or a URL (https://..., rtmp://..., .m3u8)");
    f.check("autoplay", m.autoplay);
    f.check("loop", m.loop);
    f.slider("volume", m.volume, 0.0f, 1.0f, "%.2f");
    f.u32("resolutionX", m.resolutionX, 1, 8192);
    f.u32("resolutionY", m.resolutionY, 1, 8192);
    f.drag("width", m.width, 0.05f, 0.01f, 1000.0f, "%.2f m");
    f.drag("height", m.height, 0.05f, 0.01f, 1000.0f, "%.2f m");
    f.slider("emissive", m.emissive, 0.0f, 10.0f, "%.2f");
}
void edit(Fields& f, Trigger& t) {
    f.drag3("halfExtents", t.halfExtents, 0.01f, "%.2f m");
    f.bits("mask", t.mask);
    f.text("event", t.event);
}
void edit(Fields& f, StageZone& z) { f.drag3("halfExtents", z.halfExtents, 0.01f, "%.2f m"); }
void edit(Fields& f, Portal& p) {
    f.id("target", p.target);
    f.text("venue", p.venue);
    f.drag3("halfExtents", p.halfExtents, 0.01f, "%.2f m");
}
void edit(Fields& f, Replicated& r) {
    f.u32("owner", r.owner, 0, 0xffffffffu);
    f.slider("priority", r.priority, 0.0f, 10.0f, "%.2f");
}
void edit(Fields& f, KitInstance& k) {
    ImGui::Text("Generator: %s", k.generator.c_str());
    f.asset("material", k.material, kBuiltinMaterials);
}
void edit(Fields&, Generated& g) { ImGui::Text("Made by kit %s (regenerated, not saved)", toHex(g.kit).c_str()); }
void edit(Fields& f, Interactable& b) {
    static const char* const roles[] = {"Anyone", "Attendee", "Presenter", "Host", "Staff"};
    f.text("prompt", b.prompt);
    f.slider("reach", b.reach, 0.1f, 20.0f, "%.1f m");
    f.combo("role", b.role, roles);
}
// Interactions: one row per binding (when EVENT -> actions), each action a row with its
// kind, target and values; every widget and every + / x is one SetComponent, so one undo step.
void editAction(Fields& f, ShowAction& a) {
    static const char* const kinds[] = {"Show",          "Hide",         "Enable",     "Disable",    "MoveTo",    "RotateTo", "ScaleTo",
                                        "SetLight",      "MediaPlay",    "MediaPause", "MediaSeek",  "PlaySound", "Teleport", "Announce",
                                        "StartTimeline", "StopTimeline", "SetCounter", "AddCounter", "Cue",       "OpenUrl"};
    static const char* const easings[] = {"Linear", "EaseIn", "EaseOut", "EaseInOut", "Step"};
    using K = ShowAction::Kind;
    f.combo("kind", a.kind, kinds);
    const bool textual = a.kind == K::PlaySound || a.kind == K::Announce || a.kind == K::SetCounter || a.kind == K::AddCounter ||
                         a.kind == K::Cue || a.kind == K::OpenUrl;
    if (a.kind != K::Announce && a.kind != K::SetCounter && a.kind != K::AddCounter && a.kind != K::Cue && a.kind != K::OpenUrl)
        f.entity("target", a.target, "(none)");
    if (textual) f.text("text", a.text);
    if (a.kind == K::MoveTo || a.kind == K::RotateTo || a.kind == K::ScaleTo || a.kind == K::SetLight) {
        if (a.kind == K::SetLight) f.color("value", a.value);
        else f.drag3("value", a.value, 0.05f, "%.2f");
        f.drag("seconds", a.seconds, 0.05f, 0.0f, 3600.0f, "%.2f s");
        f.combo("easing", a.easing, easings);
    }
    if (a.kind == K::SetLight || a.kind == K::MediaSeek || a.kind == K::SetCounter || a.kind == K::AddCounter)
        f.drag("amount", a.amount, 0.1f, -1e7f, 1e7f, "%.2f");
}

void edit(Fields& f, Interactions& in) {
    static const char* const events[] = {"TriggerEntered", "TriggerLeft", "Used", "Timer", "VenueStart", "MediaEnded", "Cue", "CounterReached"};
    using E = ShowEvent::Kind;
    std::optional<std::size_t> removeBinding;
    for (std::size_t i = 0; i < in.bindings.size(); ++i) {
        ShowBinding& b = in.bindings[i];
        ImGui::PushID(int(i));
        f.at = "bindings[" + std::to_string(i) + "].";
        ImGui::Separator();
        ImGui::Text("When %zu", i + 1);
        f.combo("event", b.when.kind, events);
        if (b.when.kind == E::TriggerEntered || b.when.kind == E::TriggerLeft || b.when.kind == E::Used || b.when.kind == E::MediaEnded)
            f.entity("source", b.when.source, "(this entity)");
        if (b.when.kind == E::Cue || b.when.kind == E::CounterReached) f.text("name", b.when.name);
        if (b.when.kind == E::Timer) {
            f.drag("seconds", b.when.seconds, 0.1f, 0.0f, 86400.0f, "%.1f s");
            f.check("repeat", b.when.repeat);
        }
        f.drag("cooldown", b.cooldown, 0.01f, 0.0f, 3600.0f, "%.2f s");
        std::optional<std::size_t> removeAction;
        for (std::size_t j = 0; j < b.actions.size(); ++j) {
            ImGui::PushID(int(j));
            f.at = "bindings[" + std::to_string(i) + "].actions[" + std::to_string(j) + "].";
            ImGui::Indent();
            ImGui::TextDisabled("do %zu", j + 1);
            ImGui::SameLine();
            if (f.button("x")) removeAction = j;
            editAction(f, b.actions[j]);
            ImGui::Unindent();
            ImGui::PopID();
        }
        f.at = "bindings[" + std::to_string(i) + "].";
        if (removeAction) b.actions.erase(b.actions.begin() + std::ptrdiff_t(*removeAction));
        if (f.button("+ action")) b.actions.push_back({});
        ImGui::SameLine();
        if (f.button("remove binding")) removeBinding = i;
        ImGui::PopID();
    }
    f.at.clear();
    if (removeBinding) in.bindings.erase(in.bindings.begin() + std::ptrdiff_t(*removeBinding));
    if (f.button("+ binding")) in.bindings.push_back({});
}

// A time ruler: the timeline's length across, a tick per key of `track`, and the scrub time.
void drawRuler(const Timeline& t, const TimelineTrack& track, float scrub) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 50.0f), height = 14.0f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(40, 40, 48, 255));
    const float length = std::max(t.length, 0.01f);
    for (const TimelineKey& k : track.keys) {
        const float x = origin.x + width * std::clamp(k.time / length, 0.0f, 1.0f);
        draw->AddTriangleFilled(ImVec2(x, origin.y + 2), ImVec2(x - 4, origin.y + height - 2), ImVec2(x + 4, origin.y + height - 2),
                                IM_COL32(240, 200, 80, 255));
    }
    const float sx = origin.x + width * std::clamp(scrub / length, 0.0f, 1.0f);
    draw->AddLine(ImVec2(sx, origin.y), ImVec2(sx, origin.y + height), IM_COL32(90, 200, 255, 255), 2.0f);
    ImGui::Dummy(ImVec2(width, height));
}

// Tracks of keys on a time ruler, each key's time, value and easing editable; the scrub slider
// previews the sampled value of every track at that time.
void edit(Fields& f, Timeline& t) {
    static const char* const properties[] = {"Position", "Rotation", "Scale", "LightColor", "LightIntensity", "LightCone", "Visible"};
    static const char* const easings[] = {"Linear", "EaseIn", "EaseOut", "EaseInOut", "Step"};
    static float scrub = 0.0f;  // a preview, not an edit: kept by the panel, not the document
    f.drag("length", t.length, 0.1f, 0.01f, 86400.0f, "%.1f s");
    f.check("loop", t.loop);
    f.check("autoplay", t.autoplay);
    f.slider("maxFlashesPerSecond", t.maxFlashesPerSecond, 0.1f, 3.0f, "%.1f Hz");
    ImGui::SliderFloat("scrub", &scrub, 0.0f, t.length, "%.2f s");
    f.rects[f.prefix + ".scrub"] = ItemRect::lastItem();
    std::optional<std::size_t> removeTrack;
    for (std::size_t i = 0; i < t.tracks.size(); ++i) {
        TimelineTrack& track = t.tracks[i];
        ImGui::PushID(int(i));
        f.at = "tracks[" + std::to_string(i) + "].";
        ImGui::Separator();
        ImGui::Text("Track %zu", i + 1);
        f.entity("target", track.target, "(none)");
        f.combo("property", track.property, properties);
        drawRuler(t, track, scrub);
        const vec4 sampled = sampleTrack(track, scrub);
        ImGui::TextDisabled("at %.2f s: %.2f %.2f %.2f %.2f", scrub, sampled.x, sampled.y, sampled.z, sampled.w);
        std::optional<std::size_t> removeKey;
        for (std::size_t k = 0; k < track.keys.size(); ++k) {
            TimelineKey& key = track.keys[k];
            ImGui::PushID(int(k));
            f.at = "tracks[" + std::to_string(i) + "].keys[" + std::to_string(k) + "].";
            // Keys stay in time order (the file's reader requires it): a key drags between its neighbours.
            const float lo = k > 0 ? track.keys[k - 1].time : 0.0f, hi = k + 1 < track.keys.size() ? track.keys[k + 1].time : t.length;
            ImGui::SetNextItemWidth(80.0f);
            f.drag("time", key.time, 0.01f, lo, std::max(lo, hi), "%.2f s");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(200.0f);
            f.track("value", ImGui::DragFloat4("value", &key.value.x, 0.05f));
            ImGui::SameLine();
            ImGui::SetNextItemWidth(90.0f);
            f.combo("easing", key.easing, easings);
            ImGui::SameLine();
            if (f.button("x")) removeKey = k;
            ImGui::PopID();
        }
        f.at = "tracks[" + std::to_string(i) + "].";
        if (removeKey) track.keys.erase(track.keys.begin() + std::ptrdiff_t(*removeKey));
        if (f.button("+ key")) {
            TimelineKey next = track.keys.empty() ? TimelineKey{} : track.keys.back();
            next.time = track.keys.empty() ? 0.0f : std::min(t.length, next.time + 1.0f);
            track.keys.push_back(next);
        }
        ImGui::SameLine();
        if (f.button("remove track")) removeTrack = i;
        ImGui::PopID();
    }
    f.at.clear();
    if (removeTrack) t.tracks.erase(t.tracks.begin() + std::ptrdiff_t(*removeTrack));
    if (f.button("+ track")) t.tracks.push_back({});
    ImGui::Text("%zu cue(s)", t.cues.size());
}
void edit(Fields&, UnknownComponents& u) {
    for (const auto& [name, json] : u.json) ImGui::BulletText("%s (kept as saved: %zu bytes)", name.c_str(), json.size());
}

// Generator parameters: one slider per parameter, each a SetKitParam (regenerates live).
void editKitParams(Document& doc, StableId kitId, const KitInstance& kit, std::map<std::string, ItemRect>& rects) {
    const KitGeneratorInfo* info = findKitGenerator(kit.generator);
    if (!info) {
        ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "Unknown generator \"%s\"", kit.generator.c_str());
        return;
    }
    for (const KitParamSpec& spec : info->params) {
        double value = kitParam(kit, spec.name);
        bool changed = false;
        std::string format = spec.integer ? "%d" : "%.2f";
        if (!spec.unit.empty()) format += " " + spec.unit;
        if (spec.integer) {
            int v = int(value);
            changed = ImGui::SliderInt(spec.label.c_str(), &v, int(spec.minValue), int(spec.maxValue), format.c_str(),
                                       ImGuiSliderFlags_AlwaysClamp);
            value = v;
        } else {
            float v = float(value);
            changed = ImGui::SliderFloat(spec.label.c_str(), &v, float(spec.minValue), float(spec.maxValue), format.c_str(),
                                         ImGuiSliderFlags_AlwaysClamp);
            value = v;
        }
        rects["kit." + spec.name] = ItemRect::lastItem();
        if (changed) doc.execute(SetKitParam{kitId, spec.name, value, {}}, MergePolicy::Continue);
        if (ImGui::IsItemDeactivatedAfterEdit()) doc.endContinuousEdit();
    }
}

bool userAddable(ComponentType t) {
    return t != componentTypeOf<Generated>() && t != componentTypeOf<UnknownComponents>() && t != componentTypeOf<Name>();
}

}  // namespace

void InspectorPanel::draw(Document& doc) {
    fieldRects.clear();
    problems.clear();
    const World& world = doc.world();
    StableId id = doc.selection().primary();
    Entity e = world.find(id);
    if (!e) {
        ImGui::TextDisabled(doc.selection().empty() ? "Nothing selected" : "Selection no longer exists");
        return;
    }
    if (doc.selection().size() > 1) ImGui::TextDisabled("%zu selected; showing the last picked", doc.selection().size());

    const Name* name = world.get<Name>(e);
    std::string text = name ? name->value : "";
    ImGui::InputText("Name", &text);
    fieldRects["name"] = ItemRect::lastItem();
    if (ImGui::IsItemDeactivatedAfterEdit() && text != (name ? name->value : "")) doc.execute(Rename{id, text, {}});
    ImGui::TextDisabled("id %s", toHex(id).c_str());
    ImGui::Separator();

    for (ComponentType t = 0; t < kComponentTypeCount; ++t) {
        if (t == componentTypeOf<Name>()) continue;
        std::optional<ComponentValue> value = getComponent(world, e, t);
        if (!value) continue;
        std::string type(componentTypeName(t));
        ImGui::PushID(int(t));
        bool open = ImGui::CollapsingHeader(type.c_str(), ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_AllowItemOverlap);
        bool removed = false;
        if (userAddable(t)) {
            ImGui::SameLine(ImGui::GetContentRegionMax().x - 60.0f);
            if (ImGui::SmallButton("Remove")) removed = true;
            fieldRects[type + ".remove"] = ItemRect::lastItem();
        }
        if (open && !removed) {
            Fields f{fieldRects, type};
            f.world = &world;
            f.problems = &problems;
            std::visit([&](auto& c) { edit(f, c); }, *value);
            if (f.changed) doc.execute(SetComponent{id, *value, {}}, MergePolicy::Continue);
            if (f.done) doc.endContinuousEdit();
            if (const KitInstance* kit = std::get_if<KitInstance>(&*value)) editKitParams(doc, id, *kit, fieldRects);
        }
        ImGui::PopID();
        if (removed) {
            doc.execute(RemoveComponent{id, t, {}});
            break;  // the entity changed under the loop
        }
        if (!world.alive(e)) break;
    }

    ImGui::Spacing();
    if (ImGui::Button("Add component")) ImGui::OpenPopup("##add");
    fieldRects["add"] = ItemRect::lastItem();
    if (ImGui::BeginPopup("##add")) {
        for (ComponentType t = 0; t < kComponentTypeCount; ++t) {
            if (!userAddable(t) || hasComponent(world, e, t)) continue;
            std::string type(componentTypeName(t));
            if (ImGui::Selectable(type.c_str())) {
                ComponentValue v = defaultComponent(t);
                if (auto* kit = std::get_if<KitInstance>(&v)) kit->generator = kitGenerators().front().id;
                doc.execute(AddComponent{id, std::move(v)});
            }
            fieldRects["add." + type] = ItemRect::lastItem();
        }
        ImGui::EndPopup();
    }
}

}  // namespace atrium::editor
