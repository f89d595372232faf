# SIGN on a quarter-width ResNetV1c-18 (output stride 8) + PSP head as the encoder E: CPU-sized.
# Generator and discriminator widths are SIGN's divided by 4; feature_dim D = 32 (a multiple of 4 for SIM).
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
    type='SIGNSegmentor',
    data_preprocessor=data_preprocessor,
    backbone=backbone,
    decode_head=dict(type='PSPHead', in_channels=128, in_index=3, channels=32, pool_scales=(1, 2, 3, 6),
                     dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False,
                     init_cfg=head_init,
                     loss_decode=dict(type='CrossEntropyLoss', loss_weight=1.0)),  # unused: SIGN's own losses
    feature_dim=32, embed_dim=9,
    embeddings=dict(type='SynthVOCAttributeEmbeddings', path='attributes.npy'),
    use_sim=True, kl_weight=100.0, adv_weight=1.0, disc_hidden=256, encoder_grad_scale=0.5, max_pixels=1024,
    generator=dict(hidden=(256, 240, 216, 196, 180), dropout=0.5),
    mmd=dict(weight=50.0, estimator='cagnet', sigmas=(2, 5, 10, 20, 40, 60), grouping='class', form='released'),
    transfer=dict(unseen_factor=10.0, weight=0.125, cycle=(100, 1), pixels=2048),
    self_training=None,
    train_cfg=dict(), test_cfg=dict(mode='whole'))
find_unused_parameters = True  # each stage trains a subset of the parameters (DDP)
