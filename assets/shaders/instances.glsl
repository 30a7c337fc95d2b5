// Per-instance data in the frame's ring: every drawn entity's instance once, and the draw order
// (batches of indices into it; the main pass's, then the shadow pass's) that gl_InstanceIndex
// walks, so an instance is written once however many passes and parts draw it.
struct Instance {
    mat4 model;
    vec4 tint;
    uvec4 ids;  // x: entity + 1, y: first joint, z: joint count
};
layout(std430, set = 0, binding = 5) readonly buffer Instances { Instance instances[]; };
layout(std430, set = 0, binding = 6) readonly buffer DrawOrder { uint drawOrder[]; };

Instance currentInstance() { return instances[drawOrder[gl_InstanceIndex]]; }
