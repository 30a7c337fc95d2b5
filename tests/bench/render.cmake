# Renderer benchmark: a plain program printing figures (never a test).
if(ATRIUM_BUILD_RENDER AND TARGET atrium_render)
  atrium_bench(render_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/render_bench.cpp LIBS atrium::render atrium::scene)
endif()
if(ATRIUM_BUILD_RENDER AND TARGET atrium_render)
  atrium_bench(render_extract_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/render_extract_bench.cpp LIBS atrium::render atrium::scene)
  target_include_directories(render_extract_bench PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
endif()
if(ATRIUM_BUILD_RENDER AND TARGET atrium_render AND TARGET atrium_animation)
  # The concert hall sample with 200 and 1,000 animated mannequins: animation + extract + record.
  atrium_bench(avatar_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/avatar_bench.cpp LIBS atrium::render atrium::animation atrium::scene)
  target_compile_definitions(avatar_bench PRIVATE ATRIUM_SAMPLES_DIR="${PROJECT_SOURCE_DIR}/samples")
endif()
