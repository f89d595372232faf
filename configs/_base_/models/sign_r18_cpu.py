# SIGN on a quarter-width ResNetV1c-18 (output stride 8) + PSP head as the encoder E: CPU-sized.
# Generator and discriminator widths are SIGN's divided by 4; feature_dim D = 32 (a multiple of 4 for SIM).
_base_ = ['./r18-slim_cpu.py']
norm_cfg = {{_base_.norm_cfg}}
model = dict(
    type='SIGNSegmentor',
    data_preprocessor={{_base_.data_preprocessor}},
    backbone={{_base_.backbone}},
    decode_head=dict(type='PSPHead', in_channels=128, in_index=3, channels=32, pool_scales=(1, 2, 3, 6),
                     dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False,
                     init_cfg={{_base_.head_init}},
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
