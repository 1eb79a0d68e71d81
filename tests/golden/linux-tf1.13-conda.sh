# TensorFlow 1.13.1 on Linux: CUDA 10.0, cuDNN 7.4, Python 3.7
# cuDNN 7.6.5 for TensorFlow's 7.4: the tables source no 7.4 build on this channel, and TensorFlow loads any 7.x with an equal or higher minor (its cuDNN version check)
# Channel defaults: the bundled tables source both packages there
# protobuf<3.20: TensorFlow 1.13: Metadata has only a lower bound on protobuf; pip today picks protobuf 4.x+ (where the Python allows), whose runtime rejects TF's pre-generated _pb2 modules at import: 'TypeError: Descriptors cannot not be created directly ... Downgrade the protobuf package to 3.20.x or lower'. TF's own fix in the May-2022 patch releases was 'protobuf >= 3.9.2, < 3.20'; the same upper bound is used here. (https://github.com/tensorflow/tensorflow/issues/56266 (2.7.1 and 2.7.2 break with protobuf 4.21.0, 2.7.3 works); https://github.com/tensorflow/tensorflow/issues/59665 (2.3.0 breaks once pip resolves protobuf 4.x); https://github.com/uber/neuropod/pull/546 (2.2.0 breaks with protobuf 4.21.0); fix: https://github.com/tensorflow/tensorflow/releases/tag/v2.9.1 (and v2.8.2, v2.7.3, v2.6.5): 'Add an upper bound for protobuf in setup.py since protobuf after version 3.20 is currently incompatible with TensorFlow' ; wheel metadata: r1.13 commit 04256c89d8783c5cfd7e550f9512e9478beb6454 'Use "numpy >= 1.16.0, < 2.0" to fix #25636' (diff of tensorflow/tools/pip_package/setup.py: 'numpy >= 1.13.3' -> 'numpy >= 1.16.0, < 2.0'; unchanged context line 'protobuf >= 3.6.1') - https://chromium.googlesource.com/external/github.com/tensorflow/tensorflow/+/04256c89d8783c5cfd7e550f9512e9478beb6454)
# Anaconda's defaults channel needs a paid licence for use on behalf of an organisation of 200 or more employees or contractors (Anaconda Terms of Service 2.1, in force from 2024-03-30; https://anaconda.com/pricing/terms-of-service-faqs); conda-forge is free for everyone (https://conda-forge.org/blog/posts/2020-11-20-anaconda-tos/): use --channel conda-forge where it has the packages
# Paste it or run it with sh: it stops at the first failure, never replaces an existing
# environment, and names tf-1.13 in every step.
(
set -e
if conda list -n tf-1.13 >/dev/null 2>&1; then
  echo 'gpucompat: a conda environment named tf-1.13 already exists; nothing was changed. Remove it first (conda env remove -n tf-1.13) or choose another name (--env).' >&2
  exit 1
fi
conda create -n tf-1.13 python=3.7
conda install -y -n tf-1.13 -c defaults 'cudatoolkit=10.0' 'cudnn=7.6.5'
prefix=$(conda run -n tf-1.13 python -c 'import sys; print(sys.prefix)')
if [ ! -d "$prefix/conda-meta" ]; then
  echo 'gpucompat: conda did not report the folder of environment tf-1.13; stopping' >&2
  exit 1
fi
"$prefix/bin/python" -m pip install --upgrade pip
"$prefix/bin/python" -m pip install 'tensorflow-gpu==1.13.*' 'protobuf<3.20'
mkdir -p "$prefix/etc/conda/activate.d"
echo 'export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/"' > "$prefix/etc/conda/activate.d/env_vars.sh"
conda run -n tf-1.13 python -c "import tensorflow as tf; print(tf.test.is_gpu_available())"
echo 'Done. Use it with: conda activate tf-1.13'
)
