# `mpiexec -n 2 ygt ensemble --compare` writes the same files, byte for byte, as one
# process, and rank 1 writes nothing. Run with cmake -P (see tests/CMakeLists.txt).

foreach(var YGT MPIEXEC NUMPROC_FLAG MPIEXEC_FLAGS SCENARIO WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "cli_ensemble.cmake: ${var} is not set")
  endif()
endforeach()
separate_arguments(flags UNIX_COMMAND "${MPIEXEC_FLAGS}")
file(REMOVE_RECURSE "${WORK_DIR}")

function(ygt_ensemble out_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

set(args ensemble "${SCENARIO}" --draws 150 --seed 7 --compare baseline --quiet)
ygt_ensemble(one "${YGT}" ${args} --threads 2 --out "${WORK_DIR}/one")
ygt_ensemble(two "${MPIEXEC}" ${NUMPROC_FLAG} 2 ${flags} "${YGT}" ${args} --threads 1 --out "${WORK_DIR}/two")

string(REGEX MATCHALL "wrote summary.csv" lines "${two}")
list(LENGTH lines n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one report, from rank 0; got:\n${two}")
endif()
foreach(file summary.csv effects.csv result.json)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK_DIR}/one/${file}" "${WORK_DIR}/two/${file}"
                  RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "${file} from 2 ranks differs from one process's")
  endif()
endforeach()
message(STATUS "2 ranks wrote the same summary.csv, effects.csv and result.json as one process")
