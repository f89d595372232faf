# DeepLabV3 (mmseg ASPPHead) on a quarter-width ResNetV1c-18, output stride 8: CPU-sized. The
# plain segmentor shared by WILSON (wilson_r18-d8_cpu.py), fine-tune and joint baselines of issue 4.
# The CPU encoder (the same in every SynthVOC model fragment; why it is so: pspnet_r18-d8_cpu.py): a quarter-width
# ResNetV1c-18, output stride 8, from the attribute-pretrained weights of `make pretrain`.
pretrained_backbone = 'data/pretrained/resnet18-slim_synthvoc-attributes.pth'
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
head_init = None
model = dict(
    type='ContinualSegmentor',
    data_preprocessor=data_preprocessor,
    backbone=backbone,
    decode_head=dict(
        type='ASPPHead', in_channels=128, in_index=3, channels=32, dilations=(1, 2, 4, 6),
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False, init_cfg=head_init,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
