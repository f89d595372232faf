"""state.json: JSON conversion of metrics and the RunState save/load round trip."""
import json
import math

import numpy as np
import pytest
import torch

from platform_core.engine.state import STATE_VERSION, RunState, to_jsonable
from platform_core.errors import ConfigError


@pytest.mark.parametrize('obj, expected', [
    (np.float32(79.67), 79.67),                   # float32 rounded to 4 decimals, not 79.66999816894531
    (np.float64(1 / 3), 0.3333),
    (np.float32('nan'), None),
    (float('nan'), None),
    (np.int64(3), 3),
    (torch.tensor(7), 7),
    (np.array(2.5), 2.5),                         # 0-d array
    (np.array([1.0, np.nan]), [1.0, None]),
    ((1, (2, 3)), [1, [2, 3]]),                   # tuples to lists, recursively
    ({'a': {'b': np.float32(0.5)}, 3: (np.float32('nan'),)}, {'a': {'b': 0.5}, '3': [None]}),
    ('text', 'text'),
    (None, None),
    (True, True),
    (1.23456789, 1.23456789),                     # python floats are left as they are
])
def test_to_jsonable(obj, expected):
    assert to_jsonable(obj) == expected


def test_to_jsonable_gives_plain_python_types():
    out = to_jsonable({'mIoU': np.float32(44.44), 'n': np.int64(2), 'per_class': {'cat': np.float64('nan')}})
    assert type(out['mIoU']) is float and type(out['n']) is int and out['per_class']['cat'] is None
    assert json.loads(json.dumps(out)) == out


def test_fresh_state_when_no_file(tmp_path):
    state = RunState.load(tmp_path, num_tasks=3, scenario='joint')
    assert (state.num_tasks, state.scenario, state.completed, state.next_task) == (3, 'joint', [], 0)


def test_save_load_round_trip(tmp_path):
    completed = [{'task': {'index': 0, 'name': 't0'}, 'metrics': {'mIoU': 50.0, 'per_class_iou': {'a': None}}}]
    RunState(num_tasks=2, scenario='joint', completed=completed).save(tmp_path / 'run')
    data = json.loads((tmp_path / 'run' / 'state.json').read_text())
    assert data == dict(version=STATE_VERSION, num_tasks=2, scenario='joint', completed=completed)
    loaded = RunState.load(tmp_path / 'run', num_tasks=2, scenario='joint')
    assert loaded == RunState(num_tasks=2, scenario='joint', completed=completed)
    assert loaded.next_task == 1


def test_next_task_counts_completed_entries():
    state = RunState(num_tasks=3, scenario='joint')
    state.completed.append({'task': {'index': 0}})
    state.completed.append({'task': {'index': 1}})
    assert state.next_task == 2


def test_default_completed_lists_are_not_shared():
    a, b = RunState(num_tasks=1, scenario='s'), RunState(num_tasks=1, scenario='s')
    a.completed.append(1)
    assert b.completed == []


@pytest.mark.parametrize('num_tasks, scenario', [(2, 'other'), (3, 'joint'), (3, 'other')])
def test_load_refuses_state_of_another_run(tmp_path, num_tasks, scenario):
    RunState(num_tasks=2, scenario='joint').save(tmp_path)
    with pytest.raises(ConfigError, match=rf'state\.json belongs to a run of joint with 2 tasks, not '
                                          rf'{scenario} with {num_tasks}\. Resume with the config'):
        RunState.load(tmp_path, num_tasks=num_tasks, scenario=scenario)
