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
  GPUCOMPAT_EXPECT_GPU=1 ctest --test-dir build-gpu -j8 -E '^consumer_pkg_config$' --output-on-failure > "$out/ctest.txt" 2>&1
  grep -E "tests passed|tests failed|\(Failed\)|ERROR:|CHECK|REQUIRE|TEST CASE|^  [a-zA-Z]" "$out/ctest.txt" | head -60
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
echo "== doctor formats"
./build-gpu/tools/gpucompat doctor --format prometheus > "$out/doctor.prom" 2>&1
./build-gpu/tools/gpucompat doctor --format nfd > "$out/doctor.nfd" 2>&1
echo "== nvidia-smi --query-gpu wall time, 20 runs (ms)"
for i in $(seq 20); do s=$(date +%s%N); nvidia-smi --query-gpu=driver_version,name,compute_cap --format=csv,noheader >/dev/null; e=$(date +%s%N); echo $(( (e-s)/1000000 )); done | sort -n | tr '\n' ' ' | tee "$out/smi_times.txt"; echo
echo "== framework import wall time, 3 runs each (ms)"
for m in torch jax; do for i in 1 2 3; do s=$(date +%s%N); python3 -c "import $m" 2>/dev/null; e=$(date +%s%N); echo "$m $(( (e-s)/1000000 ))"; done; done | tee "$out/import_times.txt"

# What the frameworks say of themselves (imported once, for the record and
# for the stand-in environments the tests use), and the package metadata
# doctor reads without importing.
facts="$out/facts"; mkdir -p "$facts"
PYTHONUNBUFFERED=1 python3 - > "$facts/frameworks.txt" 2>&1 <<'PY'
import importlib.metadata as md, sys
print("python", sys.version.split()[0], sys.prefix)
try:
    import torch
    print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())
    print("torch arch_list", torch.cuda.get_arch_list())
    print("torch device", torch.cuda.get_device_name(0), torch.cuda.get_device_capability(0))
except Exception as e: print("torch error", repr(e))
try:
    import jax, jaxlib
    print("jax", jax.__version__, "jaxlib", jaxlib.__version__, jax.devices())
    jax.print_environment_info()
    try:
        from jax._src.lib import cuda_versions as cv
        print("jax cudnn_get_version", cv.cudnn_get_version(), "cudnn_build_version", cv.cudnn_build_version())
        print("jax cuda_runtime_get_version", cv.cuda_runtime_get_version(), "cuda_runtime_build_version", cv.cuda_runtime_build_version())
        print("jax cuda_driver_get_version", cv.cuda_driver_get_version())
    except Exception as e: print("jax cuda_versions", repr(e))
    import jax.numpy as jnp
    x = jnp.ones((1, 3, 8, 8)); k = jnp.ones((4, 3, 3, 3))
    print("jax conv ok", jax.lax.conv(x, k, (1, 1), "SAME").shape)
except Exception as e: print("jax error", repr(e))
for d in sorted(md.distributions(), key=lambda d: d.metadata["Name"].lower()):
    print("dist", d.metadata["Name"], d.version)
PY
cp "$facts/frameworks.txt" "$out/frameworks.txt"
site=$(python3 -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
( cd "$site" && for d in *.dist-info; do
    case "$d" in torch-*|jax-*|jaxlib-*|jax_cuda*|jax_plugins*|nvidia_*|cupy*|cuda_*|tensorflow*|numpy-*|protobuf-*|triton-*) ;; *) continue;; esac
    mkdir -p "$facts/distinfo/$d"
    for f in METADATA WHEEL top_level.txt direct_url.json INSTALLER entry_points.txt; do [ -f "$d/$f" ] && cp "$d/$f" "$facts/distinfo/$d/"; done
    grep -E '\.so[.0-9]*,|\.dll,' "$d/RECORD" | cut -d, -f1 > "$facts/distinfo/$d/RECORD.libs" 2>/dev/null
  done; ls -d */ | head -200 > "$facts/site_dirs.txt" )
{ ldconfig -p | grep -E "cudnn|cudart|cublas|libcuda\.|nvidia-ml"; echo; ls -la /usr/local/cuda/lib64 | grep -E "cudnn|cudart" ; echo; env | grep -E "^(LD_LIBRARY_PATH|CUDA|PATH|VIRTUAL_ENV)"; } > "$facts/loader.txt" 2>&1
echo "== resolve and check for this machine's PyTorch and JAX"
drv=$(nvidia-smi --query-gpu=driver_version --format=csv,noheader | head -1)
cc=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1)
py=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
tv=$(python3 -c 'import importlib.metadata as m; print(m.version("torch"))' 2>/dev/null)
jv=$(python3 -c 'import importlib.metadata as m; print(m.version("jax"))' 2>/dev/null)
{
  for fw in pytorch jax; do
    echo "\$ gpucompat resolve --framework $fw --os linux --driver $drv --cc $cc --python $py"
    ./build-gpu/tools/gpucompat resolve --framework "$fw" --os linux --driver "$drv" --cc "$cc" --python "$py" 2>&1 | head -40
  done
  echo "\$ gpucompat check --torch $tv --driver $drv --cc $cc --python $py --cudnn 9.19.0 --cuda 13.0"
  ./build-gpu/tools/gpucompat check --torch "$tv" --os linux --driver "$drv" --cc "$cc" --python "$py" --cudnn 9.19.0 --cuda 13.0 2>&1
  echo "\$ gpucompat check --jax $jv+cuda13 --driver $drv --cc $cc --python $py --cudnn 9.14.0"
  ./build-gpu/tools/gpucompat check --jax "$jv+cuda13" --os linux --driver "$drv" --cc "$cc" --python "$py" --cudnn 9.14.0 2>&1
} > "$out/frameworks_cli.txt" 2>&1
cat "$out/frameworks_cli.txt"
echo "== an inconsistent case: JAX pointed at the system cuDNN by LD_LIBRARY_PATH"
sysdir=$(dirname "$(ldconfig -p | grep -m1 'libcudnn.so.9 ' | sed 's/.*=> //')")
echo "system cuDNN dir: $sysdir" | tee "$out/inconsistent.txt"
LD_LIBRARY_PATH="$sysdir" ./build-gpu/tools/gpucompat doctor 2>&1 | tee -a "$out/inconsistent.txt"
LD_LIBRARY_PATH="$sysdir" python3 -c "import jax, jax.numpy as j; from jax._src.lib import cuda_versions as c; print('jax cudnn loaded', c.cudnn_get_version()); print(jax.lax.conv(j.ones((1,3,8,8)), j.ones((4,3,3,3)), (1,1), 'SAME').shape)" >> "$out/inconsistent.txt" 2>&1
LD_LIBRARY_PATH="$sysdir" python3 -c "import torch; print('torch cudnn loaded', torch.backends.cudnn.version()); x=torch.ones(1,3,8,8,device='cuda'); print(torch.nn.functional.conv2d(x, torch.ones(4,3,3,3,device='cuda')).shape)" >> "$out/inconsistent.txt" 2>&1
python3 -c "import torch; print('torch cudnn loaded (no LD_LIBRARY_PATH)', torch.backends.cudnn.version())" >> "$out/inconsistent.txt" 2>&1
cat "$out/inconsistent.txt" | tail -8
tar -C "$out" -czf "$out/facts.tgz" facts && rm -rf "$facts"
