# DeepLabV3 (mmseg ASPPHead) on a quarter-width ResNetV1c-18, output stride 8: CPU-sized. The
# plain segmentor shared by WILSON (wilson_r18-d8_cpu.py), fine-tune and joint baselines of issue 4.
_base_ = ['./r18-slim_cpu.py']
norm_cfg = {{_base_.norm_cfg}}
model = dict(
    type='ContinualSegmentor',
    data_preprocessor={{_base_.data_preprocessor}},
    backbone={{_base_.backbone}},
    decode_head=dict(
        type='ASPPHead', in_channels=128, in_index=3, channels=32, dilations=(1, 2, 4, 6),
        dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False, init_cfg={{_base_.head_init}},
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
