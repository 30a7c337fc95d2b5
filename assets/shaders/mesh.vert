#version 450
#include "mesh_vertex.glsl"
