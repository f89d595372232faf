# Pascal-Context, 59 classes + background (class 0, 60 labels), as ZS3 uses; image-level labels from the
# converter's image_labels.json. Otherwise as pascal_context59.py (train 4,998 / val 5,105, 480x480 crops of
# 520-scaled images). Build with tools/dataset_converters/pascal_context.py (docs/datasets.md).
data_root = 'data/VOCdevkit/VOC2010'
crop_size = (480, 480)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResize', scale=(520, 520), ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackClsegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(520, 520), keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackClsegInputs'),
]
data_prefix = dict(img_path='JPEGImages', seg_map_path='SegmentationClassContext')
train_dataloader = dict(
    batch_size=4, num_workers=4, persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='PascalContext60Dataset', data_root=data_root, data_prefix=data_prefix,
                 ann_file='ImageSets/SegmentationContext/train.txt', pipeline=train_pipeline,
                 image_labels='image_labels.json'))
test_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='PascalContext60Dataset', data_root=data_root, data_prefix=data_prefix,
                 ann_file='ImageSets/SegmentationContext/val.txt', pipeline=test_pipeline))
test_evaluator = dict(type='ClsegIoUMetric', iou_metrics=['mIoU'])
