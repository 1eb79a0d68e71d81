# TensorFlow 2.12.0 on Linux: CUDA 11.8, cuDNN 8.6, Python 3.11
# cuDNN 8.9.7 for TensorFlow's 8.6: the tables source no 8.6 build on this channel, and TensorFlow loads any 8.x with an equal or higher minor (its cuDNN version check)
# Channel conda-forge: the bundled tables source both packages there
# Paste it or run it with sh: it stops at the first failure, never replaces an existing
# environment, and names tf-2.12 in every step.
(
set -e
if conda list -n tf-2.12 >/dev/null 2>&1; then
  echo 'gpucompat: a conda environment named tf-2.12 already exists; nothing was changed. Remove it first (conda env remove -n tf-2.12) or choose another name (--env).' >&2
  exit 1
fi
conda create -n tf-2.12 python=3.11
conda install -y -n tf-2.12 -c conda-forge 'cudatoolkit=11.8' 'cudnn=8.9.7'
prefix=$(conda run -n tf-2.12 python -c 'import sys; print(sys.prefix)')
if [ ! -d "$prefix/conda-meta" ]; then
  echo 'gpucompat: conda did not report the folder of environment tf-2.12; stopping' >&2
  exit 1
fi
"$prefix/bin/python" -m pip install --upgrade pip
"$prefix/bin/python" -m pip install 'tensorflow==2.12.*'
mkdir -p "$prefix/etc/conda/activate.d"
echo 'export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/"' > "$prefix/etc/conda/activate.d/env_vars.sh"
conda run -n tf-2.12 python -c "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))"
echo 'Done. Use it with: conda activate tf-2.12'
)
