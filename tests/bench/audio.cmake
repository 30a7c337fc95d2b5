# Audio: Opus encode + decode per speaker, and the listener's mix (OpenAL Soft, loopback) for 8 and 32 speakers.
if(TARGET atrium::audio)
  atrium_bench(audio_bench SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/audio_bench.cpp LIBS atrium::audio)
endif()
