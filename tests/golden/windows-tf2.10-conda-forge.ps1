# TensorFlow 2.10.0 on native Windows: CUDA 11.2, cuDNN 8.1, Python 3.10
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
& (Join-Path $prefix 'python.exe') -m pip install 'tensorflow<2.11'
if ($LASTEXITCODE -ne 0) { throw "gpucompat: pip failed (exit $LASTEXITCODE)" }
conda run -n tf210 python -c "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))"
if ($LASTEXITCODE -ne 0) { throw "gpucompat: the GPU check failed (exit $LASTEXITCODE)" }
Write-Host 'Done. Use it with: conda activate tf210'
}
