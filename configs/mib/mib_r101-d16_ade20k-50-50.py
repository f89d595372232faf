# MiB (Cermelli et al., CVPR 2020) paper recipe, ADE20K 50-50 (overlap; 3 steps): batch 24 (2 GPUs x 12), 60 epochs
# per step over the step's own images, SGD lr 0.01 at step 0 and 0.001 after, poly 0.9; 512 crops.
_base_ = [
    '../_base_/models/deeplabv3_r101-d16.py', '../_base_/datasets/ade20k_bg.py',
    '../_base_/datasets/wilson_views_512.py', '../_base_/schedules/sgd_poly_incremental.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'mib']
model = dict(type='MiBSegmentor', decode_head=dict(num_classes=151))
scenario = dict(type='ClassIncremental', setting='50-50', mode='overlap', num_classes=151, supervision='pixel',
                train_epochs=[60] * 3)
mib = dict(lr=0.001)
train_dataloader = dict(batch_size=12, dataset=dict(pipeline={{_base_.wilson_train_pipeline}}))
env_cfg = dict(dist_cfg=dict(backend='nccl'))
