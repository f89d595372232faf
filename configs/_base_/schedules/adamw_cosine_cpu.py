# CPU schedule for SynthVOC from scratch (BENCHMARKS.md, "CPU regime"): AdamW 4e-3, a cosine decay to 1% over the run
# times a linear warm-up over its first 50 iterations (mmengine chains the two; a run shorter than 50 is fine), bfloat16 autocast (float32 weights and optimizer state), one
# evaluation at the end (run by the continual runner). A leaf with another max_iters sets the cosine's `end`
# too; scenarios with per-task lengths move an `end` equal to max_iters themselves.
max_iters = 1500
optim_wrapper = dict(type='BF16OptimWrapper', optimizer=dict(type='AdamW', lr=4e-3, weight_decay=1e-2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, begin=0, end=50, by_epoch=False),
    dict(type='CosineAnnealingLR', eta_min=4e-5, begin=0, end=max_iters, by_epoch=False)]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=max_iters, val_interval=max_iters)
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=100, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=max_iters, max_keep_ckpts=1, save_last=True),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'))
