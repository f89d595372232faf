"""A run killed mid-task resumes at the iteration of its last checkpoint, not from scratch."""
import json

import pytest

from platform_core import ContinualRunner
from platform_core.errors import ConfigError
from platform_core.testing import tiny_config
from platform_core.testing.hooks import SimulatedCrash

CONFIG = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'


@pytest.mark.integration
def test_interrupted_task_resumes_at_the_same_iteration(tiny_data, tmp_path):
    starts = tmp_path / 'starts.jsonl'
    hooks = [dict(type='CrashAtIterHook', at_iter=5), dict(type='RecordStartHook', path=str(starts))]
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=6,
                      checkpoint_interval=2, options={'custom_hooks': hooks})
    with pytest.raises(SimulatedCrash):
        ContinualRunner(cfg).run()
    assert not (tmp_path / 'run' / 'state.json').exists()
    with pytest.raises(ConfigError, match=r'already holds a run \(task_0/\)\. Continue it with --resume'):
        ContinualRunner(cfg).run()  # a fresh run would mix with the crashed one's checkpoints

    results = ContinualRunner(cfg, resume=True).run()
    assert [json.loads(line)['start_iter'] for line in starts.read_text().splitlines()] == [0, 4]
    assert results[0]['checkpoint'].endswith('iter_6.pth')
    state = json.loads((tmp_path / 'run' / 'state.json').read_text())
    assert len(state['completed']) == 1


@pytest.mark.integration
def test_resume_of_a_finished_run_trains_nothing_more(tiny_data, tmp_path):
    starts = tmp_path / 'starts.jsonl'
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=2,
                      options={'custom_hooks': [dict(type='RecordStartHook', path=str(starts))]})
    first = ContinualRunner(cfg).run()
    again = ContinualRunner(cfg, resume=True).run()
    assert again == first
    assert len(starts.read_text().splitlines()) == 1
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / 'run').rglob('*'))
    with pytest.raises(ConfigError, match=r'state\.json, results\.json, task_0/'):
        ContinualRunner(cfg).run()
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / 'run').rglob('*')) == before  # nothing lost
