backbone = dict(
    base_channels=16,
    contract_dilation=True,
    depth=18,
    dilations=(
        1,
        1,
        2,
        4,
    ),
    init_cfg=dict(
        checkpoint='data/pretrained/resnet18-slim_synthvoc-attributes.pth',
        type='Pretrained'),
    norm_cfg=dict(requires_grad=True, type='BN'),
    norm_eval=False,
    num_stages=4,
    out_indices=(
        0,
        1,
        2,
        3,
    ),
    stem_channels=16,
    strides=(
        1,
        2,
        1,
        1,
    ),
    style='pytorch',
    type='ResNetV1c',
    zero_init_residual=False)
crop_size = (
    64,
    64,
)
custom_imports = dict(
    allow_failed_imports=False, imports=[
        'platform_core.registrations',
    ])
data_prefix = dict(img_path='JPEGImages', seg_map_path='SegmentationClass')
data_preprocessor = dict(
    bgr_to_rgb=True,
    mean=[
        123.675,
        116.28,
        103.53,
    ],
    pad_val=0,
    seg_pad_val=255,
    size=(
        64,
        64,
    ),
    std=[
        58.395,
        57.12,
        57.375,
    ],
    type='SegDataPreProcessor')
data_root = 'data/synthvoc'
default_hooks = dict(
    checkpoint=dict(
        by_epoch=False,
        interval=1500,
        max_keep_ckpts=1,
        save_last=True,
        type='CheckpointHook'),
    logger=dict(interval=100, log_metric_by_epoch=False, type='LoggerHook'),
    param_scheduler=dict(type='ParamSchedulerHook'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    timer=dict(type='IterTimerHook'),
    visualization=dict(type='SegVisualizationHook'))
default_scope = 'mmseg'
env_cfg = dict(
    cudnn_benchmark=False,
    dist_cfg=dict(backend='gloo'),
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0))
head_init = None
load_from = None
log_level = 'INFO'
log_processor = dict(by_epoch=False)
max_iters = 1500
mib = dict(lr=0.004)
model = dict(
    backbone=dict(
        base_channels=16,
        contract_dilation=True,
        depth=18,
        dilations=(
            1,
            1,
            2,
            4,
        ),
        init_cfg=dict(
            checkpoint='data/pretrained/resnet18-slim_synthvoc-attributes.pth',
            type='Pretrained'),
        norm_cfg=dict(requires_grad=True, type='BN'),
        norm_eval=False,
        num_stages=4,
        out_indices=(
            0,
            1,
            2,
            3,
        ),
        stem_channels=16,
        strides=(
            1,
            2,
            1,
            1,
        ),
        style='pytorch',
        type='ResNetV1c',
        zero_init_residual=False),
    data_preprocessor=dict(
        bgr_to_rgb=True,
        mean=[
            123.675,
            116.28,
            103.53,
        ],
        pad_val=0,
        seg_pad_val=255,
        size=(
            64,
            64,
        ),
        std=[
            58.395,
            57.12,
            57.375,
        ],
        type='SegDataPreProcessor'),
    decode_head=dict(
        align_corners=False,
        channels=32,
        dilations=(
            1,
            2,
            4,
            6,
        ),
        dropout_ratio=0.1,
        in_channels=128,
        in_index=3,
        init_cfg=None,
        loss_decode=dict(
            loss_weight=1.0, type='CrossEntropyLoss', use_sigmoid=False),
        norm_cfg=dict(requires_grad=True, type='BN'),
        num_classes=21,
        type='ASPPHead'),
    test_cfg=dict(mode='whole'),
    train_cfg=dict(),
    type='MiBSegmentor')
norm_cfg = dict(requires_grad=True, type='BN')
optim_wrapper = dict(
    optimizer=dict(lr=0.004, type='AdamW', weight_decay=0.01),
    type='BF16OptimWrapper')
param_scheduler = [
    dict(begin=0, by_epoch=False, end=50, start_factor=0.01, type='LinearLR'),
    dict(
        begin=0,
        by_epoch=False,
        end=1500,
        eta_min=4e-05,
        type='CosineAnnealingLR'),
]
plugins = [
    'incremental',
    'mib',
]
pretrained_backbone = 'data/pretrained/resnet18-slim_synthvoc-attributes.pth'
randomness = dict(seed=0)
resume = False
scenario = dict(
    mode='overlap',
    num_classes=21,
    setting='15-5',
    supervision='pixel',
    train_iters=[
        1000,
        250,
    ],
    type='ClassIncremental')
scratch_init = dict(
    a=2.23606797749979,
    distribution='uniform',
    layer='Conv2d',
    mode='fan_in',
    nonlinearity='leaky_relu',
    type='Kaiming')
test_cfg = dict(type='TestLoop')
test_dataloader = dict(
    batch_size=50,
    dataset=dict(
        ann_file='ImageSets/Segmentation/val.txt',
        data_prefix=dict(
            img_path='JPEGImages', seg_map_path='SegmentationClass'),
        data_root='data/synthvoc',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='LoadAnnotations'),
            dict(type='PackClsegInputs'),
        ],
        type='SynthVOCDataset'),
    num_workers=1,
    persistent_workers=True,
    sampler=dict(shuffle=False, type='DefaultSampler'))
test_evaluator = dict(
    iou_metrics=[
        'mIoU',
    ], type='ClsegIoUMetric')
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='PackClsegInputs'),
]
train_cfg = dict(max_iters=1500, type='IterBasedTrainLoop', val_interval=1500)
train_dataloader = dict(
    batch_size=16,
    dataset=dict(
        ann_file='ImageSets/Segmentation/train.txt',
        data_prefix=dict(
            img_path='JPEGImages', seg_map_path='SegmentationClass'),
        data_root='data/synthvoc',
        image_labels='image_labels.json',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='LoadAnnotations'),
            dict(prob=0.5, type='RandomFlip'),
            dict(type='PackClsegInputs'),
        ],
        type='SynthVOCDataset'),
    num_workers=1,
    persistent_workers=True,
    sampler=dict(shuffle=True, type='InfiniteSampler'))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(prob=0.5, type='RandomFlip'),
    dict(type='PackClsegInputs'),
]
vis_backends = [
    dict(type='LocalVisBackend'),
]
visualizer = dict(
    type='SegLocalVisualizer', vis_backends=[
        dict(type='LocalVisBackend'),
    ])
