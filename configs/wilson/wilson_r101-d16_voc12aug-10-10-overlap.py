# WILSON paper recipe, Pascal VOC 10-10 overlap (4 GPUs x 6 = batch 24). Epochs converted to iterations for the
# filtered trainaug sizes (approximate): step 0 30 epochs, step 1 40 epochs, L_SEG/L_SSS from epoch 5.
_base_ = [
    '../_base_/models/wilson_deeplabv3_r101-d16.py', '../_base_/datasets/voc12aug.py',
    '../_base_/schedules/schedule_20k.py', '../_base_/scenarios/incremental_10-10-overlap.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'wilson']
scenario = dict(train_iters=[7000, 5000])
model = dict(seg_start_iter=625)
train_dataloader = dict(batch_size=6)
test_dataloader = dict(dataset=dict(pipeline={{_base_.center_crop_test_pipeline}}))
optim_wrapper = dict(optimizer=dict(lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-4))
env_cfg = dict(dist_cfg=dict(backend='nccl'))
