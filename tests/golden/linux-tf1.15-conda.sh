# TensorFlow 1.15.0 on Linux: CUDA 10.0, cuDNN 7.4, Python 3.7
# No sourced cudatoolkit 10.0 package for linux-64 on conda-forge in the bundled tables: check `conda search -c conda-forge cudatoolkit` before relying on this line
# No sourced cudnn 7.4 package for CUDA 10.0 on linux-64 / conda-forge in the bundled tables: check `conda search -c conda-forge cudnn` before relying on this line
# Paste it or run it with sh: it stops at the first failure, never replaces an existing
# environment, and names tf-1.15 in every step.
(
set -e
if conda list -n tf-1.15 >/dev/null 2>&1; then
  echo 'gpucompat: a conda environment named tf-1.15 already exists; nothing was changed. Remove it first (conda env remove -n tf-1.15) or choose another name (--env).' >&2
  exit 1
fi
conda create -n tf-1.15 python=3.7
conda install -y -n tf-1.15 -c conda-forge 'cudatoolkit=10.0' 'cudnn=7.4'
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
