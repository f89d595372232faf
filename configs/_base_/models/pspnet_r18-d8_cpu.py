# PSPNet on a quarter-width ResNetV1c-18, output stride 8: CPU-sized.
#
# The CPU-sized encoder of the SynthVOC configs: a quarter-width ResNetV1c-18 (stem and base 16 channels),
# output stride 8 (8x8 features on SynthVOC's 64x64 images), 128 output channels, starting from the
# attribute-pretrained weights (`make pretrain`, tools/pretrain_backbone.py: shapes and textures of a separately
# generated SynthVOC, never a class label or a mask), the stand-in for the ImageNet weights the real configs load.
# With them the CPU PSPNet reached 66.3 mIoU in 1,000 iterations, against 35.0 from scratch (BENCHMARKS.md,
# "cpu-regime"). From scratch: a config setting backbone.init_cfg to `scratch_init` below.
pretrained_backbone = 'data/pretrained/resnet18-slim_synthvoc-attributes.pth'
# PyTorch's default conv init (Kaiming uniform, a = sqrt(5)) instead of mmseg's ResNet default (Kaiming fan-out
# normal, zero-initialised residual BN): the from-scratch backbone; see head_init below
scratch_init = dict(type='Kaiming', layer='Conv2d', a=5**0.5, mode='fan_in', nonlinearity='leaky_relu',
                    distribution='uniform')
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor', mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True, pad_val=0, seg_pad_val=255, size=(64, 64))
backbone = dict(
    type='ResNetV1c', depth=18, stem_channels=16, base_channels=16, num_stages=4, out_indices=(0, 1, 2, 3),
    dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), norm_cfg=norm_cfg, norm_eval=False, style='pytorch',
    contract_dilation=True, zero_init_residual=False,
    init_cfg=dict(type='Pretrained', checkpoint=pretrained_backbone))
# Heads keep PyTorch's default init too (`init_cfg=head_init`): mmseg's Normal(std=0.01) on the classifier
# conv_seg made the AdamW runs here learn about 2.5x slower from scratch (BENCHMARKS.md, "CPU regime").
head_init = None
model = dict(
    type='ContinualSegmentor',
    data_preprocessor=data_preprocessor,
    backbone=backbone,
    decode_head=dict(
        type='PSPHead', in_channels=128, in_index=3, channels=32, pool_scales=(1, 2, 3, 6),
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False, init_cfg=head_init,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    auxiliary_head=dict(
        type='FCNHead', in_channels=64, in_index=2, channels=16, num_convs=1, concat_input=False,
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False, init_cfg=head_init,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=0.4)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
