# COCO 2014 things as semantic masks: 0 = background, 1..80 contiguous ids, 255 = crowd (train2014 82,783 /
# val2014 40,504; for 2017 replace 2014 by 2017 below). Build with tools/dataset_converters/coco.py.
data_root = 'data/coco'
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
    dataset=dict(type='COCOSemanticDataset', data_root=data_root,
                 data_prefix=dict(img_path='train2014', seg_map_path='semantic/train2014'),
                 ann_file='ImageSets/train2014.txt', image_labels='image_labels.json',
                 pipeline=train_pipeline))
test_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='COCOSemanticDataset', data_root=data_root,
                 data_prefix=dict(img_path='val2014', seg_map_path='semantic/val2014'),
                 ann_file='ImageSets/val2014.txt', pipeline=test_pipeline))
test_evaluator = dict(type='ClsegIoUMetric', iou_metrics=['mIoU'])
