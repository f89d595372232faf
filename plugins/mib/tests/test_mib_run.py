"""MiB trains three class-incremental steps (one of a single class) on tiny data, each from the step before, and a
run killed inside step 1 resumes there with the step-0 teacher intact."""
import json

import pytest
import torch

from platform_core import ContinualRunner
from platform_core.models.grow import read_state_dict
from platform_core.testing import tiny_config
from platform_core.testing.hooks import SimulatedCrash

CONFIG = 'configs/mib/mib_r18_synthvoc-15-5-overlap.py'
THREE_STEPS = {'scenario.setting': None, 'scenario.tasks': [list(range(16)), [16], [17, 18, 19, 20]],
               'scenario.train_iters': [2, 4, 2]}


@pytest.mark.integration
def test_three_steps_with_a_resume_inside_step_1_keep_the_teacher(tiny_data, tmp_path):
    starts = tmp_path / 'starts.jsonl'
    hooks = [dict(type='CrashAtIterHook', at_iter=3), dict(type='RecordStartHook', path=str(starts))]
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=2, checkpoint_interval=2,
                      options={**THREE_STEPS, 'custom_hooks': hooks})
    with pytest.raises(SimulatedCrash):
        ContinualRunner(cfg).run()
    results = ContinualRunner(cfg, resume=True).run()
    assert [json.loads(line)['start_iter'] for line in starts.read_text().splitlines()] == [0, 0, 2, 0]

    step0, step1, step2 = (read_state_dict(r['checkpoint']) for r in results)
    teacher = {k[len('teacher.'):]: v for k, v in step1.items() if k.startswith('teacher.')}
    assert teacher and all(torch.equal(v, step0[k]) for k, v in teacher.items())
    assert [s['decode_head.conv_seg.weight'].shape[0] for s in (step0, step1, step2)] == [16, 17, 21]
    assert step2['teacher.decode_head.conv_seg.weight'].shape[0] == 17
    assert all({'old', 'new', 'all'} <= set(r['metrics']) for r in results[1:])

    # the last checkpoint alone evaluates elsewhere (no earlier step there) to the run's own numbers
    elsewhere = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'shared', max_iters=2,
                            options=THREE_STEPS)
    metrics = ContinualRunner(elsewhere).test(results[2]['checkpoint'], task_index=2)
    assert metrics['all'] == results[2]['metrics']['all']
