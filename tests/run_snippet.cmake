# Runs a program extracted from the docs and compares its standard output with
# the output the docs show, exactly: what a user copies must print what they read.
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited ${rc}")
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "${PROGRAM}: output differs from the docs.\n--- docs:\n${expected}--- program:\n${out}")
endif()
