# Installs the library with its headers (the targets' header file sets: an
# optional component's only with it), `ygt` and the CMake package files
# (yigongtiConfig.cmake, yigongtiConfigVersion.cmake, exported targets).

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(YGT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/yigongti"
    CACHE STRING "Where yigongtiConfig.cmake is installed, relative to the prefix")

install(TARGETS yigongti EXPORT yigongtiTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT yigongti_development
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT yigongti_runtime
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT yigongti_runtime
        FILE_SET HEADERS DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT yigongti_development
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
if(TARGET yigongti_mpi)
  install(TARGETS yigongti_mpi EXPORT yigongtiTargets
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT yigongti_development
          LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT yigongti_runtime
          RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT yigongti_runtime
          FILE_SET HEADERS DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT yigongti_development)
endif()
if(TARGET ygt)
  install(TARGETS ygt RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT yigongti_runtime)
endif()

install(EXPORT yigongtiTargets NAMESPACE yigongti:: DESTINATION "${YGT_INSTALL_CMAKEDIR}"
        COMPONENT yigongti_development)

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/yigongtiConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/yigongtiConfig.cmake"
                              INSTALL_DESTINATION "${YGT_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/yigongtiConfigVersion.cmake"
                                 COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/yigongtiConfig.cmake" "${PROJECT_BINARY_DIR}/yigongtiConfigVersion.cmake"
        DESTINATION "${YGT_INSTALL_CMAKEDIR}" COMPONENT yigongti_development)

# The documentation, laid out as in the source so that its links work:
# README.md and CHANGELOG.md, docs/ and examples/ under CMAKE_INSTALL_DOCDIR
# (share/doc/yigongti by default). `ygt --help` names the place, relative to
# the prefix, as configured here.
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/CHANGELOG.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT yigongti_documentation)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs" "${PROJECT_SOURCE_DIR}/examples"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT yigongti_documentation)
if(TARGET ygt_cli)
  set_source_files_properties("${PROJECT_SOURCE_DIR}/src/cli/run.cpp" DIRECTORY "${PROJECT_SOURCE_DIR}/src"
                              PROPERTIES COMPILE_DEFINITIONS "YGT_DOC_DIR=\"${CMAKE_INSTALL_DOCDIR}\"")
endif()
