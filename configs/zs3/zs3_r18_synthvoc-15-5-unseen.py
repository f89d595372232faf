# ZS3Net baseline, CPU-sized, SynthVOC 15/5 unseen, attribute embeddings; same encoder and stages as SIGN's demo.
_base_ = [
    '../_base_/models/sign_r18_cpu.py', '../_base_/datasets/synthvoc.py', '../_base_/schedules/adamw_cosine_cpu.py',
    '../_base_/scenarios/zeroshot_synthvoc-15-5.py', '../_base_/default_runtime.py'
]
plugins = ['zeroshot', 'zs3']
model = dict(_delete_=True, type='ZS3Segmentor', data_preprocessor={{_base_.model.data_preprocessor}},
             backbone={{_base_.model.backbone}}, decode_head={{_base_.model.decode_head}},
             feature_dim=32, embed_dim=9, embeddings=dict(type='SynthVOCAttributeEmbeddings'),
             generator=dict(hidden=(256,), dropout=0.5), unseen_weight=100.0, transfer=dict(pixels=2048),
             test_cfg=dict(mode='whole'))
train_cfg = dict(_delete_=True, type='StagedTrainLoop', stages=[
    dict(name='encoder', iters=600), dict(name='generator', iters=300),
    dict(name='transfer', iters=150)])
param_scheduler = []  # the stage loop restarts a poly decay in every stage
optim_wrapper = dict(_delete_=True, type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-3, betas=(0.5, 0.999)),
                     clip_grad=dict(max_norm=10.0))
