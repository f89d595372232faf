# AE-PSL, CPU-sized: slim ResNetV1c-18 (output stride 8) for both the erasing classifier and the PSL
# segmentation network (PSPHead + GAP/fc classification branch).
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
    type='PSLSegmentor', data_preprocessor=data_preprocessor, backbone=backbone,
    cls_in_channels=128, cls_weight=1.0, ae_weight=1.0, psl_weight=1.0, test_prohibit_threshold=0.1,
    decode_head=dict(
        type='PSPHead', in_channels=128, in_index=3, channels=32, pool_scales=(1, 2, 3, 6), dropout_ratio=0.1,
        num_classes=21, norm_cfg=norm_cfg, align_corners=False, init_cfg=head_init,
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(), test_cfg=dict(mode='whole'))
aepsl = dict(
    classifier=dict(type='CAMClassifier', backbone=backbone, in_channels=128, num_classes=20,
                    cam_norm='minmax'),
    rounds=3, round_iters=150, top_fraction=0.2, erase_fill='dataset', bg_saliency=0.06,
    mined_min_saliency=0.06, mining_batch_size=32, grid_images=6, report_gt=True)
