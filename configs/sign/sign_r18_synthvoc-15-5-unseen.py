# SIGN, CPU-sized, SynthVOC 15/5 unseen, attribute embeddings (9-d). Used by `make demo`.
_base_ = [
    '../_base_/models/sign_r18_cpu.py', '../_base_/datasets/synthvoc.py', '../_base_/schedules/adamw_cosine_cpu.py',
    '../_base_/scenarios/zeroshot_synthvoc-15-5.py', '../_base_/default_runtime.py'
]
plugins = ['zeroshot', 'sign']
train_cfg = dict(_delete_=True, type='StagedTrainLoop', stages=[
    dict(name='encoder', iters=600), dict(name='generator', iters=300),
    dict(name='transfer', iters=150)])
param_scheduler = []  # the stage loop restarts a poly decay in every stage
# Adam (SIGN trains G and D with Adam); one optimizer for every part, the stages scale its lr.
optim_wrapper = dict(_delete_=True, type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-3, betas=(0.5, 0.999)),
                     clip_grad=dict(max_norm=10.0))
model = dict(transfer=dict(cycle=(3, 1)))  # CPU-sized: 3 generated-feature steps, then 1 real-feature step
