# WILSON's paper model: DeepLabV3 (mmseg ASPPHead) on an ImageNet-pretrained ResNet-101, output stride 16
# (deeplabv3_r101-d16.py, with the head's dropout 0.1 as WILSON's code) plus WILSON's parts.
_base_ = ['./deeplabv3_r101-d16.py']
model = dict(
    type='WILSONSegmentor',
    decode_head=dict(dropout_ratio=0.1),
    localizer_channels=256, seg_start_iter=300, alpha=0.5, pamr_iters=10, pamr_dilations=(1, 2, 4, 8, 12))
# Steps > 0: the wilson plugin's defaults (plugins/wilson/schedule.py: backbone lr 1e-3, decode head incl.
# classifier x10, localizer 1e-2, constant until seg_start_iter, then poly 0.9) are the paper's.
