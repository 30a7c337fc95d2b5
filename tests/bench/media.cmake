# Media: decode and upload CPU for 1080p30 / 720p30 H.264, and the expo's CPU frame with 1, 4 and
# 16 screens playing (clips made with ffmpeg at start).
if(ATRIUM_BUILD_RENDER AND TARGET atrium_runtime)
  atrium_bench(media_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/media_bench.cpp LIBS atrium::runtime)
  target_compile_definitions(media_bench PRIVATE ATRIUM_SAMPLES_DIR="${PROJECT_SOURCE_DIR}/samples")
endif()
