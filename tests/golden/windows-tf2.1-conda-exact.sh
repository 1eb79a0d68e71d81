# TensorFlow 2.1.0 on native Windows: CUDA 10.1, cuDNN 7.6, Python 3.7
# conda puts the CUDA DLLs in %CONDA_PREFIX%\Library\bin, which is on PATH while the environment is active
conda create -y -n tf-2.1 python=3.7
conda activate tf-2.1
conda install -y -c defaults 'cudatoolkit=10.1.243=h74a9793_0' 'cudnn=7.6.5=cuda10.1_0'
python -m pip install --upgrade pip
python -m pip install 'tensorflow==2.1.0'
python -c "import tensorflow as tf; print(tf.config.list_physical_devices('GPU'))"
