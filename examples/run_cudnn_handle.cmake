# Runs cudnn_handle. With no GPU it must exit 3 with a clear message; with a
# GPU (GPUCOMPAT_EXPECT_GPU=1) it must compute and report a verdict (0 or 1).
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(DEFINED ENV{GPUCOMPAT_EXPECT_GPU})
  if(NOT (rc EQUAL 0 OR rc EQUAL 1) OR NOT out MATCHES "matches the CPU")
    message(FATAL_ERROR "expected a computed verdict on a GPU machine, got exit ${rc}")
  endif()
else()
  if(NOT rc EQUAL 3 OR NOT out MATCHES "No usable NVIDIA GPU")
    message(FATAL_ERROR "expected exit 3 and a clear message without a GPU, got exit ${rc}")
  endif()
endif()
