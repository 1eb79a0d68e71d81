# FindCUDNN — locate cuDNN where it really lives, in this order:
#   CUDNN_ROOT / CUDNN_PATH (CMake or environment), the CUDA toolkit
#   (/usr/local/cuda, CUDAToolkit_ROOT), the active conda environment
#   ($CONDA_PREFIX), and pip's nvidia-cudnn-cuXX wheel (site-packages/nvidia/cudnn,
#   which ships include/ and lib/libcudnn.so.N without an unversioned link).
#
# Result: CUDNN_FOUND, CUDNN_INCLUDE_DIR, CUDNN_LIBRARY, CUDNN_VERSION and the
# imported target CUDNN::cudnn.

set(_cudnn_hints)
foreach(_root IN ITEMS "${CUDNN_ROOT}" "$ENV{CUDNN_ROOT}" "${CUDNN_PATH}" "$ENV{CUDNN_PATH}")
  if(_root)
    list(APPEND _cudnn_hints "${_root}")
  endif()
endforeach()
if(CUDNN_ROOT OR CUDNN_PATH OR DEFINED ENV{CUDNN_ROOT} OR DEFINED ENV{CUDNN_PATH})
  set(_cudnn_only_hints NO_DEFAULT_PATH)  # an explicit root is a request, not a suggestion
else()
  foreach(_root IN ITEMS "${CUDAToolkit_ROOT}" "$ENV{CUDA_PATH}" "/usr/local/cuda" "$ENV{CONDA_PREFIX}")
    if(_root)
      list(APPEND _cudnn_hints "${_root}")
    endif()
  endforeach()
  # pip: python3 -c "import nvidia.cudnn" (a namespace package: use __path__).
  find_program(_cudnn_python NAMES python3 python)
  if(_cudnn_python)
    execute_process(COMMAND ${_cudnn_python} -c "import nvidia.cudnn as m; print(list(m.__path__)[0])"
      OUTPUT_VARIABLE _cudnn_pip OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET TIMEOUT 10)
    if(_cudnn_pip)
      list(APPEND _cudnn_hints "${_cudnn_pip}")
    endif()
  endif()
endif()

find_path(CUDNN_INCLUDE_DIR NAMES cudnn_version.h cudnn.h HINTS ${_cudnn_hints} PATH_SUFFIXES include ${_cudnn_only_hints})
# The library beside the headers first: a header of one cuDNN and a library of
# another was seen on a real machine (9.19 headers in /usr/local/cuda, the 9.14
# library in /usr/lib/x86_64-linux-gnu).
if(CUDNN_INCLUDE_DIR)
  get_filename_component(_cudnn_root "${CUDNN_INCLUDE_DIR}" DIRECTORY)
  find_library(CUDNN_LIBRARY NAMES cudnn libcudnn.so.9 libcudnn.so.8 libcudnn.so.7
    PATHS "${_cudnn_root}" PATH_SUFFIXES lib64 lib lib/x64 lib/x86_64-linux-gnu NO_DEFAULT_PATH)
endif()
find_library(CUDNN_LIBRARY NAMES cudnn libcudnn.so.9 libcudnn.so.8 libcudnn.so.7
  HINTS ${_cudnn_hints} PATH_SUFFIXES lib64 lib lib/x64 ${_cudnn_only_hints})
if(CUDNN_INCLUDE_DIR AND CUDNN_LIBRARY)
  get_filename_component(_cudnn_libdir "${CUDNN_LIBRARY}" DIRECTORY)
  get_filename_component(_cudnn_libroot "${_cudnn_libdir}" DIRECTORY)
  if(NOT _cudnn_libroot STREQUAL _cudnn_root)
    message(STATUS "FindCUDNN: headers in ${CUDNN_INCLUDE_DIR} but the library is ${CUDNN_LIBRARY}: make sure they are one cuDNN")
  endif()
endif()

if(CUDNN_INCLUDE_DIR)
  set(_cudnn_header "${CUDNN_INCLUDE_DIR}/cudnn_version.h")
  if(NOT EXISTS "${_cudnn_header}")
    set(_cudnn_header "${CUDNN_INCLUDE_DIR}/cudnn.h")
  endif()
  file(STRINGS "${_cudnn_header}" _cudnn_defines REGEX "#define CUDNN_(MAJOR|MINOR|PATCHLEVEL) +[0-9]+")
  foreach(_part MAJOR MINOR PATCHLEVEL)
    string(REGEX REPLACE ".*#define CUDNN_${_part} +([0-9]+).*" "\\1" _cudnn_${_part} "${_cudnn_defines}")
  endforeach()
  set(CUDNN_VERSION "${_cudnn_MAJOR}.${_cudnn_MINOR}.${_cudnn_PATCHLEVEL}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CUDNN REQUIRED_VARS CUDNN_LIBRARY CUDNN_INCLUDE_DIR VERSION_VAR CUDNN_VERSION)

if(CUDNN_FOUND AND NOT TARGET CUDNN::cudnn)
  add_library(CUDNN::cudnn UNKNOWN IMPORTED)
  set_target_properties(CUDNN::cudnn PROPERTIES IMPORTED_LOCATION "${CUDNN_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CUDNN_INCLUDE_DIR}")
endif()
mark_as_advanced(CUDNN_INCLUDE_DIR CUDNN_LIBRARY)
