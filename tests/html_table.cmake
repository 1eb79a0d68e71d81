# Renders `gpucompat table --format html` in headless Chromium and checks that
# every row rendered and the platform filter's script ran (the row count it
# writes). Reported as skipped when Chromium is not installed.
find_program(CHROMIUM NAMES chromium chromium-browser google-chrome)
if(NOT CHROMIUM)
  message("chromium not found: skipped")
  return()
endif()
execute_process(COMMAND ${CLI} table --format html OUTPUT_FILE ${WORK}/table.html RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gpucompat table --format html failed")
endif()
execute_process(COMMAND ${CLI} table --format json OUTPUT_VARIABLE json)
string(JSON rows LENGTH "${json}" tensorflow)
execute_process(COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
                        --disable-sync --no-first-run --user-data-dir=${WORK}/chromium-profile --dump-dom file://${WORK}/table.html
  OUTPUT_VARIABLE dom ERROR_QUIET TIMEOUT 60 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chromium failed (${rc})")
endif()
string(REGEX MATCHALL "<tr class=\"[a-z]+\" data-platform=" rendered "${dom}")
list(LENGTH rendered n)
if(NOT n EQUAL rows)
  message(FATAL_ERROR "rendered ${n} rows, expected ${rows}")
endif()
if(NOT dom MATCHES "<span id=\"count\">${rows} rows</span>")
  message(FATAL_ERROR "the filter script did not run (no '${rows} rows' count in the DOM)")
endif()
message(STATUS "chromium rendered ${n} rows and ran the filter script")
