#include "atrium/scene/command_json.hpp"

#include "component_codec.hpp"
#include "json_reader.hpp"
#include "overloaded.hpp"

namespace atrium {

namespace {

constexpr int kMaxDepth = 16;  // nested groups

Json idJson(StableId id) { return id.valid() ? Json(toHex(id)) : Json(nullptr); }

Json componentJson(const ComponentValue& v) {
    std::string_view type = componentTypeName(typeOf(v));
    Json out = {{"type", std::string(type)}};
    if (const auto* n = std::get_if<Name>(&v)) {
        out["value"] = n->value;
    } else if (const auto* g = std::get_if<Generated>(&v)) {
        out["value"] = {{"kit", idJson(g->kit)}};
    } else if (const auto* u = std::get_if<UnknownComponents>(&v)) {
        out["value"] = Json(u->json);
    } else {
        // The venue-file codec reads components from a World: use a scratch one.
        World scratch;
        Entity e = scratch.create();
        putComponent(scratch, e, v);
        out["value"] = findComponentCodec(type)->write(scratch, e);
    }
    return out;
}

Json treeJson(const EntityTree& tree) {
    Json entities = Json::array();
    for (const EntityRecord& r : tree.entities) {
        Json comps = Json::array();
        for (const ComponentValue& v : r.components) comps.push_back(componentJson(v));
        entities.push_back({{"id", idJson(r.id)}, {"parent", idJson(r.parent)}, {"components", std::move(comps)}});
    }
    return {{"before", idJson(tree.before)}, {"entities", std::move(entities)}};
}

Json vec3Json(const vec3& v) { return Json::array({v.x, v.y, v.z}); }

Json settingsJson(const VenueSettings& s) {
    Json out = {{"skyZenithColor", vec3Json(s.skyZenithColor)},
                {"skyHorizonColor", vec3Json(s.skyHorizonColor)},
                {"groundColor", vec3Json(s.groundColor)},
                {"sunDirection", vec3Json(s.sunDirection)},
                {"sunColor", vec3Json(s.sunColor)},
                {"sunIntensity", s.sunIntensity},
                {"ambientIntensity", s.ambientIntensity},
                {"exposure", s.exposure},
                {"gravity", vec3Json(s.gravity)}};
    if (s.font == VenueFont::Serif) out["font"] = "serif";
    return out;
}

Json toJsonValue(const Command& command) {
    return std::visit(
        Overloaded{
            [](const CreateEntities& c) -> Json {
                return {{"op", "create"}, {"tree", treeJson(c.tree)}};
            },
            [](const DestroyEntity& c) -> Json {
                return {{"op", "destroy"}, {"entity", idJson(c.entity)}, {"removed", treeJson(c.removed)}};
            },
            [](const SetComponent& c) -> Json {
                return {{"op", "set"}, {"entity", idJson(c.entity)}, {"after", componentJson(c.after)}, {"before", componentJson(c.before)}};
            },
            [](const AddComponent& c) -> Json {
                return {{"op", "add"}, {"entity", idJson(c.entity)}, {"value", componentJson(c.value)}};
            },
            [](const RemoveComponent& c) -> Json {
                return {{"op", "remove"}, {"entity", idJson(c.entity)}, {"removed", componentJson(c.removed)}};
            },
            [](const Reparent& c) -> Json {
                return {{"op", "reparent"},
                        {"entity", idJson(c.entity)},
                        {"newParent", idJson(c.newParent)},
                        {"newBefore", idJson(c.newBefore)},
                        {"oldParent", idJson(c.oldParent)},
                        {"oldBefore", idJson(c.oldBefore)}};
            },
            [](const Rename& c) -> Json {
                return {{"op", "rename"}, {"entity", idJson(c.entity)}, {"after", c.after}, {"before", c.before}};
            },
            [](const SetKitParam& c) -> Json {
                return {{"op", "kitParam"},
                        {"kit", idJson(c.kit)},
                        {"param", c.param},
                        {"after", c.after ? Json(*c.after) : Json(nullptr)},
                        {"before", c.before ? Json(*c.before) : Json(nullptr)}};
            },
            [](const SetVenueSettings& c) -> Json {
                return {{"op", "settings"}, {"after", settingsJson(c.after)}, {"before", settingsJson(c.before)}};
            },
            [](const CommandGroup& g) -> Json {
                Json list = Json::array();
                for (const Command& c : g.commands) list.push_back(toJsonValue(c));
                return {{"op", "group"}, {"label", g.label}, {"commands", std::move(list)}};
            },
        },
        command);
}

// ---- reading

// Ids may be null (absent reference) or 16 hex digits.
void readId(ObjectReader& r, const char* key, StableId& out) {
    const Json* v = r.field(key);
    if (!v || v->is_null()) return;
    if (!v->is_string() || !parseStableId(v->get<std::string>(), out)) {
        r.errors().add(r.fieldPath(key), "expected null or an id of 16 hex digits, got " + describeJson(*v));
    }
}

std::optional<ComponentValue> readComponent(JsonErrors& errors, const Json* node, const std::string& path) {
    if (!node) {
        errors.add(path, "missing");
        return std::nullopt;
    }
    ObjectReader r(errors, *node, path);
    if (!r.valid()) return std::nullopt;
    std::string type;
    r.string("type", type);
    const Json* value = r.field("value");
    r.finish();
    std::optional<ComponentType> t = findComponentType(type);
    if (!t) {
        errors.add(r.fieldPath("type"), "unknown component type \"" + type + "\"");
        return std::nullopt;
    }
    std::string valuePath = r.fieldPath("value");
    if (!value) {
        errors.add(valuePath, "missing");
        return std::nullopt;
    }
    if (*t == componentTypeOf<Name>()) {
        if (!value->is_string()) {
            errors.add(valuePath, "expected a string, got " + describeJson(*value));
            return std::nullopt;
        }
        return ComponentValue(Name{value->get<std::string>()});
    }
    if (*t == componentTypeOf<UnknownComponents>()) {
        UnknownComponents u;
        if (!value->is_object()) {
            errors.add(valuePath, "expected an object, got " + describeJson(*value));
            return std::nullopt;
        }
        for (const auto& [k, v] : value->items()) {
            if (!v.is_string()) {
                errors.add(valuePath + "." + k, "expected a string, got " + describeJson(v));
            } else if (Status s = checkUnknownComponentJson(v.get_ref<const std::string&>()); !s.ok()) {
                // Applied, this would be written into the venue file the next time it is saved.
                std::string inner = s.error().jsonPath.empty() ? "" : " at " + s.error().jsonPath;
                errors.add(valuePath + "." + k, "component JSON" + inner + ": " + s.error().message);
            } else {
                u.json[k] = v.get<std::string>();
            }
        }
        return ComponentValue(std::move(u));
    }
    ObjectReader vr(errors, *value, valuePath);
    if (!vr.valid()) return std::nullopt;
    if (*t == componentTypeOf<Generated>()) {
        Generated g;
        readId(vr, "kit", g.kit);
        vr.finish();
        return ComponentValue(g);
    }
    World scratch;
    Entity e = scratch.create();
    scratch.remove<Transform>(e);
    findComponentCodec(componentTypeName(*t))->read(vr, scratch, e);
    return getComponent(scratch, e, *t);
}

EntityTree readTree(JsonErrors& errors, const Json* node, const std::string& path) {
    EntityTree tree;
    if (!node) return tree;
    ObjectReader r(errors, *node, path);
    if (!r.valid()) return tree;
    readId(r, "before", tree.before);
    const Json* entities = r.field("entities");
    r.finish();
    if (!entities || !entities->is_array()) {
        errors.add(r.fieldPath("entities"), "expected an array");
        return tree;
    }
    for (std::size_t i = 0; i < entities->size(); ++i) {
        std::string ep = r.fieldPath("entities") + "[" + std::to_string(i) + "]";
        ObjectReader er(errors, (*entities)[i], ep);
        if (!er.valid()) continue;
        EntityRecord rec;
        readId(er, "id", rec.id);
        readId(er, "parent", rec.parent);
        const Json* comps = er.field("components");
        er.finish();
        if (!comps || !comps->is_array()) {
            errors.add(ep + ".components", "expected an array");
            continue;
        }
        for (std::size_t c = 0; c < comps->size(); ++c) {
            if (auto v = readComponent(errors, &(*comps)[c], ep + ".components[" + std::to_string(c) + "]")) {
                rec.components.push_back(std::move(*v));
            }
        }
        tree.entities.push_back(std::move(rec));
    }
    return tree;
}

void readSettings(JsonErrors& errors, const Json* node, const std::string& path, VenueSettings& s) {
    if (!node) return;
    ObjectReader r(errors, *node, path);
    if (!r.valid()) return;
    r.vec3("skyZenithColor", s.skyZenithColor, 0.0f, 1000.0f);
    r.vec3("skyHorizonColor", s.skyHorizonColor, 0.0f, 1000.0f);
    r.vec3("groundColor", s.groundColor, 0.0f, 1000.0f);
    r.vec3("sunDirection", s.sunDirection, -1.0f, 1.0f);
    r.vec3("sunColor", s.sunColor, 0.0f, 1000.0f);
    r.number("sunIntensity", s.sunIntensity, 0.0f, 1e6f);
    r.number("ambientIntensity", s.ambientIntensity, 0.0f, 1e6f);
    r.number("exposure", s.exposure, 1e-4f, 1e4f);
    r.vec3("gravity", s.gravity, -1000.0f, 1000.0f);
    r.enumeration("font", s.font, {{"sans", VenueFont::Sans}, {"serif", VenueFont::Serif}});
    r.finish();
}

std::optional<double> readOptionalNumber(ObjectReader& r, const char* key) {
    const Json* v = r.field(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number()) {
        r.errors().add(r.fieldPath(key), "expected null or a number, got " + describeJson(*v));
        return std::nullopt;
    }
    return v->get<double>();
}

Command readCommand(JsonErrors& errors, const Json& node, const std::string& path, int depth) {
    ObjectReader r(errors, node, path);
    if (!r.valid()) return CommandGroup{};
    std::string op;
    r.string("op", op);
    auto sub = [&](const char* key) { return r.fieldPath(key); };
    Command out = CommandGroup{};
    if (op == "create") {
        out = CreateEntities{readTree(errors, r.field("tree"), sub("tree"))};
    } else if (op == "destroy") {
        DestroyEntity c;
        readId(r, "entity", c.entity);
        c.removed = readTree(errors, r.field("removed"), sub("removed"));
        out = std::move(c);
    } else if (op == "set") {
        SetComponent c;
        readId(r, "entity", c.entity);
        if (auto v = readComponent(errors, r.field("after"), sub("after"))) c.after = std::move(*v);
        if (auto v = readComponent(errors, r.field("before"), sub("before"))) c.before = std::move(*v);
        out = std::move(c);
    } else if (op == "add") {
        AddComponent c;
        readId(r, "entity", c.entity);
        if (auto v = readComponent(errors, r.field("value"), sub("value"))) c.value = std::move(*v);
        out = std::move(c);
    } else if (op == "remove") {
        RemoveComponent c;
        readId(r, "entity", c.entity);
        if (auto v = readComponent(errors, r.field("removed"), sub("removed"))) {
            c.type = typeOf(*v);
            c.removed = std::move(*v);
        }
        out = std::move(c);
    } else if (op == "reparent") {
        Reparent c;
        readId(r, "entity", c.entity);
        readId(r, "newParent", c.newParent);
        readId(r, "newBefore", c.newBefore);
        readId(r, "oldParent", c.oldParent);
        readId(r, "oldBefore", c.oldBefore);
        out = c;
    } else if (op == "rename") {
        Rename c;
        readId(r, "entity", c.entity);
        r.string("after", c.after);
        r.string("before", c.before);
        out = std::move(c);
    } else if (op == "kitParam") {
        SetKitParam c;
        readId(r, "kit", c.kit);
        r.string("param", c.param);
        c.after = readOptionalNumber(r, "after");
        c.before = readOptionalNumber(r, "before");
        out = std::move(c);
    } else if (op == "settings") {
        SetVenueSettings c;
        readSettings(errors, r.field("after"), sub("after"), c.after);
        readSettings(errors, r.field("before"), sub("before"), c.before);
        out = c;
    } else if (op == "group") {
        CommandGroup g;
        r.string("label", g.label);
        const Json* list = r.field("commands");
        if (depth >= kMaxDepth) {
            errors.add(sub("commands"), "groups nested deeper than " + std::to_string(kMaxDepth));
        } else if (!list || !list->is_array()) {
            errors.add(sub("commands"), "expected an array");
        } else {
            for (std::size_t i = 0; i < list->size(); ++i) {
                g.commands.push_back(readCommand(errors, (*list)[i], sub("commands") + "[" + std::to_string(i) + "]", depth + 1));
            }
        }
        out = std::move(g);
    } else {
        errors.add(sub("op"), "unknown op \"" + op + "\"");
    }
    r.finish();
    return out;
}

}  // namespace

std::string commandToJson(const Command& command) { return toJsonValue(command).dump(); }

Result<Command> commandFromJson(std::string_view text) {
    if (Status s = checkJsonNesting(text, kMaxJsonDepth, "command"); !s.ok()) return s.error();
    Json doc = Json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return Error{"command: not valid JSON"};
    JsonErrors errors("command");
    Command c = readCommand(errors, doc, "", 0);
    if (!errors.errors().empty()) return errors.errors().front();
    return c;
}

}  // namespace atrium
