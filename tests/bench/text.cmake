# 1,000 name tags in mixed scripts: layout and quads per frame, alone and in the renderer.
if(ATRIUM_BUILD_RENDER AND TARGET atrium_render)
  atrium_bench(text_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/text_bench.cpp LIBS atrium::render atrium::scene)
  target_include_directories(text_bench PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
endif()
