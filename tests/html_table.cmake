# Renders `gpucompat table --format html` in headless Chromium and checks that
# every row rendered and the platform filter's script ran (the row count it
# writes). Reported as skipped when Chromium is not installed.
find_program(CHROMIUM NAMES chromium chromium-browser google-chrome)
if(NOT CHROMIUM)
  message("chromium not found: skipped")
  return()
endif()
# TensorFlow's page, then PyTorch's and JAX's (--framework): the same filter script.
foreach(framework tensorflow pytorch jax)
execute_process(COMMAND ${CLI} table --framework ${framework} --format html OUTPUT_FILE ${WORK}/table-${framework}.html RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gpucompat table --framework ${framework} --format html failed")
endif()
execute_process(COMMAND ${CLI} table --framework ${framework} --format json OUTPUT_VARIABLE json)
string(JSON rows LENGTH "${json}" ${framework})
execute_process(COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
                        --disable-sync --no-first-run --user-data-dir=${WORK}/chromium-profile --dump-dom file://${WORK}/table-${framework}.html
  OUTPUT_VARIABLE dom ERROR_QUIET TIMEOUT 60 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chromium failed on the ${framework} page (${rc})")
endif()
string(REGEX MATCHALL "<tr class=\"[a-z]+\" data-platform=" rendered "${dom}")
list(LENGTH rendered n)
if(NOT n EQUAL rows)
  message(FATAL_ERROR "${framework}: rendered ${n} rows, expected ${rows}")
endif()
if(NOT dom MATCHES "<span id=\"count\">${rows} rows</span>")
  message(FATAL_ERROR "${framework}: the filter script did not run (no '${rows} rows' count in the DOM)")
endif()
message(STATUS "chromium rendered ${n} ${framework} rows and ran the filter script")
endforeach()
