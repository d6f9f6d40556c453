# Installs the build tree into a fresh prefix, builds tests/consumer against it
# and checks what the consumer prints. Run with cmake -P (see tests/CMakeLists.txt).

foreach(var YGT_BINARY_DIR YGT_SOURCE_DIR YGT_WORK_DIR YGT_GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_consumer_test.cmake: ${var} is not set")
  endif()
endforeach()

set(prefix "${YGT_WORK_DIR}/prefix")
set(build "${YGT_WORK_DIR}/build")
file(REMOVE_RECURSE "${YGT_WORK_DIR}")

function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

set(config_args)
if(YGT_BUILD_TYPE)
  list(APPEND config_args --config "${YGT_BUILD_TYPE}")
endif()
step("${CMAKE_COMMAND}" --install "${YGT_BINARY_DIR}" --prefix "${prefix}" ${config_args})

foreach(expected include/yigongti/yigongti.hpp include/yigongti/version.hpp bin/ygt)
  if(NOT EXISTS "${prefix}/${expected}")
    message(FATAL_ERROR "not installed: ${expected}")
  endif()
endforeach()
file(GLOB_RECURSE config_files "${prefix}/*/yigongtiConfig.cmake" "${prefix}/*/yigongtiConfigVersion.cmake")
list(LENGTH config_files n_config)
if(NOT n_config EQUAL 2)
  message(FATAL_ERROR "expected yigongtiConfig.cmake and yigongtiConfigVersion.cmake, found: ${config_files}")
endif()

step("${CMAKE_COMMAND}" -S "${YGT_SOURCE_DIR}/tests/consumer" -B "${build}" -G "${YGT_GENERATOR}"
     "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_BUILD_TYPE=${YGT_BUILD_TYPE}"
     "-DCMAKE_EXE_LINKER_FLAGS=${YGT_LINK_FLAGS}")
step("${CMAKE_COMMAND}" --build "${build}")
step("${build}/consumer" "${YGT_SOURCE_DIR}/examples/kedong/kedong.json")
if(NOT step_output MATCHES "克东县")
  message(FATAL_ERROR "the consumer did not print the county's name:\n${step_output}")
endif()
if(NOT step_output MATCHES "857.50")
  message(FATAL_ERROR "the consumer did not print 857.50:\n${step_output}")
endif()
message(STATUS "consumer built against ${prefix} and printed:\n${step_output}")
