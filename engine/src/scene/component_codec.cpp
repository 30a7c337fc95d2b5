#include "component_codec.hpp"
#include "show/show_json.hpp"

#include "atrium/scene/kit.hpp"

namespace atrium {

Json toJson(const glm::vec3& v) { return Json::array({v.x, v.y, v.z}); }
Json toJson(const glm::vec4& v) { return Json::array({v.x, v.y, v.z, v.w}); }
Json toJson(const glm::quat& q) { return Json::array({q.x, q.y, q.z, q.w}); }

namespace {

constexpr float kMaxCoord = 1e6f;  // a venue is never larger than 1000 km

// Each component gets write and read defined side by side so they cannot drift apart.
template <typename T>
struct Codec;

template <>
struct Codec<Transform> {
    static Json write(const Transform& t) {
        return {{"position", toJson(t.position)}, {"rotation", toJson(t.rotation)}, {"scale", toJson(t.scale)}};
    }
    static void read(ObjectReader& r, Transform& t) {
        r.vec3("position", t.position, -kMaxCoord, kMaxCoord);
        r.quaternion("rotation", t.rotation);
        r.vec3("scale", t.scale, -1e4f, 1e4f);
    }
};

template <>
struct Codec<MeshRenderer> {
    static Json write(const MeshRenderer& m) {
        return {{"mesh", m.mesh}, {"material", m.material}, {"tint", toJson(m.tint)}, {"castShadows", m.castShadows}, {"visible", m.visible}};
    }
    static void read(ObjectReader& r, MeshRenderer& m) {
        r.string("mesh", m.mesh);
        if (m.mesh.empty()) r.errors().add(r.fieldPath("mesh"), "a mesh reference is required");
        r.string("material", m.material);
        r.vec4("tint", m.tint, 0.0f, 100.0f);
        r.boolean("castShadows", m.castShadows);
        r.boolean("visible", m.visible);
    }
};

template <>
struct Codec<Light> {
    static Json write(const Light& l) {
        const char* type = l.type == Light::Type::Directional ? "directional" : l.type == Light::Type::Spot ? "spot" : "point";
        return {{"type", type},
                {"color", toJson(l.color)},
                {"intensity", l.intensity},
                {"range", l.range},
                {"innerConeDegrees", l.innerConeDegrees},
                {"outerConeDegrees", l.outerConeDegrees},
                {"castShadows", l.castShadows}};
    }
    static void read(ObjectReader& r, Light& l) {
        r.enumeration<Light::Type>("type", l.type,
                                   {{"directional", Light::Type::Directional}, {"point", Light::Type::Point}, {"spot", Light::Type::Spot}});
        r.vec3("color", l.color, 0.0f, 1000.0f);
        r.number("intensity", l.intensity, 0.0f, 1e7f);
        r.number("range", l.range, 0.0f, 1e4f);
        r.number("innerConeDegrees", l.innerConeDegrees, 0.0f, 90.0f);
        r.number("outerConeDegrees", l.outerConeDegrees, 0.0f, 90.0f);
        r.boolean("castShadows", l.castShadows);
        if (l.innerConeDegrees > l.outerConeDegrees) {
            r.errors().add(r.fieldPath("innerConeDegrees"), "inner cone is wider than the outer cone");
        }
    }
};

template <>
struct Codec<Camera> {
    static Json write(const Camera& c) {
        return {{"fovYDegrees", c.fovYDegrees}, {"near", c.nearPlane}, {"far", c.farPlane}, {"primary", c.primary}};
    }
    static void read(ObjectReader& r, Camera& c) {
        r.number("fovYDegrees", c.fovYDegrees, 1.0f, 179.0f);
        r.number("near", c.nearPlane, 1e-4f, 1e4f);
        r.number("far", c.farPlane, 1e-3f, 1e7f);
        r.boolean("primary", c.primary);
        if (c.farPlane <= c.nearPlane) r.errors().add(r.fieldPath("far"), "far plane must be beyond the near plane");
    }
};

template <>
struct Codec<RigidBody> {
    static Json write(const RigidBody& b) {
        const char* type = b.type == RigidBody::Type::Static ? "static" : b.type == RigidBody::Type::Kinematic ? "kinematic" : "dynamic";
        return {{"type", type},
                {"mass", b.mass},
                {"friction", b.friction},
                {"restitution", b.restitution},
                {"linearDamping", b.linearDamping},
                {"angularDamping", b.angularDamping},
                {"allowSleep", b.allowSleep},
                {"linearVelocity", toJson(b.linearVelocity)},
                {"angularVelocity", toJson(b.angularVelocity)}};
    }
    static void read(ObjectReader& r, RigidBody& b) {
        r.enumeration<RigidBody::Type>(
            "type", b.type,
            {{"static", RigidBody::Type::Static}, {"kinematic", RigidBody::Type::Kinematic}, {"dynamic", RigidBody::Type::Dynamic}});
        r.number("mass", b.mass, 0.0f, 1e7f);
        if (b.type == RigidBody::Type::Dynamic && b.mass <= 0.0f) r.errors().add(r.fieldPath("mass"), "a dynamic body needs a mass above 0");
        r.number("friction", b.friction, 0.0f, 100.0f);
        r.number("restitution", b.restitution, 0.0f, 1.0f);
        r.number("linearDamping", b.linearDamping, 0.0f, 1.0f);
        r.number("angularDamping", b.angularDamping, 0.0f, 1.0f);
        r.boolean("allowSleep", b.allowSleep);
        r.vec3("linearVelocity", b.linearVelocity, -1e4f, 1e4f);
        r.vec3("angularVelocity", b.angularVelocity, -1e4f, 1e4f);
    }
};

template <>
struct Codec<Collider> {
    static Json write(const Collider& c) {
        static const char* shapes[] = {"box", "sphere", "capsule", "cylinder", "convexHull", "triangleMesh"};
        return {{"shape", shapes[int(c.shape)]},
                {"halfExtents", toJson(c.halfExtents)},
                {"radius", c.radius},
                {"height", c.height},
                {"mesh", c.mesh},
                {"offset", toJson(c.offset)},
                {"layer", c.layer},
                {"mask", c.mask}};
    }
    static void read(ObjectReader& r, Collider& c) {
        r.enumeration<Collider::Shape>("shape", c.shape,
                                       {{"box", Collider::Shape::Box},
                                        {"sphere", Collider::Shape::Sphere},
                                        {"capsule", Collider::Shape::Capsule},
                                        {"cylinder", Collider::Shape::Cylinder},
                                        {"convexHull", Collider::Shape::ConvexHull},
                                        {"triangleMesh", Collider::Shape::TriangleMesh}});
        r.vec3("halfExtents", c.halfExtents, 1e-4f, 1e5f);
        r.number("radius", c.radius, 1e-4f, 1e5f);
        r.number("height", c.height, 0.0f, 1e5f);
        r.string("mesh", c.mesh);
        r.vec3("offset", c.offset, -1e5f, 1e5f);
        r.integer("layer", c.layer);
        r.integer("mask", c.mask);
        bool needsMesh = c.shape == Collider::Shape::ConvexHull || c.shape == Collider::Shape::TriangleMesh;
        if (needsMesh && c.mesh.empty()) r.errors().add(r.fieldPath("mesh"), "this collider shape needs a mesh reference");
    }
};

template <>
struct Codec<CharacterController> {
    static Json write(const CharacterController& c) {
        return {{"radius", c.radius},         {"height", c.height},       {"walkSpeed", c.walkSpeed},
                {"runSpeed", c.runSpeed},     {"jumpSpeed", c.jumpSpeed}, {"maxSlopeDegrees", c.maxSlopeDegrees},
                {"stepHeight", c.stepHeight}, {"pushForce", c.pushForce}};
    }
    static void read(ObjectReader& r, CharacterController& c) {
        r.number("radius", c.radius, 0.05f, 5.0f);
        r.number("height", c.height, 0.1f, 10.0f);
        r.number("walkSpeed", c.walkSpeed, 0.0f, 100.0f);
        r.number("runSpeed", c.runSpeed, 0.0f, 100.0f);
        r.number("jumpSpeed", c.jumpSpeed, 0.0f, 100.0f);
        r.number("maxSlopeDegrees", c.maxSlopeDegrees, 0.0f, 89.0f);
        r.number("stepHeight", c.stepHeight, 0.0f, 2.0f);
        r.number("pushForce", c.pushForce, 0.0f, 1e5f);
        if (c.height < 2.0f * c.radius) r.errors().add(r.fieldPath("height"), "height must be at least twice the radius");
    }
};

template <>
struct Codec<Avatar> {
    static Json write(const Avatar& a) { return {{"displayName", a.displayName}, {"model", a.model}}; }
    static void read(ObjectReader& r, Avatar& a) {
        r.string("displayName", a.displayName);
        r.string("model", a.model);
    }
};

template <>
struct Codec<SpawnPoint> {
    static Json write(const SpawnPoint& s) { return {{"radius", s.radius}, {"group", s.group}}; }
    static void read(ObjectReader& r, SpawnPoint& s) {
        r.number("radius", s.radius, 0.0f, 1000.0f);
        r.string("group", s.group);
    }
};

template <>
struct Codec<Seat> {
    static Json write(const Seat& s) { return {{"sitOffset", toJson(s.sitOffset)}, {"group", s.group}}; }
    static void read(ObjectReader& r, Seat& s) {
        r.vec3("sitOffset", s.sitOffset, -10.0f, 10.0f);
        r.string("group", s.group);
    }
};

template <>
struct Codec<MediaScreen> {
    static Json write(const MediaScreen& m) {
        Json j = {
            {"source", m.source},     {"resolution", Json::array({m.resolutionX, m.resolutionY})},
            {"width", m.width},       {"height", m.height},
            {"emissive", m.emissive}, {"autoplay", m.autoplay},
            {"loop", m.loop},         {"volume", m.volume},
        };
        if (!m.playlist.empty()) j["playlist"] = m.playlist;
        return j;
    }
    static void read(ObjectReader& r, MediaScreen& m) {
        r.string("source", m.source);
        if (const Json* res = r.field("resolution")) {
            bool ok = res->is_array() && res->size() == 2 && (*res)[0].is_number_unsigned() && (*res)[1].is_number_unsigned();
            std::uint64_t x = ok ? (*res)[0].get<std::uint64_t>() : 0, y = ok ? (*res)[1].get<std::uint64_t>() : 0;
            if (!ok || x == 0 || y == 0 || x > 8192 || y > 8192) {
                r.errors().add(r.fieldPath("resolution"), "expected [width, height] in pixels, each 1 to 8192, got " + describeJson(*res));
            } else {
                m.resolutionX = std::uint32_t(x);
                m.resolutionY = std::uint32_t(y);
            }
        }
        r.number("width", m.width, 0.01f, 1000.0f);
        r.number("height", m.height, 0.01f, 1000.0f);
        r.number("emissive", m.emissive, 0.0f, 1000.0f);
        r.boolean("autoplay", m.autoplay);
        r.boolean("loop", m.loop);
        r.number("volume", m.volume, 0.0f, 1.0f);
        if (const Json* list = r.field("playlist")) {
            m.playlist.clear();
            if (!list->is_array() || list->empty()) {
                r.errors().add(r.fieldPath("playlist"), "expected a list of sources (files or URLs), got " + describeJson(*list));
            } else {
                for (std::size_t i = 0; i < list->size(); ++i) {
                    const Json& item = (*list)[i];
                    if (!item.is_string() || item.get<std::string>().empty())
                        r.errors().add(r.fieldPath("playlist") + "[" + std::to_string(i) + "]",
                                       "expected a source (a file or URL), got " + describeJson(item));
                    else m.playlist.push_back(item.get<std::string>());
                }
            }
            if (!m.source.empty())
                r.errors().add(r.fieldPath("playlist"),
                               "a screen plays either \"source\" or \"playlist\", not both (source \"" + m.source + "\")");
        }
    }
};

template <>
struct Codec<Trigger> {
    static Json write(const Trigger& t) { return {{"halfExtents", toJson(t.halfExtents)}, {"mask", t.mask}, {"event", t.event}}; }
    static void read(ObjectReader& r, Trigger& t) {
        r.vec3("halfExtents", t.halfExtents, 1e-3f, 1e5f);
        r.integer("mask", t.mask);
        r.string("event", t.event);
    }
};

template <>
struct Codec<StageZone> {
    static Json write(const StageZone& z) { return {{"halfExtents", toJson(z.halfExtents)}}; }
    static void read(ObjectReader& r, StageZone& z) { r.vec3("halfExtents", z.halfExtents, 1e-2f, 1e4f); }
};

template <>
struct Codec<Portal> {
    static Json write(const Portal& p) {
        Json j = {{"venue", p.venue}, {"halfExtents", toJson(p.halfExtents)}};
        if (p.target.valid()) j["target"] = toHex(p.target);
        return j;
    }
    static void read(ObjectReader& r, Portal& p) {
        r.id("target", p.target);
        r.string("venue", p.venue);
        r.vec3("halfExtents", p.halfExtents, 1e-3f, 1e5f);
        if (!p.target.valid() && p.venue.empty()) r.errors().add(r.path(), "a portal needs a target entity or a venue");
    }
};

template <>
struct Codec<Replicated> {
    static Json write(const Replicated& p) { return {{"priority", p.priority}}; }
    static void read(ObjectReader& r, Replicated& p) { r.number("priority", p.priority, 0.0f, 1000.0f); }
};

template <>
struct Codec<KitInstance> {
    static Json write(const KitInstance& k) {
        Json params = Json::object();
        for (const auto& [key, value] : k.params) params[key] = value;
        return {{"generator", k.generator}, {"params", params}, {"material", k.material}};
    }
    static void read(ObjectReader& r, KitInstance& k) {
        r.string("generator", k.generator);
        r.string("material", k.material);
        if (const Json* params = r.field("params")) {
            if (!params->is_object()) {
                r.errors().add(r.fieldPath("params"), "expected an object, got " + describeJson(*params));
            } else {
                for (auto it = params->begin(); it != params->end(); ++it) {
                    if (!it->is_number()) {
                        r.errors().add(r.fieldPath("params") + "." + it.key(), "expected a number, got " + describeJson(*it));
                        continue;
                    }
                    k.params[it.key()] = it->get<double>();
                }
            }
        }
        for (const Error& e : validateKit(k)) r.errors().add(r.fieldPath(e.jsonPath), e.message);
    }
};

template <>
struct Codec<Interactions> {
    static Json write(const Interactions& in) { return writeInteractions(in); }
    static void read(ObjectReader& r, Interactions& in) { readInteractions(r, in); }
};

template <>
struct Codec<Interactable> {
    static Json write(const Interactable& b) { return writeInteractable(b); }
    static void read(ObjectReader& r, Interactable& b) { readInteractable(r, b); }
};

template <>
struct Codec<Timeline> {
    static Json write(const Timeline& t) { return writeTimeline(t); }
    static void read(ObjectReader& r, Timeline& t) { readTimeline(r, t); }
};

template <typename T>
ComponentCodec makeCodec(const char* name) {
    return ComponentCodec{
        name,
        [](const World& w, Entity e) { return w.has<T>(e); },
        [](const World& w, Entity e) { return Codec<T>::write(*w.get<T>(e)); },
        [](ObjectReader& r, World& w, Entity e) {
            T value = w.has<T>(e) ? *w.get<T>(e) : T{};
            Codec<T>::read(r, value);
            r.finish();
            w.add<T>(e, std::move(value));
        },
    };
}

const ComponentCodec kCodecs[] = {
    makeCodec<Transform>("transform"),
    makeCodec<MeshRenderer>("meshRenderer"),
    makeCodec<Light>("light"),
    makeCodec<Camera>("camera"),
    makeCodec<RigidBody>("rigidBody"),
    makeCodec<Collider>("collider"),
    makeCodec<CharacterController>("characterController"),
    makeCodec<Avatar>("avatar"),
    makeCodec<SpawnPoint>("spawnPoint"),
    makeCodec<Seat>("seat"),
    makeCodec<MediaScreen>("mediaScreen"),
    makeCodec<Trigger>("trigger"),
    makeCodec<Portal>("portal"),
    makeCodec<Replicated>("replicated"),
    makeCodec<KitInstance>("kit"),
    makeCodec<Interactions>("interactions"),
    makeCodec<Interactable>("interactable"),
    makeCodec<Timeline>("timeline"),
    makeCodec<StageZone>("stageZone"),
};

}  // namespace

std::span<const ComponentCodec> componentCodecs() { return kCodecs; }

const ComponentCodec* findComponentCodec(std::string_view name) {
    for (const ComponentCodec& c : kCodecs) {
        if (name == c.name) return &c;
    }
    return nullptr;
}

}  // namespace atrium
