#version 450
#include "shadow_vertex.glsl"
