#pragma once
// The benchmark hall shared by render_bench (full renderer) and render_extract_bench (extraction
// alone, for instruction counts under callgrind): rows of seats, five parts per seat.
#include "atrium/scene/world.hpp"

namespace atrium::bench {

inline void addPart(World& w, Entity parent, const char* mesh, const char* material, vec3 pos, vec3 scale) {
    Entity e = w.create();
    w.setParent(e, parent);
    Transform* t = w.get<Transform>(e);
    t->position = pos;
    t->scale = scale;
    w.add<MeshRenderer>(e, MeshRenderer{.mesh = mesh, .material = material});
}

// Rows of seats on a rising, curved floor; each seat is five instanced parts.
inline World makeHall(int rows, int seatsPerRow) {
    World w;
    Entity floor = w.create("floor");
    w.get<Transform>(floor)->scale = vec3(float(seatsPerRow) * 0.6f + 20.0f, 1.0f, float(rows) * 1.0f + 30.0f);
    w.get<Transform>(floor)->position = vec3(0.0f, 0.0f, float(rows) * 0.5f);
    w.add<MeshRenderer>(floor, MeshRenderer{.mesh = "builtin:plane", .material = "builtin:wood"});
    Entity stage = w.create("stage");
    w.get<Transform>(stage)->position = vec3(0.0f, 0.6f, -8.0f);
    w.get<Transform>(stage)->scale = vec3(20.0f, 1.2f, 8.0f);
    w.add<MeshRenderer>(stage, MeshRenderer{.mesh = "builtin:box", .material = "builtin:stage"});
    for (int r = 0; r < rows; ++r) {
        for (int s = 0; s < seatsPerRow; ++s) {
            Entity seat = w.create();
            Transform* t = w.get<Transform>(seat);
            float x = (float(s) - float(seatsPerRow) * 0.5f) * 0.55f;
            float z = float(r) * 0.95f;
            t->position = vec3(x, float(r) * 0.18f, z + x * x * 0.01f);
            t->rotation = glm::angleAxis(-x * 0.01f, vec3(0.0f, 1.0f, 0.0f));
            addPart(w, seat, "builtin:box", "builtin:fabric_red", vec3(0.0f, 0.45f, 0.0f), vec3(0.46f, 0.08f, 0.45f));
            addPart(w, seat, "builtin:box", "builtin:fabric_red", vec3(0.0f, 0.8f, 0.2f), vec3(0.46f, 0.6f, 0.08f));
            addPart(w, seat, "builtin:box", "builtin:wood", vec3(-0.25f, 0.6f, 0.0f), vec3(0.04f, 0.05f, 0.4f));
            addPart(w, seat, "builtin:box", "builtin:wood", vec3(0.25f, 0.6f, 0.0f), vec3(0.04f, 0.05f, 0.4f));
            addPart(w, seat, "builtin:cylinder", "builtin:metal", vec3(0.0f, 0.0f, 0.0f), vec3(0.05f, 0.42f, 0.05f));
        }
    }
    for (int i = 0; i < 32; ++i) {
        Entity l = w.create("light");
        w.get<Transform>(l)->position = vec3(float(i % 8) * 4.0f - 14.0f, 6.0f, float(i / 8) * 8.0f);
        w.add<Light>(l, Light{.type = Light::Type::Point, .color = vec3(1.0f, 0.9f, 0.8f), .intensity = 20.0f, .range = 9.0f});
    }
    w.updateTransforms();
    return w;
}

}  // namespace atrium::bench
