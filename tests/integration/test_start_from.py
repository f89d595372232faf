"""A MiB run that starts from a fine-tuning run's step 0 (start_from) trains step 1 only: its step 0 is the
fine-tuning run's (entry and weights), its teacher those weights; a run of another setting is refused."""
import json

import pytest
import torch

from platform_core import ContinualRunner
from platform_core.errors import ConfigError
from platform_core.models.grow import read_state_dict
from platform_core.testing import tiny_config
from platform_core.testing.hooks import RecordStartHook  # noqa: F401  (registers the hook)

STEPS = {'scenario.train_iters': [2, 2]}


@pytest.mark.integration
def test_mib_starts_from_a_fine_tuning_step_0_and_trains_only_step_1(tiny_data, tmp_path):
    base = ContinualRunner(tiny_config('configs/finetune/finetune_r18_synthvoc-15-5-overlap.py', data_root=tiny_data,
                                       work_dir=tmp_path / 'finetune', max_iters=2, options=STEPS)).run()
    starts = tmp_path / 'starts.jsonl'
    options = {**STEPS, 'start_from': dict(run=str(tmp_path / 'finetune'), tasks=1),
               'custom_hooks': [dict(type='RecordStartHook', path=str(starts))]}
    cfg = tiny_config('configs/mib/mib_r18_synthvoc-15-5-overlap.py', data_root=tiny_data, work_dir=tmp_path / 'mib',
                      max_iters=2, options=options)
    results = ContinualRunner(cfg).run()

    assert len(starts.read_text().splitlines()) == 1  # one task trained: step 1
    assert results[0]['metrics'] == base[0]['metrics'] and results[0]['copied_from'] == str(tmp_path / 'finetune')
    assert results[0]['task'] == base[0]['task']  # the same setting here: the same task
    assert results[0]['checkpoint'].startswith(str(tmp_path / 'mib' / 'task_0'))
    assert json.loads((tmp_path / 'mib' / 'state.json').read_text())['completed'][0] == results[0]
    step0, step1 = read_state_dict(base[0]['checkpoint']), read_state_dict(results[1]['checkpoint'])
    assert all(torch.equal(step1[f'teacher.{k}'], v) for k, v in step0.items())

    cfg = tiny_config('configs/mib/mib_r18_synthvoc-15-5-disjoint.py', data_root=tiny_data,
                      work_dir=tmp_path / 'disjoint', max_iters=2, options=options)
    with pytest.raises(ConfigError, match=r"task 0 of .*finetune was not set up as this run's task 0"):
        ContinualRunner(cfg).run()
    assert not (tmp_path / 'disjoint').exists()
