# WILSON's COCO-to-VOC recipe (the authors' coco.sh): batch 24 (4 GPUs x 6), 30 epochs per step; step 0 at
# lr 0.01 with BCE, step 1 from image labels at lr 1e-3 (head x10, localizer 1e-2), alpha 0.9, L_ENC weight 1,
# L_SEG/L_SSS from epoch 5. COCO 2017 as in the authors' code (tools/dataset_converters/coco.py --split train2017
# val2017); VOC trainaug from tools/dataset_converters/voc_aug.py. An epoch is one pass over the step's own images
# (step 0: the train2017 images showing one of the 60 classes; step 1: VOC trainaug) at batch_size x processes.
_base_ = [
    '../_base_/models/wilson_deeplabv3_r101-d16.py', '../_base_/datasets/coco.py',
    '../_base_/datasets/wilson_views_512.py',
    '../_base_/schedules/schedule_20k.py', '../_base_/scenarios/incremental_coco-to-voc.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'wilson']
scenario = dict(train_epochs=[30, 30])
model = dict(alpha=0.9)
wilson = dict(seg_start_epoch=5)
train_dataloader = dict(
    batch_size=6,
    dataset=dict(pipeline={{_base_.wilson_train_pipeline}},
                 data_prefix=dict(img_path='train2017', seg_map_path='semantic/train2017'),
                 ann_file='ImageSets/train2017.txt'))
test_dataloader = dict(
    dataset=dict(pipeline={{_base_.center_crop_test_pipeline}},
                 data_prefix=dict(img_path='val2017', seg_map_path='semantic/val2017'),
                 ann_file='ImageSets/val2017.txt'))
optim_wrapper = dict(optimizer=dict(lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-4))
env_cfg = dict(dist_cfg=dict(backend='nccl'))
