#include "venue_templates.hpp"

#include <array>
#include <glm/gtc/quaternion.hpp>

#include "atrium/scene/kit.hpp"

namespace atrium::editor {

namespace {

constexpr std::array<VenueTemplate, 5> kTemplates = {{
    {"concert_hall", "Concert hall", "A 500-seat hall: stage, screen, light trusses, walls"},
    {"expo_hall", "Expo hall", "A hall with two rows of booths and an aisle"},
    {"classroom", "Classroom", "30 seats facing a screen"},
    {"plaza", "Plaza", "An open square with lights and benches"},
    {"empty", "Empty", "A floor and a spawn point"},
}};

// Builds a template piece by piece; the first failing kit stops the build with its error.
struct Builder {
    World world;
    Status status = Ok{};

    Entity kit(std::string_view name, std::string_view generator, std::map<std::string, double> params, vec3 position, float yawDegrees = 0.0f,
               std::string material = {}) {
        if (!status.ok()) return kNullEntity;
        Result<Entity> e = spawnKit(world, generator, std::move(params));
        if (!e.ok()) {
            status = e.error();
            return kNullEntity;
        }
        world.add<Name>(*e, Name{std::string(name)});
        Transform& t = *world.get<Transform>(*e);
        t.position = position;
        t.rotation = glm::angleAxis(glm::radians(yawDegrees), vec3(0, 1, 0));
        if (!material.empty()) {
            world.get<KitInstance>(*e)->material = std::move(material);
            if (Status s = regenerateKit(world, *e); !s.ok()) status = s;
        }
        return *e;
    }
    void light(std::string_view name, vec3 position, float intensity) {
        Entity e = world.create(name);
        world.get<Transform>(e)->position = position;
        world.add<Light>(e, Light{.type = Light::Type::Point, .intensity = intensity, .range = 30.0f});
    }
    void spawn(std::string_view name, vec3 position) {
        Entity e = world.create(name);
        world.get<Transform>(e)->position = position;
        world.add<SpawnPoint>(e, SpawnPoint{.radius = 2.0f});
    }
};

void concertHall(Builder& b) {
    b.kit("Floor", "floor_run", {{"width", 32}, {"depth", 40}}, {0, 0, 4}, 0, "builtin:wood");
    b.kit("Stage wall", "wall_run", {{"length", 32}, {"height", 12}, {"panels", 8}}, {0, 0, -16}, 0, "builtin:concrete");
    b.kit("Left wall", "wall_run", {{"length", 40}, {"height", 12}, {"panels", 10}}, {-16, 0, 4}, 90, "builtin:wood");
    b.kit("Right wall", "wall_run", {{"length", 40}, {"height", 12}, {"panels", 10}}, {16, 0, 4}, 90, "builtin:wood");
    b.kit("Rear wall", "wall_run", {{"length", 32}, {"height", 12}, {"panels", 8}}, {0, 0, 24}, 0, "builtin:wood");
    b.kit("Stage", "stage", {{"width", 16}, {"depth", 7}, {"height", 1.1}}, {0, 0, -11.5});
    b.kit("Screen", "screen", {{"width", 12}, {"height", 6.75}, {"elevation", 3}}, {0, 0, -15.7});
    // 20 rows x 25 seats = 500 seats, gently curved towards the stage.
    b.kit("Stalls", "seating_block", {{"rows", 20}, {"seatsPerRow", 25}, {"arcRadius", 16}, {"risePerRow", 0.15}}, {0, 0, 0}, 0,
          "builtin:fabric_red");
    b.kit("Front truss", "light_truss", {{"lights", 8}, {"span", 14}, {"height", 8}, {"intensity", 5000}}, {0, 0, -8});
    b.light("House light left", {-10, 10, 8}, 800);
    b.light("House light right", {10, 10, 8}, 800);
    b.spawn("Entrance", {0, 0, 21});
    b.world.settings.sunIntensity = 1.0f;
    b.world.settings.ambientIntensity = 0.25f;
}

void expoHall(Builder& b) {
    b.kit("Floor", "floor_run", {{"width", 40}, {"depth", 30}}, {0, 0, 0}, 0, "builtin:carpet");
    b.kit("Back wall", "wall_run", {{"length", 40}, {"height", 8}, {"panels", 8}}, {0, 0, -15}, 0, "builtin:concrete");
    for (int i = 0; i < 4; ++i) {
        float x = -15.0f + 10.0f * float(i);
        b.kit("Booth A" + std::to_string(i + 1), "booth", {{"width", 6}, {"depth", 4}}, {x, 0, -8});
        b.kit("Booth B" + std::to_string(i + 1), "booth", {{"width", 6}, {"depth", 4}}, {x, 0, 8}, 180);
    }
    b.light("Hall light west", {-10, 7, 0}, 1200);
    b.light("Hall light east", {10, 7, 0}, 1200);
    b.spawn("Entrance", {0, 0, 13});
}

void classroom(Builder& b) {
    b.kit("Floor", "floor_run", {{"width", 12}, {"depth", 14}}, {0, 0, 0}, 0, "builtin:wood");
    b.kit("Front wall", "wall_run", {{"length", 12}, {"height", 3.5}}, {0, 0, -7}, 0, "builtin:white");
    b.kit("Left wall", "wall_run", {{"length", 14}, {"height", 3.5}}, {-6, 0, 0}, 90, "builtin:white");
    b.kit("Right wall", "wall_run", {{"length", 14}, {"height", 3.5}}, {6, 0, 0}, 90, "builtin:white");
    b.kit("Screen", "screen", {{"width", 4}, {"height", 2.25}, {"elevation", 1}}, {0, 0, -6.8});
    b.kit("Desks", "seating_block", {{"rows", 5}, {"seatsPerRow", 6}, {"rowSpacing", 1.3}, {"seatSpacing", 0.9}}, {0, 0, -2});
    b.light("Ceiling light", {0, 3.2, 0}, 400);
    b.spawn("Door", {4, 0, 5.5});
}

void plaza(Builder& b) {
    b.kit("Paving", "floor_run", {{"width", 60}, {"depth", 60}}, {0, 0, 0}, 0, "builtin:concrete");
    b.kit("Fountain stage", "stage", {{"width", 6}, {"depth", 6}, {"height", 0.5}, {"stairs", 0}}, {0, 0, 0});
    for (int i = 0; i < 4; ++i) {
        float a = glm::radians(90.0f * float(i) + 45.0f);
        b.light("Lamp " + std::to_string(i + 1), {18 * std::cos(a), 5, 18 * std::sin(a)}, 600);
    }
    b.kit("Benches north", "seating_block", {{"rows", 1}, {"seatsPerRow", 8}}, {0, 0, -12}, 180);
    b.kit("Benches south", "seating_block", {{"rows", 1}, {"seatsPerRow", 8}}, {0, 0, 12});
    b.spawn("Plaza centre", {0, 0, 20});
}

void empty(Builder& b) {
    b.kit("Floor", "floor_run", {{"width", 20}, {"depth", 20}}, {0, 0, 0});
    b.spawn("Spawn", {0, 0, 5});
}

}  // namespace

std::span<const VenueTemplate> venueTemplates() { return kTemplates; }

Result<World> buildVenueTemplate(std::string_view id) {
    Builder b;
    if (id == "concert_hall") concertHall(b);
    else if (id == "expo_hall") expoHall(b);
    else if (id == "classroom") classroom(b);
    else if (id == "plaza") plaza(b);
    else if (id == "empty") empty(b);
    else return Error{"unknown venue template \"" + std::string(id) + "\""};
    if (!b.status.ok()) return Error{"template " + std::string(id) + ": " + b.status.error().message};
    for (const VenueTemplate& t : kTemplates) {
        if (t.id == id) b.world.name = std::string(t.label);
    }
    b.world.updateTransforms();
    return std::move(b.world);
}

}  // namespace atrium::editor
