# The CPU-sized encoder of the SynthVOC configs: a slim ResNetV1c-18 (half width), output stride 8, 256 output
# channels. Weights from attribute pretraining on separately generated SynthVOC images (the offline stand-in for
# ImageNet weights; `make pretrain` / tools/pretrain_backbone.py makes the file once). From scratch:
# --cfg-options model.backbone.init_cfg=None
pretrained = 'data/pretrained/resnet18-slim_synthvoc-attributes.pth'
norm_cfg = dict(type='BN', requires_grad=True)
data_preprocessor = dict(
    type='SegDataPreProcessor', mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True, pad_val=0, seg_pad_val=255, size=(128, 128))
backbone = dict(
    type='ResNetV1c', depth=18, stem_channels=32, base_channels=32, num_stages=4, out_indices=(0, 1, 2, 3),
    dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), norm_cfg=norm_cfg, norm_eval=False, style='pytorch',
    contract_dilation=True,
    init_cfg=dict(type='Pretrained', checkpoint=pretrained))
