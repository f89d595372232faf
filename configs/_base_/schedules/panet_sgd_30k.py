# PANet's schedule: SGD lr 1e-3, momentum 0.9, wd 5e-4, 1 episode per batch, 30k iterations, x0.1 at 10k, 20k.
optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4))
param_scheduler = [dict(type='MultiStepLR', milestones=[10000, 20000], gamma=0.1, by_epoch=False)]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=30000, val_interval=30000)
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=10000, max_keep_ckpts=3, save_last=True),
    sampler_seed=dict(type='DistSamplerSeedHook'))
