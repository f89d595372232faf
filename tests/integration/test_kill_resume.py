"""A 3-task run stopped at any point (inside a task, while a checkpoint, last_checkpoint, state.json or
results.json is written, between tasks, twice in a row) and resumed with --resume ends with the uninterrupted
run's results and weights, task for task (CPU, same threads; dropout on, so random numbers matter)."""
import functools

import pytest
import torch

from platform_core import ContinualRunner
from platform_core.engine import ClsegRunner, checkpoint_hook, continual, state
from platform_core.models.grow import read_state_dict
from platform_core.testing import tiny_config
from platform_core.testing.hooks import SimulatedCrash

CONFIG = 'configs/finetune/finetune_r18_synthvoc-15-5-overlap.py'
THREE_TASKS = {'scenario.setting': None, 'scenario.tasks': [list(range(16)), [16, 17], [18, 19, 20]],
               'scenario.train_iters': [4, 4, 4], 'model.decode_head.dropout_ratio': 0.5}


def crash_once(monkeypatch, owner, name: str, when) -> None:
    """Make ``owner.name`` raise SimulatedCrash (a killed process) the first time ``when(*args)`` holds."""
    original, armed = getattr(owner, name), [True]

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        if armed[0] and when(*args, **kwargs):
            armed[0] = False
            raise SimulatedCrash(f'killed in {name}')
        return original(*args, **kwargs)
    monkeypatch.setattr(owner, name, wrapper)


def _in_task_1_checkpoint(monkeypatch):
    crash_once(monkeypatch, ClsegRunner, 'save_checkpoint',
               lambda runner, out_dir, filename, *a, **k: out_dir.endswith('task_1') and filename == 'iter_2.pth')


def _in_task_1_last_checkpoint(monkeypatch):
    crash_once(monkeypatch, checkpoint_hook, 'atomic_write_text',
               lambda path, text: str(path).endswith('task_1/last_checkpoint'))


def _between_state_and_results(monkeypatch):
    crash_once(monkeypatch, continual, 'atomic_write_json', lambda path, obj: len(obj) == 1)


def _in_state_write(monkeypatch):
    crash_once(monkeypatch, state, 'atomic_write_json', lambda path, obj: len(obj['completed']) == 2)


def _between_tasks(monkeypatch):
    crash_once(monkeypatch, ContinualRunner, 'run_task', lambda runner, task, **k: task.index == 1)


KILLS = {  # name: (hooks that crash at an iteration, patches that crash inside a write)
    'inside task 1': ([dict(type='CrashAtIterHook', task=1, at_iter=3)], []),
    'task 1 checkpoint write': ([], [_in_task_1_checkpoint]),
    'task 1 last_checkpoint write': ([], [_in_task_1_last_checkpoint]),
    'between state.json and results.json': ([], [_between_state_and_results]),
    'state.json write after task 1': ([], [_in_state_write]),
    'between tasks': ([], [_between_tasks]),
    'twice in a row': ([dict(type='CrashAtIterHook', task=1, at_iter=3),
                        dict(type='CrashAtIterHook', task=2, at_iter=3)], []),
}


def _config(tiny_data, work_dir, hooks):
    return tiny_config(CONFIG, data_root=tiny_data, work_dir=work_dir, max_iters=4, checkpoint_interval=2,
                       options={**THREE_TASKS, 'custom_hooks': hooks})


@pytest.fixture(scope='module')
def straight(tiny_data, tmp_path_factory):
    """The uninterrupted run: its results entries and each task's weights."""
    results = ContinualRunner(_config(tiny_data, tmp_path_factory.mktemp('straight') / 'run', [])).run()
    return results, [read_state_dict(entry['checkpoint']) for entry in results]


@pytest.mark.integration
@pytest.mark.parametrize('kill', list(KILLS))
def test_a_killed_run_resumes_to_the_uninterrupted_results(kill, straight, tiny_data, tmp_path, monkeypatch):
    hooks, patches = KILLS[kill]
    for patch in patches:
        patch(monkeypatch)
    cfg = _config(tiny_data, tmp_path / 'run', hooks)
    crashes = 0
    with pytest.raises(SimulatedCrash):
        ContinualRunner(cfg).run()
    while True:
        try:
            results = ContinualRunner(cfg, resume=True).run()
            break
        except SimulatedCrash:
            crashes += 1
            assert crashes < 3, 'the run does not get past its kill point'
    assert crashes == (1 if kill == 'twice in a row' else 0)
    expected, weights = straight
    assert len(results) == 3
    for got, want, want_weights in zip(results, expected, weights):
        assert (got['task'], got['metrics'], got['plugins']) == (want['task'], want['metrics'], want['plugins'])
        got_weights = read_state_dict(got['checkpoint'])
        assert got_weights.keys() == want_weights.keys()
        assert all(torch.equal(got_weights[k], want_weights[k]) for k in want_weights), f'task {got["task"]["index"]}'
