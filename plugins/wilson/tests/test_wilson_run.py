"""WILSON trains two steps on tiny data (step 1 from image labels only, with L_SEG and L_SSS active), and a
run killed inside step 1 resumes there with the step-0 teacher intact."""
import json

import pytest
import torch

from platform_core import ContinualRunner
from platform_core.models.grow import read_state_dict
from platform_core.testing import tiny_config
from platform_core.testing.hooks import SimulatedCrash

CONFIG = 'configs/wilson/wilson_r18_synthvoc-15-5-overlap.py'


@pytest.mark.integration
def test_two_steps_then_resume_inside_step_1_keeps_the_teacher(tiny_data, tmp_path):
    starts = tmp_path / 'starts.jsonl'
    hooks = [dict(type='CrashAtIterHook', at_iter=3), dict(type='RecordStartHook', path=str(starts))]
    options = {'scenario.train_iters': [2, 4], 'scenario.mode': 'overlap', 'model.seg_start_iter': 1,
               'custom_hooks': hooks}
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=2, checkpoint_interval=2,
                      options=options)
    with pytest.raises(SimulatedCrash):  # step 0 (2 iterations) ends before iteration 3; step 1 crashes there
        ContinualRunner(cfg).run()
    results = ContinualRunner(cfg, resume=True).run()
    assert [json.loads(line)['start_iter'] for line in starts.read_text().splitlines()] == [0, 0, 2]

    step0 = read_state_dict(str(tmp_path / 'run/task_0/iter_2.pth'))
    step1 = read_state_dict(results[1]['checkpoint'])
    teacher = {k[len('teacher.'):]: v for k, v in step1.items() if k.startswith('teacher.')}
    assert teacher and all(torch.equal(v, step0[k]) for k, v in teacher.items())
    assert step1['decode_head.conv_seg.weight'].shape[0] == 21 and teacher['decode_head.conv_seg.weight'].shape[0] == 16
    assert not torch.equal(step1['backbone.stem.0.weight'], step0['backbone.stem.0.weight'])  # the student learned

    last = results[1]['metrics']
    assert {'old', 'new', 'all'} <= set(last) and results[1]['task']['supervision'] == 'image'
    assert 'forgetting' in results[1]['plugins']['incremental']
    report = (tmp_path / 'run/results.md').read_text()
    assert '## Class-incremental: old / new / all mIoU per step' in report and '15-5 overlap step 1' in report

    # the step-1 checkpoint alone evaluates elsewhere (no step-0 checkpoint there) to the run's own numbers
    elsewhere = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'shared', max_iters=2, options=options)
    assert ContinualRunner(elsewhere).test(results[1]['checkpoint'], task_index=1)['all'] == last['all']
