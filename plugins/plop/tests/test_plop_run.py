"""PLOP trains three class-incremental steps (one of a single class) on tiny data; its thresholds are computed
before each step > 0, and a run killed inside step 1 resumes there with the same teacher and thresholds, ending
with the weights of the uninterrupted run."""
import json

import pytest
import torch

from platform_core import ContinualRunner
from platform_core.models.grow import read_state_dict
from platform_core.testing import tiny_config
from platform_core.testing.hooks import SimulatedCrash

CONFIG = 'configs/plop/plop_r18_synthvoc-15-5-overlap.py'
THREE_STEPS = {'scenario.setting': None, 'scenario.tasks': [list(range(16)), [16], [17, 18, 19, 20]],
               'scenario.train_iters': [2, 4, 2]}


def _config(tiny_data, work_dir, hooks=()):
    return tiny_config(CONFIG, data_root=tiny_data, work_dir=work_dir, max_iters=2, checkpoint_interval=2,
                       options={**THREE_STEPS, 'custom_hooks': list(hooks)})


@pytest.mark.integration
def test_three_steps_with_a_resume_inside_step_1_keep_teacher_and_thresholds(tiny_data, tmp_path):
    starts = tmp_path / 'starts.jsonl'
    cfg = _config(tiny_data, tmp_path / 'run', [dict(type='CrashAtIterHook', at_iter=3),
                                                dict(type='RecordStartHook', path=str(starts))])
    with pytest.raises(SimulatedCrash):
        ContinualRunner(cfg).run()
    before_crash = read_state_dict(str(tmp_path / 'run/task_1/iter_2.pth'))
    results = ContinualRunner(cfg, resume=True).run()
    assert [json.loads(line)['start_iter'] for line in starts.read_text().splitlines()] == [0, 0, 2, 0]

    step0, step1, step2 = (read_state_dict(r['checkpoint']) for r in results)
    teacher = {k[len('teacher.'):]: v for k, v in step1.items() if k.startswith('teacher.')}
    assert teacher and all(torch.equal(v, step0[k]) for k, v in teacher.items())
    assert torch.equal(step1['pseudo_thresholds'], before_crash['pseudo_thresholds'])
    assert not torch.isnan(step1['pseudo_thresholds']).any() and (step1['pseudo_thresholds'] >= 0.001).all()
    assert step1['pseudo_thresholds'].shape == (16,) and step2['pseudo_thresholds'].shape == (17,)
    assert all({'old', 'new', 'all'} <= set(r['metrics']) for r in results[1:])

    uninterrupted = ContinualRunner(_config(tiny_data, tmp_path / 'straight')).run()
    straight = read_state_dict(uninterrupted[1]['checkpoint'])
    assert all(torch.equal(v, straight[k]) for k, v in step1.items())
