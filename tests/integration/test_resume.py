"""A run killed mid-task resumes at the iteration of its last checkpoint, not from scratch."""
import json

import pytest
import torch

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


@pytest.mark.integration
@pytest.mark.parametrize('workers', [0, 1])
def test_a_task_killed_and_resumed_ends_with_the_uninterrupted_weights(tiny_data, tmp_path, workers):
    """PSPHead's dropout draws from torch's generator: the checkpoint carries its state, so the resumed
    iterations draw the same masks as the uninterrupted run (CPU runs with the same threads are deterministic);
    with a dataloader worker (as every shipped config has) and without."""
    from platform_core.models.grow import read_state_dict

    def config(name, hooks):
        return tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / name, max_iters=4, checkpoint_interval=2,
                           options={'custom_hooks': hooks, 'model.decode_head.dropout_ratio': 0.5,
                                    'train_dataloader.num_workers': workers,
                                    'train_dataloader.persistent_workers': workers > 0})

    straight = ContinualRunner(config('straight', [])).run()
    killed = config('killed', [dict(type='CrashAtIterHook', at_iter=3)])
    with pytest.raises(SimulatedCrash):
        ContinualRunner(killed).run()
    resumed = ContinualRunner(killed, resume=True).run()
    expected, got = read_state_dict(straight[0]['checkpoint']), read_state_dict(resumed[0]['checkpoint'])
    assert expected.keys() == got.keys()
    assert all(torch.equal(expected[k], got[k]) for k in expected)
    assert resumed[0]['metrics'] == straight[0]['metrics']


@pytest.mark.integration
def test_a_kill_while_a_checkpoint_is_written_leaves_one_to_resume_from(tiny_data, tmp_path, monkeypatch):
    """With max_keep_ckpts=1, mmengine deleted iter_2.pth before writing iter_3.pth: a kill in between left
    last_checkpoint naming a deleted file. Now the old one goes only after the new one is in place."""
    from platform_core.engine import ClsegRunner

    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=4, checkpoint_interval=1,
                      options={'default_hooks.checkpoint.max_keep_ckpts': 1})
    save = ClsegRunner.save_checkpoint

    def killed_at_iter_3(self, out_dir, filename, *args, **kwargs):
        if filename == 'iter_3.pth':
            raise SimulatedCrash('killed while writing iter_3.pth')
        return save(self, out_dir, filename, *args, **kwargs)

    monkeypatch.setattr(ClsegRunner, 'save_checkpoint', killed_at_iter_3)
    with pytest.raises(SimulatedCrash):
        ContinualRunner(cfg).run()
    task = tmp_path / 'run' / 'task_0'
    assert (task / 'last_checkpoint').read_text() == str(task / 'iter_2.pth') and (task / 'iter_2.pth').is_file()
    monkeypatch.setattr(ClsegRunner, 'save_checkpoint', save)
    results = ContinualRunner(cfg, resume=True).run()
    assert results[0]['checkpoint'].endswith('iter_4.pth')
    assert sorted(p.name for p in task.glob('iter_*.pth')) == ['iter_4.pth']  # max_keep_ckpts still holds
