# PSPNet on a slim ResNetV1c-18 (half width), output stride 8: CPU-sized.
# Backbone weights from attribute pretraining on separately generated SynthVOC images (the offline stand-in
# for ImageNet weights; `make pretrain` / tools/pretrain_backbone.py makes the file once). From scratch:
# --cfg-options model.backbone.init_cfg=None
pretrained = 'data/pretrained/resnet18-slim_synthvoc-attributes.pth'
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor', mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True, pad_val=0, seg_pad_val=255, size=(128, 128))
model = dict(
    type='ContinualSegmentor',
    data_preprocessor=data_preprocessor,
    backbone=dict(
        type='ResNetV1c', depth=18, stem_channels=32, base_channels=32, num_stages=4,
        out_indices=(0, 1, 2, 3), dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1),
        norm_cfg=norm_cfg, norm_eval=False, style='pytorch', contract_dilation=True,
        init_cfg=dict(type='Pretrained', checkpoint=pretrained)),
    decode_head=dict(
        type='PSPHead', in_channels=256, in_index=3, channels=64, pool_scales=(1, 2, 3, 6),
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    auxiliary_head=dict(
        type='FCNHead', in_channels=128, in_index=2, channels=32, num_convs=1, concat_input=False,
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=0.4)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
