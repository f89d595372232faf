"""Runs that would end with exit 0 and meaningless numbers stop with one clear error instead: a NaN or infinite
loss, a task of no iterations, a checkpoint that does not fit the model evaluated, --resume where nothing ran."""
import math
from types import SimpleNamespace

import pytest
import torch

from platform_core.engine.finite_loss import FiniteLossHook, non_finite_terms
from platform_core.engine.run_checks import check_checkpoint_fits, check_train_length
from platform_core.errors import CheckpointError, ConfigError, TrainingError


def test_only_non_finite_loss_terms_are_reported():
    log_vars = {'loss': torch.tensor(math.nan), 'loss_ce': 0.5, 'loss_aux': math.inf, 'acc_seg': math.nan}
    bad = non_finite_terms(log_vars)
    assert list(bad) == ['loss', 'loss_aux'] and math.isnan(bad['loss']) and bad['loss_aux'] == math.inf


def test_the_hook_stops_training_at_the_iteration_it_sees():
    runner = SimpleNamespace(iter=41, work_dir='work_dirs/x')
    FiniteLossHook().after_train_iter(runner, 0, outputs={'loss': torch.tensor(0.3)})  # finite: nothing
    with pytest.raises(TrainingError, match=r'loss = nan at iteration 42 of work_dirs/x: training diverged'):
        FiniteLossHook().after_train_iter(runner, 0, outputs={'loss': torch.tensor(math.nan)})


@pytest.mark.parametrize('train_cfg, key', [
    (dict(type='IterBasedTrainLoop', max_iters=0), r'train_cfg\.max_iters = 0'),
    (dict(max_iters=-3), r'train_cfg\.max_iters = -3'),
    (dict(max_iters=2.5), r'train_cfg\.max_iters = 2\.5'),
    (dict(type='StagedTrainLoop', stages=[dict(name='a', iters=5), dict(name='b', iters=0)]),
     r'train_cfg\.stages\.1\.iters = 0'),
])
def test_a_task_of_no_iterations_is_refused(train_cfg, key):
    with pytest.raises(ConfigError, match=key + r" for task 1 \(step 1\): a task trains at least one iteration"):
        check_train_length(train_cfg, 'task 1 (step 1)')


def test_positive_lengths_pass():
    check_train_length(dict(max_iters=1, val_interval=1), 'task 0')
    check_train_length(dict(stages=[dict(iters=3)]), 'task 0')
    check_train_length(None, 'task 0')


def _model():
    return torch.nn.Sequential(torch.nn.Conv2d(3, 4, 1), torch.nn.Conv2d(4, 2, 1))


def test_a_checkpoint_of_this_model_fits(tmp_path):
    model = _model()
    torch.save({'state_dict': model.state_dict(), 'meta': {}}, tmp_path / 'ok.pth')
    check_checkpoint_fits(model, str(tmp_path / 'ok.pth'))


def test_a_checkpoint_of_another_model_is_refused_with_what_differs(tmp_path):
    other = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 1), torch.nn.Conv2d(4, 5, 1))  # another class count
    torch.save({'state_dict': other.state_dict()}, tmp_path / 'other.pth')
    with pytest.raises(CheckpointError, match=r'does not fit the model of this config \(2 with other shapes '
                                              r'\(checkpoint vs model, e\.g\. 1\.weight \(5, 4, 1, 1\) vs \(2, 4, 1, 1\)'):
        check_checkpoint_fits(_model(), str(tmp_path / 'other.pth'))
    torch.save({'state_dict': {'0.weight': other[0].weight}}, tmp_path / 'part.pth')
    with pytest.raises(CheckpointError, match=r"3 of the model's 4 tensors missing \(e\.g\. 0\.bias, 1\.weight"):
        check_checkpoint_fits(_model(), str(tmp_path / 'part.pth'))


@pytest.mark.parametrize('loader', [dict(batch_size=0), dict(batch_size=-2), dict(batch_size='16')])
def test_a_batch_of_no_samples_is_refused(loader):
    from platform_core.engine.run_checks import check_batch_sizes
    with pytest.raises(ConfigError, match=r'val_dataloader\.batch_size = .*: a batch holds at least one sample'):
        check_batch_sizes(dict(train_dataloader=dict(batch_size=2), val_dataloader=loader))
    check_batch_sizes(dict(train_dataloader=dict(batch_size=2), test_dataloader=None))


class _Broken(torch.utils.data.Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, index):
        from platform_core.errors import DatasetError
        raise DatasetError(f'could not load sample {index} (image a/b.jpg): truncated.\nRegenerate it.')


def test_an_error_from_a_dataloader_worker_reads_as_the_original():
    from platform_core.errors import DatasetError, user_message
    loader = torch.utils.data.DataLoader(_Broken(), batch_size=2, num_workers=1)
    with pytest.raises(DatasetError) as caught:
        next(iter(loader))
    assert str(caught.value).startswith('Caught DatasetError in DataLoader worker process 0')  # torch's wrapping
    assert user_message(caught.value) == 'could not load sample 0 (image a/b.jpg): truncated.\nRegenerate it.'
    assert user_message(ConfigError('plain')) == 'plain'
