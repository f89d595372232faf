# WILSON (CVPR 2022) on the CPU-sized DeepLabV3 R18: BCE base step, localizer from step 1 on.
_base_ = ['./wilson_deeplabv3_r18-d8_cpu.py']
model = dict(
    type='WILSONSegmentor', localizer_channels=64, seg_start_iter=50, alpha=0.5,
    pamr_iters=10, pamr_dilations=(1, 2, 4, 8, 12))
# Steps > 0 (set by the plugin): backbone lr, head/classifier x10, localizer lr; constant lr until
# seg_start_iter, then poly.
# The paper's SGD values (1e-3, x10, 1e-2 against 1e-2 at step 0) scaled to the CPU schedule's AdamW 4e-3.
wilson = dict(lr=4e-4, head_lr_mult=10.0, localizer_lr=4e-3)
