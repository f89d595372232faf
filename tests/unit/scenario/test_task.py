"""Task (frozen data), the Scenario protocol and the num_classes overrides of heads.py."""
import dataclasses

import pytest
from mmengine.config import Config

from platform_core.errors import ScenarioError
from platform_core.hookspecs import SUPERVISION_KINDS
from platform_core.scenario.heads import num_classes_overrides
from platform_core.scenario.task import Scenario, Task


def _task(**kwargs) -> Task:
    args = dict(index=1, name='15-5 step 1', classes=(0, 1, 2, 3), new_classes=(2, 3), old_classes=(0, 1))
    args.update(kwargs)
    return Task(**args)


@pytest.mark.parametrize('supervision', SUPERVISION_KINDS)
def test_task_accepts_every_supervision_kind(supervision):
    assert _task(supervision=supervision).supervision == supervision


def test_task_defaults_are_pixel_supervision_evaluated_no_extra():
    task = Task(index=0, name='t0', classes=(0, 1), new_classes=(0, 1))
    assert (task.old_classes, task.supervision, task.evaluate, task.extra) == ((), 'pixel', True, ())


def test_task_rejects_unknown_supervision():
    with pytest.raises(ScenarioError, match=r"task '15-5 step 1': supervision 'weak' is not one of"):
        _task(supervision='weak')


def test_task_rejects_new_classes_outside_its_classes():
    with pytest.raises(ScenarioError, match=r"task '15-5 step 1': new classes \(2, 4\) are not all in "
                                            r"its classes \(0, 1, 2, 3\)"):
        _task(new_classes=(2, 4))


def test_task_is_frozen():
    task = _task()
    with pytest.raises(dataclasses.FrozenInstanceError):
        task.index = 2  # type: ignore[misc]


def test_task_is_hashable_and_equal_by_value():
    assert _task() == _task() and hash(_task()) == hash(_task())
    assert _task() != _task(index=2)


def test_get_reads_extra_with_default():
    task = _task(extra=(('mode', 'overlap'), ('unseen', (4, 5))))
    assert task.get('mode') == 'overlap'
    assert task.get('unseen') == (4, 5)
    assert task.get('missing') is None
    assert task.get('missing', 'x') == 'x'


def test_as_dict_has_lists_and_leaves_out_extra():
    task = _task(supervision='image', evaluate=False, extra=(('mode', 'disjoint'),))
    assert task.as_dict() == dict(index=1, name='15-5 step 1', classes=[0, 1, 2, 3], new_classes=[2, 3],
                                  old_classes=[0, 1], supervision='image', evaluate=False)


class _TwoTasks:
    num_tasks = 2

    def task(self, index):
        return _task(index=index)

    def configure(self, cfg, task):
        return {}


class _NoConfigure:
    num_tasks = 1

    def task(self, index):
        return _task(index=index)


def test_scenario_protocol_is_structural():
    """An object with num_tasks, task() and configure() is a Scenario; one without configure() is not."""
    assert isinstance(_TwoTasks(), Scenario)
    assert not isinstance(_NoConfigure(), Scenario)


# ---- heads.num_classes_overrides ------------------------------------------------------------------

def test_overrides_decode_head_only():
    cfg = Config(dict(model=dict(type='EncoderDecoder', decode_head=dict(type='PSPHead', num_classes=21))))
    assert num_classes_overrides(cfg, 16) == {'model.decode_head.num_classes': 16}


def test_overrides_decode_and_single_auxiliary_head():
    cfg = Config(dict(model=dict(decode_head=dict(num_classes=21), auxiliary_head=dict(num_classes=21))))
    assert num_classes_overrides(cfg, 16) == {'model.decode_head.num_classes': 16,
                                              'model.auxiliary_head.num_classes': 16}


def test_overrides_replace_auxiliary_head_list_keeping_other_keys():
    cfg = Config(dict(model=dict(decode_head=dict(num_classes=21),
                                 auxiliary_head=[dict(type='FCNHead', num_classes=21, in_index=2),
                                                 dict(type='FCNHead', num_classes=21, in_index=3)])))
    overrides = num_classes_overrides(cfg, 16)
    assert overrides == {'model.decode_head.num_classes': 16,
                         'model.auxiliary_head': [dict(type='FCNHead', num_classes=16, in_index=2),
                                                  dict(type='FCNHead', num_classes=16, in_index=3)]}
    assert [h['num_classes'] for h in cfg.model.auxiliary_head] == [21, 21], 'cfg must not be mutated'


def test_overrides_merge_into_config():
    """The dotted keys are valid for Config.merge_from_dict and set every head."""
    cfg = Config(dict(model=dict(decode_head=dict(num_classes=21),
                                 auxiliary_head=[dict(num_classes=21), dict(num_classes=21)])))
    cfg.merge_from_dict(num_classes_overrides(cfg, 6))
    assert cfg.model.decode_head.num_classes == 6
    assert [h['num_classes'] for h in cfg.model.auxiliary_head] == [6, 6]


@pytest.mark.parametrize('cfg', [{}, dict(model=dict(type='X')), dict(model=dict(auxiliary_head=None))])
def test_overrides_empty_without_heads(cfg):
    assert num_classes_overrides(cfg, 3) == {}
