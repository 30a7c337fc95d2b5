#version 450
#define SKINNED 1
#include "shadow_vertex.glsl"
