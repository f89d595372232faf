# AE-PSL, CPU-sized: slim ResNetV1c-18 (output stride 8) for both the erasing classifier and the PSL
# segmentation network (PSPHead + GAP/fc classification branch).
_base_ = ['./r18-slim_cpu.py']
norm_cfg = {{_base_.norm_cfg}}
model = dict(
    type='PSLSegmentor', data_preprocessor={{_base_.data_preprocessor}}, backbone={{_base_.backbone}},
    cls_in_channels=128, cls_weight=1.0, ae_weight=1.0, psl_weight=1.0, test_prohibit_threshold=0.1,
    decode_head=dict(
        type='PSPHead', in_channels=128, in_index=3, channels=32, pool_scales=(1, 2, 3, 6), dropout_ratio=0.1,
        num_classes=21, norm_cfg=norm_cfg, align_corners=False, init_cfg={{_base_.head_init}},
        loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)),
    train_cfg=dict(), test_cfg=dict(mode='whole'))
aepsl = dict(
    classifier=dict(type='CAMClassifier', backbone={{_base_.backbone}}, in_channels=128, num_classes=20,
                    cam_norm='minmax'),
    rounds=3, round_iters=150, top_fraction=0.2, erase_fill='dataset', bg_saliency=0.06,
    mined_min_saliency=0.06, mining_batch_size=32, grid_images=6, report_gt=True)
