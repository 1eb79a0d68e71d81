# TensorFlow 2.1.0 on native Windows: CUDA 10.1, cuDNN 7.6, Python 3.7
# Channel defaults: the bundled tables source both packages there
# Anaconda's defaults channel needs a paid licence for use on behalf of an organisation of 200 or more employees or contractors (Anaconda Terms of Service 2.1, in force from 2024-03-30; https://anaconda.com/pricing/terms-of-service-faqs); conda-forge is free for everyone (https://conda-forge.org/blog/posts/2020-11-20-anaconda-tos/): use --channel conda-forge where it has the packages
# conda puts the CUDA DLLs in %CONDA_PREFIX%\Library\bin, which is on PATH while the environment is active
# Paste it or run it with sh: it stops at the first failure, never replaces an existing
# environment, and names tf-2.1 in every step.
(
set -e
if conda list -n tf-2.1 >/dev/null 2>&1; then
  echo 'gpucompat: a conda environment named tf-2.1 already exists; nothing was changed. Remove it first (conda env remove -n tf-2.1) or choose another name (--env).' >&2
  exit 1
fi
conda create -n tf-2.1 python=3.7
conda install -y -n tf-2.1 -c defaults 'cudatoolkit=10.1.243=h74a9793_0' 'cudnn=7.6.5=cuda10.1_0'
prefix=$(conda run -n tf-2.1 python -c 'import sys; print(sys.prefix)' | tr -d '\r')
if [ ! -d "$prefix/conda-meta" ]; then
  echo 'gpucompat: conda did not report the folder of environment tf-2.1; stopping' >&2
  exit 1
fi
"$prefix/python.exe" -m pip install --upgrade pip
"$prefix/python.exe" -m pip install 'tensorflow==2.1.0'
conda run -n tf-2.1 python -c "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))"
echo 'Done. Use it with: conda activate tf-2.1'
)
