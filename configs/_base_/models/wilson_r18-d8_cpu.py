# WILSON (CVPR 2022) on the CPU-sized DeepLabV3 R18 (the segmentor of wilson_deeplabv3_r18-d8_cpu.py with
# WILSON's parts): BCE base step, localizer from step 1 on.
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
    type='WILSONSegmentor',
    data_preprocessor=data_preprocessor,
    backbone=backbone,
    decode_head=dict(
        type='ASPPHead', in_channels=128, in_index=3, channels=32, dilations=(1, 2, 4, 6),
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False,
        # the BCE base step's classifier starts at the class prior (bias -log(20), sigmoid 1/21) instead of 0.5
        # for every class; weights keep PyTorch's default. 600 base iterations reached 18.9 mIoU so, 12.8
        # without (BENCHMARKS.md, "cpu-regime")
        init_cfg=dict(type='Kaiming', layer=[], override=dict(
            type='Kaiming', name='conv_seg', a=5**0.5, mode='fan_in', nonlinearity='leaky_relu',
            distribution='uniform', bias_prob=1 / 21)),
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    localizer_channels=64, seg_start_iter=50, alpha=0.5, pamr_iters=10, pamr_dilations=(1, 2, 4, 8, 12),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
# Steps > 0 (set by the plugin): backbone lr, head/classifier x10, localizer lr; constant lr until
# seg_start_iter, then poly.
# The paper's SGD values (1e-3, x10, 1e-2 against 1e-2 at step 0) scaled to the CPU schedule's AdamW 4e-3.
wilson = dict(lr=4e-4, head_lr_mult=10.0, localizer_lr=4e-3)
