#!/bin/sh
# doctor --format prometheus must pass `promtool check metrics` (Prometheus'
# own linter for the text exposition format), for a GPU machine made of
# stand-ins, for hostile GPU names, and for a machine with nothing found.
# Usage: promtool_check.sh GPUCOMPAT_CLI STANDIN_LIB_DIR
set -u
cli=$1
lib=$2
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found: skipped (scripts/test.sh installs Debian's prometheus package)"
  exit 0
fi
status=0
check() {
  what=$1
  shift
  out=$(env -i PATH=/nonexistent "$@" "$cli" doctor --format prometheus) || { echo "$what: doctor failed"; status=1; return; }
  if ! printf '%s\n' "$out" | promtool check metrics; then
    echo "$what: promtool check metrics failed on:"
    printf '%s\n' "$out"
    status=1
  else
    echo "$what: ok ($(printf '%s\n' "$out" | grep -c '^gpucompat_') samples)"
  fi
}
check "nine stand-in H200s with MIG" LD_LIBRARY_PATH="$lib" STANDIN_GPUS=9 STANDIN_MIG=1 GPUCOMPAT_PYTHON=3.12
check "a hostile GPU name" LD_LIBRARY_PATH="$lib" STANDIN_NVML_MODE=garbage STANDIN_GPUS=2
check "quotes and backslashes in a name" LD_LIBRARY_PATH="$lib" 'STANDIN_GPU_NAME=NVIDIA "H200" \ NVL'
check "nothing found" GPUCOMPAT_NO_EXEC=1
exit $status
