#include "atrium/scene/venue_file.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "atrium/core/json_nesting.hpp"
#include "atrium/core/log.hpp"
#include "atrium/scene/kit.hpp"
#include "atrium/scene/venue_migration.hpp"
#include "atrium/scene/venue_path.hpp"
#include "component_codec.hpp"
#include "json_reader.hpp"

namespace atrium {
namespace {

// Floats are written with the shortest decimal that reads back to the same float, so files
// say 0.55 rather than 0.550000011920929 and still round-trip exactly.
void compactFloats(Json& j) {
    if (j.is_number_float()) {
        float f = float(j.get<double>());
        char buf[32];
        auto res = std::to_chars(buf, buf + sizeof buf, f);
        j = std::strtod(std::string(buf, res.ptr).c_str(), nullptr);
    } else if (j.is_structured()) {
        for (auto& e : j) compactFloats(e);
    }
}

int lineOfOffset(std::string_view text, std::size_t offset) {
    int line = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') ++line;
    }
    return line;
}

void readSettings(ObjectReader& r, VenueSettings& s) {
    if (const Json* sky = r.field("sky")) {
        ObjectReader o(r.errors(), *sky, r.fieldPath("sky"));
        o.vec3("zenith", s.skyZenithColor, 0.0f, 100.0f);
        o.vec3("horizon", s.skyHorizonColor, 0.0f, 100.0f);
        o.vec3("ground", s.groundColor, 0.0f, 100.0f);
        o.finish();
    }
    if (const Json* sun = r.field("sun")) {
        ObjectReader o(r.errors(), *sun, r.fieldPath("sun"));
        o.vec3("direction", s.sunDirection, -1e3f, 1e3f);
        o.vec3("color", s.sunColor, 0.0f, 100.0f);
        o.number("intensity", s.sunIntensity, 0.0f, 1e6f);
        o.finish();
        // Kept as written (the renderer normalises) so files round-trip bit for bit.
        if (glm::length(s.sunDirection) < 1e-6f) r.errors().add(o.fieldPath("direction"), "sun direction has zero length");
    }
    r.number("ambient", s.ambientIntensity, 0.0f, 100.0f);
    r.number("exposure", s.exposure, 1e-4f, 1e4f);
    r.vec3("gravity", s.gravity, -1000.0f, 1000.0f);
    r.enumeration("font", s.font, {{"sans", VenueFont::Sans}, {"serif", VenueFont::Serif}});
    r.finish();
}

Json writeSettings(const VenueSettings& s) {
    Json out = {{"sky", {{"zenith", toJson(s.skyZenithColor)}, {"horizon", toJson(s.skyHorizonColor)}, {"ground", toJson(s.groundColor)}}},
                {"sun", {{"direction", toJson(s.sunDirection)}, {"color", toJson(s.sunColor)}, {"intensity", s.sunIntensity}}},
                {"ambient", s.ambientIntensity},
                {"exposure", s.exposure},
                {"gravity", toJson(s.gravity)}};
    // Written only when chosen, so venues without one save as they did before.
    if (s.font == VenueFont::Serif) out["font"] = "serif";
    return out;
}

// "avatars": venue-relative paths of the avatar files attendees may pick, each kept inside the
// venue's folder (they are sent to every attendee and named on the wire).
void readAvatars(JsonErrors& errors, const Json& list, std::vector<std::string>& out) {
    if (!list.is_array()) {
        errors.add("avatars", "expected an array of paths, got " + describeJson(list));
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = "avatars[" + std::to_string(i) + "]";
        if (!list[i].is_string()) {
            errors.add(path, "expected a path relative to the venue file, got " + describeJson(list[i]));
            continue;
        }
        std::string value = list[i].get<std::string>();
        if (std::optional<std::string> bad = venuePathProblem(value)) {
            errors.add(path, "\"" + value.substr(0, 80) + "\" is not a venue-relative path: " + *bad);
            continue;
        }
        out.push_back(std::move(value));
    }
}

// Reads the "entities" array in three passes: identities, then hierarchy, then components, so
// that entities may name parents and portal targets that appear later in the file.
void readEntities(JsonErrors& errors, const Json& list, World& world) {
    if (!list.is_array()) {
        errors.add("entities", "expected an array, got " + describeJson(list));
        return;
    }
    std::vector<Entity> created(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string path = "entities[" + std::to_string(i) + "]";
        const Json& item = list[i];
        if (!item.is_object()) {
            errors.add(path, "expected an object, got " + describeJson(item));
            continue;
        }
        StableId id;
        if (auto it = item.find("id"); it != item.end()) {
            if (!it->is_string() || !parseStableId(it->get<std::string>(), id)) {
                errors.add(path + ".id", "expected an id of 16 lowercase hex digits, got " + describeJson(*it));
                continue;
            }
            if (world.find(id)) {
                errors.add(path + ".id", "duplicate id " + toHex(id));
                continue;
            }
        }
        std::string name;
        if (auto it = item.find("name"); it != item.end()) {
            if (it->is_string()) name = it->get<std::string>();
            else errors.add(path + ".name", "expected a string, got " + describeJson(*it));
        }
        created[i] = world.create(name, id);
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!created[i]) continue;
        std::string path = "entities[" + std::to_string(i) + "]";
        auto it = list[i].find("parent");
        if (it == list[i].end() || it->is_null()) continue;
        StableId parentId;
        if (!it->is_string() || !parseStableId(it->get<std::string>(), parentId)) {
            errors.add(path + ".parent", "expected an id of 16 lowercase hex digits, got " + describeJson(*it));
            continue;
        }
        Entity parent = world.find(parentId);
        if (!parent) {
            errors.add(path + ".parent", "no entity has id " + toHex(parentId));
            continue;
        }
        if (Status s = world.setParent(created[i], parent); !s.ok()) {
            errors.add(path + ".parent", "parent " + toHex(parentId) + " is a descendant of this entity; parenting would create a cycle");
        }
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!created[i]) continue;
        std::string path = "entities[" + std::to_string(i) + "]";
        ObjectReader entity(errors, list[i], path);
        entity.field("id");
        entity.field("name");
        entity.field("parent");
        if (const Json* comps = entity.field("components")) {
            std::string compsPath = path + ".components";
            if (!comps->is_object()) {
                errors.add(compsPath, "expected an object, got " + describeJson(*comps));
            } else {
                for (auto it = comps->begin(); it != comps->end(); ++it) {
                    std::string compPath = compsPath + "." + it.key();
                    if (const ComponentCodec* codec = findComponentCodec(it.key())) {
                        ObjectReader r(errors, *it, compPath);
                        if (r.valid()) codec->read(r, world, created[i]);
                    } else {
                        errors.warn(compPath, "unknown component type \"" + it.key() + "\" kept as is");
                        UnknownComponents* unknown = world.get<UnknownComponents>(created[i]);
                        if (!unknown) unknown = &world.add<UnknownComponents>(created[i]);
                        unknown->json[it.key()] = it->dump();
                    }
                }
            }
        }
        entity.finish();
    }
    // References by id must point at something in this venue.
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (!created[i]) continue;
        const Portal* portal = world.get<Portal>(created[i]);
        if (portal && portal->target.valid() && !world.find(portal->target)) {
            errors.add("entities[" + std::to_string(i) + "].components.portal.target", "no entity has id " + toHex(portal->target));
        }
    }
}

// Parents before children, siblings in order: a loader can then create each entity's parent
// before the entity itself, and diffs of saved files stay small.
void collectSaveOrder(const World& world, Entity e, std::vector<Entity>& out) {
    if (world.has<Generated>(e)) return;
    out.push_back(e);
    for (Entity c : world.children(e)) collectSaveOrder(world, c, out);
}

// Fields equal to the component's default are left out (as Godot's scene files do): files
// stay small and readable, and loading fills the defaults back in.
void dropDefaults(const ComponentCodec& codec, Json& component) {
    static const std::vector<Json> defaults = [] {
        World w;
        Entity e = w.create();
        w.add<MeshRenderer>(e);
        w.add<Light>(e);
        w.add<Camera>(e);
        w.add<RigidBody>(e);
        w.add<Collider>(e);
        w.add<CharacterController>(e);
        w.add<Avatar>(e);
        w.add<SpawnPoint>(e);
        w.add<Seat>(e);
        w.add<MediaScreen>(e);
        w.add<Trigger>(e);
        w.add<Portal>(e);
        w.add<Replicated>(e);
        w.add<KitInstance>(e);
        std::vector<Json> out;
        for (const ComponentCodec& c : componentCodecs()) {
            Json j = c.has(w, e) ? c.write(w, e) : Json::object();
            compactFloats(j);
            out.push_back(std::move(j));
        }
        return out;
    }();
    const Json& def = defaults[std::size_t(&codec - componentCodecs().data())];
    for (auto it = def.begin(); it != def.end(); ++it) {
        auto mine = component.find(it.key());
        if (mine != component.end() && *mine == *it) component.erase(mine);
    }
}

}  // namespace

Result<World> loadVenueFromString(std::string_view text, std::string_view fileLabel, VenueLoadReport* report) {
    JsonErrors errors{std::string(fileLabel)};
    auto fail = [&]() -> Result<World> {
        Error first = errors.errors().front();
        if (report) {
            report->errors = errors.errors();
            report->warnings = errors.warnings();
        }
        return first;
    };
    if (Status s = checkJsonNesting(text, kMaxJsonDepth, fileLabel); !s.ok()) {
        errors.errors().push_back(s.error());
        return fail();
    }
    Json doc;
    try {
        doc = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 3, column 5: "
        if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
        errors.errors().push_back(Error{"invalid JSON: " + what, std::string(fileLabel), "", lineOfOffset(text, e.byte)});
        return fail();
    } catch (const Json::exception& e) {
        // e.g. out_of_range.406 for a number literal too large for a double
        std::string what = e.what();
        if (auto bracket = what.find("] "); bracket != std::string::npos) what = what.substr(bracket + 2);
        errors.errors().push_back(Error{"invalid JSON: " + what, std::string(fileLabel)});
        return fail();
    }
    ObjectReader root(errors, doc, "");
    if (!root.valid()) return fail();

    const Json* format = root.field("format");
    if (!format) errors.add("format", "missing; expected \"atrium.venue\"");
    else if (!format->is_string() || format->get<std::string>() != kVenueFormatName)
        errors.add("format", "expected \"atrium.venue\", got " + describeJson(*format));
    const Json* version = root.field("version");
    if (!version) errors.add("version", "missing; expected an integer");
    else if (!version->is_number_integer() || version->get<double>() < 0 || version->get<double>() > 1e6)
        errors.add("version", "expected a small non-negative integer, got " + describeJson(*version));
    if (!errors.errors().empty()) return fail();

    int v = version->get<int>();
    if (v > kVenueFormatVersion) {
        errors.add("version", "version " + std::to_string(v) + " was written by a newer Atrium; this build reads up to version " +
                                  std::to_string(kVenueFormatVersion));
        return fail();
    }
    if (v < kVenueFormatVersion) {
        if (Status s = migrateVenueDocument(doc, kVenueFormatVersion); !s.ok()) {
            errors.add(s.error().jsonPath, s.error().message);
            return fail();
        }
    }

    World world;
    root.string("name", world.name);
    if (const Json* settings = root.field("settings")) {
        ObjectReader s(errors, *settings, "settings");
        if (s.valid()) readSettings(s, world.settings);
    }
    if (const Json* avatars = root.field("avatars")) readAvatars(errors, *avatars, world.avatars);
    if (const Json* entities = root.field("entities")) readEntities(errors, *entities, world);
    root.finish();
    if (!errors.errors().empty()) return fail();

    if (Status s = regenerateAllKits(world); !s.ok()) {
        errors.errors().push_back(Error{s.error().message, std::string(fileLabel), s.error().jsonPath});
        return fail();
    }
    world.updateTransforms();
    if (report) report->warnings = errors.warnings();
    return world;
}

Result<World> loadVenue(const std::filesystem::path& path, VenueLoadReport* report) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Error e{std::string("cannot open venue file: ") + std::strerror(errno), path.string()};
        if (report) report->errors = {e};
        return e;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return loadVenueFromString(buffer.str(), path.string(), report);
}

namespace {
Json componentsOf(const World& world, Entity e) {
    Json comps = Json::object();
    for (const ComponentCodec& codec : componentCodecs()) {
        if (!codec.has(world, e)) continue;
        Json c = codec.write(world, e);
        if (std::string_view(codec.name) != "kit") compactFloats(c);
        dropDefaults(codec, c);
        // An entity's transform at the origin says nothing; every other component is
        // written even when all its fields are defaults, because its presence matters.
        if (std::string_view(codec.name) == "transform" && c.empty()) continue;
        comps[codec.name] = std::move(c);
    }
    if (const UnknownComponents* unknown = world.get<UnknownComponents>(e)) {
        for (const auto& [key, text] : unknown->json) {
            // Loading and commandFromJson check these already; this catches text put into a World
            // by code, which would overflow the stack in dump() or write "<discarded>" to the file.
            if (Status s = checkUnknownComponentJson(text); !s.ok()) {
                logWarn("venue",
                        "entity " + toHex(world.stableId(e)) + ": unknown component \"" + key + "\" not written: " + s.error().toString());
                continue;
            }
            comps[key] = Json::parse(text);
        }
    }
    return comps;
}
}  // namespace

std::map<std::string, std::size_t> componentCounts(const World& world) {
    std::map<std::string, std::size_t> counts;
    world.forEachEntity([&](Entity e) {
        for (const ComponentCodec& codec : componentCodecs()) {
            if (std::string_view(codec.name) != "transform" && codec.has(world, e)) ++counts[codec.name];
        }
        if (const UnknownComponents* unknown = world.get<UnknownComponents>(e)) {
            for (const auto& [name, text] : unknown->json) ++counts[name];
        }
    });
    return counts;
}

std::string entityComponentsJson(const World& world, Entity e) { return componentsOf(world, e).dump(); }

std::string saveVenueToString(const World& world) {
    std::vector<Entity> order;
    for (Entity r : world.roots()) collectSaveOrder(world, r, order);

    Json entities = Json::array();
    for (Entity e : order) {
        Json item;
        item["id"] = toHex(world.stableId(e));
        if (const Name* n = world.get<Name>(e)) item["name"] = n->value;
        if (Entity p = world.parent(e)) item["parent"] = toHex(world.stableId(p));
        Json comps = componentsOf(world, e);
        item["components"] = std::move(comps);
        entities.push_back(std::move(item));
    }
    Json settings = writeSettings(world.settings);
    compactFloats(settings);
    Json doc;
    doc["format"] = kVenueFormatName;
    doc["version"] = kVenueFormatVersion;
    doc["name"] = world.name;
    doc["settings"] = std::move(settings);
    if (!world.avatars.empty()) doc["avatars"] = world.avatars;
    doc["entities"] = std::move(entities);
    return doc.dump(1) + "\n";
}

Status saveVenue(const World& world, const std::filesystem::path& path) { return writeFileAtomically(path, saveVenueToString(world)); }

}  // namespace atrium
