# SynthVOC (tools/make_synthetic.py): 64x64, 20 classes + background, real VOC layout.
data_root = 'data/synthvoc'
crop_size = (64, 64)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackClsegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='PackClsegInputs'),
]
data_prefix = dict(img_path='JPEGImages', seg_map_path='SegmentationClass')
train_dataloader = dict(
    batch_size=16, num_workers=1, persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='SynthVOCDataset', data_root=data_root, data_prefix=data_prefix,
                 ann_file='ImageSets/Segmentation/train.txt', image_labels='image_labels.json',
                 pipeline=train_pipeline))
test_dataloader = dict(
    batch_size=50, num_workers=1, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='SynthVOCDataset', data_root=data_root, data_prefix=data_prefix,
                 ann_file='ImageSets/Segmentation/val.txt', pipeline=test_pipeline))
test_evaluator = dict(type='ClsegIoUMetric', iou_metrics=['mIoU'])
