# PSPNet on a quarter-width ResNetV1c-18, output stride 8: CPU-sized.
_base_ = ['./r18-slim_cpu.py']
norm_cfg = {{_base_.norm_cfg}}
model = dict(
    type='ContinualSegmentor',
    data_preprocessor={{_base_.data_preprocessor}},
    backbone={{_base_.backbone}},
    decode_head=dict(
        type='PSPHead', in_channels=128, in_index=3, channels=32, pool_scales=(1, 2, 3, 6),
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False, init_cfg={{_base_.head_init}},
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    auxiliary_head=dict(
        type='FCNHead', in_channels=64, in_index=2, channels=16, num_convs=1, concat_input=False,
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False, init_cfg={{_base_.head_init}},
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=0.4)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
