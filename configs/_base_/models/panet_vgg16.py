# PANet (ICCV 2019) with PANet's VGG16 encoder (output stride 8, 512 channels). ImageNet weights: set
# model.pretrained (or backbone.weights) to a local torchvision VGG16 state dict; none = from scratch.
model = dict(
    type='PANet',
    data_preprocessor=dict(type='EpisodeDataPreProcessor', mean=[123.675, 116.28, 103.53],
                           std=[58.395, 57.12, 57.375], bgr_to_rgb=True),
    backbone=dict(type='PANetVGG16', weights=None),
    scale=20.0, align_weight=1.0)
