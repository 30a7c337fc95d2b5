# libFuzzer target for every packet decoder the server and client run on untrusted bytes.
if(TARGET atrium_netsync)
  add_executable(packet_fuzz ${CMAKE_CURRENT_SOURCE_DIR}/packet_fuzz.cpp)
  target_link_libraries(packet_fuzz PRIVATE atrium::netsync)
  target_compile_options(packet_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_options(packet_fuzz PRIVATE -fsanitize=fuzzer)
endif()
