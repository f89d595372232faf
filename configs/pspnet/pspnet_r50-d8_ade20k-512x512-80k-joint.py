# mmseg's pspnet_r50-d8_4xb4-80k_ade20k-512x512: 150 classes, 0 (other) ignored, 80k iterations.
_base_ = [
    '../_base_/models/pspnet_r50-d8.py', '../_base_/datasets/ade20k.py',
    '../_base_/schedules/schedule_20k.py', '../_base_/scenarios/joint.py', '../_base_/default_runtime.py'
]
plugins = ['joint', 'pspnet']
scenario = dict(num_classes=150)
param_scheduler = [dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=80000, by_epoch=False)]
train_cfg = dict(max_iters=80000, val_interval=80000)
env_cfg = dict(dist_cfg=dict(backend='nccl'))
