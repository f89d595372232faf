# ZS3Net on Pascal VOC, ZS3 protocol (background seen, images with unseen classes dropped), 2 unseen classes
# (cow, motorbike). Needs the VOC data, local resnet101_v1c weights and a 600-d embedding file that also holds
# 'background'. The -4/-6/-8/-10 leaves change only the unseen list.
_base_ = [
    '../_base_/models/sign_r101-d8.py', '../_base_/datasets/voc12aug.py', '../_base_/schedules/schedule_20k.py',
    '../_base_/scenarios/zeroshot_voc-zs3.py', '../_base_/default_runtime.py'
]
plugins = ['zeroshot', 'zs3']
scenario = dict(unseen='zs3-2')
model = dict(_delete_=True, type='ZS3Segmentor', data_preprocessor={{_base_.model.data_preprocessor}},
             pretrained='data/pretrained/resnet101_v1c.pth', backbone={{_base_.model.backbone}},
             decode_head={{_base_.model.decode_head}}, feature_dim=600, embed_dim=600,
             embeddings=dict(type='FileEmbeddings', path='embeddings/word2vec_fasttext.pkl'),
             generator=dict(hidden=(256,), dropout=0.5), unseen_weight=100.0, max_pixels=4096,
             transfer=dict(pixels=16384), test_cfg=dict(mode='whole'))
train_cfg = dict(_delete_=True, type='StagedTrainLoop', stages=[
    dict(name='encoder', iters=20000), dict(name='generator', iters=10000, lr_mult=0.1),
    dict(name='transfer', iters=2000, lr_mult=0.1, poly=False)])
param_scheduler = []
