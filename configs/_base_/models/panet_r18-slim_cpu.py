# PANet on a quarter-width ResNetV1c-18 (output stride 8, 128 channels): CPU-sized, from the attribute-pretrained
# weights every CPU config starts from (r18-slim_cpu.py; `make pretrain`), as PANet starts from ImageNet's.
model = dict(
    type='PANet',
    data_preprocessor=dict(type='EpisodeDataPreProcessor', mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375], bgr_to_rgb=True),
    backbone=dict(
        type='ResNetV1c', depth=18, stem_channels=16, base_channels=16, num_stages=4, out_indices=(3, ),
        dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), norm_cfg=dict(type='BN', requires_grad=True),
        norm_eval=False, style='pytorch', contract_dilation=True,
        init_cfg=dict(type='Pretrained', checkpoint='data/pretrained/resnet18-slim_synthvoc-attributes.pth')),
    scale=20.0, align_weight=1.0)
