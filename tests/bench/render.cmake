# Renderer benchmark: a plain program printing figures (never a test).
if(ATRIUM_BUILD_RENDER AND TARGET atrium_render)
  atrium_bench(render_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/render_bench.cpp LIBS atrium::render atrium::scene)
endif()
