# TensorFlow 2.1.0 on native Windows: CUDA 10.1, cuDNN 7.6, Python 3.7
# Channel defaults: the bundled tables source both packages there
# Anaconda's defaults channel needs a paid licence for use on behalf of an organisation of 200 or more employees or contractors (Anaconda Terms of Service 2.1, in force from 2024-03-30; https://anaconda.com/pricing/terms-of-service-faqs); conda-forge is free for everyone (https://conda-forge.org/blog/posts/2020-11-20-anaconda-tos/): use --channel conda-forge where it has the packages
# conda puts the CUDA DLLs in %CONDA_PREFIX%\Library\bin, which is on PATH while the environment is active
# Paste it or run it: it stops at the first failure, never replaces an existing
# environment, and names tf-2.1 in every step.
& {
$ErrorActionPreference = 'Stop'
$envs = conda env list --json | Out-String
if ($LASTEXITCODE -ne 0) { throw "gpucompat: conda env list failed (exit $LASTEXITCODE)" }
if ((ConvertFrom-Json $envs).envs | Where-Object { (Split-Path -Leaf $_) -eq 'tf-2.1' }) {
  throw 'gpucompat: a conda environment named tf-2.1 already exists; nothing was changed. Remove it first (conda env remove -n tf-2.1) or choose another name (--env).'
}
conda create -n tf-2.1 python=3.7
if ($LASTEXITCODE -ne 0) { throw "gpucompat: conda create failed (exit $LASTEXITCODE)" }
conda install -y -n tf-2.1 -c defaults 'cudatoolkit=10.1.243=h74a9793_0' 'cudnn=7.6.5=cuda10.1_0'
if ($LASTEXITCODE -ne 0) { throw "gpucompat: conda install failed (exit $LASTEXITCODE)" }
$prefix = (conda run -n tf-2.1 python -c 'import sys; print(sys.prefix)' | Out-String).Trim()
if ($LASTEXITCODE -ne 0) { throw "gpucompat: conda run failed (exit $LASTEXITCODE)" }
if (-not (Test-Path -LiteralPath (Join-Path $prefix 'conda-meta'))) {
  throw 'gpucompat: conda did not report the folder of environment tf-2.1; stopping'
}
& (Join-Path $prefix 'python.exe') -m pip install --upgrade pip
if ($LASTEXITCODE -ne 0) { throw "gpucompat: pip failed (exit $LASTEXITCODE)" }
& (Join-Path $prefix 'python.exe') -m pip install 'tensorflow==2.1.0'
if ($LASTEXITCODE -ne 0) { throw "gpucompat: pip failed (exit $LASTEXITCODE)" }
conda run -n tf-2.1 python -c "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))"
if ($LASTEXITCODE -ne 0) { throw "gpucompat: the GPU check failed (exit $LASTEXITCODE)" }
Write-Host 'Done. Use it with: conda activate tf-2.1'
}
