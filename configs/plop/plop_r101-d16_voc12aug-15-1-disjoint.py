# PLOP (Douillard et al., CVPR 2021) paper recipe, Pascal VOC 15-1 disjoint: batch 24 (2 GPUs x 12), 30 epochs per
# step over the step's own images, SGD lr 0.01 at step 0 and 0.001 after, poly 0.9; 512 crops, centre-crop eval.
_base_ = [
    '../_base_/models/deeplabv3_r101-d16.py', '../_base_/datasets/voc12aug.py',
    '../_base_/datasets/wilson_views_512.py',
    '../_base_/schedules/sgd_poly_incremental.py', '../_base_/scenarios/incremental_15-1-disjoint.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'plop']
model = dict(type='PLOPSegmentor')
scenario = dict(supervision='pixel', train_epochs=[30] * 6)
plop = dict(lr=0.001)
train_dataloader = dict(batch_size=12, dataset=dict(pipeline={{_base_.wilson_train_pipeline}}))
test_dataloader = dict(dataset=dict(pipeline={{_base_.center_crop_test_pipeline}}))
env_cfg = dict(dist_cfg=dict(backend='nccl'))
