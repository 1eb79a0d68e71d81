#!/usr/bin/env bash
# Run on a machine with an NVIDIA GPU, CUDA and cuDNN (and no network):
# builds gpucompat, runs the suite with the GPU expected, the cuDNN example
# (system cuDNN, then pip's nvidia-cudnn-cuXX layout) and doctor.
# Results go to ${OUT:-gpu-out}/. Header-only dependencies may be supplied in
# a prefix given as DEPS (include/, share/cmake/, lib/cmake/).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-gpu-out}
mkdir -p "$out"
prefix=${DEPS:+-DCMAKE_PREFIX_PATH=$DEPS}
{
  nvidia-smi; echo
  cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DGPUCOMPAT_BUILD_BENCHMARKS=OFF $prefix 2>&1 | grep -E "cudnn_handle|Error|error" 
  cmake --build build-gpu -j"$(nproc)" 2>&1 | grep -E "error|warning" 
  echo "== ctest (GPU expected)"
  GPUCOMPAT_EXPECT_GPU=1 ctest --test-dir build-gpu -j8 -E '^consumer_pkg_config$' 2>&1 | tail -6
} > "$out/build.txt" 2>&1
cat "$out/build.txt"
echo "== cudnn_handle (system cuDNN)"
./build-gpu/examples/cudnn_handle | tee "$out/cudnn_handle.txt"; echo "exit ${PIPESTATUS[0]}" | tee -a "$out/cudnn_handle.txt"
for i in 1 2 3 4 5; do ./build-gpu/examples/cudnn_handle | grep "handle created"; done | tee "$out/handle_timing.txt"
echo "== cudnn_handle against pip's nvidia cudnn"
pip_cudnn=$(python3 -c "import nvidia.cudnn as m; print(list(m.__path__)[0])" 2>/dev/null)
echo "pip cudnn: $pip_cudnn"
cmake -S . -B build-pip -G Ninja -DCMAKE_BUILD_TYPE=Release -DGPUCOMPAT_BUILD_TESTS=OFF -DGPUCOMPAT_BUILD_TOOLS=OFF \
  -DGPUCOMPAT_BUILD_BENCHMARKS=OFF -DCUDNN_ROOT="$pip_cudnn" $prefix 2>&1 | grep cudnn_handle | tee "$out/pip_configure.txt"
cmake --build build-pip --target cudnn_handle 2>&1 | grep -E "error" 
LD_LIBRARY_PATH="$pip_cudnn/lib:${LD_LIBRARY_PATH:-}" ./build-pip/examples/cudnn_handle | tee "$out/cudnn_handle_pip.txt"
echo "== doctor"
./build-gpu/tools/gpucompat doctor | tee "$out/doctor.txt"
./build-gpu/tools/gpucompat doctor --json > "$out/doctor.json"
echo "== doctor wall time, 20 runs (ms)"
for i in $(seq 20); do s=$(date +%s%N); ./build-gpu/tools/gpucompat doctor >/dev/null; e=$(date +%s%N); echo $(( (e-s)/1000000 )); done | sort -n | tr '\n' ' ' | tee "$out/doctor_times.txt"; echo
