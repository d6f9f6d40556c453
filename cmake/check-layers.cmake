# Fails when a file includes a header of a higher layer, or when a public
# header includes a private one (docs/architecture.md, "Layers").
#
#   cmake -DROOT=<source dir> -P cmake/check-layers.cmake
#
# Looks at include/yigongti/<layer>/... and src/<layer>/... under ROOT. A
# file's layer is the folder it is in; an include names its layer by its first
# folder ("yigongti/<layer>/..." for public headers, "<layer>/..." for the
# private headers in src/). Lists every violation, then fails if there was any.

set(layers core flows payment behaviour scenario projection pathways study io report cli bindings)

function(layer_rank name out)
  list(FIND layers "${name}" rank)
  set(${out} ${rank} PARENT_SCOPE)
endfunction()

if(NOT ROOT)
  message(FATAL_ERROR "check-layers: give -DROOT=<source directory>")
endif()

file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/include/yigongti/*.hpp" "${ROOT}/src/*.hpp" "${ROOT}/src/*.cpp")
set(violations "")
set(checked 0)
foreach(file IN LISTS files)
  if(file MATCHES "^include/yigongti/([a-z_]+)/")
    set(public TRUE)
  elseif(file MATCHES "^src/([a-z_]+)/")
    set(public FALSE)
  else()
    continue()  # the umbrella header and version.hpp belong to no layer
  endif()
  set(layer "${CMAKE_MATCH_1}")
  layer_rank("${layer}" rank)
  if(rank LESS 0)
    list(APPEND violations "${file}: folder `${layer}` is not a layer (expected one of: ${layers})")
    continue()
  endif()
  math(EXPR checked "${checked} + 1")
  file(STRINGS "${ROOT}/${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*$" "\\1" target "${line}")
    if(target STREQUAL "yigongti/version.hpp" OR target STREQUAL "yigongti/yigongti.hpp")
      continue()
    endif()
    if(target MATCHES "^yigongti/([a-z_]+)/")
      set(to "${CMAKE_MATCH_1}")
    elseif(target MATCHES "^([a-z_]+)/")
      set(to "${CMAKE_MATCH_1}")
      if(public)
        list(APPEND violations "${file}: a public header includes the private header \"${target}\"")
        continue()
      endif()
    else()
      continue()  # a header beside the file, or of another project
    endif()
    layer_rank("${to}" to_rank)
    if(to_rank LESS 0)
      continue()  # not one of ours (a test's support folder)
    endif()
    if(to_rank GREATER rank)
      list(APPEND violations "${file}: layer `${layer}` includes \"${target}\" of the higher layer `${to}`")
    endif()
  endforeach()
endforeach()

if(violations)
  list(LENGTH violations count)
  string(REPLACE ";" "\n  " listed "${violations}")
  string(REPLACE ";" " < " order "${layers}")
  message(FATAL_ERROR "check-layers: ${count} include(s) against the layer order ${order}:\n  ${listed}")
endif()
message(STATUS "check-layers: ${checked} files include only their own layer or lower ones")
