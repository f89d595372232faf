from mmengine.config import Config

from platform_core.scenario import task_length_overrides


def test_schedulers_ending_with_the_run_end_with_the_task_and_a_warm_up_keeps_its_end():
    cfg = Config(dict(train_cfg=dict(max_iters=1500), param_scheduler=[
        dict(type='LinearLR', begin=0, end=50), dict(type='CosineAnnealingLR', begin=0, end=1500)]))
    overrides = task_length_overrides(cfg, 200)
    assert overrides == {'train_cfg.max_iters': 200, 'train_cfg.val_interval': 200, 'param_scheduler': [
        dict(type='LinearLR', begin=0, end=50), dict(type='CosineAnnealingLR', begin=0, end=200)]}
    assert cfg.param_scheduler[1].end == 1500  # the config itself is not changed
