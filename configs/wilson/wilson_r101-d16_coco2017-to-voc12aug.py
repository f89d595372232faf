# WILSON's COCO-to-VOC recipe (the authors' coco.sh): batch 24 (4 GPUs x 6), 30 epochs per step; step 0 at
# lr 0.01 with BCE, step 1 from image labels at lr 1e-3 (head x10, localizer 1e-2), alpha 0.9, L_ENC weight 1.
# COCO 2017 as in the authors' code (tools/dataset_converters/coco.py --split train2017 val2017); VOC trainaug
# from tools/dataset_converters/voc_aug.py. Step 1: 10,582 VOC images, 30 epochs = 13,230 iterations,
# L_SEG/L_SSS from epoch 5 (2,200). Step 0: 30 epochs of the train2017 images that show one of the 60 classes.
# That count is logged when step 0 starts ("class_filter ... keeps N of M images"); 120,000 iterations assumes
# ~96k of the 118k images (an estimate: no COCO on the machine this was written on). Set
# scenario.train_iters[0] to 30 * N / 24.
_base_ = [
    '../_base_/models/wilson_deeplabv3_r101-d16.py', '../_base_/datasets/coco.py',
    '../_base_/schedules/schedule_20k.py', '../_base_/scenarios/incremental_coco-to-voc.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'wilson']
scenario = dict(train_iters=[120000, 13230])
model = dict(seg_start_iter=2200, alpha=0.9)
train_dataloader = dict(
    batch_size=6,
    dataset=dict(data_prefix=dict(img_path='train2017', seg_map_path='semantic/train2017'),
                 ann_file='ImageSets/train2017.txt'))
test_dataloader = dict(
    dataset=dict(pipeline={{_base_.center_crop_test_pipeline}},
                 data_prefix=dict(img_path='val2017', seg_map_path='semantic/val2017'),
                 ann_file='ImageSets/val2017.txt'))
optim_wrapper = dict(optimizer=dict(lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-4))
env_cfg = dict(dist_cfg=dict(backend='nccl'))
