# SIGN as released: DeepLab-v2-style encoder (dilated ResNetV1c-101 + ASPP) giving D = 600 features, the
# embedding size of word2vec ++ fastText. Local ImageNet weights only; embeddings from a user file.
norm_cfg = dict(type='SyncBN', requires_grad=True)
model = dict(
    type='SIGNSegmentor',
    data_preprocessor=dict(type='SegDataPreProcessor', mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
                           bgr_to_rgb=True, pad_val=0, seg_pad_val=255, size=(512, 512)),
    pretrained='data/pretrained/resnet101_v1c.pth',
    backbone=dict(type='ResNetV1c', depth=101, num_stages=4, out_indices=(0, 1, 2, 3), dilations=(1, 1, 2, 4),
                  strides=(1, 2, 1, 1), norm_cfg=norm_cfg, norm_eval=False, style='pytorch', contract_dilation=True),
    decode_head=dict(type='ASPPHead', in_channels=2048, in_index=3, channels=512, dilations=(1, 6, 12, 18),
                     dropout_ratio=0.1, num_classes=21, norm_cfg=norm_cfg, align_corners=False,
                     loss_decode=dict(type='CrossEntropyLoss', loss_weight=1.0)),  # unused: SIGN's own losses
    feature_dim=600, embed_dim=600,
    # {class name: 600-d vector} (word2vec ++ fastText, as SPNet/CaGNet/SIGN), relative to the data root
    embeddings=dict(type='FileEmbeddings', path='embeddings/word2vec_fasttext.pkl'),
    use_sim=True, kl_weight=100.0, adv_weight=1.0, disc_hidden=1024, encoder_grad_scale=0.5, max_pixels=4096,
    generator=dict(hidden=(1024, 960, 864, 784, 720), dropout=0.5),
    mmd=dict(weight=50.0, estimator='cagnet', sigmas=(2, 5, 10, 20, 40, 60), grouping='class', form='released'),
    transfer=dict(unseen_factor=10.0, weight=0.125, cycle=(100, 1), pixels=16384),
    self_training=dict(temperature=5.0),
    train_cfg=dict(), test_cfg=dict(mode='whole'))
find_unused_parameters = True
