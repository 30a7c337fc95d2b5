# Physics: PhysicsWorld against raw Bullet doing the same work in the same run.
if(TARGET atrium::physics)
  atrium_bench(physics_bench SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/physics_bench.cpp LIBS atrium::physics PkgConfig::BULLET)
endif()
