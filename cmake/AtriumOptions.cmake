# Warnings and sanitizers apply to Atrium's own targets only, through this interface target,
# so a consumer of the installed SDK never inherits them.
add_library(atrium_warnings INTERFACE)
target_compile_options(atrium_warnings INTERFACE -Wall -Wextra -Wno-missing-field-initializers)
# GCC 12 reports -Wrestrict on `"literal" + std::string` inside libstdc++ at -O3 (GCC bug
# 105651, fixed in 13): a false positive in every file that builds strings that way.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12 AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(atrium_warnings INTERFACE -Wno-restrict)
endif()

if(ATRIUM_SANITIZE)
  string(REPLACE "," ";" _atrium_sanitizers "${ATRIUM_SANITIZE}")
  foreach(_san IN LISTS _atrium_sanitizers)
    if(NOT _san MATCHES "^(address|undefined|leak|thread)$")
      message(FATAL_ERROR "ATRIUM_SANITIZE: unknown sanitizer '${_san}' (expected address, undefined, leak or thread)")
    endif()
  endforeach()
  add_compile_options(-fsanitize=${ATRIUM_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=${ATRIUM_SANITIZE})
endif()

# A target of ours: warnings on, C++20.
function(atrium_target_defaults target)
  target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:atrium_warnings>)
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()

# Adds every direct subfolder of the current source folder that has a CMakeLists.txt, so a new
# tool or test suite needs no edit to a shared list (and parallel work does not conflict there).
function(atrium_add_subdirectories)
  file(GLOB _dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*)
  foreach(_dir IN LISTS _dirs)
    if(IS_DIRECTORY ${_dir} AND EXISTS ${_dir}/CMakeLists.txt)
      add_subdirectory(${_dir})
    endif()
  endforeach()
endfunction()
