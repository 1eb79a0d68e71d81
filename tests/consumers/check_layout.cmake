# The installed prefix holds what the package config and the docs promise:
# the headers (core and JSON), the data and its schemas, the CLI's output
# schemas, the CMake package (core and json export files), pkg-config, the docs.
foreach(f
    include/gpucompat/gpucompat.hpp include/gpucompat/tables/tensorflow.hpp include/gpucompat/json.hpp
    include/gpucompat/json_tables.hpp
    share/gpucompat/data/tensorflow.json share/gpucompat/data/schema/tensorflow.schema.json
    share/gpucompat/schema/resolve.schema.json share/gpucompat/schema/check.schema.json
    share/gpucompat/schema/doctor.schema.json share/gpucompat/schema/table.schema.json
    share/gpucompat/cmake/gpucompatConfig.cmake share/gpucompat/cmake/gpucompatTargets.cmake
    share/gpucompat/cmake/gpucompatJsonTargets.cmake share/pkgconfig/gpucompat.pc
    share/doc/gpucompat/contract.md share/doc/gpucompat/library.md bin/gpucompat)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
# The language level is the consumer's choice: no -std in the flags.
file(STRINGS ${PREFIX}/share/pkgconfig/gpucompat.pc cflags REGEX "^Cflags:")
if(NOT cflags MATCHES "^Cflags: " OR cflags MATCHES "-std=")
  message(FATAL_ERROR "gpucompat.pc: expected a Cflags line without -std, found '${cflags}'")
endif()
