#pragma once
// The components of DESIGN.md as plain structs. Behaviour lives in systems (physics, render,
// netsync, kits); these hold data only. Every field here round-trips through venue files.
#include <cstdint>
#include <map>
#include <string>

#include "atrium/core/id.hpp"
#include "atrium/core/math.hpp"

namespace atrium {

struct Name {
    std::string value;

    friend bool operator==(const Name&, const Name&) = default;
};

// Local transform relative to the parent (World::setParent). The World caches world matrices.
struct Transform {
    vec3 position{0.0f};
    quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
    vec3 scale{1.0f};

    mat4 matrix() const;

    friend bool operator==(const Transform&, const Transform&) = default;
};

// Which mesh to draw and how. `mesh` is an asset reference: "builtin:box", "builtin:cylinder",
// or a path relative to the venue file, optionally with "#meshIndex" ("models/chair.glb#0").
struct MeshRenderer {
    std::string mesh;
    std::string material;  // empty: the mesh's own material; else "builtin:wood" or a path
    vec4 tint{1.0f};       // multiplies the base colour
    bool castShadows = true;
    bool visible = true;

    friend bool operator==(const MeshRenderer&, const MeshRenderer&) = default;
};

struct Light {
    enum class Type : std::uint8_t { Directional, Point, Spot };
    Type type = Type::Point;
    vec3 color{1.0f};
    float intensity = 1.0f;  // lux for directional, candela for point and spot
    float range = 10.0f;     // metres; point and spot only
    float innerConeDegrees = 20.0f;
    float outerConeDegrees = 30.0f;
    bool castShadows = false;

    friend bool operator==(const Light&, const Light&) = default;
};

struct Camera {
    float fovYDegrees = 60.0f;
    float nearPlane = 0.1f;
    float farPlane = 500.0f;
    bool primary = false;

    friend bool operator==(const Camera&, const Camera&) = default;
};

struct RigidBody {
    enum class Type : std::uint8_t { Static, Kinematic, Dynamic };
    Type type = Type::Dynamic;
    float mass = 1.0f;  // kg; ignored unless dynamic
    float friction = 0.5f;
    float restitution = 0.0f;
    float linearDamping = 0.05f;
    float angularDamping = 0.05f;
    bool allowSleep = true;
    vec3 linearVelocity{0.0f};  // written back by physics; set to launch a body
    vec3 angularVelocity{0.0f};

    friend bool operator==(const RigidBody&, const RigidBody&) = default;
};

// The collider layer bit of avatars in a shared venue (the netsync server's, and a predicting
// client's own): their Collider has this layer and a mask without it, so avatars pass through
// one another (nobody can block a doorway) but not through the venue. A Trigger notices them
// while its mask has this bit. The top bit, so venues keep the low ones for their own layers.
inline constexpr std::uint32_t kAvatarLayer = 1u << 31;

struct Collider {
    enum class Shape : std::uint8_t { Box, Sphere, Capsule, Cylinder, ConvexHull, TriangleMesh };
    Shape shape = Shape::Box;
    vec3 halfExtents{0.5f};            // box and cylinder (y is the axis)
    float radius = 0.5f;               // sphere and capsule
    float height = 1.0f;               // capsule: distance between the hemisphere centres
    std::string mesh;                  // convex hull and triangle mesh: asset reference as in MeshRenderer
    vec3 offset{0.0f};                 // centre relative to the entity
    std::uint32_t layer = 1;           // this collider's layer bits
    std::uint32_t mask = 0xffffffffu;  // layers it collides with

    friend bool operator==(const Collider&, const Collider&) = default;
};

struct CharacterController {
    float radius = 0.3f;
    float height = 1.8f;     // total, feet to head
    float walkSpeed = 1.6f;  // m/s
    float runSpeed = 4.0f;
    float jumpSpeed = 4.5f;
    float maxSlopeDegrees = 45.0f;
    float stepHeight = 0.35f;
    float pushForce = 30.0f;  // newtons applied to light dynamic bodies in the way
    // Input for this step, set by the app, the editor's play mode or netsync.
    vec3 moveInput{0.0f};  // desired horizontal direction in world space, length <= 1
    bool run = false;
    bool jump = false;
    // Held: the capsule stays where the Transform puts it, neither walking nor falling (set by
    // the venue rules while the avatar sits; an app may hold a character for a cut-scene).
    bool held = false;
    // State, written by physics.
    vec3 velocity{0.0f};
    bool grounded = false;

    friend bool operator==(const CharacterController&, const CharacterController&) = default;
};

struct Avatar {
    std::string displayName;
    std::string model;  // asset reference; empty for the default capsule
    std::uint64_t userId = 0;
    StableId seat;  // the seat it sits on, if any
    // Heard talking just now (an app sets it from its voice chat; never saved): the renderer
    // rings the name tag.
    bool speaking = false;

    friend bool operator==(const Avatar&, const Avatar&) = default;
};

struct SpawnPoint {
    float radius = 1.0f;  // avatars spawn spread inside this circle
    std::string group;    // "" is the default group

    friend bool operator==(const SpawnPoint&, const SpawnPoint&) = default;
};

struct Seat {
    StableId occupant;                  // the avatar entity's stable id while occupied
    vec3 sitOffset{0.0f, 0.45f, 0.0f};  // where the avatar's root goes, local to the seat
    std::string group;                  // block label ("Stalls", "Balcony"), set by generators

    friend bool operator==(const Seat&, const Seat&) = default;
};

// A surface that shows app-supplied pixels (slides, video frames).
struct MediaScreen {
    // What it shows (the file): a video, image or PDF path relative to the venue file, or a URL
    // FFmpeg reads (http://, https://, rtmp://, srt://, an HLS .m3u8); "" for the app's own pixels.
    std::string source;
    // Several sources played in turn instead of `source` (each as `source` names one); `loop`
    // starts the list again after its last item. Empty: the screen plays `source`.
    std::vector<std::string> playlist;
    std::uint32_t resolutionX = 1280;
    std::uint32_t resolutionY = 720;
    float width = 4.0f;  // metres
    float height = 2.25f;
    float emissive = 1.0f;  // brightness of the picture
    bool autoplay = true;   // the source plays when the venue starts (false: holds its first picture)
    bool loop = false;      // a file starts again at its end (live streams have none)
    float volume = 1.0f;    // the screen's sound, 0 to 1

    // What it plays in order: the playlist, or `source` alone (none when both are empty).
    std::vector<std::string> items() const {
        return playlist.empty() ? (source.empty() ? std::vector<std::string>{} : std::vector<std::string>{source}) : playlist;
    }

    friend bool operator==(const MediaScreen&, const MediaScreen&) = default;
};

// A volume that reports enter and exit of avatars and bodies.
struct Trigger {
    vec3 halfExtents{1.0f};
    std::uint32_t mask = 0xffffffffu;  // collider layers it notices
    std::string event;                 // name reported with the enter and exit events

    friend bool operator==(const Trigger&, const Trigger&) = default;
};

// A stage's sound reinforcement: presenters and hosts standing inside this box (centred on the
// entity, in its local axes) are heard by everyone in the venue, not only by those near them,
// and without distance roll-off (netsync's voice forwarding reads it; nothing else does).
struct StageZone {
    vec3 halfExtents{4.0f, 2.0f, 3.0f};  // metres, from the file

    friend bool operator==(const StageZone&, const StageZone&) = default;
};

// Walking in sends an avatar to another entity (a spawn point or portal) or another venue.
struct Portal {
    StableId target;
    std::string venue;  // empty: this venue
    vec3 halfExtents{0.75f, 1.25f, 0.25f};

    friend bool operator==(const Portal&, const Portal&) = default;
};

// Marks an entity that netsync replicates.
struct Replicated {
    std::uint32_t owner = 0;  // client id allowed to drive it, 0 for the server
    float priority = 1.0f;    // relative snapshot priority

    friend bool operator==(const Replicated&, const Replicated&) = default;
};

// A parametric generator's settings. Changing a parameter and calling regenerateKit()
// rebuilds the generated children and nothing else.
struct KitInstance {
    std::string generator;                 // "seating_block", "stage", "wall_run", ...
    std::map<std::string, double> params;  // missing entries take the generator's defaults
    std::string material;                  // material for the generated pieces, "" for default

    friend bool operator==(const KitInstance&, const KitInstance&) = default;
};

// Marks an entity a generator made; it is derived data and is not written to venue files.
struct Generated {
    StableId kit;

    friend bool operator==(const Generated&, const Generated&) = default;
};

// Components of types this build does not know, kept verbatim (JSON text by type name) so a
// venue saved by a newer or extended Atrium survives a load and save here.
struct UnknownComponents {
    std::map<std::string, std::string> json;

    friend bool operator==(const UnknownComponents&, const UnknownComponents&) = default;
};

}  // namespace atrium
