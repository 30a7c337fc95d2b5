#pragma once
// An animation clip for the humanoid: keyframed rotations per bone and a hips offset track.
// Bones without a track keep the rest (T-pose) rotation, so a clip must say where the arms are.
#include <string>
#include <vector>

#include "atrium/animation/pose.hpp"

namespace atrium {

struct Clip {
    struct RotationTrack {
        HumanBone bone;
        std::vector<float> times;     // seconds, ascending, the first 0
        std::vector<quat> rotations;  // one per time
    };
    std::string name;
    float duration = 1.0f;
    bool loop = true;
    std::vector<RotationTrack> tracks;
    std::vector<float> hipsTimes;  // optional: the hips' offset from rest over time
    std::vector<vec3> hipsOffsets;
};

// The clip at `time` seconds (wrapped for a loop, held at the ends otherwise) into `out`:
// tracked bones and the hips offset are written, others left as they are.
void sampleClip(const Clip& clip, float time, Pose& out);

}  // namespace atrium
