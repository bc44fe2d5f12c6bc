# tests/package: installs the current build tree into a fresh PREFIX
# (cmake --install of the targets already built; no second build).
# Usage: cmake -DBINARY_DIR=<build> -DPREFIX=<dir> [-DCONFIG=<cfg>] -P install_tree.cmake
file(REMOVE_RECURSE "${PREFIX}")
set(cfg)
if(CONFIG)
  set(cfg --config "${CONFIG}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BINARY_DIR}" --prefix "${PREFIX}" ${cfg}
                OUTPUT_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BINARY_DIR} --prefix ${PREFIX} failed: ${rc}")
endif()
foreach(f include/newsdigest/reader/nd_reader.h include/newsdigest/format/status_codes.h)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB_RECURSE configs "${PREFIX}/*/newsdigestConfig.cmake")
file(GLOB_RECURSE pcs "${PREFIX}/*/newsdigest-reader.pc")
if(NOT configs OR NOT pcs)
  message(FATAL_ERROR "newsdigestConfig.cmake or newsdigest-reader.pc not installed under ${PREFIX}")
endif()
message(STATUS "installed into ${PREFIX}: ${configs}")
