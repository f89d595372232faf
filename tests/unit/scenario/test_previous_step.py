"""What a class-incremental step takes from the one before: the checkpoint, the old channel count, a step lr."""
import pytest
from mmengine.config import Config

from platform_core.engine import RunLayout
from platform_core.errors import ConfigError, ScenarioError
from platform_core.scenario import Task, incremental_step_overrides, previous_step_overrides

STEP0 = Task(index=0, name='step 0', classes=tuple(range(16)), new_classes=tuple(range(16)), old_classes=(),
             supervision='pixel')
STEP1 = Task(index=1, name='step 1', classes=tuple(range(21)), new_classes=tuple(range(16, 21)),
             old_classes=tuple(range(16)), supervision='pixel')


def _run(tmp_path, **extra) -> Config:
    (tmp_path / 'task_0').mkdir(parents=True)
    (tmp_path / 'task_0' / 'iter_8.pth').write_bytes(b'')
    (tmp_path / 'task_0' / 'last_checkpoint').write_text(str(tmp_path / 'task_0' / 'iter_8.pth'))
    return Config(dict(work_dir=str(tmp_path), **extra))


def test_step_0_takes_nothing_and_step_1_the_previous_checkpoint_and_class_count(tmp_path):
    cfg = _run(tmp_path)
    assert previous_step_overrides(cfg, STEP0, RunLayout(tmp_path)) is None
    out = previous_step_overrides(cfg, STEP1, RunLayout(tmp_path))
    assert out['model.init_from'].endswith('task_0/iter_8.pth') and out['model.num_old_classes'] == 16


def test_a_step_evaluated_from_its_own_checkpoint_needs_no_earlier_step(tmp_path):
    cfg = Config(dict(work_dir=str(tmp_path), load_from='step1.pth'))
    assert previous_step_overrides(cfg, STEP1, RunLayout(tmp_path))['model.init_from'] is None
    with pytest.raises(ScenarioError, match='has no checkpoint'):
        previous_step_overrides(Config(dict(work_dir=str(tmp_path))), STEP1, RunLayout(tmp_path))


def test_a_methods_lr_section_sets_the_lr_of_steps_after_the_first(tmp_path):
    cfg = _run(tmp_path, mib=dict(lr=1e-3))
    assert incremental_step_overrides(cfg, STEP1, RunLayout(tmp_path), 'mib')['optim_wrapper.optimizer.lr'] == 1e-3
    assert incremental_step_overrides(cfg, STEP0, RunLayout(tmp_path), 'mib') is None
    assert 'optim_wrapper.optimizer.lr' not in incremental_step_overrides(_run(tmp_path / 'b'), STEP1,
                                                                          RunLayout(tmp_path / 'b'), 'mib')


def test_an_unknown_key_in_the_section_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"`plop` has unknown keys \['lr_mult'\]"):
        incremental_step_overrides(_run(tmp_path, plop=dict(lr_mult=0.1)), STEP1, RunLayout(tmp_path), 'plop')
