atrium_bench(assets_bench SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/assets_bench.cpp LIBS atrium::assets benchmark::benchmark benchmark::benchmark_main)
