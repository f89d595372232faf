"""WILSON's per-step overrides: teacher checkpoint, learning rates, and when L_SEG / L_SSS start."""
import pytest
from mmengine.config import Config

from platform_core.engine import RunLayout
from platform_core.errors import ConfigError
from platform_core.scenario import Task
from plugins.wilson.schedule import step_overrides

STEP1 = Task(index=1, name='15-5 step 1', classes=tuple(range(21)), new_classes=tuple(range(16, 21)),
             old_classes=tuple(range(16)), supervision='image')


def config(tmp_path, max_iters=100, **extra) -> Config:
    (tmp_path / 'task_0').mkdir()
    (tmp_path / 'task_0' / 'iter_8.pth').write_bytes(b'')
    (tmp_path / 'task_0' / 'last_checkpoint').write_text(str(tmp_path / 'task_0' / 'iter_8.pth'))
    return Config(dict(work_dir=str(tmp_path), model=dict(seg_start_iter=30), train_cfg=dict(max_iters=max_iters),
                       **extra))


def test_step_1_starts_from_step_0_with_per_group_lrs(tmp_path):
    out = step_overrides(config(tmp_path), STEP1, RunLayout(tmp_path))
    assert out['model.init_from'].endswith('task_0/iter_8.pth') and out['model.num_old_classes'] == 16
    assert out['optim_wrapper.optimizer.lr'] == 1e-3
    assert out['optim_wrapper.paramwise_cfg']['custom_keys'] == {'decode_head': dict(lr_mult=10.0),
                                                                  'localizer': dict(lr_mult=10.0)}
    assert out['model.seg_start_iter'] == 30 and out['param_scheduler'][0]['begin'] == 30


def test_seg_start_epoch_follows_the_steps_epoch_length(tmp_path):
    cfg = config(tmp_path, 3575, wilson=dict(seg_start_epoch=5), epoch_iters=2145 / 24)  # VOC 15-5 step 1, 40 epochs
    out = step_overrides(cfg, STEP1, RunLayout(tmp_path))
    assert out['model.seg_start_iter'] == 447 and out['param_scheduler'][0]['begin'] == 447


def test_seg_start_epoch_needs_a_step_in_epochs(tmp_path):
    with pytest.raises(ConfigError, match='give the scenario train_epochs'):
        step_overrides(config(tmp_path, wilson=dict(seg_start_epoch=5)), STEP1, RunLayout(tmp_path))


@pytest.mark.parametrize('scenario', [dict(setting='15-1'), dict(setting='10-1'),
                                      dict(tasks=[list(range(16)), [16, 17], [18]])])
def test_single_class_steps_are_refused_before_step_0_trains(tmp_path, scenario):
    step0 = Task(index=0, name='step 0', classes=tuple(range(16)), new_classes=tuple(range(16)), old_classes=(),
                 supervision='pixel')
    with pytest.raises(ConfigError, match='wilson cannot learn single-class steps'):
        step_overrides(config(tmp_path, scenario=dict(type='ClassIncremental', **scenario)), step0,
                       RunLayout(tmp_path))


def test_an_unknown_wilson_key_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"`wilson` has unknown keys \['seg_start'\]"):
        step_overrides(config(tmp_path, wilson=dict(seg_start=5)), STEP1, RunLayout(tmp_path))
