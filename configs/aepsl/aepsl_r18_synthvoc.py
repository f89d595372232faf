# AE-PSL, CPU-sized, on SynthVOC from image-level labels + saliency: 3 erasing rounds + PSL. `make demo`.
_base_ = [
    '../_base_/models/aepsl_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/sgd_poly_cpu.py', '../_base_/scenarios/weak.py', '../_base_/default_runtime.py'
]
plugins = ['weak', 'aepsl']
# CPU budget: short rounds that continue from the previous round's classifier; PSL starts from the last one.
aepsl = dict(round_iters=100, round_init='previous', psl_init='classifier')
# The PSL task's schedule (each erasing round uses aepsl.round_iters).
train_cfg = dict(max_iters=250, val_interval=250)
param_scheduler = [dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=250, by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=125))
# 10x learning rate on the new GAP+fc classification layer (DeepLab/CAM practice): from scratch the
# classifier barely moves in 100-150 iterations without it.
optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'cls_head': dict(lr_mult=10.0)}))
