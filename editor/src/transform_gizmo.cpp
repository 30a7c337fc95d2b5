#include "transform_gizmo.hpp"

#include <glm/gtc/quaternion.hpp>

namespace atrium::editor {

namespace {

constexpr float kHandleScreenFraction = 0.18f;  // handle length relative to the view's height
constexpr float kHoverPixels = 9.0f;
constexpr int kRingSegments = 48;
const ImU32 kAxisColours[3] = {IM_COL32(230, 70, 60, 255), IM_COL32(90, 200, 70, 255), IM_COL32(70, 120, 240, 255)};
const ImU32 kHot = IM_COL32(255, 220, 60, 255);

float segmentDistance(vec2 p, vec2 a, vec2 b) {
    vec2 ab = b - a;
    float t = glm::dot(ab, ab) > 0 ? glm::clamp(glm::dot(p - a, ab) / glm::dot(ab, ab), 0.0f, 1.0f) : 0.0f;
    return glm::length(p - (a + ab * t));
}

float snapTo(float v, float step) { return step > 0 ? std::round(v / step) * step : v; }

vec3 ringPoint(vec3 pivot, vec3 axis, float radius, float angle) {
    vec3 u = glm::normalize(glm::abs(axis.y) < 0.9f ? glm::cross(axis, vec3(0, 1, 0)) : glm::cross(axis, vec3(1, 0, 0)));
    vec3 v = glm::cross(axis, u);
    return pivot + (u * std::cos(angle) + v * std::sin(angle)) * radius;
}

quat rotationOf(const mat4& m) {
    mat3 r(m);
    for (int i = 0; i < 3; ++i) {
        float len = glm::length(r[i]);
        if (len > 1e-8f) r[i] /= len;
    }
    return glm::normalize(glm::quat_cast(r));
}

}  // namespace

bool TransformGizmo::frameOf(const World& world, StableId primary, vec3& pivot, mat3& axes) const {
    Entity e = world.find(primary);
    if (!e) return false;
    const mat4& m = world.worldMatrix(e);
    pivot = vec3(m[3]);
    axes = mat3(1.0f);
    if (space == GizmoSpace::Local || mode == GizmoMode::Scale) axes = glm::mat3_cast(rotationOf(m));
    return true;
}

float TransformGizmo::handleLength(const EditorCamera& camera, vec3 pivot) const {
    // Constant size on screen: proportional to the distance from the eye.
    float depth = std::max(glm::dot(pivot - camera.position(), camera.forward()), 0.1f);
    return depth * std::tan(glm::radians(camera.fovYDegrees) * 0.5f) * 2.0f * kHandleScreenFraction;
}

// Parameter along the axis line of the point closest to the ray.
float TransformGizmo::axisParam(const Ray& ray, vec3 pivot, vec3 axis) const {
    vec3 w = pivot - ray.origin;
    float b = glm::dot(axis, ray.direction);
    float d = glm::dot(axis, w), e = glm::dot(ray.direction, w);
    float denom = 1.0f - b * b;
    if (denom < 1e-6f) return 0.0f;  // looking straight down the axis
    return (b * e - d) / denom;
}

std::optional<vec3> TransformGizmo::planeHit(const Ray& ray, vec3 pivot, vec3 normal) const {
    float denom = glm::dot(normal, ray.direction);
    if (std::abs(denom) < 1e-6f) return std::nullopt;
    float t = glm::dot(pivot - ray.origin, normal) / denom;
    if (t < 0) return std::nullopt;
    return ray.origin + ray.direction * t;
}

std::optional<vec2> TransformGizmo::handlePixel(const Document& doc, const EditorCamera& camera, const ViewRect& view, int axis) const {
    vec3 pivot;
    mat3 axes;
    if (!frameOf(doc.world(), doc.selection().primary(), pivot, axes)) return std::nullopt;
    float len = handleLength(camera, pivot);
    if (mode == GizmoMode::Rotate) return camera.project(ringPoint(pivot, axes[axis], len, 0.7f), view);
    return camera.project(pivot + axes[axis] * len * 0.85f, view);
}

void TransformGizmo::apply(Document& doc, float amount) const {
    CommandGroup group{"Transform", {}};
    for (const Start& s : starts_) {
        Transform t = s.local;
        mat4 parentInv = glm::inverse(s.parentWorld);
        if (mode == GizmoMode::Translate) {
            vec3 world = vec3(s.world[3]) + axis_ * amount;
            t.position = vec3(parentInv * vec4(world, 1.0f));
        } else if (mode == GizmoMode::Rotate) {
            quat q = glm::angleAxis(amount, axis_);
            vec3 world = pivot_ + q * (vec3(s.world[3]) - pivot_);
            t.position = vec3(parentInv * vec4(world, 1.0f));
            quat parentRot = rotationOf(s.parentWorld);
            t.rotation = glm::normalize(glm::inverse(parentRot) * q * parentRot * s.local.rotation);
        } else {
            t.scale[active_] = s.local.scale[active_] * amount;
        }
        group.commands.push_back(SetComponent{s.id, t, {}});
    }
    (void)doc.execute(std::move(group), MergePolicy::Continue);
}

bool TransformGizmo::update(Document& doc, const EditorCamera& camera, const ViewRect& view, const GizmoInput& in, ImDrawList* draw) {
    // The viewport updated the world transforms this frame, before calling here.
    World& world = doc.mutableWorld();
    vec3 pivot;
    mat3 axes;
    if (doc.playing() || !frameOf(world, doc.selection().primary(), pivot, axes)) {
        hovered_ = active_ = -1;
        return false;
    }
    float len = handleLength(camera, pivot);
    Ray ray = camera.rayThrough(in.mouse, view);

    // Hover: the nearest axis handle within a few pixels.
    if (active_ < 0) {
        hovered_ = -1;
        float best = kHoverPixels;
        for (int a = 0; a < 3; ++a) {
            if (mode == GizmoMode::Rotate) {
                for (int i = 0; i < kRingSegments; ++i) {
                    float a0 = glm::two_pi<float>() * float(i) / kRingSegments, a1 = glm::two_pi<float>() * float(i + 1) / kRingSegments;
                    auto p0 = camera.project(ringPoint(pivot, axes[a], len, a0), view);
                    auto p1 = camera.project(ringPoint(pivot, axes[a], len, a1), view);
                    if (!p0 || !p1) continue;
                    float d = segmentDistance(in.mouse, *p0, *p1);
                    if (d < best) best = d, hovered_ = a;
                }
            } else {
                auto p0 = camera.project(pivot, view);
                auto p1 = camera.project(pivot + axes[a] * len, view);
                if (!p0 || !p1) continue;
                float d = segmentDistance(in.mouse, *p0, *p1);
                if (d < best) best = d, hovered_ = a;
            }
        }
    }

    // Start a drag: remember every moving entity as it was.
    if (in.pressed && hovered_ >= 0 && active_ < 0) {
        active_ = hovered_;
        pivot_ = pivot;
        axis_ = glm::normalize(axes[active_]);
        snapping_ = snap.enabled != in.invertSnap;
        starts_.clear();
        for (StableId id : doc.selection().topLevel(world)) {
            Entity e = world.find(id);
            const Transform* t = world.get<Transform>(e);
            if (!t || world.has<Generated>(e)) continue;
            Entity p = world.parent(e);
            starts_.push_back(Start{id, *t, p ? world.worldMatrix(p) : mat4(1.0f), world.worldMatrix(e)});
        }
        startParam_ = axisParam(ray, pivot_, axis_);
        auto hit = planeHit(ray, pivot_, axis_);
        startVector_ = hit ? glm::normalize(*hit - pivot_) : vec3(0);
    }

    if (active_ >= 0 && in.down) {
        if (mode == GizmoMode::Translate) {
            float delta = axisParam(ray, pivot_, axis_) - startParam_;
            apply(doc, snapping_ ? snapTo(delta, snap.grid) : delta);
        } else if (mode == GizmoMode::Rotate) {
            if (auto hit = planeHit(ray, pivot_, axis_); hit && glm::length(*hit - pivot_) > 1e-4f) {
                vec3 v = glm::normalize(*hit - pivot_);
                float angle = std::atan2(glm::dot(axis_, glm::cross(startVector_, v)), glm::dot(startVector_, v));
                apply(doc, snapping_ ? glm::radians(snapTo(glm::degrees(angle), snap.angleDegrees)) : angle);
            }
        } else if (std::abs(startParam_) > 1e-4f) {
            float factor = std::max(axisParam(ray, pivot_, axis_) / startParam_, 0.01f);
            apply(doc, snapping_ ? std::max(snapTo(factor, snap.scaleStep), snap.scaleStep) : factor);
        }
    } else if (active_ >= 0) {
        active_ = -1;
        starts_.clear();
        doc.endContinuousEdit();
    }

    if (draw) {
        if (active_ >= 0) world.updateTransforms();  // the drag just moved things
        frameOf(world, doc.selection().primary(), pivot, axes);
        for (int a = 0; a < 3; ++a) {
            ImU32 colour = (a == active_ || (active_ < 0 && a == hovered_)) ? kHot : kAxisColours[a];
            if (mode == GizmoMode::Rotate) {
                std::optional<vec2> prev;
                for (int i = 0; i <= kRingSegments; ++i) {
                    auto p = camera.project(ringPoint(pivot, axes[a], len, glm::two_pi<float>() * float(i) / kRingSegments), view);
                    if (p && prev) draw->AddLine(ImVec2(prev->x, prev->y), ImVec2(p->x, p->y), colour, 2.5f);
                    prev = p;
                }
                continue;
            }
            auto p0 = camera.project(pivot, view);
            auto p1 = camera.project(pivot + axes[a] * len, view);
            if (!p0 || !p1) continue;
            draw->AddLine(ImVec2(p0->x, p0->y), ImVec2(p1->x, p1->y), colour, 3.0f);
            if (mode == GizmoMode::Translate) draw->AddCircleFilled(ImVec2(p1->x, p1->y), 6.0f, colour);
            else draw->AddRectFilled(ImVec2(p1->x - 5, p1->y - 5), ImVec2(p1->x + 5, p1->y + 5), colour);
        }
    }
    return hovered_ >= 0 || active_ >= 0;
}

}  // namespace atrium::editor
