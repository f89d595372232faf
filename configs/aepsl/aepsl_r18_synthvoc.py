# AE-PSL, CPU-sized, on SynthVOC from image-level labels + saliency: 3 erasing rounds + PSL. `make demo`.
_base_ = [
    '../_base_/models/aepsl_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/sgd_poly_cpu.py', '../_base_/scenarios/weak.py', '../_base_/default_runtime.py'
]
plugins = ['weak', 'aepsl']
# CPU budget: short rounds that continue from the previous round's classifier; PSL starts from the last one.
aepsl = dict(round_iters=100, round_init='previous', psl_init='classifier')
# PSL's online term from iteration 450 on: from the start, S^ of an untrained head is background nearly
# everywhere and the model collapsed to background (15.1 val mIoU vs 42.5 with the warm-up, plugin README).
model = dict(psl_start_iter=450)
# The PSL task's schedule (each erasing round uses aepsl.round_iters).
# 900 iterations, as PSPNet's joint row: a fresh PSPHead needs them (250 left every run predicting background).
train_cfg = dict(max_iters=900, val_interval=900)
param_scheduler = [dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=900, by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=450))
# 10x learning rate on the new GAP+fc classification layer (DeepLab/CAM practice): from scratch the
# classifier barely moves in 100-150 iterations without it.
optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'cls_head': dict(lr_mult=10.0)}))
