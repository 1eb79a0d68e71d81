# TensorFlow 2.10.0 on native Windows: CUDA 11.2, cuDNN 8.1, Python 3.10
# numpy<2: TensorFlow 2.10 on Python 3.9+: Wheel built against NumPy 1.x and its metadata does not bound numpy below 2; pip today resolves NumPy 2.x wherever the Python allows it (NumPy 2.0 supports Python 3.9-3.12), and 'import tensorflow' then fails: 'A module that was compiled using NumPy 1.x cannot be run in NumPy 2'. (https://github.com/tensorflow/tensorflow/issues/91042 (TF 2.10 + NumPy 2.0.0, Windows, Python 3.10); https://github.com/tensorflow/tensorflow/issues/102743 (TF 2.14.0 + NumPy 2.3.4); https://github.com/tensorflow/tensorflow/issues/67291 (TF's NumPy 2 tracking issue); first TF with NumPy 2: https://github.com/tensorflow/tensorflow/releases/tag/v2.18.0 ; wheel metadata: 'tensorflow 2.10.0 requires protobuf<3.20,>=3.9.2' - https://github.com/ray-project/ray/issues/28754 ; NumPy 2 needs Python >= 3.9: https://github.com/numpy/numpy/releases/tag/v2.0.2)
# conda puts the CUDA DLLs in %CONDA_PREFIX%\Library\bin, which is on PATH while the environment is active
# Paste it or run it: it stops at the first failure, never replaces an existing
# environment, and names tf210 in every step.
& {
$ErrorActionPreference = 'Stop'
$envs = conda env list --json | Out-String
if ($LASTEXITCODE -ne 0) { throw "gpucompat: conda env list failed (exit $LASTEXITCODE)" }
if ((ConvertFrom-Json $envs).envs | Where-Object { (Split-Path -Leaf $_) -eq 'tf210' }) {
  throw 'gpucompat: a conda environment named tf210 already exists; nothing was changed. Remove it first (conda env remove -n tf210) or choose another name (--env).'
}
conda create -n tf210 python=3.10
if ($LASTEXITCODE -ne 0) { throw "gpucompat: conda create failed (exit $LASTEXITCODE)" }
conda install -y -n tf210 -c conda-forge 'cudatoolkit=11.2' 'cudnn=8.1.0'
if ($LASTEXITCODE -ne 0) { throw "gpucompat: conda install failed (exit $LASTEXITCODE)" }
$prefix = (conda run -n tf210 python -c 'import sys; print(sys.prefix)' | Out-String).Trim()
if ($LASTEXITCODE -ne 0) { throw "gpucompat: conda run failed (exit $LASTEXITCODE)" }
if (-not (Test-Path -LiteralPath (Join-Path $prefix 'conda-meta'))) {
  throw 'gpucompat: conda did not report the folder of environment tf210; stopping'
}
& (Join-Path $prefix 'python.exe') -m pip install --upgrade pip
if ($LASTEXITCODE -ne 0) { throw "gpucompat: pip failed (exit $LASTEXITCODE)" }
& (Join-Path $prefix 'python.exe') -m pip install 'tensorflow<2.11' 'numpy<2'
if ($LASTEXITCODE -ne 0) { throw "gpucompat: pip failed (exit $LASTEXITCODE)" }
conda run -n tf210 python -c "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))"
if ($LASTEXITCODE -ne 0) { throw "gpucompat: the GPU check failed (exit $LASTEXITCODE)" }
Write-Host 'Done. Use it with: conda activate tf210'
}
