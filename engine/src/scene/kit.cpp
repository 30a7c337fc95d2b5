#include "atrium/scene/kit.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_set>

#include <glm/gtc/quaternion.hpp>

namespace atrium {
namespace {

// One child a generator wants to exist. Optional components are set when present and
// removed when absent, so a regeneration converges on exactly this description.
struct ChildSpec {
    StableId id;
    std::string name;
    Transform transform;
    std::optional<MeshRenderer> mesh;
    std::optional<RigidBody> body;
    std::optional<Seat> seat;
    std::optional<Collider> collider;
    std::optional<Light> light;
    std::optional<MediaScreen> screen;
};

struct GenContext {
    const KitInstance& kit;
    StableId kitId;
    std::string kitName;
    std::vector<ChildSpec> children;

    double p(std::string_view name) const { return kitParam(kit, name); }
    int pi(std::string_view name) const { return int(std::lround(kitParam(kit, name))); }
    std::string material(const char* fallback) const { return kit.material.empty() ? fallback : kit.material; }

    ChildSpec& add(std::string_view key, std::uint64_t a, std::uint64_t b, std::string name) {
        ChildSpec& c = children.emplace_back();
        c.id = deriveStableId(kitId, key, a, b);
        c.name = std::move(name);
        return c;
    }
};

Collider staticBox(vec3 halfExtents) {
    Collider c;
    c.shape = Collider::Shape::Box;
    c.halfExtents = halfExtents;
    return c;
}

// A box piece: unit "builtin:box" scaled to `size`, centred at `center`, with a matching
// static collider (the collider is in the entity's unscaled local frame).
void boxPiece(ChildSpec& c, vec3 center, vec3 size, std::string material, quat rotation = quat(1, 0, 0, 0)) {
    c.transform.position = center;
    c.transform.rotation = rotation;
    c.transform.scale = size;
    c.mesh = MeshRenderer{.mesh = "builtin:box", .material = std::move(material)};
    Collider col = staticBox(vec3(0.5f));
    c.collider = col;
}

// Shortest decimal that reads back to the same float, for readable mesh references.
std::string num(float v) {
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

std::string rowLabel(int row) {
    std::string s;
    for (int r = row + 1; r > 0; r = (r - 1) / 26) s.insert(s.begin(), char('A' + (r - 1) % 26));
    return s;
}

// Seats face -z (towards a stage placed at negative z). Row 0 is nearest the stage.
// Straight rows run along x; with an arc radius, row r lies on a circle of radius
// arcRadius + r * rowSpacing around the focus (0, 0, -arcRadius), seats spaced by
// seatSpacing along the arc and turned to face the focus. Row r holds
// seatsPerRow + r * extraSeatsPerRow seats, so fan-shaped halls can widen towards the back.
// Tiers fill the space under each seat from its base down to tierBase below the kit origin,
// so a raised balcony stands on a solid rake instead of floating.
void generateSeatingBlock(GenContext& g) {
    int rows = g.pi("rows"), perRow = g.pi("seatsPerRow"), extra = g.pi("extraSeatsPerRow");
    float seatSpacing = float(g.p("seatSpacing")), rowSpacing = float(g.p("rowSpacing"));
    float rise = float(g.p("risePerRow")), arc = float(g.p("arcRadius")), base = float(g.p("tierBase"));
    std::string seatMaterial = g.material("builtin:fabric_red");
    for (int r = 0; r < rows; ++r) {
        float y = float(r) * rise;
        float radius = arc + float(r) * rowSpacing;
        int count = perRow + r * extra;
        for (int s = 0; s < count; ++s) {
            float offset = (float(s) - float(count - 1) * 0.5f) * seatSpacing;
            vec3 pos;
            float yaw = 0.0f;
            if (arc > 0.0f) {
                yaw = offset / radius;
                pos = vec3(0.0f, y, -arc) + radius * vec3(std::sin(yaw), 0.0f, std::cos(yaw));
            } else {
                pos = vec3(offset, y, float(r) * rowSpacing);
            }
            quat rot = glm::angleAxis(yaw, vec3(0, 1, 0));
            ChildSpec& seat = g.add("seat", std::uint64_t(r), std::uint64_t(s), "Seat " + rowLabel(r) + std::to_string(s + 1));
            seat.transform.position = pos;
            seat.transform.rotation = rot;
            seat.mesh = MeshRenderer{.mesh = "builtin:seat", .material = seatMaterial};
            seat.seat = Seat{.group = g.kitName};
            float tierHeight = y + base;
            if (tierHeight > 0.0f) {
                ChildSpec& tier = g.add("tier", std::uint64_t(r), std::uint64_t(s), "Tier " + rowLabel(r) + std::to_string(s + 1));
                vec3 center = pos - vec3(0.0f, tierHeight * 0.5f, 0.0f);
                boxPiece(tier, center, vec3(seatSpacing * (arc > 0.0f ? 1.02f : 1.0f), tierHeight, rowSpacing), "builtin:concrete", rot);
            }
        }
    }
}

// An exhibition booth, open towards +z: back wall with a media screen, two side walls, a
// counter at the front and a name fascia.
void generateBooth(GenContext& g) {
    float w = float(g.p("width")), d = float(g.p("depth")), h = float(g.p("height"));
    const float t = 0.1f;
    std::string wall = g.material("builtin:white");
    boxPiece(g.add("back", 0, 0, "Back wall"), vec3(0, h * 0.5f, -d * 0.5f), vec3(w, h, t), wall);
    boxPiece(g.add("side", 0, 0, "Left wall"), vec3(-w * 0.5f, h * 0.5f, 0), vec3(t, h, d), wall);
    boxPiece(g.add("side", 1, 0, "Right wall"), vec3(w * 0.5f, h * 0.5f, 0), vec3(t, h, d), wall);
    boxPiece(g.add("counter", 0, 0, "Counter"), vec3(0, 0.5f, d * 0.5f - 0.4f), vec3(w * 0.45f, 1.0f, 0.6f), "builtin:wood");
    boxPiece(g.add("fascia", 0, 0, "Fascia"), vec3(0, h + 0.25f, d * 0.5f), vec3(w + t, 0.5f, t), "builtin:metal");
    float sw = std::min(w * 0.6f, 3.2f), sh = sw * 9.0f / 16.0f;
    ChildSpec& screen = g.add("screen", 0, 0, "Booth screen");
    screen.transform.position = vec3(0, h * 0.55f, -d * 0.5f + t);
    screen.transform.rotation = glm::angleAxis(glm::half_pi<float>(), vec3(1, 0, 0));
    screen.transform.scale = vec3(sw, 1.0f, sh);
    screen.mesh = MeshRenderer{.mesh = "builtin:plane", .material = "builtin:screen", .castShadows = false};
    screen.screen = MediaScreen{.width = sw, .height = sh};
    ChildSpec& lamp = g.add("lamp", 0, 0, "Booth light");
    lamp.transform.position = vec3(0, h - 0.2f, 0);
    lamp.light = Light{.type = Light::Type::Point, .color = vec3(1.0f, 0.95f, 0.85f), .intensity = 120.0f, .range = std::max(w, d) * 1.5f};
}

void generateStage(GenContext& g) {
    float w = float(g.p("width")), d = float(g.p("depth")), h = float(g.p("height"));
    int stairs = g.pi("stairs");
    boxPiece(g.add("platform", 0, 0, "Platform"), vec3(0, h * 0.5f, 0), vec3(w, h, d), g.material("builtin:stage"));
    // Stairs rise towards -z in their own frame; they sit in front of the stage (+z) at the
    // sides and climb back onto it.
    float stepHeight = 0.18f;
    int steps = std::max(1, int(std::ceil(h / stepHeight)));
    float stepDepth = 0.3f, stairWidth = 1.2f;
    for (int i = 0; i < stairs; ++i) {
        float side = i == 0 ? -1.0f : 1.0f;
        ChildSpec& c = g.add("stairs", std::uint64_t(i), 0, i == 0 ? "Stairs left" : "Stairs right");
        c.transform.position = vec3(side * (w * 0.5f - stairWidth * 0.5f - 0.3f), 0.0f, d * 0.5f + float(steps) * stepDepth);
        c.transform.scale = vec3(1.0f);
        c.mesh = MeshRenderer{.mesh = "builtin:stairs?steps=" + std::to_string(steps) + "&width=" + num(stairWidth) +
                                      "&stepHeight=" + num(h / float(steps)) + "&stepDepth=" + num(stepDepth),
                              .material = g.material("builtin:wood")};
        Collider col;
        col.shape = Collider::Shape::TriangleMesh;
        col.mesh = c.mesh->mesh;
        c.collider = col;
    }
}

void generateWallRun(GenContext& g) {
    float length = float(g.p("length")), height = float(g.p("height")), thick = float(g.p("thickness"));
    int panels = g.pi("panels");
    float panelLength = length / float(panels);
    for (int i = 0; i < panels; ++i) {
        float x = -length * 0.5f + panelLength * (float(i) + 0.5f);
        boxPiece(g.add("panel", std::uint64_t(i), 0, "Panel " + std::to_string(i + 1)), vec3(x, height * 0.5f, 0),
                 vec3(panelLength, height, thick), g.material("builtin:white"));
    }
}

void generateFloorRun(GenContext& g) {
    float w = float(g.p("width")), d = float(g.p("depth")), t = float(g.p("thickness"));
    boxPiece(g.add("floor", 0, 0, "Floor"), vec3(0, -t * 0.5f, 0), vec3(w, t, d), g.material("builtin:carpet"));
}

// The picture faces +z; its bottom edge is `elevation` above the kit's origin.
void generateScreen(GenContext& g) {
    float w = float(g.p("width")), h = float(g.p("height")), elevation = float(g.p("elevation")), frame = float(g.p("frame"));
    vec3 center(0.0f, elevation + h * 0.5f, 0.0f);
    boxPiece(g.add("frame", 0, 0, "Screen frame"), center - vec3(0, 0, 0.06f), vec3(w + 2 * frame, h + 2 * frame, 0.1f), "builtin:metal");
    ChildSpec& picture = g.add("picture", 0, 0, "Screen");
    picture.transform.position = center;
    picture.transform.rotation = glm::angleAxis(glm::half_pi<float>(), vec3(1, 0, 0));
    picture.transform.scale = vec3(w, 1.0f, h);
    picture.mesh = MeshRenderer{.mesh = "builtin:plane", .material = g.material("builtin:screen"), .castShadows = false};
    picture.screen = MediaScreen{.width = w, .height = h};
}

// Spot lights hung in a row at `height`, aimed straight down at the stage.
void generateLightTruss(GenContext& g) {
    int count = g.pi("lights");
    float span = float(g.p("span")), height = float(g.p("height")), intensity = float(g.p("intensity"));
    boxPiece(g.add("truss", 0, 0, "Truss"), vec3(0, height + 0.15f, 0), vec3(span + 0.4f, 0.3f, 0.3f), "builtin:metal");
    for (int i = 0; i < count; ++i) {
        float x = count == 1 ? 0.0f : -span * 0.5f + span * float(i) / float(count - 1);
        ChildSpec& c = g.add("light", std::uint64_t(i), 0, "Spot " + std::to_string(i + 1));
        c.transform.position = vec3(x, height, 0.0f);
        // Lights shine along their local -z; pitch down to face the floor.
        c.transform.rotation = glm::angleAxis(-glm::half_pi<float>(), vec3(1, 0, 0));
        c.light = Light{.type = Light::Type::Spot,
                        .color = vec3(1.0f, 0.92f, 0.8f),
                        .intensity = intensity,
                        .range = height * 2.5f,
                        .innerConeDegrees = 18.0f,
                        .outerConeDegrees = 28.0f};
    }
}

// A grid of loose dynamic bodies: a tower (1 x N x 1), a wall, or a pile of cubes like the
// 901-cube scene netsync is measured on. Bodies start `gap` apart so nothing overlaps.
void generateBodyGrid(GenContext& g) {
    int nx = g.pi("countX"), ny = g.pi("countY"), nz = g.pi("countZ");
    float size = float(g.p("size")), gap = float(g.p("gap")), mass = float(g.p("mass"));
    bool spheres = g.pi("spheres") != 0;
    float pitch = size + gap;
    for (int y = 0; y < ny; ++y) {
        for (int z = 0; z < nz; ++z) {
            for (int x = 0; x < nx; ++x) {
                ChildSpec& c = g.add("body", std::uint64_t(x) | (std::uint64_t(z) << 20), std::uint64_t(y),
                                     (spheres ? "Ball " : "Crate ") + std::to_string(x + 1) + "-" + std::to_string(y + 1) + "-" +
                                         std::to_string(z + 1));
                c.transform.position = vec3((float(x) - float(nx - 1) * 0.5f) * pitch, size * 0.5f + float(y) * pitch,
                                            (float(z) - float(nz - 1) * 0.5f) * pitch);
                c.transform.scale = vec3(size);
                c.mesh = MeshRenderer{.mesh = spheres ? "builtin:sphere" : "builtin:box",
                                      .material = g.material(spheres ? "builtin:metal" : "builtin:wood")};
                c.body = RigidBody{.type = RigidBody::Type::Dynamic, .mass = mass};
                Collider col;
                col.shape = spheres ? Collider::Shape::Sphere : Collider::Shape::Box;
                col.halfExtents = vec3(0.5f);
                col.radius = 0.5f;
                c.collider = col;
            }
        }
    }
}

struct GeneratorEntry {
    KitGeneratorInfo info;
    void (*generate)(GenContext&);
};

const std::vector<GeneratorEntry>& registry() {
    static const std::vector<GeneratorEntry> entries = {
        {{"seating_block",
          "Seating block",
          "Seating",
          "Rows of seats, straight or curved, on rising tiers",
          {{"rows", "Rows", "", 10, 1, 200, true},
           {"seatsPerRow", "Seats per row", "", 20, 1, 500, true},
           {"seatSpacing", "Seat spacing", "m", 0.55, 0.4, 3.0, false},
           {"rowSpacing", "Row spacing", "m", 0.95, 0.6, 3.0, false},
           {"risePerRow", "Rise per row", "m", 0.15, 0.0, 1.5, false},
           {"arcRadius", "Arc radius (0 = straight)", "m", 0.0, 0.0, 500.0, false},
           {"extraSeatsPerRow", "Extra seats per row", "", 0, 0, 20, true},
           {"tierBase", "Tier depth below origin", "m", 0.0, 0.0, 50.0, false}}},
         generateSeatingBlock},
        {{"booth",
          "Expo booth",
          "Expo",
          "A booth open to the front with a screen, counter and light",
          {{"width", "Width", "m", 4, 1.5, 20, false},
           {"depth", "Depth", "m", 3, 1.5, 20, false},
           {"height", "Height", "m", 2.6, 1.5, 8, false}}},
         generateBooth},
        {{"body_grid",
          "Body grid",
          "Physics",
          "Loose dynamic boxes or balls in a grid: towers, walls, piles",
          {{"countX", "Count X", "", 3, 1, 100, true},
           {"countY", "Count Y (layers)", "", 3, 1, 100, true},
           {"countZ", "Count Z", "", 3, 1, 100, true},
           {"size", "Size", "m", 1.0, 0.05, 10, false},
           {"gap", "Gap", "m", 0.01, 0.0, 10, false},
           {"mass", "Mass", "kg", 1.0, 0.01, 10000, false},
           {"spheres", "Spheres (1) or boxes (0)", "", 0, 0, 1, true}}},
         generateBodyGrid},
        {{"stage",
          "Stage",
          "Structure",
          "A raised platform with stairs at the front corners",
          {{"width", "Width", "m", 12, 1, 100, false},
           {"depth", "Depth", "m", 6, 1, 100, false},
           {"height", "Height", "m", 1.0, 0.1, 5, false},
           {"stairs", "Stairs", "", 2, 0, 2, true}}},
         generateStage},
        {{"wall_run",
          "Wall run",
          "Structure",
          "A straight wall made of panels",
          {{"length", "Length", "m", 10, 0.1, 500, false},
           {"height", "Height", "m", 4, 0.1, 50, false},
           {"thickness", "Thickness", "m", 0.2, 0.01, 5, false},
           {"panels", "Panels", "", 1, 1, 100, true}}},
         generateWallRun},
        {{"floor_run",
          "Floor",
          "Structure",
          "A floor slab whose top is at the kit's origin",
          {{"width", "Width", "m", 20, 0.1, 1000, false},
           {"depth", "Depth", "m", 20, 0.1, 1000, false},
           {"thickness", "Thickness", "m", 0.1, 0.01, 5, false}}},
         generateFloorRun},
        {{"screen",
          "Screen",
          "Media",
          "A framed media screen facing +z",
          {{"width", "Width", "m", 8, 0.2, 100, false},
           {"height", "Height", "m", 4.5, 0.2, 100, false},
           {"elevation", "Elevation", "m", 2.5, 0, 100, false},
           {"frame", "Frame", "m", 0.15, 0, 2, false}}},
         generateScreen},
        {{"light_truss",
          "Light truss",
          "Lighting",
          "A truss of spot lights aimed down",
          {{"lights", "Lights", "", 6, 1, 64, true},
           {"span", "Span", "m", 10, 0, 100, false},
           {"height", "Height", "m", 7, 1, 50, false},
           {"intensity", "Intensity", "cd", 1500, 0, 1e6, false}}},
         generateLightTruss},
    };
    return entries;
}

const GeneratorEntry* findEntry(std::string_view id) {
    for (const GeneratorEntry& e : registry()) {
        if (e.info.id == id) return &e;
    }
    return nullptr;
}

void applySpec(World& world, Entity e, StableId kitId, const ChildSpec& spec) {
    if (Name* n = world.get<Name>(e)) n->value = spec.name;
    else world.add<Name>(e, Name{spec.name});
    *world.get<Transform>(e) = spec.transform;
    world.add<Generated>(e, Generated{kitId});
    auto sync = [&](auto& optional) {
        using T = typename std::decay_t<decltype(optional)>::value_type;
        if (optional) world.add<T>(e, *optional);
        else world.remove<T>(e);
    };
    sync(spec.mesh);
    sync(spec.body);
    sync(spec.collider);
    sync(spec.light);
    sync(spec.screen);
    if (spec.seat) {
        // Who sits here is runtime state, not a generator output: keep it.
        Seat seat = *spec.seat;
        if (const Seat* old = world.get<Seat>(e)) seat.occupant = old->occupant;
        world.add<Seat>(e, seat);
    } else {
        world.remove<Seat>(e);
    }
}

}  // namespace

const KitParamSpec* KitGeneratorInfo::param(std::string_view name) const {
    for (const KitParamSpec& p : params) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

std::span<const KitGeneratorInfo> kitGenerators() {
    static const std::vector<KitGeneratorInfo> infos = [] {
        std::vector<KitGeneratorInfo> out;
        for (const GeneratorEntry& e : registry()) out.push_back(e.info);
        return out;
    }();
    return infos;
}

const KitGeneratorInfo* findKitGenerator(std::string_view id) {
    const GeneratorEntry* e = findEntry(id);
    return e ? &e->info : nullptr;
}

double kitParam(const KitInstance& kit, std::string_view name) {
    if (auto it = kit.params.find(std::string(name)); it != kit.params.end()) return it->second;
    const KitGeneratorInfo* info = findKitGenerator(kit.generator);
    const KitParamSpec* spec = info ? info->param(name) : nullptr;
    return spec ? spec->defaultValue : 0.0;
}

std::vector<Error> validateKit(const KitInstance& kit) {
    std::vector<Error> errors;
    const KitGeneratorInfo* info = findKitGenerator(kit.generator);
    if (!info) {
        std::string known;
        for (const KitGeneratorInfo& g : kitGenerators()) known += (known.empty() ? "" : ", ") + g.id;
        errors.push_back(Error{"unknown generator \"" + kit.generator + "\" (known: " + known + ")", "", "generator"});
        return errors;
    }
    for (const auto& [name, value] : kit.params) {
        std::string path = "params." + name;
        const KitParamSpec* spec = info->param(name);
        if (!spec) {
            errors.push_back(Error{"unknown parameter for generator \"" + kit.generator + "\"", "", path});
        } else if (!std::isfinite(value) || value < spec->minValue || value > spec->maxValue) {
            errors.push_back(Error{"value " + std::to_string(value) + " out of range (must be between " + std::to_string(spec->minValue) +
                                       " and " + std::to_string(spec->maxValue) + ")",
                                   "", path});
        } else if (spec->integer && std::floor(value) != value) {
            errors.push_back(Error{"expected a whole number, got " + std::to_string(value), "", path});
        }
    }
    return errors;
}

Result<Entity> spawnKit(World& world, std::string_view generator, std::map<std::string, double> params, Entity parent, StableId id) {
    KitInstance kit{std::string(generator), std::move(params), {}};
    if (auto errors = validateKit(kit); !errors.empty()) return errors.front();
    if (Status s = checkKitBudget(world, kNullEntity, kit); !s.ok()) return s.error();
    const KitGeneratorInfo* info = findKitGenerator(generator);
    Entity e = world.create(info->label, id);
    if (!e) return Error{"id " + toHex(id) + " is already in use"};
    if (parent) {
        if (Status s = world.setParent(e, parent); !s.ok()) {
            world.destroy(e);
            return s.error();
        }
    }
    world.add<KitInstance>(e, std::move(kit));
    if (Status s = regenerateKit(world, e); !s.ok()) {
        world.destroy(e);
        return s.error();
    }
    return e;
}

namespace {

// Builds the kit's children; its parameters are valid and within budget.
Status generateChildren(World& world, Entity kitEntity) {
    const KitInstance* kit = world.get<KitInstance>(kitEntity);
    StableId kitId = world.stableId(kitEntity);
    const Name* name = world.get<Name>(kitEntity);
    GenContext ctx{*kit, kitId, name ? name->value : findKitGenerator(kit->generator)->label, {}};
    findEntry(kit->generator)->generate(ctx);

    std::unordered_set<StableId> wanted;
    wanted.reserve(ctx.children.size());
    for (const ChildSpec& c : ctx.children) wanted.insert(c.id);
    for (Entity child : world.children(kitEntity)) {
        const Generated* g = world.get<Generated>(child);
        if (g && g->kit == kitId && !wanted.count(world.stableId(child))) world.destroy(child);
    }
    for (const ChildSpec& spec : ctx.children) {
        Entity e = world.find(spec.id);
        if (e && world.parent(e) != kitEntity) {
            return Error{"generated id " + toHex(spec.id) + " is already used by an entity outside this kit"};
        }
        if (!e) {
            e = world.create({}, spec.id);
            world.setParent(e, kitEntity);
        }
        applySpec(world, e, kitId, spec);
    }
    return Ok{};
}

Error kitError(const World& world, Entity k, Error e) {
    const Name* n = world.get<Name>(k);
    e.message = "kit " + toHex(world.stableId(k)) + (n ? " (" + n->value + ")" : "") + ": " + e.message;
    return e;
}

}  // namespace

Status regenerateKit(World& world, Entity kitEntity, const KitBudget& budget) {
    const KitInstance* kit = world.get<KitInstance>(kitEntity);
    if (!kit) return Error{"entity has no KitInstance"};
    if (auto errors = validateKit(*kit); !errors.empty()) return errors.front();
    if (Status s = checkKitBudget(world, kitEntity, *kit, budget); !s.ok()) return s;
    return generateChildren(world, kitEntity);
}

Status regenerateAllKits(World& world, const KitBudget& budget) {
    std::vector<Entity> kits(world.pool<KitInstance>().entities().begin(), world.pool<KitInstance>().entities().end());
    for (Entity k : kits) {
        if (auto errors = validateKit(*world.get<KitInstance>(k)); !errors.empty()) return kitError(world, k, errors.front());
    }
    if (Status s = checkVenueKitBudget(world, budget); !s.ok()) return s;
    for (Entity k : kits) {
        if (Status s = generateChildren(world, k); !s.ok()) return kitError(world, k, s.error());
    }
    return Ok{};
}

}  // namespace atrium
