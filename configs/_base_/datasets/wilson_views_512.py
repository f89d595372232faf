# WILSON's data views at 512 px (its train_transform and val_transform), for the paper-recipe configs on VOC
# and COCO; a leaf sets them as its dataloaders' pipelines.
# WILSON's training view (its train_transform): scale 0.5-2, 512 crop, flip; no colour jitter. mmseg's
# RandomResize + RandomCrop stand in for the authors' RandomResizedCrop(512, scale=(0.5, 2)). The WILSON configs
# use it: train_dataloader = dict(dataset=dict(pipeline=wilson_train_pipeline)).
wilson_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomResize', scale=(2048, 512), ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=(512, 512)),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackClsegInputs'),
]
# WILSON's evaluation (its val_transform): short side 512, centre crop 512, scored on that crop. The WILSON
# configs use it as their test pipeline: test_dataloader = dict(dataset=dict(pipeline=center_crop_test_pipeline)).
center_crop_test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='Resize', scale=(2048, 512), keep_ratio=True),  # short side 512 (VOC/COCO images are < 4:1)
    dict(type='CenterCrop', crop_size=512, auto_pad=True),  # pads with 255 (ignored) if a side is short
    dict(type='ResetOriShape'),
    dict(type='PackClsegInputs'),
]
