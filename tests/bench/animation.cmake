# Animation: the crowd's animators and skin matrices per frame.
atrium_bench(animation_bench SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/animation_bench.cpp LIBS atrium::animation benchmark::benchmark
             benchmark::benchmark_main)
