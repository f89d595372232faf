# Real-size recipe, mirroring mmseg's pspnet_r50-d8_4xb4-20k_voc12aug-512x512 (4 GPUs x 4 images).
_base_ = [
    '../_base_/models/pspnet_r50-d8.py', '../_base_/datasets/voc12aug.py',
    '../_base_/schedules/schedule_20k.py', '../_base_/scenarios/joint.py', '../_base_/default_runtime.py'
]
plugins = ['joint', 'pspnet']
env_cfg = dict(dist_cfg=dict(backend='nccl'))
