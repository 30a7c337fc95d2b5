# libFuzzer target for the glTF import path (writes each input to a temporary file, as users' files arrive).
add_executable(gltf_fuzz ${CMAKE_CURRENT_SOURCE_DIR}/gltf_fuzz.cpp)
target_link_libraries(gltf_fuzz PRIVATE atrium::assets)
target_compile_options(gltf_fuzz PRIVATE -fsanitize=fuzzer)
target_link_options(gltf_fuzz PRIVATE -fsanitize=fuzzer)
