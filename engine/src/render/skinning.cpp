#include "render/skinning.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::render {
namespace {

// Parents before children, so one pass composes global transforms.
std::vector<int> nodeOrder(const Model& model) {
    std::vector<int> order;
    order.reserve(model.nodes.size());
    std::vector<int> stack;
    for (std::size_t i = 0; i < model.nodes.size(); ++i) {
        if (model.nodes[i].parent < 0) stack.push_back(int(i));
    }
    while (!stack.empty()) {
        int n = stack.back();
        stack.pop_back();
        order.push_back(n);
        for (int c : model.nodes[std::size_t(n)].children) stack.push_back(c);
    }
    return order;
}

vec4 sample(const AnimationSampler& s, float t, bool rotation) {
    const std::size_t keys = s.times.size();
    const bool cubic = s.interpolation == Interpolation::CubicSpline;
    auto value = [&](std::size_t k) { return s.values[cubic ? k * 3 + 1 : k]; };
    if (keys == 0 || s.values.size() < (cubic ? keys * 3 : keys)) return vec4(0.0f);
    if (t <= s.times.front()) return value(0);
    if (t >= s.times.back()) return value(keys - 1);
    std::size_t k = std::size_t(std::upper_bound(s.times.begin(), s.times.end(), t) - s.times.begin()) - 1;
    float t0 = s.times[k], t1 = s.times[k + 1];
    float u = t1 > t0 ? (t - t0) / (t1 - t0) : 0.0f;
    if (s.interpolation == Interpolation::Step) return value(k);
    vec4 a = value(k), b = value(k + 1);
    if (cubic) {
        // Hermite spline with the stored tangents scaled by the key interval (glTF appendix C).
        float dt = t1 - t0, u2 = u * u, u3 = u2 * u;
        vec4 outTangent = s.values[k * 3 + 2] * dt, inTangent = s.values[(k + 1) * 3] * dt;
        vec4 v = (2 * u3 - 3 * u2 + 1) * a + (u3 - 2 * u2 + u) * outTangent + (-2 * u3 + 3 * u2) * b + (u3 - u2) * inTangent;
        return rotation ? glm::normalize(v) : v;
    }
    if (rotation) {
        quat qa(a.w, a.x, a.y, a.z), qb(b.w, b.x, b.y, b.z);
        quat q = glm::slerp(qa, qb, u);
        return vec4(q.x, q.y, q.z, q.w);
    }
    return glm::mix(a, b, u);
}

void composeGlobals(const Model& model, const std::vector<Transform>& locals, std::vector<mat4>& globals) {
    globals.assign(model.nodes.size(), mat4(1.0f));
    for (int n : nodeOrder(model)) {
        const ModelNode& node = model.nodes[std::size_t(n)];
        mat4 local = locals[std::size_t(n)].matrix();
        globals[std::size_t(n)] = node.parent >= 0 ? globals[std::size_t(node.parent)] * local : local;
    }
}

}  // namespace

std::vector<mat4> restPose(const Model& model) {
    std::vector<Transform> locals;
    for (const ModelNode& n : model.nodes) locals.push_back(n.local);
    std::vector<mat4> globals;
    composeGlobals(model, locals, globals);
    return globals;
}

void skinJointMatrices(const Model& model, int skin, int animation, double time, std::vector<mat4>& out) {
    out.clear();
    if (skin < 0 || std::size_t(skin) >= model.skins.size()) return;
    std::vector<Transform> locals;
    locals.reserve(model.nodes.size());
    for (const ModelNode& n : model.nodes) locals.push_back(n.local);
    if (animation >= 0 && std::size_t(animation) < model.animations.size()) {
        const Animation& anim = model.animations[std::size_t(animation)];
        float t = anim.duration > 0.0f ? float(std::fmod(std::max(time, 0.0), double(anim.duration))) : 0.0f;
        for (const AnimationChannel& ch : anim.channels) {
            if (ch.node < 0 || std::size_t(ch.node) >= locals.size()) continue;
            if (ch.sampler < 0 || std::size_t(ch.sampler) >= anim.samplers.size()) continue;
            const AnimationSampler& s = anim.samplers[std::size_t(ch.sampler)];
            Transform& local = locals[std::size_t(ch.node)];
            switch (ch.path) {
                case AnimationPath::Translation: local.position = vec3(sample(s, t, false)); break;
                case AnimationPath::Scale: local.scale = vec3(sample(s, t, false)); break;
                case AnimationPath::Rotation: {
                    vec4 q = sample(s, t, true);
                    local.rotation = glm::normalize(quat(q.w, q.x, q.y, q.z));
                    break;
                }
                case AnimationPath::Weights: break;  // morph targets are not drawn
            }
        }
    }
    std::vector<mat4> globals;
    composeGlobals(model, locals, globals);
    const Skin& s = model.skins[std::size_t(skin)];
    out.resize(s.joints.size());
    for (std::size_t j = 0; j < s.joints.size(); ++j) {
        int node = s.joints[j];
        mat4 ibm = j < s.inverseBindMatrices.size() ? s.inverseBindMatrices[j] : mat4(1.0f);
        out[j] = (node >= 0 && std::size_t(node) < globals.size() ? globals[std::size_t(node)] : mat4(1.0f)) * ibm;
    }
}

}  // namespace atrium::render
