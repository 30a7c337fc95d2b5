if(TARGET atrium_netsync AND TARGET atrium_physics)
  atrium_bench(netsync_bench SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/netsync_bench.cpp LIBS atrium::netsync atrium::physics PkgConfig::ENET)
endif()
