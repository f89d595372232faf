# mmseg's pspnet_r50-d8_4xb4-40k_pascal-context-59-480x480: 59 classes (background ignored), lr 0.004,
# weight decay 1e-4, 40k iterations.
_base_ = [
    '../_base_/models/pspnet_r50-d8.py', '../_base_/datasets/pascal_context59.py',
    '../_base_/schedules/schedule_20k.py', '../_base_/scenarios/joint.py', '../_base_/default_runtime.py'
]
plugins = ['joint', 'pspnet']
scenario = dict(num_classes=59)
model = dict(test_cfg=dict(mode='slide', crop_size=(480, 480), stride=(320, 320)))
optim_wrapper = dict(optimizer=dict(lr=0.004, weight_decay=1e-4))
param_scheduler = [dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=40000, by_epoch=False)]
train_cfg = dict(max_iters=40000, val_interval=40000)
env_cfg = dict(dist_cfg=dict(backend='nccl'))
