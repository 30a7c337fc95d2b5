#version 450
#define SKINNED 1
#include "mesh_vertex.glsl"
