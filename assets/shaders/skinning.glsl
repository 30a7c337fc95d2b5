// Joint matrices of every skinned instance this frame (model space, times inverse bind).
layout(std430, set = 0, binding = 4) readonly buffer Joints { mat4 joints[]; };

// Weighted joint blend; indices past the skin's joint count are clamped so a bad file cannot
// read another instance's joints (or past the buffer).
mat4 skinMatrix(uvec4 j, vec4 w, uint first, uint count) {
    uint last = max(count, 1u) - 1u;
    return w.x * joints[first + min(j.x, last)] + w.y * joints[first + min(j.y, last)] +
           w.z * joints[first + min(j.z, last)] + w.w * joints[first + min(j.w, last)];
}
