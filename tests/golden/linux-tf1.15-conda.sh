# TensorFlow 1.15.0 on Linux: CUDA 10.0, cuDNN 7.4, Python 3.7
# cuDNN 7.6.5 for TensorFlow's 7.4: the tables source no 7.4 build on this channel, and TensorFlow loads any 7.x with an equal or higher minor (its cuDNN version check)
# Channel defaults: the bundled tables source both packages there
# Anaconda's defaults channel needs a paid licence for use on behalf of an organisation of 200 or more employees or contractors (Anaconda Terms of Service 2.1, in force from 2024-03-30; https://anaconda.com/pricing/terms-of-service-faqs); conda-forge is free for everyone (https://conda-forge.org/blog/posts/2020-11-20-anaconda-tos/): use --channel conda-forge where it has the packages
# Paste it or run it with sh: it stops at the first failure, never replaces an existing
# environment, and names tf-1.15 in every step.
(
set -e
if conda list -n tf-1.15 >/dev/null 2>&1; then
  echo 'gpucompat: a conda environment named tf-1.15 already exists; nothing was changed. Remove it first (conda env remove -n tf-1.15) or choose another name (--env).' >&2
  exit 1
fi
conda create -n tf-1.15 python=3.7
conda install -y -n tf-1.15 -c defaults 'cudatoolkit=10.0' 'cudnn=7.6.5'
prefix=$(conda run -n tf-1.15 python -c 'import sys; print(sys.prefix)')
if [ ! -d "$prefix/conda-meta" ]; then
  echo 'gpucompat: conda did not report the folder of environment tf-1.15; stopping' >&2
  exit 1
fi
"$prefix/bin/python" -m pip install --upgrade pip
"$prefix/bin/python" -m pip install 'tensorflow-gpu==1.15.*'
mkdir -p "$prefix/etc/conda/activate.d"
echo 'export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/"' > "$prefix/etc/conda/activate.d/env_vars.sh"
conda run -n tf-1.15 python -c "import tensorflow as tf; print(tf.config.experimental.list_physical_devices('GPU'))"
echo 'Done. Use it with: conda activate tf-1.15'
)
