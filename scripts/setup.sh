#!/usr/bin/env bash
# The main job on a fresh machine: install the dependencies, build, and run
# `gpucompat doctor` for this machine (then a sample resolve).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build
./build/tools/gpucompat doctor
echo
./build/tools/gpucompat resolve --os windows --driver 456.71 --gpu "GeForce GTX 850M" --python 3.7
