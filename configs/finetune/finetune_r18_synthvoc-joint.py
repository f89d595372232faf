# Joint upper bound for the class-incremental table: the same CPU DeepLabV3 R18 trained once on all 21
# classes with pixel labels (`joint` scenario), reported as old / new / all of the 15-5 split.
_base_ = [
    '../_base_/models/wilson_deeplabv3_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/adamw_cosine_cpu.py', '../_base_/scenarios/joint.py', '../_base_/default_runtime.py'
]
plugins = ['joint', 'incremental', 'finetune']
model = dict(type='FinetuneSegmentor')
# the 15-5 runs' budget: 1,000 + 250 iterations
train_cfg = dict(max_iters=1250, val_interval=1250)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, begin=0, end=50, by_epoch=False),
    dict(type='CosineAnnealingLR', eta_min=4e-5, begin=0, end=1250, by_epoch=False)]
test_evaluator = dict(type='IncrementalIoUMetric', old_classes=list(range(16)), new_classes=list(range(16, 21)))
