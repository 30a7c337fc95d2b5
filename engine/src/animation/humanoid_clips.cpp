#include "atrium/animation/humanoid_clips.hpp"

#include <cmath>
#include <functional>

namespace atrium {

namespace {

using B = HumanBone;
constexpr float kTau = 6.2831853f;

quat rx(float deg) { return glm::angleAxis(glm::radians(deg), vec3(1, 0, 0)); }
quat ry(float deg) { return glm::angleAxis(glm::radians(deg), vec3(0, 1, 0)); }
quat rz(float deg) { return glm::angleAxis(glm::radians(deg), vec3(0, 0, 1)); }
float wave(float t, float cycles) { return std::sin(kTau * cycles * t); }
float smooth(float x) {
    x = std::fmin(std::fmax(x, 0.0f), 1.0f);
    return x * x * (3.0f - 2.0f * x);
}

// Rotation conventions on the T-pose (see humanoid.hpp): a positive turn about x swings a leg
// or a lowered arm forward (-z); rz(+a) lowers the left arm and raises the right one.
void armsDown(Pose& p, float forward = 0.0f) {
    p[B::LeftUpperArm] = rx(forward) * rz(75);
    p[B::RightUpperArm] = rx(forward) * rz(-75);
    p[B::LeftLowerArm] = ry(-8);
    p[B::RightLowerArm] = ry(8);
}

void idlePose(float t, Pose& p) {
    armsDown(p, 2.0f * wave(t, 0.25f));
    p[B::Chest] = rx(1.5f * wave(t, 0.25f));  // breathing, a breath every 4 s
    p[B::Head] = ry(5.0f * wave(t, 0.125f));  // looking around
}

// One stride of walking or running at phase `ph` (0..1): legs swing opposite, arms against them.
void stridePose(float ph, Pose& p, float legSwing, float knee, float armSwing, float lean, float bob, float elbow) {
    float s = wave(ph, 1.0f), c = std::cos(kTau * ph);
    p[B::Spine] = rx(-lean);
    p[B::LeftUpperLeg] = rx(legSwing * s);
    p[B::RightUpperLeg] = rx(-legSwing * s);
    // The knee bends while the leg swings through, forward of the body.
    p[B::LeftLowerLeg] = rx(-knee * std::fmax(0.0f, c) - 5.0f);
    p[B::RightLowerLeg] = rx(-knee * std::fmax(0.0f, -c) - 5.0f);
    p[B::LeftFoot] = rx(-0.4f * legSwing * s);
    p[B::RightFoot] = rx(0.4f * legSwing * s);
    p[B::LeftUpperArm] = rx(-armSwing * s) * rz(75);
    p[B::RightUpperArm] = rx(armSwing * s) * rz(-75);
    p[B::LeftLowerArm] = ry(-elbow);
    p[B::RightLowerArm] = ry(elbow);
    p.hipsOffset = vec3(0, -bob * std::fabs(c), 0);  // lowest with the legs apart
}

void sittingPose(float t, Pose& p) {
    // The avatar's root is on the seat (Seat::sitOffset): the hips sit just above it.
    p.hipsOffset = vec3(0, -0.85f, 0);
    p[B::Spine] = rx(6);
    p[B::Chest] = rx(1.5f * wave(t, 0.25f));
    p[B::LeftUpperLeg] = rx(90);
    p[B::RightUpperLeg] = rx(90);
    p[B::LeftLowerLeg] = rx(-90);
    p[B::RightLowerLeg] = rx(-90);
    p[B::LeftFoot] = quat(1, 0, 0, 0);
    p[B::RightFoot] = quat(1, 0, 0, 0);
    armsDown(p, 35.0f);  // hands on the thighs
    p[B::LeftLowerArm] = ry(-35);
    p[B::RightLowerArm] = ry(35);
}

// Samples `pose(t, p)` at `fps` into keyframes; bones it never turns get no track.
Clip author(std::string name, float duration, bool loop, const std::function<void(float, Pose&)>& pose, float fps = 30.0f) {
    Clip clip{std::move(name), duration, loop, {}, {}, {}};
    const int n = std::max(2, int(std::ceil(duration * fps)) + 1);
    std::vector<Pose> samples(static_cast<std::size_t>(n));
    std::vector<float> times(static_cast<std::size_t>(n), 0.0f);
    for (int i = 0; i < n; ++i) {
        times[std::size_t(i)] = duration * float(i) / float(n - 1);
        pose(times[std::size_t(i)], samples[std::size_t(i)]);
    }
    for (std::size_t b = 0; b < kHumanBoneCount; ++b) {
        bool moved = false;
        for (const Pose& s : samples) moved |= std::fabs(s.rotation[b].w) < 1.0f - 1e-6f;
        if (!moved) continue;
        Clip::RotationTrack track{HumanBone(b), times, {}};
        for (const Pose& s : samples) track.rotations.push_back(s.rotation[b]);
        clip.tracks.push_back(std::move(track));
    }
    bool hips = false;
    for (const Pose& s : samples) hips |= s.hipsOffset != vec3(0.0f);
    if (hips) {
        clip.hipsTimes = times;
        for (const Pose& s : samples) clip.hipsOffsets.push_back(s.hipsOffset);
    }
    return clip;
}

HumanoidClips build() {
    HumanoidClips c;
    c.idle = author("idle", 8.0f, true, idlePose, 10.0f);
    // A walk's cycle is two steps of 0.8 m at kWalkClipSpeed; a run's two of 1.4 m.
    c.walk = author("walk", 1.0f, true, [](float t, Pose& p) { stridePose(t / 1.0f, p, 25.0f, 40.0f, 18.0f, 3.0f, 0.025f, 12.0f); });
    c.run = author("run", 0.7f, true, [](float t, Pose& p) { stridePose(t / 0.7f, p, 45.0f, 90.0f, 40.0f, 12.0f, 0.05f, 75.0f); });
    c.sitting = author("sitting", 4.0f, true, sittingPose, 10.0f);
    auto standToSit = [](float x, Pose& p) {
        Pose stand, sit;
        idlePose(0.0f, stand);
        sittingPose(0.0f, sit);
        p = blend(stand, sit, smooth(x));
    };
    c.sitDown = author("sit_down", 0.6f, false, [=](float t, Pose& p) { standToSit(t / 0.6f, p); });
    c.standUp = author("stand_up", 0.6f, false, [=](float t, Pose& p) { standToSit(1.0f - t / 0.6f, p); });
    c.jump = author("jump", 0.8f, false, [](float t, Pose& p) {
        float crouch = t < 0.15f ? t / 0.15f : std::fmax(0.0f, 1.0f - (t - 0.15f) / 0.1f);
        float tuck = smooth((t - 0.15f) / 0.2f) * (1.0f - smooth((t - 0.55f) / 0.25f));
        armsDown(p, 20.0f * tuck);
        p[B::LeftUpperArm] = rx(20.0f * tuck) * rz(75.0f - 35.0f * tuck);
        p[B::RightUpperArm] = rx(20.0f * tuck) * rz(-75.0f + 35.0f * tuck);
        p[B::LeftUpperLeg] = p[B::RightUpperLeg] = rx(35.0f * crouch + 30.0f * tuck);
        p[B::LeftLowerLeg] = p[B::RightLowerLeg] = rx(-60.0f * crouch - 50.0f * tuck);
        p.hipsOffset = vec3(0, -0.12f * crouch, 0);
    });
    // Emotes move the upper body; the animator lays them over whatever the legs do.
    auto emote = [](const char* name, float duration, const std::function<void(float, Pose&)>& arms) {
        return author(name, duration, false, [=](float t, Pose& p) {
            armsDown(p);
            arms(t, p);
        });
    };
    c.emotes[0] = emote("wave", 2.0f, [](float t, Pose& p) {
        p[B::RightUpperArm] = rz(55);                             // raised beside the head
        p[B::RightLowerArm] = rz(55.0f + 25.0f * wave(t, 2.0f));  // the hand waves
        p[B::Head] = rz(-5);
    });
    c.emotes[1] = emote("clap", 2.0f, [](float t, Pose& p) {
        float open = 12.0f + 12.0f * wave(t, 3.0f);
        p[B::LeftUpperArm] = ry(-open) * rx(60) * rz(75);
        p[B::RightUpperArm] = ry(open) * rx(60) * rz(-75);
        p[B::LeftLowerArm] = ry(-70);
        p[B::RightLowerArm] = ry(70);
    });
    c.emotes[2] = emote("cheer", 2.0f, [](float t, Pose& p) {
        float pump = 10.0f * wave(t, 2.0f);
        p[B::LeftUpperArm] = rz(-70.0f + pump);  // both arms up
        p[B::RightUpperArm] = rz(70.0f - pump);
        p[B::LeftLowerArm] = rz(-10);
        p[B::RightLowerArm] = rz(10);
        p[B::Head] = rx(10);
    });
    c.emotes[3] = emote("heart", 2.5f, [](float, Pose& p) {
        p[B::LeftUpperArm] = rz(-55);  // arms up, the forearms meeting over the head
        p[B::RightUpperArm] = rz(55);
        p[B::LeftLowerArm] = rz(-95);
        p[B::RightLowerArm] = rz(95);
    });
    c.emotes[4] = emote("laugh", 2.0f, [](float t, Pose& p) {
        p[B::UpperChest] = rx(-8.0f + 6.0f * wave(t, 4.0f));
        p[B::Head] = rx(12.0f + 5.0f * wave(t, 4.0f));
        p[B::LeftUpperArm] = rx(35) * rz(70);  // hands on the belly
        p[B::RightUpperArm] = rx(35) * rz(-70);
        p[B::LeftLowerArm] = ry(-80);
        p[B::RightLowerArm] = ry(80);
    });
    c.emotes[5] = emote("thumbs_up", 1.8f, [](float, Pose& p) {
        p[B::RightUpperArm] = rx(55) * rz(-75);  // the arm forward, the forearm up
        p[B::RightLowerArm] = ry(20) * rz(70);
    });
    return c;
}

}  // namespace

std::string_view toString(Emote emote) {
    switch (emote) {
        case Emote::None: return "none";
        case Emote::Wave: return "wave";
        case Emote::Clap: return "clap";
        case Emote::Cheer: return "cheer";
        case Emote::Heart: return "heart";
        case Emote::Laugh: return "laugh";
        case Emote::ThumbsUp: return "thumbs_up";
    }
    return "none";
}

std::optional<Emote> emoteFromString(std::string_view name) {
    for (Emote e : kEmotes) {
        if (toString(e) == name) return e;
    }
    return std::nullopt;
}

const HumanoidClips& humanoidClips() {
    static const HumanoidClips clips = build();
    return clips;
}

}  // namespace atrium
