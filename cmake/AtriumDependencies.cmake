# Every dependency is a Debian 12 package (see DEVELOPERS.md); nothing is vendored.
find_package(PkgConfig REQUIRED)
find_package(glm REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(TinyGLTF REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
pkg_check_modules(BULLET REQUIRED IMPORTED_TARGET bullet)
pkg_check_modules(ENET REQUIRED IMPORTED_TARGET libenet)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# Text: FreeType rasterises, HarfBuzz shapes (atrium::text).
pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
pkg_check_modules(HARFBUZZ REQUIRED IMPORTED_TARGET harfbuzz)
find_package(OpenSSL REQUIRED)
# The audio layer: OpenAL Soft (capture, spatial playback, loopback rendering) and Opus.
pkg_check_modules(OPENAL REQUIRED IMPORTED_TARGET openal)
pkg_check_modules(OPUS REQUIRED IMPORTED_TARGET opus)
# The media layer: FFmpeg demuxes, decodes, scales and resamples; Poppler renders PDF slides.
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libswresample libavutil)
pkg_check_modules(POPPLER REQUIRED IMPORTED_TARGET poppler-cpp)
# The cluster layer: Redis (hiredis) for an event's shared state, cpp-httplib for the director.
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

if(ATRIUM_BUILD_RENDER)
  find_package(Vulkan REQUIRED)
  find_package(glfw3 3.3 REQUIRED)
  find_program(GLSLC glslc REQUIRED)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
endif()
