# TensorFlow 2.10.0 on native Windows: CUDA 11.2, cuDNN 8.1, Python 3.10
# conda puts the CUDA DLLs in %CONDA_PREFIX%\Library\bin, which is on PATH while the environment is active
conda create -y -n tf210 python=3.10
conda activate tf210
conda install -y -c conda-forge 'cudatoolkit=11.2' 'cudnn=8.1.0'
python -m pip install --upgrade pip
python -m pip install 'tensorflow<2.11'
python -c "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))"
