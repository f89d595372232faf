# PSPNet on COCO 2014 things (80 classes + background, semantic masks from instances), 40k iterations.
_base_ = [
    '../_base_/models/pspnet_r50-d8.py', '../_base_/datasets/coco.py',
    '../_base_/schedules/schedule_20k.py', '../_base_/scenarios/joint.py', '../_base_/default_runtime.py'
]
plugins = ['joint', 'pspnet']
scenario = dict(num_classes=81)
param_scheduler = [dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=40000, by_epoch=False)]
train_cfg = dict(max_iters=40000, val_interval=40000)
env_cfg = dict(dist_cfg=dict(backend='nccl'))
