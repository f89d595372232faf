"""Runs that used to end with exit 0 and numbers that meant nothing now stop with one clear error (real tiny
runs): a diverging loss, a task of no iterations, --resume where nothing ran, a checkpoint of another model."""
import os

import pytest

from platform_core import ContinualRunner
from platform_core.errors import CheckpointError, ConfigError, StorageError, TrainingError
from platform_core.testing import tiny_config

PSPNET = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'
FCN = 'configs/pspnet/fcn_r18-d8_synthvoc-joint.py'


@pytest.mark.integration
def test_a_diverging_run_stops_and_reports_no_metrics(tiny_data, tmp_path):
    cfg = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=6,
                      options={'optim_wrapper.optimizer.lr': 1e10})
    with pytest.raises(TrainingError, match=r'loss.* = (nan|inf|-inf) at iteration \d+ of .*: training diverged'):
        ContinualRunner(cfg).run()
    assert not (tmp_path / 'run' / 'results.json').exists()


@pytest.mark.integration
def test_a_full_disk_at_checkpoint_time_stops_with_one_error_and_keeps_the_last_checkpoint(tiny_data, tmp_path,
                                                                                          monkeypatch):
    import errno

    from platform_core import fileio

    fsync = fileio.os.fsync

    def full_for_iter_4(fd):
        if os.readlink(f'/proc/self/fd/{fd}').rsplit('/', 1)[-1].startswith('.iter_4.pth.'):
            raise OSError(errno.ENOSPC, 'No space left on device')
        return fsync(fd)
    monkeypatch.setattr(fileio.os, 'fsync', full_for_iter_4)
    cfg = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=4, checkpoint_interval=2)
    with pytest.raises(StorageError, match=r'no space left on the device of .*task_0 to write iter_4.pth'):
        ContinualRunner(cfg).run()
    task = tmp_path / 'run' / 'task_0'
    assert (task / 'last_checkpoint').read_text() == str(task / 'iter_2.pth')
    assert sorted(p.name for p in task.glob('*.pth')) == ['iter_2.pth'] and not list(task.glob('.*.tmp'))


@pytest.mark.integration
def test_a_task_of_no_iterations_is_refused_before_it_runs(tiny_data, tmp_path):
    cfg = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'run', options={'train_cfg.max_iters': 0})
    with pytest.raises(ConfigError, match=r'train_cfg\.max_iters = 0 for task 0'):
        ContinualRunner(cfg).run()
    assert not (tmp_path / 'run').exists() or not any((tmp_path / 'run').iterdir())


@pytest.mark.integration
def test_resume_where_nothing_ran_is_refused(tiny_data, tmp_path):
    cfg = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'empty')
    with pytest.raises(ConfigError, match=r'--resume: work_dir .*empty holds no run to resume'):
        ContinualRunner(cfg, resume=True).run()


@pytest.mark.integration
def test_a_checkpoint_of_another_model_is_not_evaluated(tiny_data, tmp_path):
    psp = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'psp', max_iters=2)
    checkpoint = ContinualRunner(psp).run()[-1]['checkpoint']
    assert ContinualRunner(psp).test(checkpoint)['mIoU'] >= 0  # its own config evaluates it
    fcn = tiny_config(FCN, data_root=tiny_data, work_dir=tmp_path / 'fcn', max_iters=2)
    with pytest.raises(CheckpointError, match=r'does not fit the model of this config \(\d+ of the model'):
        ContinualRunner(fcn).test(checkpoint)


@pytest.mark.integration
def test_a_task_the_scenario_does_not_have_is_named(tiny_data, tmp_path):
    cfg = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'run')
    with pytest.raises(ConfigError, match=r"--task 5: this config's scenario has 1 task\(s\), 0\.\.0"):
        ContinualRunner(cfg).test('unused.pth', task_index=5)


@pytest.mark.integration
def test_a_corrupt_image_read_by_a_worker_is_one_error_naming_it(tiny_data, tmp_path):
    """Every shipped config loads data in a worker process; its DatasetError reaches the user as itself, not as
    torch's "Caught DatasetError in DataLoader worker process 0" and a traceback."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    data = tmp_path / 'data'
    shutil.copytree(tiny_data, data)
    victim = sorted((data / 'JPEGImages').glob('*.jpg'))[0]
    victim.write_bytes(victim.read_bytes()[:40])  # truncated
    config = tmp_path / 'tiny.py'
    tiny_config(PSPNET, data_root=data, work_dir=tmp_path / 'run', max_iters=40,
                options={'train_dataloader.num_workers': 1, 'train_dataloader.persistent_workers': True,
                         'train_dataloader.sampler.shuffle': False}).dump(str(config))
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, 'tools/train.py', str(config), '--work-dir', str(tmp_path / 'run')],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(root), OMP_NUM_THREADS='1'))
    assert proc.returncode == 2, proc.stderr[-2000:]
    error = [line for line in proc.stderr.splitlines() if line.startswith('clseg: error:')]
    assert error and f'(image {victim}' in error[0] and 'Caught' not in proc.stderr, proc.stderr[-2000:]


@pytest.mark.integration
def test_a_work_dir_under_a_file_is_refused_and_the_file_kept(tiny_data, tmp_path):
    (tmp_path / 'notes.txt').write_text('keep me')
    cfg = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'notes.txt' / 'run')
    with pytest.raises(ConfigError, match=r'notes\.txt is a file, so the folder cannot be made there'):
        ContinualRunner(cfg)
    assert (tmp_path / 'notes.txt').read_text() == 'keep me'
