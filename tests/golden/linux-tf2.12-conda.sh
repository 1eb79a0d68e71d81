# TensorFlow 2.12.0 on Linux: CUDA 11.8, cuDNN 8.6, Python 3.11
# No sourced cudnn 8.6 package for CUDA 11.8 on linux-64 / conda-forge in the bundled tables: check `conda search -c conda-forge cudnn` before relying on this line
conda create -y -n tf-2.12 python=3.11
conda activate tf-2.12
conda install -y -c conda-forge 'cudatoolkit=11.8' 'cudnn=8.6'
python -m pip install --upgrade pip
python -m pip install 'tensorflow==2.12.*'
# Let TensorFlow find conda's CUDA libraries whenever the environment is active
mkdir -p "$CONDA_PREFIX/etc/conda/activate.d"
echo 'export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$CONDA_PREFIX/lib/"' > "$CONDA_PREFIX/etc/conda/activate.d/env_vars.sh"
conda deactivate && conda activate tf-2.12
python -c "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))"
