include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

get_property(_atrium_targets GLOBAL PROPERTY ATRIUM_EXPORTED_TARGETS)
install(TARGETS ${_atrium_targets} EXPORT AtriumTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT AtriumTargets NAMESPACE atrium:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Atrium)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/AtriumConfig.cmake.in
  ${PROJECT_BINARY_DIR}/AtriumConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Atrium)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/AtriumConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/AtriumConfig.cmake ${PROJECT_BINARY_DIR}/AtriumConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Atrium)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/atrium
  PATTERN "shaders" EXCLUDE)
