# Install and export helpers (included by the top-level CMakeLists.txt).
#
# Every library that belongs to the package is declared with ONE line, after
# its add_library() and target_* calls:
#
#   newsdigest_install_library(<target> COMPONENT <component> [EXPORT_NAME <name>] [C_API])
#
# which gives the target
#   * the public name newsdigest::<name> (an ALIAS in the build tree, the
#     exported name in the installed tree); <name> defaults to <target>
#     without its "nd_" prefix;
#   * the file name libnewsdigest_<name>.a, listed in newsdigest-reader.pc
#     when C_API (links from C, no C++ runtime: the reader and what it pulls
#     in), else in newsdigest.pc;
#   * when NEWSDIGEST_INSTALL is on: install rules for the library and for
#     the public headers under <folder>/include (all components share one
#     root: <prefix>/include/newsdigest/<component>/...), and membership of
#     the export set of <component> (newsdigest-<component>-targets.cmake).
#
# A component needs a third-party package in the consumer when one of its
# targets links an imported target or a system library; declare it once:
#
#   newsdigest_export_dependency(<component> [CMAKE <cmake code>...]
#                                [PKGCONFIG <module>...] [LIBS <-lname>...])
#   e.g. newsdigest_export_dependency(writer CMAKE "find_dependency(Protobuf)"
#                                     PKGCONFIG protobuf)
#
# CMAKE lines go to newsdigest-<component>-dependencies.cmake (loaded by
# newsdigestConfig.cmake before the component's targets), PKGCONFIG modules
# to Requires and LIBS to Libs of the component's .pc file (the libraries are
# static, so a consumer links their dependencies itself).
#
# Components are loaded in the order of the NEWSDIGEST_COMPONENTS global
# property (the top-level CMakeLists.txt sets "reader;writer": the writer
# links the reader's targets); a component first seen here is appended.
include_guard(GLOBAL)
include(GNUInstallDirs)

function(newsdigest_install_library target)
  cmake_parse_arguments(A "C_API" "COMPONENT;EXPORT_NAME" "" ${ARGN})
  if(NOT A_COMPONENT)
    message(FATAL_ERROR "newsdigest_install_library(${target}): COMPONENT missing")
  endif()
  if(NOT A_EXPORT_NAME)
    string(REGEX REPLACE "^nd_" "" A_EXPORT_NAME "${target}")
  endif()
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${A_EXPORT_NAME}
                                             OUTPUT_NAME newsdigest_${A_EXPORT_NAME})
  if(NOT TARGET newsdigest::${A_EXPORT_NAME})
    add_library(newsdigest::${A_EXPORT_NAME} ALIAS ${target})
  endif()
  get_property(comps GLOBAL PROPERTY NEWSDIGEST_COMPONENTS)
  if(NOT A_COMPONENT IN_LIST comps)
    set_property(GLOBAL APPEND PROPERTY NEWSDIGEST_COMPONENTS ${A_COMPONENT})
  endif()
  set_property(GLOBAL APPEND PROPERTY NEWSDIGEST_COMPONENT_TARGETS_${A_COMPONENT} ${A_EXPORT_NAME})
  if(A_C_API)
    set_property(GLOBAL APPEND PROPERTY NEWSDIGEST_PC_C_LIBS ${A_EXPORT_NAME})
  else()
    set_property(GLOBAL APPEND PROPERTY NEWSDIGEST_PC_CXX_LIBS ${A_EXPORT_NAME})
  endif()
  if(NOT NEWSDIGEST_INSTALL)
    return()
  endif()
  get_target_property(src ${target} SOURCE_DIR)
  if(EXISTS ${src}/include)
    target_include_directories(${target} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    install(DIRECTORY ${src}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  endif()
  install(TARGETS ${target} EXPORT newsdigest-${A_COMPONENT}-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()

function(newsdigest_export_dependency component)
  cmake_parse_arguments(A "" "" "CMAKE;PKGCONFIG;LIBS" ${ARGN})
  set_property(GLOBAL APPEND PROPERTY NEWSDIGEST_COMPONENT_DEPS_${component} ${A_CMAKE})
  set_property(GLOBAL APPEND PROPERTY NEWSDIGEST_PC_REQUIRES_${component} ${A_PKGCONFIG})
  set_property(GLOBAL APPEND PROPERTY NEWSDIGEST_PC_LIBS_${component} ${A_LIBS})
endfunction()

# "-lnewsdigest_a -lnewsdigest_b" for the names in <list>, last declared
# first (a static library comes before the ones it links).
function(newsdigest_pc_lib_flags out)
  set(names ${ARGN})
  list(REVERSE names)
  set(flags "")
  foreach(n IN LISTS names)
    string(APPEND flags " -lnewsdigest_${n}")
  endforeach()
  string(STRIP "${flags}" flags)
  set(${out} "${flags}" PARENT_SCOPE)
endfunction()

# Called once, at the end of the top-level CMakeLists.txt: the export files,
# newsdigestConfig.cmake (+ version file) and the pkg-config files.
function(newsdigest_install_package)
  if(NOT NEWSDIGEST_INSTALL)
    return()
  endif()
  include(CMakePackageConfigHelpers)
  set(cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/newsdigest)
  get_property(comps GLOBAL PROPERTY NEWSDIGEST_COMPONENTS)
  set(gen ${PROJECT_BINARY_DIR}/newsdigest-package)
  foreach(comp IN LISTS comps)
    install(EXPORT newsdigest-${comp}-targets NAMESPACE newsdigest:: DESTINATION ${cmake_dir})
    get_property(deps GLOBAL PROPERTY NEWSDIGEST_COMPONENT_DEPS_${comp})
    get_property(targets GLOBAL PROPERTY NEWSDIGEST_COMPONENT_TARGETS_${comp})
    set(text "# Third-party packages of the newsdigest component '${comp}' (generated).\n")
    string(APPEND text "set(newsdigest_${comp}_TARGETS ${targets})\n")
    foreach(line IN LISTS deps)
      string(APPEND text "${line}\n")
    endforeach()
    file(WRITE ${gen}/newsdigest-${comp}-dependencies.cmake "${text}")
    install(FILES ${gen}/newsdigest-${comp}-dependencies.cmake DESTINATION ${cmake_dir})
  endforeach()
  set(NEWSDIGEST_PACKAGE_COMPONENTS "${comps}")
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/newsdigestConfig.cmake.in
    ${gen}/newsdigestConfig.cmake INSTALL_DESTINATION ${cmake_dir})
  # 0.x: every minor version may break the API, so 0.1 does not satisfy 0.2
  # (SameMinorVersion); from 1.0 on, SameMajorVersion.
  if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(compat SameMinorVersion)
  else()
    set(compat SameMajorVersion)
  endif()
  write_basic_package_version_file(${gen}/newsdigestConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY ${compat})
  install(FILES ${gen}/newsdigestConfig.cmake ${gen}/newsdigestConfigVersion.cmake DESTINATION ${cmake_dir})

  # pkg-config: relocatable (prefix from the .pc file's own place), so the
  # tree works wherever `cmake --install --prefix` put it.
  set(pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(ND_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  else()
    file(RELATIVE_PATH rel "/root/${pc_dir}" "/root")
    string(REGEX REPLACE "/$" "" rel "${rel}")
    set(ND_PC_PREFIX "\${pcfiledir}/${rel}")
  endif()
  foreach(var LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${var}}")
      set(ND_PC_${var} "${CMAKE_INSTALL_${var}}")
    else()
      set(ND_PC_${var} "\${prefix}/${CMAKE_INSTALL_${var}}")
    endif()
  endforeach()
  # newsdigest-reader.pc: the C_API libraries and the reader component's
  # dependencies; newsdigest.pc: all other libraries and dependencies.
  get_property(c_libs GLOBAL PROPERTY NEWSDIGEST_PC_C_LIBS)
  get_property(cxx_libs GLOBAL PROPERTY NEWSDIGEST_PC_CXX_LIBS)
  newsdigest_pc_lib_flags(ND_PC_C_LIBS ${c_libs})
  newsdigest_pc_lib_flags(ND_PC_CXX_LIBS ${cxx_libs})
  set(ND_PC_C_REQUIRES "")
  set(ND_PC_CXX_REQUIRES "")
  set(ND_PC_C_EXTRA "")
  set(ND_PC_CXX_EXTRA "")
  foreach(comp IN LISTS comps)
    get_property(req GLOBAL PROPERTY NEWSDIGEST_PC_REQUIRES_${comp})
    get_property(libs GLOBAL PROPERTY NEWSDIGEST_PC_LIBS_${comp})
    list(JOIN req ", " req)
    list(JOIN libs " " libs)
    if(comp STREQUAL "reader")
      set(ND_PC_C_REQUIRES "${req}")
      set(ND_PC_C_EXTRA "${libs}")
    else()
      if(req)
        string(APPEND ND_PC_CXX_REQUIRES ", ${req}")
      endif()
      string(APPEND ND_PC_CXX_EXTRA " ${libs}")
    endif()
  endforeach()
  set(pcs newsdigest-reader)
  if(cxx_libs)
    list(APPEND pcs newsdigest)
  endif()
  foreach(pc IN LISTS pcs)
    configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${gen}/${pc}.pc @ONLY)
    install(FILES ${gen}/${pc}.pc DESTINATION ${pc_dir})
  endforeach()
endfunction()
