# SIGN on Pascal VOC 15/5 (SPNet protocol: background ignored, pottedplant/sheep/sofa/train/tv unseen) with
# annealed self-training. Needs the VOC data, local resnet101_v1c weights and the embedding file.
_base_ = [
    '../_base_/models/sign_r101-d8.py', '../_base_/datasets/voc12aug.py', '../_base_/schedules/schedule_20k.py',
    '../_base_/scenarios/zeroshot_voc-15-5.py', '../_base_/default_runtime.py'
]
plugins = ['zeroshot', 'sign']
scenario = dict(transductive=True)
train_cfg = dict(_delete_=True, type='StagedTrainLoop', stages=[
    dict(name='encoder', iters=20000), dict(name='generator', iters=10000, lr_mult=0.1),
    dict(name='transfer', iters=2020, lr_mult=0.1, poly=False), dict(name='self_training', iters=5000, lr_mult=0.1)])
param_scheduler = []
