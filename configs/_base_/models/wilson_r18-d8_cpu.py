# WILSON (CVPR 2022) on the CPU-sized DeepLabV3 R18: BCE base step, localizer from step 1 on.
_base_ = ['./wilson_deeplabv3_r18-d8_cpu.py']
model = dict(
    type='WILSONSegmentor', localizer_channels=64, seg_start_iter=50, alpha=0.5,
    pamr_iters=10, pamr_dilations=(1, 2, 4, 8, 12))
# Steps > 0 (set by the plugin): backbone lr, head/classifier x10, localizer lr; constant lr until
# seg_start_iter, then poly.
wilson = dict(lr=1e-3, head_lr_mult=10.0, localizer_lr=1e-2)
