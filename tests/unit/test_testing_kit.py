"""The test kit shrinks configs the way plugin authors' tests rely on."""
from platform_core.testing import drop_pretrained, tiny_config

CONFIG = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'


def shrink(tmp_path, **kwargs):
    return tiny_config(CONFIG, data_root=tmp_path, work_dir=tmp_path / 'run', **kwargs)


def test_one_checkpoint_at_the_last_iteration_by_default(tmp_path):
    assert shrink(tmp_path, max_iters=3).default_hooks.checkpoint.interval == 3


def test_checkpoint_follows_max_iters_set_through_options(tmp_path):
    cfg = shrink(tmp_path, max_iters=1, options={'train_cfg.max_iters': 4})
    assert cfg.default_hooks.checkpoint.interval == 4


def test_explicit_checkpoint_interval_wins(tmp_path):
    assert shrink(tmp_path, max_iters=4, checkpoint_interval=2).default_hooks.checkpoint.interval == 2
    cfg = shrink(tmp_path, max_iters=4, options={'default_hooks.checkpoint.interval': 1})
    assert cfg.default_hooks.checkpoint.interval == 1


def test_pretrained_weights_are_dropped_and_other_inits_kept():
    node = dict(pretrained='w.pth', backbone=dict(init_cfg=dict(type='Pretrained', checkpoint='w.pth')),
                neck=dict(init_cfg=dict(type='Kaiming')), heads=[dict(pretrained='w.pth', channels=4)])
    drop_pretrained(node)
    assert node == dict(backbone=dict(), neck=dict(init_cfg=dict(type='Kaiming')), heads=[dict(channels=4)])
