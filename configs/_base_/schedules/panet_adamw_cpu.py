# CPU episodic schedule for SynthVOC from scratch: the CPU regime's AdamW (BENCHMARKS.md, "CPU regime"), cosine decay
# times a 50-iteration linear warm-up, bfloat16 autocast. PANet's own SGD 1e-3 assumes ImageNet weights.
max_iters = 600
optim_wrapper = dict(type='BF16OptimWrapper', optimizer=dict(type='AdamW', lr=2e-3, weight_decay=1e-2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, begin=0, end=50, by_epoch=False),
    dict(type='CosineAnnealingLR', eta_min=2e-5, begin=0, end=max_iters, by_epoch=False)]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters, val_interval=max_iters)
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=100, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=max_iters, max_keep_ckpts=1, save_last=True),
    sampler_seed=dict(type='DistSamplerSeedHook'))
