# libFuzzer target for the JSON edit commands hosts send (netsync relays them and saves the result).
add_executable(command_fuzz ${CMAKE_CURRENT_SOURCE_DIR}/command_fuzz.cpp)
target_link_libraries(command_fuzz PRIVATE atrium::scene)
target_compile_options(command_fuzz PRIVATE -fsanitize=fuzzer)
target_link_options(command_fuzz PRIVATE -fsanitize=fuzzer)
