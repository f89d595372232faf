# PANet on a quarter-width ResNetV1c-18 (output stride 8, 128 channels): CPU-sized, from scratch (the
# plugin README's 4-fold table was measured so). The pretrained CPU backbone of the other methods:
# --cfg-options model.pretrained=data/pretrained/resnet18-slim_synthvoc-attributes.pth
model = dict(
    type='PANet',
    data_preprocessor=dict(type='EpisodeDataPreProcessor', mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375], bgr_to_rgb=True),
    backbone=dict(
        type='ResNetV1c', depth=18, stem_channels=16, base_channels=16, num_stages=4, out_indices=(3, ),
        dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), norm_cfg=dict(type='BN', requires_grad=True),
        norm_eval=False, style='pytorch', contract_dilation=True),
    scale=20.0, align_weight=1.0)
