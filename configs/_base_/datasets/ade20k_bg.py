# ADE20K with 0 = background kept as a class (151 labels), as class-incremental ADE20K (100-50, ...) uses;
# image-level labels from the converter's image_labels.json. Otherwise as ade20k.py (training 20,210 /
# validation 2,000, 512x512 crops). Build with tools/dataset_converters/ade20k.py.
data_root = 'data/ade/ADEChallengeData2016'
crop_size = (512, 512)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResize', scale=(2048, 512), ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackClsegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(2048, 512), keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackClsegInputs'),
]
train_dataloader = dict(
    batch_size=4, num_workers=4, persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='ADE20KBgDataset', data_root=data_root,
                 data_prefix=dict(img_path='images/training', seg_map_path='annotations/training'),
                 ann_file='ImageSets/training.txt', pipeline=train_pipeline, image_labels='image_labels.json'))
test_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='ADE20KBgDataset', data_root=data_root,
                 data_prefix=dict(img_path='images/validation', seg_map_path='annotations/validation'),
                 ann_file='ImageSets/validation.txt', pipeline=test_pipeline))
test_evaluator = dict(type='ClsegIoUMetric', iou_metrics=['mIoU'])
