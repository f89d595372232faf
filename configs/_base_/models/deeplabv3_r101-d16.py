# DeepLabV3 (mmseg ASPPHead) on an ImageNet-pretrained ResNet-101, output stride 16: the MiB / PLOP paper model
# (theirs: InPlaceABN with leaky ReLU and an added image-pool branch; mmseg's ASPPHead is close, not identical).
# A method leaf sets the segmentor type (MiBSegmentor, PLOPSegmentor, FinetuneSegmentor).
norm_cfg = dict(type='SyncBN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor', mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True, pad_val=0, seg_pad_val=255, size=(512, 512))
model = dict(
    type='ContinualSegmentor',
    data_preprocessor=data_preprocessor,
    pretrained='data/pretrained/resnet101_v1c.pth',  # local ImageNet weights; no downloads
    backbone=dict(
        type='ResNetV1c', depth=101, num_stages=4, out_indices=(0, 1, 2, 3), dilations=(1, 1, 1, 2),
        strides=(1, 2, 2, 1), norm_cfg=norm_cfg, norm_eval=False, style='pytorch', contract_dilation=True),
    decode_head=dict(
        type='ASPPHead', in_channels=2048, in_index=3, channels=256, dilations=(1, 6, 12, 18),
        dropout_ratio=0.0, num_classes=21, norm_cfg=norm_cfg, align_corners=False,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
