# The weak setting's upper bound: AE-PSL's segmentation network (the slim ResNet-18 with PSPHead, no auxiliary
# head) trained on the ground-truth masks with the PSL task's schedule (aepsl_r18_synthvoc.py), fully supervised.
# AE-PSL's score over this one says how much the image labels and saliency lose against pixel labels.
_base_ = ['../pspnet/pspnet_r18-d8_synthvoc-joint.py']
model = dict(auxiliary_head=None)
max_iters = 1500
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, begin=0, end=50, by_epoch=False),
    dict(type='CosineAnnealingLR', eta_min=4e-5, begin=0, end=max_iters, by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=max_iters))
test_evaluator = dict(fg_share=True)
