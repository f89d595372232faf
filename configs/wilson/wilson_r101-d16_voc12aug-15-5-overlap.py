# WILSON paper recipe, Pascal VOC 15-5 overlap, batch 24 (4 GPUs x 6): step 0 30 epochs, step 1 40
# epochs, L_SEG/L_SSS from epoch 5 of step 1. An epoch is one pass over the step's own images (logged as
# "class_filter ... keeps N of M images") at batch_size x processes: fewer GPUs run more iterations.
_base_ = [
    '../_base_/models/wilson_deeplabv3_r101-d16.py', '../_base_/datasets/voc12aug.py',
    '../_base_/datasets/wilson_views_512.py',
    '../_base_/schedules/schedule_20k.py', '../_base_/scenarios/incremental_15-5-overlap.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'wilson']
scenario = dict(train_epochs=[30, 40])
wilson = dict(seg_start_epoch=5)
train_dataloader = dict(batch_size=6, dataset=dict(pipeline={{_base_.wilson_train_pipeline}}))
test_dataloader = dict(dataset=dict(pipeline={{_base_.center_crop_test_pipeline}}))
optim_wrapper = dict(optimizer=dict(lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-4))
env_cfg = dict(dist_cfg=dict(backend='nccl'))
